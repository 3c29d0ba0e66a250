namespace Tangle.Protocol.Identifiers;

/// <summary>A room alias, <c>#localpart:server</c>.</summary>
public sealed class RoomAlias : IEquatable<RoomAlias>
{
    private RoomAlias(string value, string localpart, ServerName server)
    {
        Value = value;
        Localpart = localpart;
        Server = server;
    }

    public string Value { get; }

    public string Localpart { get; }

    public ServerName Server { get; }

    public static Result<RoomAlias> Parse(string? value)
    {
        var split = IdentifierText.SplitSigilled(value, '#', "room alias");
        if (!split.IsOk)
            return split.Error;
        return new RoomAlias(value!, split.Value.Localpart, split.Value.Server);
    }

    public static RoomAlias From(string value) =>
        Parse(value) is { IsOk: true } ok ? ok.Value : throw new ArgumentException($"invalid room alias '{value}'", nameof(value));

    public bool Equals(RoomAlias? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as RoomAlias);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(RoomAlias? left, RoomAlias? right) => Equals(left, right);

    public static bool operator !=(RoomAlias? left, RoomAlias? right) => !Equals(left, right);

    public override string ToString() => Value;
}
