using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Events;

/// <summary>
/// A persistent data unit: one room event in its federation form, validated against its room
/// version's event format. Immutable; <see cref="Json"/> is its canonical JSON without unsigned.
/// Hash and signature checks are separate steps (<see cref="EventHashes"/>, <see cref="EventSignatures"/>).
/// </summary>
public sealed class Pdu
{
    /// <summary>The largest event, as canonical JSON in federation format, that the specification allows.</summary>
    public const int MaxBytes = 65_536;

    /// <summary>The most prev_events an event may name.</summary>
    public const int MaxPrevEvents = 20;

    /// <summary>The most auth_events an event may name.</summary>
    public const int MaxAuthEvents = 10;

    private static readonly string[] UnsignedOnly = ["unsigned"];

    private Pdu(RoomVersion version, JsonElement json, EventId eventId, RoomId roomId, bool hasRoomIdField, UserId sender,
        string type, string? stateKey, long originServerTs, long depth, EventReference[] prevEvents,
        EventReference[] authEvents, string? redacts)
    {
        RoomVersion = version;
        Json = json;
        EventId = eventId;
        RoomId = roomId;
        HasRoomIdField = hasRoomIdField;
        Sender = sender;
        Type = type;
        StateKey = stateKey;
        OriginServerTs = originServerTs;
        Depth = depth;
        PrevEventReferences = prevEvents;
        AuthEventReferences = authEvents;
        PrevEvents = Array.ConvertAll(prevEvents, r => r.EventId);
        AuthEvents = Array.ConvertAll(authEvents, r => r.EventId);
        Redacts = redacts;
        Content = json.GetProperty("content");
        Membership = type == EventTypes.Member && Content.TryGetProperty("membership", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()
            : null;
    }

    public RoomVersion RoomVersion { get; }

    /// <summary>The event in federation format as canonical JSON, without unsigned.</summary>
    public JsonElement Json { get; }

    /// <summary>The canonical bytes of <see cref="Json"/>.</summary>
    public ReadOnlySpan<byte> CanonicalBytes => JsonMarshal.GetRawUtf8Value(Json);

    public EventId EventId { get; }

    /// <summary>The room; for a v12 create event, which has no room_id, the id derived from its event id.</summary>
    public RoomId RoomId { get; }

    /// <summary>Whether the JSON carries room_id (a v12 create event must not).</summary>
    public bool HasRoomIdField { get; }

    public UserId Sender { get; }

    public string Type { get; }

    /// <summary>The state key of a state event; null for message events.</summary>
    public string? StateKey { get; }

    public bool IsState => StateKey is not null;

    /// <summary>The key this event occupies in the room state, for state events.</summary>
    public StateMapKey? StateMapKey => StateKey is null ? null : new StateMapKey(Type, StateKey);

    public long OriginServerTs { get; }

    public long Depth { get; }

    public IReadOnlyList<EventId> PrevEvents { get; }

    public IReadOnlyList<EventId> AuthEvents { get; }

    public IReadOnlyList<EventReference> PrevEventReferences { get; }

    public IReadOnlyList<EventReference> AuthEventReferences { get; }

    public JsonElement Content { get; }

    /// <summary>For m.room.redaction: the event redacted (top-level before v11, in content from v11).</summary>
    public string? Redacts { get; }

    /// <summary>content.membership of an m.room.member event, when it is a string.</summary>
    public string? Membership { get; }

    /// <summary>Parses and validates a PDU received as bytes.</summary>
    public static Result<Pdu> Parse(ReadOnlySpan<byte> utf8, RoomVersion version)
    {
        if (utf8.Length > MaxBytes * 4)
            return new ProtocolError(ProtocolErrorKind.TooLarge, $"event is larger than {MaxBytes} bytes");
        var parsed = StrictJson.ParseObject(utf8, version.Numbers);
        return parsed.IsOk ? FromJson(parsed.Value, version) : parsed.Error;
    }

    /// <summary>Validates an event already parsed as JSON against <paramref name="version"/>'s event format.</summary>
    public static Result<Pdu> FromJson(JsonElement json, RoomVersion version)
    {
        if (json.ValueKind != JsonValueKind.Object)
            return ProtocolError.BadJson("an event must be a JSON object");

        byte[] canonical;
        try
        {
            canonical = CanonicalJson.EncodeWithout(json, UnsignedOnly, version.Numbers);
        }
        catch (CanonicalJsonException e)
        {
            return ProtocolError.BadJson(e.Message);
        }

        if (canonical.Length > MaxBytes)
            return new ProtocolError(ProtocolErrorKind.TooLarge, $"event is {canonical.Length} bytes; the limit is {MaxBytes}");
        var reader = new Utf8JsonReader(canonical);
        var root = JsonElement.ParseValue(ref reader);
        return Validate(root, version, null);
    }

    /// <summary>
    /// Reads back an event that this server validated and stored itself, from its canonical bytes
    /// (<see cref="ToCanonicalBytes"/>) and its event id: the same checks of shape, but neither
    /// re-encoding nor the reference hash, since the bytes are canonical already and the id was derived
    /// from them before they were stored. Never for bytes from anywhere else.
    /// </summary>
    public static Result<Pdu> FromStore(ReadOnlySpan<byte> canonicalUtf8, RoomVersion version, EventId eventId)
    {
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(canonicalUtf8);
            root = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return ProtocolError.BadJson(e.Message);
        }

        return root.ValueKind == JsonValueKind.Object ? Validate(root, version, eventId) : ProtocolError.BadJson("an event must be a JSON object");
    }

