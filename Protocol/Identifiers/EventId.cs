using System.Security.Cryptography;

namespace Tangle.Protocol.Identifiers;

/// <summary>How a room version writes its event ids.</summary>
public enum EventIdFormat
{
    /// <summary>Rooms v1 and v2: <c>$opaque:server</c>, chosen by the sending server.</summary>
    OpaqueWithServer,

    /// <summary>Room v3: the reference hash in standard unpadded base64.</summary>
    Base64ReferenceHash,

    /// <summary>Rooms v4 and later: the reference hash in URL-safe unpadded base64.</summary>
    UrlSafeBase64ReferenceHash,
}

/// <summary>A Matrix event id, <c>$opaque</c>; whether it carries a server depends on the room version.</summary>
public sealed class EventId : IEquatable<EventId>, IComparable<EventId>
{
    /// <summary>Length of an unpadded base64 SHA-256 hash.</summary>
    internal const int HashLength = 43;

    private EventId(string value) => Value = value;

    public string Value { get; }

    /// <summary>The server in a v1/v2 event id, or null for hash-based ids.</summary>
    public ServerName? Server
    {
        get
        {
            var colon = Value.IndexOf(':');
            return colon < 0 ? null : ServerName.Parse(Value[(colon + 1)..]) is { IsOk: true } ok ? ok.Value : null;
        }
    }

    /// <summary>Parses any event id: '$', then at least one character, at most 255 bytes in all.</summary>
    public static Result<EventId> Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '$' || value.Length < 2)
            return ProtocolError.Identifier($"event id '{value}' must be '$' followed by an identifier");
        if (!IdentifierText.FitsLength(value))
            return ProtocolError.Identifier("event id is longer than 255 bytes");
        if (!IdentifierText.IsScalarTextWithoutNul(value.AsSpan(1)))
            return ProtocolError.Identifier($"event id '{value}' contains NUL or an unpaired surrogate");
        return new EventId(value);
    }

    /// <summary>Parses an event id and checks it has the shape that <paramref name="format"/> requires.</summary>
    public static Result<EventId> Parse(string? value, EventIdFormat format)
    {
        var parsed = Parse(value);
        if (!parsed.IsOk)
            return parsed;
        var body = value.AsSpan(1);
        switch (format)
        {
            case EventIdFormat.OpaqueWithServer:
                var colon = body.IndexOf(':');
                if (colon < 0)
                    return ProtocolError.Identifier($"event id '{value}' has no server name");
                if (!ServerName.Parse(body[(colon + 1)..].ToString()).IsOk)
                    return ProtocolError.Identifier($"event id '{value}' has an invalid server name");
                break;
            case EventIdFormat.Base64ReferenceHash:
                if (body.Length != HashLength || !IsBase64(body, urlSafe: false))
                    return ProtocolError.Identifier($"event id '{value}' is not a base64 reference hash");
                break;
            case EventIdFormat.UrlSafeBase64ReferenceHash:
                if (body.Length != HashLength || !IsBase64(body, urlSafe: true))
                    return ProtocolError.Identifier($"event id '{value}' is not a URL-safe base64 reference hash");
                break;
        }

        return parsed;
    }

    /// <summary>Parses an event id known to be valid (test data).</summary>
    public static EventId From(string value) =>
        Parse(value) is { IsOk: true } ok ? ok.Value : throw new ArgumentException($"invalid event id '{value}'", nameof(value));

    /// <summary>The event id of a v3+ event whose reference hash is <paramref name="sha256"/>.</summary>
    public static EventId FromReferenceHash(ReadOnlySpan<byte> sha256, EventIdFormat format)
    {
        if (sha256.Length != SHA256.HashSizeInBytes)
            throw new ArgumentException("a reference hash is 32 bytes", nameof(sha256));
        return format switch
        {
            EventIdFormat.Base64ReferenceHash => new EventId("$" + Crypto.UnpaddedBase64.Encode(sha256)),
            EventIdFormat.UrlSafeBase64ReferenceHash => new EventId("$" + Crypto.UnpaddedBase64.EncodeUrlSafe(sha256)),
            _ => throw new ArgumentException("v1/v2 event ids are not derived from a hash", nameof(format)),
        };
    }

    /// <summary>A fresh v1/v2 event id for an event this server creates.</summary>
    public static EventId NewOpaque(ServerName server)
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        return new EventId($"${Crypto.UnpaddedBase64.EncodeUrlSafe(random)}:{server.Value}");
    }

    internal static bool IsBase64(ReadOnlySpan<char> text, bool urlSafe)
    {
        foreach (var c in text)
        {
            var ok = char.IsAsciiLetterOrDigit(c) || (urlSafe ? c is '-' or '_' : c is '+' or '/');
            if (!ok)
                return false;
        }

        return true;
    }

    public bool Equals(EventId? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as EventId);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Code point order, as state resolution's tie-break requires.</summary>
    public int CompareTo(EventId? other) => CodePointComparer.Instance.Compare(Value, other?.Value);

    public static bool operator ==(EventId? left, EventId? right) => Equals(left, right);

    public static bool operator !=(EventId? left, EventId? right) => !Equals(left, right);

    public override string ToString() => Value;
}
