using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

/// <summary>Room and sync steps that tests of several features share.</summary>
internal static class TestRooms
{
    public static string Path(string roomId) => Uri.EscapeDataString(roomId);

    /// <summary>A public room created by <paramref name="creator"/> that every other user joins.</summary>
    public static async Task<string> SharedRoomAsync(RawClient creator, params RawClient[] members)
    {
        var room = await creator.CreateRoomAsync(new { preset = "public_chat" });
        foreach (var member in members)
            await JoinAsync(member, room);
        return room;
    }

    /// <summary>A private room only <paramref name="creator"/> is in.</summary>
    public static Task<string> PrivateRoomAsync(RawClient creator) => creator.CreateRoomAsync(new { preset = "private_chat" });

    public static async Task JoinAsync(RawClient user, string room)
    {
        var response = await user.PostAsync($"_matrix/client/v3/join/{Path(room)}", new { });
        if (response.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"join failed: {response.Body}");
    }

    public static async Task LeaveAsync(RawClient user, string room)
    {
        var response = await user.PostAsync($"_matrix/client/v3/rooms/{Path(room)}/leave", new { });
        if (response.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"leave failed: {response.Body}");
    }

    /// <summary>Sends an event with any content; returns its event id.</summary>
    public static async Task<string> SendAsync(RawClient user, string room, string type, object content)
    {
        var response = await user.PutAsync($"_matrix/client/v3/rooms/{Path(room)}/send/{type}/{Guid.NewGuid():N}", content);
        return response.Status == HttpStatusCode.OK ? response.String("event_id") : throw new InvalidOperationException($"send failed: {response.Body}");
    }

    public static async Task SetStateAsync(RawClient user, string room, string type, object content, string stateKey = "")
    {
        var response = await user.PutAsync($"_matrix/client/v3/rooms/{Path(room)}/state/{type}/{stateKey}", content);
        if (response.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"state failed: {response.Body}");
    }

    /// <summary>A text message whose m.mentions names the given users.</summary>
    public static object Mentioning(string body, params string[] users) => new Dictionary<string, object>
    {
        ["msgtype"] = "m.text",
        ["body"] = body,
        ["m.mentions"] = new { user_ids = users },
    };

    public static object RoomMention(string body) => new Dictionary<string, object>
    {
        ["msgtype"] = "m.text",
        ["body"] = body,
        ["m.mentions"] = new { room = true },
    };

    public static async Task<RawResponse> SyncAsync(RawClient user, string? since = null, int timeout = 0, string? extra = null)
    {
        var query = new List<string> { $"timeout={timeout}" };
        if (since is not null)
            query.Add("since=" + Uri.EscapeDataString(since));
        if (extra is not null)
            query.Add(extra);
        var response = await user.GetAsync("_matrix/client/v3/sync?" + string.Join("&", query));
        return response.Status == HttpStatusCode.OK ? response : throw new InvalidOperationException($"sync failed: {response.Body}");
    }

    /// <summary>
    /// The room's unread_notifications in a full sync of <paramref name="user"/>: (notification_count,
    /// highlight_count), once the sync's timeline reaches <paramref name="latest"/> (rooms tell inboxes
    /// after answering the sender, so a sync right after a send may not have the event yet).
    /// </summary>
    public static async Task<(long Notifications, long Highlights)> UnreadAsync(RawClient user, string room, string latest)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var joined = Joined(await SyncAsync(user), room);
            var events = joined?.GetProperty("timeline").GetProperty("events");
            var reached = events is { } list && list.EnumerateArray().Any(e => e.GetProperty("event_id").GetString() == latest);
            if (reached || DateTime.UtcNow > deadline)
            {
                var counts = joined!.Value.GetProperty("unread_notifications");
                return (counts.GetProperty("notification_count").GetInt64(), counts.GetProperty("highlight_count").GetInt64());
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A full sync once it shows <paramref name="room"/> as joined; its next_batch starts incremental syncs.</summary>
    public static async Task<string> SinceJoinedAsync(RawClient user, string room)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var sync = await SyncAsync(user);
            if (Joined(sync, room) is not null || DateTime.UtcNow > deadline)
                return sync.String("next_batch");
            await Task.Delay(20);
        }
    }

    /// <summary>Incremental syncs from <paramref name="since"/> until one passes <paramref name="until"/>; that one is returned.</summary>
    public static async Task<RawResponse> SyncUntilAsync(RawClient user, string since, Func<RawResponse, bool> until, string? extra = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var sync = await SyncAsync(user, since, timeout: 2000, extra);
            if (until(sync) || DateTime.UtcNow > deadline)
                return sync;
            since = sync.String("next_batch");
        }
    }

    /// <summary>Whether a sync's timeline for <paramref name="room"/> holds <paramref name="eventId"/>.</summary>
    public static bool HasEvent(RawResponse sync, string room, string eventId) =>
        Joined(sync, room) is { } joined
        && joined.GetProperty("timeline").GetProperty("events").EnumerateArray().Any(e => e.GetProperty("event_id").GetString() == eventId);

    public static JsonElement? Joined(RawResponse sync, string room) =>
        sync.Body.GetProperty("rooms").GetProperty("join").TryGetProperty(room, out var joined) ? joined : null;
}
