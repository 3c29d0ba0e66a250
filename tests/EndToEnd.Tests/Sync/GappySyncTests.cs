using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Sync;

/// <summary>Incremental syncs after more events than the timeline limit: limited, prev_batch, and the state of the gap.</summary>
public sealed class GappySyncTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_sync_after_more_events_than_the_limit_is_limited_and_gives_the_newest()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 5);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;

        var sent = await bob.SendTextsAsync(roomId, 15);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var timeline = sync.Joined(roomId)!.Timeline;
        Assert.True(timeline.Limited);
        Assert.NotNull(timeline.PrevBatch);
        Assert.Equal(sent[^5..], timeline.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task An_initial_sync_of_a_busy_room_is_limited_with_the_state_before_its_timeline()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Name = "Busy" });
        var sent = await alice.SendTextsAsync(roomId, 8);

        var sync = await alice.SyncNowAsync(filter: Syncing.Filter(limit: 3));

        var room = sync.Joined(roomId)!;
        Assert.True(room.Timeline.Limited);
        Assert.Equal(sent[^3..], room.Timeline.Events.Select(e => e.EventId));
        Assert.Contains(room.State.Events, e => e.Type == EventTypes.Create);
        Assert.Contains(room.State.Events, e => e.Type == EventTypes.Name && e.ContentString("name") == "Busy");
    }

    [Fact]
    public async Task A_sync_within_the_limit_is_not_limited()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 10);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;

        var sent = await bob.SendTextsAsync(roomId, 3);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var timeline = sync.Joined(roomId)!.Timeline;
        Assert.False(timeline.Limited);
        Assert.Equal(sent, timeline.Events.Where(e => e.Type == EventTypes.Message).Select(e => e.EventId));
    }

    [Fact]
    public async Task Messages_from_prev_batch_back_to_the_since_token_fill_the_gap_exactly()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 5);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;
        var sent = await bob.SendTextsAsync(roomId, 15);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var gap = await alice.GetMessagesAsync(roomId, Direction.Backward, from: sync.Joined(roomId)!.Timeline.PrevBatch, to: since, limit: 50);

        Assert.Equal(sent[..10].AsEnumerable().Reverse(), gap.Chunk.Select(e => e.EventId));
    }

    [Fact]
    public async Task Messages_from_prev_batch_pages_on_back_to_the_rooms_creation()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 3);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;
        var sent = await bob.SendTextsAsync(roomId, 12);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var earlier = new List<RoomEvent>();
        var from = sync.Joined(roomId)!.Timeline.PrevBatch;
        for (var page = 0; from is not null && page < 20; page++)
        {
            var messages = await alice.GetMessagesAsync(roomId, Direction.Backward, from: from, limit: 4);
            earlier.AddRange(messages.Chunk);
            from = messages.End;
        }

        Assert.Null(from);
        Assert.Equal(sent[..9], earlier.Where(e => e.Type == EventTypes.Message).Select(e => e.EventId).Reverse());
        Assert.Equal(EventTypes.Create, earlier[^1].Type);
        Assert.Equal(earlier.Count, earlier.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task A_limited_sync_carries_the_state_changed_in_the_gap()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 5);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;

        var rename = await alice.SetRoomNameAsync(roomId, "Named in the gap");
        var sent = await bob.SendTextsAsync(roomId, 10);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var room = sync.Joined(roomId)!;
        Assert.True(room.Timeline.Limited);
        var name = Assert.Single(room.State.Events, e => e.Type == EventTypes.Name);
        Assert.Equal((rename, "Named in the gap"), (name.EventId, name.ContentString("name")));
    }

    [Fact]
    public async Task A_limited_sync_leaves_out_state_the_client_already_has()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 5);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;

        var sent = await bob.SendTextsAsync(roomId, 10);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var room = sync.Joined(roomId)!;
        Assert.True(room.Timeline.Limited);
        Assert.Empty(room.State.Events);
    }

    [Fact]
    public async Task A_limited_syncs_state_stops_where_its_timeline_starts()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 4);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;

        await alice.SetRoomNameAsync(roomId, "Gap name");
        await bob.SendTextsAsync(roomId, 8);
        var latestName = await alice.SetRoomNameAsync(roomId, "Timeline name");
        var sent = await bob.SendTextsAsync(roomId, 2);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var room = sync.Joined(roomId)!;
        Assert.Equal("Gap name", Assert.Single(room.State.Events, e => e.Type == EventTypes.Name).ContentString("name"));
        Assert.Contains(room.Timeline.Events, e => e.EventId == latestName);
    }

    [Fact]
    public async Task Messages_forwards_from_prev_batch_gives_the_limited_timeline_again()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 4);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;
        var sent = await bob.SendTextsAsync(roomId, 9);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var page = await alice.GetMessagesAsync(roomId, Direction.Forward, from: sync.Joined(roomId)!.Timeline.PrevBatch, limit: 4);

        Assert.Equal(sync.TimelineOf(roomId).Select(e => e.EventId), page.Chunk.Select(e => e.EventId));
    }

    [Fact]
    public async Task A_member_who_joined_in_the_gap_is_in_the_limited_syncs_state()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 3);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;

        await carol.JoinRoomAsync(roomId);
        var sent = await bob.SendTextsAsync(roomId, 6);
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, sent[^1]), filter);

        var room = sync.Joined(roomId)!;
        Assert.True(room.Timeline.Limited);
        Assert.Contains((carol.UserId, Membership.Join), room.State.Events.Memberships());
    }

    [Fact]
    public async Task A_full_state_sync_gives_all_state_even_with_a_since_token()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Name = "Full" });
        var since = (await alice.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;
        await alice.SendTextAsync(roomId, "one more");

        var sync = await alice.SyncAsync(since, TimeSpan.Zero, fullState: true);

        var room = sync.Joined(roomId)!;
        var everything = room.State.Events.Concat(room.Timeline.Events).ToList();
        Assert.Contains(everything, e => e.Type == EventTypes.Create);
        Assert.Contains(everything, e => e.Type == EventTypes.Name);
        Assert.Contains(room.State.Events, e => e.Type == EventTypes.PowerLevels);
    }
}
