using System.Text.Json;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Rooms;

namespace Tangle.Gateway.Json;

/// <summary>Writes events in the Client-Server API's client event format.</summary>
internal static class ClientEvents
{
    public static void Write(Utf8JsonWriter writer, RoomEventView view, bool includeRoomId, long now)
    {
        var pdu = view.Event;
        writer.WriteStartObject();
        writer.WritePropertyName("content");
        WriteContent(writer, view);
        writer.WriteString("event_id", pdu.EventId.Value);
        writer.WriteNumber("origin_server_ts", pdu.OriginServerTs);
        if (includeRoomId)
            writer.WriteString("room_id", pdu.RoomId.Value);
        writer.WriteString("sender", pdu.Sender.Value);
        if (pdu.StateKey is not null)
            writer.WriteString("state_key", pdu.StateKey);
        writer.WriteString("type", pdu.Type);
        if (pdu.Type == EventTypes.Redaction && pdu.Redacts is not null)
            writer.WriteString("redacts", pdu.Redacts);

        writer.WriteStartObject("unsigned");
        writer.WriteNumber("age", Math.Max(0, now - pdu.OriginServerTs));
        if (view.Transaction is { } txn)
            writer.WriteString("transaction_id", txn.TxnId);
        if (view.PrevContent is { } prev)
        {
            writer.WritePropertyName("prev_content");
            prev.WriteTo(writer);
            if (view.PrevSender is not null)
                writer.WriteString("prev_sender", view.PrevSender);
        }

        if (view.ReplacesState is not null)
            writer.WriteString("replaces_state", view.ReplacesState.Value);
        if (view.RedactedBecause is { } redaction)
        {
            writer.WritePropertyName("redacted_because");
            Write(writer, new RoomEventView { Event = redaction }, includeRoomId, now);
        }

        if (view.MembershipAtEvent is not null)
            writer.WriteString("membership", view.MembershipAtEvent);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Content, with redacts copied into it for redactions of rooms before v11 (as newer clients expect).</summary>
    private static void WriteContent(Utf8JsonWriter writer, RoomEventView view)
    {
        var pdu = view.Event;
        if (pdu.Type != EventTypes.Redaction || pdu.Redacts is null || pdu.RoomVersion.RedactsInContent)
        {
            pdu.Content.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var property in pdu.Content.EnumerateObject())
        {
            if (!property.NameEquals("redacts"))
                property.WriteTo(writer);
        }

        writer.WriteString("redacts", pdu.Redacts);
        writer.WriteEndObject();
    }

    /// <summary>The stripped state format of invites and knocks: type, state key, sender, content.</summary>
    public static void WriteStripped(Utf8JsonWriter writer, RoomEventView view)
    {
        var pdu = view.Event;
        writer.WriteStartObject();
        writer.WritePropertyName("content");
        pdu.Content.WriteTo(writer);
        writer.WriteString("sender", pdu.Sender.Value);
        writer.WriteString("state_key", pdu.StateKey ?? "");
        writer.WriteString("type", pdu.Type);
        if (pdu.Type == EventTypes.Member)
        {
            writer.WriteString("event_id", pdu.EventId.Value);
            writer.WriteNumber("origin_server_ts", pdu.OriginServerTs);
        }

        writer.WriteEndObject();
    }

    public static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<RoomEventView> views, bool includeRoomId, long now)
    {
        writer.WriteStartArray(name);
        foreach (var view in views)
            Write(writer, view, includeRoomId, now);
        writer.WriteEndArray();
    }
}
