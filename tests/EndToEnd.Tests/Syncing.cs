using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Filters;
using Tangle.Sdk.Sync;

namespace Tangle.EndToEnd.Tests;

/// <summary>Syncing until the server shows what a test waits for, and reading sync responses.</summary>
internal static class Syncing
{
    /// <summary>How long a test waits for something to show up in sync before it fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>An inline sync filter: at most <paramref name="limit"/> timeline events per room, and left rooms when asked.</summary>
    public static string Filter(int limit = 10, bool includeLeave = false) =>
        new Filter { Room = new RoomFilter { Timeline = new RoomEventFilter { Limit = limit }, IncludeLeave = includeLeave ? true : null } }.ToJson();

    /// <summary>One sync that returns at once, whatever there is.</summary>
    public static Task<SyncResponse> SyncNowAsync(this MatrixClient client, string? since = null, string? filter = null) =>
        client.SyncAsync(since, TimeSpan.Zero, filter);

    /// <summary>Syncs from <paramref name="since"/> (initially when null) until a response satisfies <paramref name="until"/>.</summary>
    public static Task<SyncResponse> WaitForSyncAsync(this MatrixClient client, string? since, Func<SyncResponse, bool> until, string? filter = null) =>
        client.SyncUntilAsync(until, new SyncLoopOptions { Since = since, Filter = filter, Timeout = TimeSpan.FromSeconds(5) }, Patience);

    /// <summary>
    /// Waits until a sync from <paramref name="since"/> satisfies <paramref name="until"/>, then returns a single
    /// sync from <paramref name="since"/>: one response covering everything, however the events trickled in.
    /// </summary>
    public static async Task<SyncResponse> CatchUpAsync(this MatrixClient client, string since, Func<SyncResponse, bool> until, string? filter = null)
    {
        await client.WaitForSyncAsync(since, until, filter);
        return await client.SyncNowAsync(since, filter);
    }

    /// <summary>The joined room's section, or null when the room is not in it.</summary>
    public static JoinedRoom? Joined(this SyncResponse sync, string roomId) => sync.Rooms.Join.GetValueOrDefault(roomId);

    /// <summary>The left room's section, or null when the room is not in it.</summary>
    public static LeftRoom? Left(this SyncResponse sync, string roomId) => sync.Rooms.Leave.GetValueOrDefault(roomId);

    /// <summary>The user ids whose membership events the events show, in order, with their memberships.</summary>
    public static List<(string User, string? Membership)> Memberships(this IEnumerable<RoomEvent> events) =>
        events.Where(e => e.Type == EventTypes.Member).Select(e => (e.StateKey!, e.Membership)).ToList();

    /// <summary>The joined room's timeline events; none when the room is not in the response.</summary>
    public static IReadOnlyList<RoomEvent> TimelineOf(this SyncResponse sync, string roomId) =>
        sync.Joined(roomId)?.Timeline.Events ?? [];

    /// <summary>Whether the joined room's timeline holds the event.</summary>
    public static bool TimelineHas(this SyncResponse sync, string roomId, string eventId) =>
        sync.TimelineOf(roomId).Any(e => e.EventId == eventId);

    /// <summary>Whether the joined room's state or timeline shows <paramref name="userId"/> with <paramref name="membership"/>.</summary>
    public static bool ShowsMembership(this SyncResponse sync, string roomId, string userId, string membership) =>
        sync.Joined(roomId) is { } room
        && room.State.Events.Concat(room.Timeline.Events).LastOrDefault(e => e.Type == EventTypes.Member && e.StateKey == userId)?.Membership == membership;

    /// <summary>The joined room's ephemeral events of a type.</summary>
    public static IEnumerable<BasicEvent> EphemeralOf(this SyncResponse sync, string roomId, string type) =>
        sync.Joined(roomId)?.Ephemeral.Events.Where(e => e.Type == type) ?? [];
}
