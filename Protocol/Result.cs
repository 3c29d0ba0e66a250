using System.Diagnostics.CodeAnalysis;

namespace Tangle.Protocol;

/// <summary>Either a value or the <see cref="ProtocolError"/> that explains why there is none.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, ProtocolError? error)
    {
        _value = value;
        Error = error;
    }

    /// <summary>The error, or null when there is a value.</summary>
    public ProtocolError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsOk => Error is null;

    /// <summary>The value; throws when the result is an error (a programming mistake, not bad input).</summary>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"No value: {Error}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(ProtocolError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));

    public bool TryGetValue([MaybeNullWhen(false)] out T value, [NotNullWhen(false)] out ProtocolError? error)
    {
        value = _value;
        error = Error;
        return Error is null;
    }

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => Error is null ? map(_value!) : Error;

    public override string ToString() => Error is null ? $"Ok({_value})" : $"Error({Error})";
}