    /// <param name="storedId">For an event read back from this server's store: its id, known without hashing.</param>
    private static Result<Pdu> Validate(JsonElement root, RoomVersion version, EventId? storedId)
    {
        var fields = new EventFields(root);
        var type = fields.RequiredString("type");
        var senderText = fields.RequiredString("sender");
        var stateKey = fields.OptionalString("state_key");
        var ts = fields.RequiredInteger("origin_server_ts");
        var depth = fields.RequiredInteger("depth");
        var content = fields.Required("content", JsonValueKind.Object);
        fields.Required("signatures", JsonValueKind.Object);
        var hashes = fields.Required("hashes", JsonValueKind.Object);
        if (fields.Problem is { } problem)
            return ProtocolError.BadJson(problem);

        if (Encoding.UTF8.GetByteCount(type!) > 255)
            return ProtocolError.BadJson("type is longer than 255 bytes");
        if (stateKey is not null && Encoding.UTF8.GetByteCount(stateKey) > 255)
            return ProtocolError.BadJson("state_key is longer than 255 bytes");
        if (depth < 0)
            return ProtocolError.BadJson("depth must not be negative");
        if (!hashes.TryGetProperty("sha256", out var sha) || sha.ValueKind != JsonValueKind.String)
            return ProtocolError.BadJson("hashes.sha256 must be a string");
        var signatureProblem = CheckSignaturesShape(root.GetProperty("signatures"));
        if (signatureProblem is not null)
            return ProtocolError.BadJson(signatureProblem);

        var sender = UserId.Parse(senderText);
        if (!sender.IsOk)
            return ProtocolError.BadJson($"sender: {sender.Error.Message}");

        var prev = ReadReferences(root, "prev_events", MaxPrevEvents, version);
        if (!prev.IsOk)
            return prev.Error;
        var auth = ReadReferences(root, "auth_events", MaxAuthEvents, version);
        if (!auth.IsOk)
            return auth.Error;

        var isV12Create = version.RoomIdIsCreateEventHash && type == EventTypes.Create;
        var roomIdText = fields.OptionalString("room_id");
        if (fields.Problem is { } roomIdProblem)
            return ProtocolError.BadJson(roomIdProblem);
        if (roomIdText is null && !isV12Create)
            return ProtocolError.BadJson("room_id is required");

        EventId eventId;
        if (version.HasEventIdInEvent)
        {
            var idText = fields.OptionalString("event_id");
            var parsedId = EventId.Parse(idText, EventIdFormat.OpaqueWithServer);
            if (fields.Problem is not null || !parsedId.IsOk)
                return ProtocolError.BadJson($"event_id: {parsedId.Error?.Message ?? fields.Problem}");
            eventId = parsedId.Value;
        }
        else
        {
            eventId = storedId ?? EventId.FromReferenceHash(EventHashes.ReferenceHash(root, version), version.EventIdFormat);
        }

        RoomId roomId;
        if (roomIdText is null)
        {
            roomId = RoomId.FromCreateEvent(eventId);
        }
        else
        {
            var parsedRoom = RoomId.Parse(roomIdText);
            if (!parsedRoom.IsOk)
                return ProtocolError.BadJson($"room_id: {parsedRoom.Error.Message}");
            roomId = parsedRoom.Value;
        }

        string? redacts = null;
        var redactsSource = version.RedactsInContent ? content : root;
        if (type == EventTypes.Redaction && redactsSource.TryGetProperty("redacts", out var r))
        {
            if (r.ValueKind != JsonValueKind.String)
                return ProtocolError.BadJson("redacts must be a string");
            redacts = r.GetString();
        }

        return new Pdu(version, root, eventId, roomId, roomIdText is not null, sender.Value, type!, stateKey, ts, depth,
            prev.Value, auth.Value, redacts);
    }

