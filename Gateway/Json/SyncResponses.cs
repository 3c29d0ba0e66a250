using System.Text.Json;
using Tangle.Grains.Rooms;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Json;

/// <summary>Writes a /sync response in the specification's shape.</summary>
internal static class SyncResponses
{
    public static void Write(Utf8JsonWriter writer, SyncResult result, long now)
    {
        writer.WriteStartObject();
        writer.WriteString("next_batch", result.NextBatch);

        writer.WriteStartObject("rooms");
        WriteRooms(writer, "join", result.Join, now, WriteJoined);
        WriteRooms(writer, "invite", result.Invite, now, (w, r, _) => WriteStrippedRoom(w, r, "invite_state"));
        WriteRooms(writer, "knock", result.Knock, now, (w, r, _) => WriteStrippedRoom(w, r, "knock_state"));
        WriteRooms(writer, "leave", result.Leave, now, WriteLeft);
        writer.WriteEndObject();

        writer.WriteStartObject("account_data");
        WriteBasicEvents(writer, result.AccountData);
        writer.WriteEndObject();

        writer.WriteStartObject("presence");
        writer.WriteStartArray("events");
        foreach (var presence in result.Presence)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("content");
            writer.WriteString("presence", presence.Presence);
            if (presence.LastActiveTs > 0)
                writer.WriteNumber("last_active_ago", Math.Max(0, now - presence.LastActiveTs));
            writer.WriteBoolean("currently_active", presence.CurrentlyActive);
            if (presence.StatusMessage is not null)
                writer.WriteString("status_msg", presence.StatusMessage);
            writer.WriteEndObject();
            writer.WriteString("sender", presence.UserId);
            writer.WriteString("type", "m.presence");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("to_device");
        writer.WriteStartArray("events");
        foreach (var message in result.ToDevice)
        {
            writer.WriteStartObject();
            writer.WriteString("sender", message.Sender);
            writer.WriteString("type", message.Type);
            writer.WritePropertyName("content");
            message.Content.WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("device_lists");
        WriteStrings(writer, "changed", result.DeviceListsChanged);
        WriteStrings(writer, "left", result.DeviceListsLeft);
        writer.WriteEndObject();

        writer.WriteStartObject("device_one_time_keys_count");
        foreach (var (algorithm, count) in result.OneTimeKeysCount)
            writer.WriteNumber(algorithm, count);
        writer.WriteEndObject();
        if (result.UnusedFallbackKeyTypes is { } fallback)
            WriteStrings(writer, "device_unused_fallback_key_types", fallback);
        writer.WriteEndObject();
    }

    private static void WriteRooms(Utf8JsonWriter writer, string name, IReadOnlyDictionary<RoomId, RoomSync> rooms, long now,
        Action<Utf8JsonWriter, RoomSync, long> write)
    {
        writer.WriteStartObject(name);
        foreach (var (room, sync) in rooms)
        {
            writer.WriteStartObject(room.Value);
            write(writer, sync, now);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteJoined(Utf8JsonWriter writer, RoomSync room, long now)
    {
        var slice = room.Slice;
        if (slice.Summary is { } summary)
        {
            writer.WriteStartObject("summary");
            WriteStrings(writer, "m.heroes", summary.Heroes);
            writer.WriteNumber("m.joined_member_count", summary.JoinedMembers);
            writer.WriteNumber("m.invited_member_count", summary.InvitedMembers);
            writer.WriteEndObject();
        }

        WriteTimelineAndState(writer, slice, now);

        writer.WriteStartObject("ephemeral");
        writer.WriteStartArray("events");
        if (slice.Typing.Count > 0 || slice.Receipts.Count == 0)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("content");
            WriteStrings(writer, "user_ids", slice.Typing);
            writer.WriteEndObject();
            writer.WriteString("type", "m.typing");
            writer.WriteEndObject();
        }

        if (slice.Receipts.Count > 0)
            WriteReceipts(writer, slice.Receipts);
        writer.WriteEndArray();
        writer.WriteEndObject();

        writer.WriteStartObject("account_data");
        WriteBasicEvents(writer, room.AccountData);
        writer.WriteEndObject();

        writer.WriteStartObject("unread_notifications");
        writer.WriteNumber("notification_count", slice.NotificationCount);
        writer.WriteNumber("highlight_count", slice.HighlightCount);
        writer.WriteEndObject();
    }

    private static void WriteLeft(Utf8JsonWriter writer, RoomSync room, long now)
    {
        WriteTimelineAndState(writer, room.Slice, now);
        writer.WriteStartObject("account_data");
        WriteBasicEvents(writer, room.AccountData);
        writer.WriteEndObject();
    }

    private static void WriteTimelineAndState(Utf8JsonWriter writer, SyncSlice slice, long now)
    {
        writer.WriteStartObject("state");
        ClientEvents.WriteArray(writer, "events", slice.State, includeRoomId: false, now);
        writer.WriteEndObject();
        writer.WriteStartObject("timeline");
        ClientEvents.WriteArray(writer, "events", slice.Timeline, includeRoomId: false, now);
        writer.WriteBoolean("limited", slice.Limited);
        writer.WriteString("prev_batch", RoomTokens.Format(slice.PrevBatch));
        writer.WriteEndObject();
    }

    private static void WriteStrippedRoom(Utf8JsonWriter writer, RoomSync room, string section)
    {
        writer.WriteStartObject(section);
        writer.WriteStartArray("events");
        foreach (var stripped in room.Slice.RemoteStrippedState)
            stripped.WriteTo(writer);
        foreach (var view in room.Slice.StrippedState)
            ClientEvents.WriteStripped(writer, view);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Receipts as one m.receipt event: event id → receipt type → user → {ts, thread_id}.</summary>
    private static void WriteReceipts(Utf8JsonWriter writer, IReadOnlyList<Receipt> receipts)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("content");
        foreach (var byEvent in receipts.GroupBy(r => r.EventId.Value))
        {
            writer.WriteStartObject(byEvent.Key);
            foreach (var byType in byEvent.GroupBy(r => r.ReceiptType))
            {
                writer.WriteStartObject(byType.Key);
                foreach (var receipt in byType)
                {
                    writer.WriteStartObject(receipt.UserId);
                    writer.WriteNumber("ts", receipt.Timestamp);
                    if (receipt.ThreadId is not null)
                        writer.WriteString("thread_id", receipt.ThreadId);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteString("type", "m.receipt");
        writer.WriteEndObject();
    }

    private static void WriteBasicEvents(Utf8JsonWriter writer, IReadOnlyList<(string Type, JsonElement Content)> events)
    {
        writer.WriteStartArray("events");
        foreach (var (type, content) in events)
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("content");
            content.WriteTo(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
            writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}
