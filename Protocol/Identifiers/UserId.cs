namespace Tangle.Protocol.Identifiers;

/// <summary>How well a user id's localpart follows today's grammar.</summary>
public enum UserIdGrammar
{
    /// <summary>a-z, 0-9 and <c>.=_-/+</c> only: what a homeserver may create today.</summary>
    Compliant,

    /// <summary>Printable ASCII outside the current grammar (for example upper case): accepted from history.</summary>
    Historical,

    /// <summary>Empty, or characters outside printable ASCII: accepted in events, not forwarded elsewhere.</summary>
    NonCompliant,
}

/// <summary>A Matrix user id, <c>@localpart:server</c>.</summary>
public sealed class UserId : IEquatable<UserId>
{
    private UserId(string value, string localpart, ServerName server)
    {
        Value = value;
        Localpart = localpart;
        Server = server;
        Grammar = IdentifierText.IsCompliantUserLocalpart(localpart) ? UserIdGrammar.Compliant
            : localpart.Length > 0 && IdentifierText.IsPrintableAscii(localpart) ? UserIdGrammar.Historical
            : UserIdGrammar.NonCompliant;
    }

    public string Value { get; }

    public string Localpart { get; }

    public ServerName Server { get; }

    public UserIdGrammar Grammar { get; }

    /// <summary>
    /// Parses a user id with the leniency the specification requires for users that exist already:
    /// any localpart without ':' or NUL, even empty.
    /// </summary>
    public static Result<UserId> Parse(string? value)
    {
        var split = IdentifierText.SplitSigilled(value, '@', "user id");
        if (!split.IsOk)
            return split.Error;
        return new UserId(value!, split.Value.Localpart, split.Value.Server);
    }

    /// <summary>Parses a user id that must follow today's grammar, as for a newly registered account.</summary>
    public static Result<UserId> ParseCompliant(string? value)
    {
        var parsed = Parse(value);
        if (parsed.IsOk && parsed.Value.Grammar != UserIdGrammar.Compliant)
            return ProtocolError.Identifier($"user id '{value}' may only use a-z, 0-9 and ._=-/+ in its localpart");
        return parsed;
    }

    /// <summary>Builds the id of a local user from a localpart that follows today's grammar.</summary>
    public static Result<UserId> Create(string localpart, ServerName server)
    {
        if (!IdentifierText.IsCompliantUserLocalpart(localpart))
            return ProtocolError.Identifier($"localpart '{localpart}' may only use a-z, 0-9 and ._=-/+");
        return ParseCompliant($"@{localpart}:{server.Value}");
    }

    /// <summary>Parses a user id known to be valid (test data, configuration).</summary>
    public static UserId From(string value) =>
        Parse(value) is { IsOk: true } ok ? ok.Value : throw new ArgumentException($"invalid user id '{value}'", nameof(value));

    /// <summary>True if <paramref name="value"/> is a user id under the lenient grammar.</summary>
    public static bool IsValid(string? value) => Parse(value).IsOk;

    public bool Equals(UserId? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as UserId);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(UserId? left, UserId? right) => Equals(left, right);

    public static bool operator !=(UserId? left, UserId? right) => !Equals(left, right);

    public override string ToString() => Value;
}