    internal static Result<EventReference[]> ReadReferences(JsonElement root, string name, int max, RoomVersion version)
    {
        if (!root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
            return ProtocolError.BadJson($"{name} must be an array");
        var count = list.GetArrayLength();
        if (count > max)
            return ProtocolError.BadJson($"{name} names {count} events; at most {max} are allowed");
        var references = new EventReference[count];
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            JsonElement idElement;
            string? hash = null;
            if (version.HasEventIdInEvent)
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2 || item[1].ValueKind != JsonValueKind.Object)
                    return ProtocolError.BadJson($"{name} entries must be [event_id, hashes] pairs in room version {version.Id}");
                idElement = item[0];
                if (item[1].TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String)
                    hash = sha.GetString();
            }
            else
            {
                idElement = item;
            }

            if (idElement.ValueKind != JsonValueKind.String)
                return ProtocolError.BadJson($"{name} entries must be event ids");
            var id = EventId.Parse(idElement.GetString(), version.EventIdFormat);
            if (!id.IsOk)
                return ProtocolError.BadJson($"{name}: {id.Error.Message}");
            references[i++] = new EventReference(id.Value, hash);
        }

        return references;
    }

    private static string? CheckSignaturesShape(JsonElement signatures)
    {
        foreach (var server in signatures.EnumerateObject())
        {
            if (server.Value.ValueKind != JsonValueKind.Object)
                return $"signatures.{server.Name} must be an object";
            foreach (var signature in server.Value.EnumerateObject())
            {
                if (signature.Value.ValueKind != JsonValueKind.String)
                    return $"signatures.{server.Name}.{signature.Name} must be a string";
            }
        }

        return null;
    }

    /// <summary>This event as its redacted form would be, with the same event id.</summary>
    public Pdu Redacted()
    {
        var redacted = Redaction.Redact(Json, RoomVersion);
        return FromJson(redacted, RoomVersion) is { IsOk: true } ok
            ? ok.Value
            : throw new InvalidOperationException("the redacted form of a valid event must be valid");
    }

    /// <summary>The value of a top-level content field if it is a string.</summary>
    public string? ContentString(string name) =>
        Content.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The signatures object (server name → key id → signature).</summary>
    public JsonElement Signatures => Json.GetProperty("signatures");

    /// <summary>The server names that signed this event, whether or not their signatures have been checked.</summary>
    public bool HasSignatureFrom(string serverName) =>
        Signatures.TryGetProperty(serverName, out var entry) && entry.ValueKind == JsonValueKind.Object && entry.EnumerateObject().Any();

    /// <summary>The canonical JSON text, for logs and tests.</summary>
    public override string ToString() => Encoding.UTF8.GetString(CanonicalBytes);

    /// <summary>Copies the canonical bytes into a new array, for storage.</summary>
    public byte[] ToCanonicalBytes() => CanonicalBytes.ToArray();

    /// <summary>Writes the canonical bytes.</summary>
    public void WriteTo(IBufferWriter<byte> output) => output.Write(CanonicalBytes);
}
