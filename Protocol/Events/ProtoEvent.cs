using System.Buffers;
using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Events;

/// <summary>
/// An event this server is about to send, before it is hashed and signed. <see cref="HashAndSign"/>
/// turns it into the <see cref="Pdu"/> that federation will carry, validated like any received event.
/// </summary>
public sealed record ProtoEvent
{
    public required RoomVersion RoomVersion { get; init; }

    /// <summary>The room; null only for the create event of a v12 room, whose id derives from it.</summary>
    public required RoomId? RoomId { get; init; }

    public required UserId Sender { get; init; }

    public required string Type { get; init; }

    public string? StateKey { get; init; }

    public required JsonElement Content { get; init; }

    public IReadOnlyList<EventReference> PrevEvents { get; init; } = [];

    public IReadOnlyList<EventReference> AuthEvents { get; init; } = [];

    public long Depth { get; init; }

    public required long OriginServerTs { get; init; }

    /// <summary>For redactions: written at the top level before v11 and into content from v11.</summary>
    public EventId? Redacts { get; init; }

    private static readonly string[] SignatureSkipped = ["signatures", "unsigned"];

    /// <summary>Adds the content hash, signs with <paramref name="key"/> as <paramref name="origin"/>, and validates.</summary>
    public Result<Pdu> HashAndSign(ServerName origin, SigningKey key)
    {
        if (RoomId is null && !(RoomVersion.RoomIdIsCreateEventHash && Type == EventTypes.Create))
            return ProtocolError.BadJson("only the create event of a v12 room has no room id");
        if (Content.ValueKind != JsonValueKind.Object)
            return ProtocolError.BadJson("content must be an object");

        try
        {
            var eventId = RoomVersion.HasEventIdInEvent ? EventId.NewOpaque(origin) : null;
            var unhashed = Write(eventId, contentHash: null);
            var hash = UnpaddedBase64.Encode(EventHashes.ContentHash(unhashed, RoomVersion));
            var hashed = Write(eventId, hash);
            var signature = EventSignatures.SignatureOf(hashed, RoomVersion, key);
            var signed = JsonSignatures.WithSignature(hashed, origin.Value, key.KeyId, signature);
            return Pdu.FromJson(signed, RoomVersion);
        }
        catch (CanonicalJsonException e)
        {
            return ProtocolError.BadJson(e.Message);
        }
    }

    /// <summary>The event as a resident server offers it in make_join and its kin: no event id, hashes or signatures.</summary>
    public JsonElement ToTemplate() => Write(eventId: null, contentHash: null);

    private JsonElement Write(EventId? eventId, string? contentHash)
    {
        var output = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            WriteReferences(writer, "auth_events", AuthEvents);
            writer.WritePropertyName("content");
            WriteContent(writer);
            writer.WriteNumber("depth", Depth);
            if (eventId is not null)
                writer.WriteString("event_id", eventId.Value);
            if (contentHash is not null)
            {
                writer.WriteStartObject("hashes");
                writer.WriteString("sha256", contentHash);
                writer.WriteEndObject();
            }

            writer.WriteNumber("origin_server_ts", OriginServerTs);
            WriteReferences(writer, "prev_events", PrevEvents);
            if (Redacts is not null && !RoomVersion.RedactsInContent)
                writer.WriteString("redacts", Redacts.Value);
            if (RoomId is not null)
                writer.WriteString("room_id", RoomId.Value);
            writer.WriteString("sender", Sender.Value);
            writer.WriteStartObject("signatures");
            writer.WriteEndObject();
            if (StateKey is not null)
                writer.WriteString("state_key", StateKey);
            writer.WriteString("type", Type);
            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(output.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    private void WriteContent(Utf8JsonWriter writer)
    {
        if (Redacts is null || !RoomVersion.RedactsInContent)
        {
            Content.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var property in Content.EnumerateObject())
        {
            if (!property.NameEquals("redacts"))
                property.WriteTo(writer);
        }

        writer.WriteString("redacts", Redacts.Value);
        writer.WriteEndObject();
    }

    private void WriteReferences(Utf8JsonWriter writer, string name, IReadOnlyList<EventReference> references)
    {
        writer.WriteStartArray(name);
        foreach (var reference in references)
        {
            if (RoomVersion.HasEventIdInEvent)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(reference.EventId.Value);
                writer.WriteStartObject();
                if (reference.ReferenceHash is not null)
                    writer.WriteString("sha256", reference.ReferenceHash);
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteStringValue(reference.EventId.Value);
            }
        }

        writer.WriteEndArray();
    }
}
