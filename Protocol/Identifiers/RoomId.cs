namespace Tangle.Protocol.Identifiers;

/// <summary>
/// A Matrix room id: <c>!opaque:server</c> up to room version 11, or, from version 12, the create
/// event's id with the '!' sigil and no server.
/// </summary>
public sealed class RoomId : IEquatable<RoomId>
{
    private RoomId(string value, ServerName? server)
    {
        Value = value;
        Server = server;
    }

    public string Value { get; }

    /// <summary>The server that created the room, for room ids that carry one.</summary>
    public ServerName? Server { get; }

    /// <summary>True for v12-style ids, which are the hash of the create event.</summary>
    public bool IsCreateEventHash => Server is null;

    public static Result<RoomId> Parse(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '!')
            return ProtocolError.Identifier($"room id '{value}' does not start with '!'");
        if (!IdentifierText.FitsLength(value))
            return ProtocolError.Identifier("room id is longer than 255 bytes");
        if (value.Contains(':'))
        {
            var split = IdentifierText.SplitSigilled(value, '!', "room id");
            if (!split.IsOk)
                return split.Error;
            return new RoomId(value, split.Value.Server);
        }

        var body = value.AsSpan(1);
        if (body.Length != EventId.HashLength || !EventId.IsBase64(body, urlSafe: true))
            return ProtocolError.Identifier($"room id '{value}' has neither a server name nor the form of a create event hash");
        return new RoomId(value, null);
    }

    /// <summary>The room id of a v12 room, from its create event's id.</summary>
    public static RoomId FromCreateEvent(EventId createEventId) =>
        Parse("!" + createEventId.Value[1..]) is { IsOk: true } ok
            ? ok.Value
            : throw new ArgumentException($"'{createEventId}' is not a hash-based event id", nameof(createEventId));

    /// <summary>A fresh <c>!opaque:server</c> id for a room this server creates (versions 1 to 11).</summary>
    public static RoomId NewOpaque(ServerName server)
    {
        var opaque = System.Security.Cryptography.RandomNumberGenerator.GetString(OpaqueAlphabet, 18);
        return From($"!{opaque}:{server.Value}");
    }

    private const string OpaqueAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static RoomId From(string value) =>
        Parse(value) is { IsOk: true } ok ? ok.Value : throw new ArgumentException($"invalid room id '{value}'", nameof(value));

    public bool Equals(RoomId? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as RoomId);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(RoomId? left, RoomId? right) => Equals(left, right);

    public static bool operator !=(RoomId? left, RoomId? right) => !Equals(left, right);

    public override string ToString() => Value;
}
