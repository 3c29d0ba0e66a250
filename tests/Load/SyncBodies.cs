using System.Text.Json;

namespace Tangle.Load;

/// <summary>What the harness reads out of a /sync response body.</summary>
internal static class SyncBodies
{
    public static string NextBatch(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("next_batch").GetString()!;
    }

    /// <summary>The harness sequence numbers of the messages in the room's timeline.</summary>
    public static List<long> MessagesIn(byte[] body, string room) => MessagesIn(body, room, out _);

    /// <summary>
    /// The harness sequence numbers of the messages in the room's timeline, and whether the timeline was cut
    /// ("limited"): then messages between the previous sync and this one may be missing from it.
    /// </summary>
    public static List<long> MessagesIn(byte[] body, string room, out bool limited)
    {
        using var json = JsonDocument.Parse(body);
        var found = new List<long>();
        limited = false;
        if (!JoinedRoom(json.RootElement, room, out var joined) || !joined.TryGetProperty("timeline", out var timeline))
            return found;
        limited = timeline.TryGetProperty("limited", out var cut) && cut.ValueKind == JsonValueKind.True;
        foreach (var e in timeline.GetProperty("events").EnumerateArray())
        {
            if (e.TryGetProperty("content", out var content) && content.TryGetProperty(LoadClient.MessageSeq, out var seq)
                && seq.ValueKind == JsonValueKind.Number)
                found.Add(seq.GetInt64());
        }

        return found;
    }

    /// <summary>How many state events of the room a sync carries (its state section and the state events of its timeline); null when the room is not in its join section.</summary>
    public static int? JoinedRoomStateEvents(byte[] body, string room)
    {
        using var json = JsonDocument.Parse(body);
        if (!JoinedRoom(json.RootElement, room, out var joined))
            return null;
        var count = 0;
        if (joined.TryGetProperty("state", out var state) && state.TryGetProperty("events", out var stateEvents))
            count += stateEvents.GetArrayLength();
        if (joined.TryGetProperty("timeline", out var timeline) && timeline.TryGetProperty("events", out var timelineEvents))
            count += timelineEvents.EnumerateArray().Count(e => e.TryGetProperty("state_key", out _));
        return count;
    }

    private static bool JoinedRoom(JsonElement sync, string room, out JsonElement joined)
    {
        joined = default;
        return sync.TryGetProperty("rooms", out var rooms) && rooms.TryGetProperty("join", out var join) && join.TryGetProperty(room, out joined);
    }
}
