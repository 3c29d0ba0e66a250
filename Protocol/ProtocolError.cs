namespace Tangle.Protocol;

/// <summary>What kind of input a protocol function refused; the gateway maps each kind to a Matrix errcode.</summary>
public enum ProtocolErrorKind
{
    /// <summary>The bytes are not JSON at all (M_NOT_JSON).</summary>
    NotJson,

    /// <summary>Well-formed JSON that breaks a Matrix rule: duplicate keys, floats, wrong types (M_BAD_JSON).</summary>
    BadJson,

    /// <summary>Over a size limit, such as 65,536 bytes for an event (M_TOO_LARGE).</summary>
    TooLarge,

    /// <summary>An identifier that does not follow its grammar (M_INVALID_PARAM).</summary>
    InvalidIdentifier,

    /// <summary>A room version this server does not implement (M_UNSUPPORTED_ROOM_VERSION).</summary>
    UnsupportedRoomVersion,

    /// <summary>A signature that is missing, malformed or does not verify.</summary>
    BadSignature,

    /// <summary>Key material that cannot be used.</summary>
    BadKey,
}

/// <summary>An error returned as a value at the protocol boundary.</summary>
/// <param name="Kind">The class of error.</param>
/// <param name="Message">A sentence for humans, naming the field at fault where there is one.</param>
public sealed record ProtocolError(ProtocolErrorKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";

    internal static ProtocolError BadJson(string message) => new(ProtocolErrorKind.BadJson, message);

    internal static ProtocolError NotJson(string message) => new(ProtocolErrorKind.NotJson, message);

    internal static ProtocolError Identifier(string message) => new(ProtocolErrorKind.InvalidIdentifier, message);
}
