using System.Text.Json;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Events;

/// <summary>
/// Reading the membership event template a resident server offers (make_join, make_leave, make_knock)
/// back into an event this server will hash and sign. Only the fields an event is built from are taken,
/// and the template must be the membership the user asked for, about that user, in that room.
/// </summary>
public static class EventTemplate
{
    public static Result<ProtoEvent> Read(JsonElement template, RoomVersion version, RoomId room, UserId user, string membership)
    {
        if (template.ValueKind != JsonValueKind.Object)
            return ProtocolError.BadJson("the event template must be an object");
        if (String(template, "type") != EventTypes.Member || String(template, "state_key") != user.Value || String(template, "sender") != user.Value)
            return ProtocolError.BadJson($"the template is not a membership event of {user}");
        if (String(template, "room_id") != room.Value)
            return ProtocolError.BadJson($"the template is not for room {room}");
        if (!template.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Object
            || !content.TryGetProperty("membership", out var given) || given.ValueKind != JsonValueKind.String || given.GetString() != membership)
            return ProtocolError.BadJson($"the template's content is not a {membership}");
        if (!template.TryGetProperty("depth", out var depthElement) || depthElement.ValueKind != JsonValueKind.Number
            || !depthElement.TryGetInt64(out var depth) || depth < 1)
            return ProtocolError.BadJson("the template has no valid depth");
        if (!template.TryGetProperty("origin_server_ts", out var tsElement) || tsElement.ValueKind != JsonValueKind.Number
            || !tsElement.TryGetInt64(out var ts))
            return ProtocolError.BadJson("the template has no valid origin_server_ts");
        if (!Pdu.ReadReferences(template, "prev_events", Pdu.MaxPrevEvents, version).TryGetValue(out var prev, out var prevError))
            return prevError;
        if (!Pdu.ReadReferences(template, "auth_events", Pdu.MaxAuthEvents, version).TryGetValue(out var auth, out var authError))
            return authError;
        if (prev.Length == 0)
            return ProtocolError.BadJson("the template has no prev_events");

        return new ProtoEvent
        {
            RoomVersion = version,
            RoomId = room,
            Sender = user,
            Type = EventTypes.Member,
            StateKey = user.Value,
            Content = content.Clone(),
            PrevEvents = prev,
            AuthEvents = auth,
            Depth = depth,
            OriginServerTs = ts,
        };
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
