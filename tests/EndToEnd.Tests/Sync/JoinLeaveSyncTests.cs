using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Sync;

/// <summary>How joining, leaving and joining again show up in initial and incremental syncs.</summary>
public sealed class JoinLeaveSyncTests(ServerFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_sync_spanning_join_leave_and_join_again_shows_the_room_only_as_joined(bool includeLeave)
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await bob.PublicRoomAsync();
        var filter = Syncing.Filter(includeLeave: includeLeave);
        var beforeAll = (await alice.SyncNowAsync(filter: filter)).NextBatch;

        await alice.JoinRoomAsync(roomId);
        var joined = await alice.WaitForSyncAsync(beforeAll, s => s.Joined(roomId) is not null, filter);
        await alice.LeaveRoomAsync(roomId);
        var left = await alice.WaitForSyncAsync(joined.NextBatch, s => s.Left(roomId) is not null, filter);
        await alice.JoinRoomAsync(roomId);
        await alice.WaitForSyncAsync(left.NextBatch, s => s.Joined(roomId) is not null, filter);
        var cumulative = await alice.SyncNowAsync(beforeAll, filter);

        Assert.Null(cumulative.Left(roomId));
        var own = cumulative.TimelineOf(roomId).Memberships().Where(m => m.User == alice.UserId).Select(m => m.Membership);
        Assert.Equal(new string?[] { Membership.Join, Membership.Leave, Membership.Join }, own);
    }

    [Fact]
    public async Task A_newly_joined_room_appears_in_incremental_sync_with_the_join_and_the_state_before_it()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PublicChat, Name = "Lobby" });
        var since = (await bob.SyncNowAsync()).NextBatch;

        await bob.JoinRoomAsync(roomId);
        var sync = await bob.WaitForSyncAsync(since, s => s.Joined(roomId) is not null);

        var room = sync.Joined(roomId)!;
        Assert.Equal((bob.UserId, Membership.Join), room.Timeline.Events.Memberships()[^1]);
        var everything = room.State.Events.Concat(room.Timeline.Events).ToList();
        Assert.Contains(everything, e => e.Type == EventTypes.Create);
        Assert.Contains(everything, e => e.Type == EventTypes.Name && e.ContentString("name") == "Lobby");
        Assert.Contains(everything, e => e.Type == EventTypes.Member && e.StateKey == alice.UserId && e.Membership == Membership.Join);
    }

    [Fact]
    public async Task Existing_members_see_a_new_members_join()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync();
        var since = (await alice.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;

        await bob.JoinRoomAsync(roomId);

        var sync = await alice.CatchUpAsync(since, s => s.Joined(roomId) is not null);
        Assert.Contains((bob.UserId, Membership.Join), sync.TimelineOf(roomId).Memberships());
    }

    [Fact]
    public async Task A_left_room_appears_in_the_leave_section_of_incremental_sync()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var since = (await alice.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;

        await alice.LeaveRoomAsync(roomId);

        var sync = await alice.WaitForSyncAsync(since, s => s.Left(roomId) is not null);
        Assert.Null(sync.Joined(roomId));
        Assert.Equal((alice.UserId, Membership.Leave), sync.Left(roomId)!.Timeline.Events.Memberships()[^1]);
    }

    [Fact]
    public async Task Leaving_a_room_with_joined_history_shows_just_the_leave()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            Preset = RoomPreset.PublicChat,
            InitialState = [new InitialStateEvent(EventTypes.HistoryVisibility, "", new HistoryVisibilityContent { HistoryVisibility = "joined" })],
        });
        await bob.JoinRoomAsync(roomId);
        var filter = Syncing.Filter(includeLeave: true);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join), filter)).NextBatch;

        await alice.LeaveRoomAsync(roomId);
        var sync = await alice.CatchUpAsync(since, s => s.Left(roomId) is not null, filter);

        var left = sync.Left(roomId)!;
        Assert.Empty(left.State.Events);
        var leave = Assert.Single(left.Timeline.Events);
        Assert.Equal((alice.UserId, alice.UserId, Membership.Leave), (leave.Sender, leave.StateKey, leave.Membership));
    }

    [Fact]
    public async Task A_left_room_is_left_out_of_initial_sync_without_include_leave()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        await alice.LeaveRoomAsync(roomId);

        var sync = await alice.SyncNowAsync();

        Assert.Null(sync.Left(roomId));
        Assert.Null(sync.Joined(roomId));
    }

    [Fact]
    public async Task A_left_room_appears_in_initial_sync_with_include_leave()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        await alice.LeaveRoomAsync(roomId);

        var sync = await alice.SyncNowAsync(filter: Syncing.Filter(includeLeave: true));

        var left = sync.Left(roomId);
        Assert.NotNull(left);
        Assert.Equal((alice.UserId, Membership.Leave), left.Timeline.Events.Memberships()[^1]);
    }

    [Fact]
    public async Task A_left_room_appears_in_a_full_state_sync_with_include_leave()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var since = (await alice.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;
        await alice.LeaveRoomAsync(roomId);

        var sync = await alice.SyncAsync(since, TimeSpan.Zero, Syncing.Filter(includeLeave: true), fullState: true);

        Assert.NotNull(sync.Left(roomId));
    }

    [Fact]
    public async Task A_left_rooms_timeline_ends_at_the_leave()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var before = await alice.SendTextAsync(roomId, "before");
        await bob.LeaveRoomAsync(roomId);

        var after = await alice.SendTextAsync(roomId, "after");
        var sync = await bob.SyncNowAsync(filter: Syncing.Filter(includeLeave: true));

        var timeline = sync.Left(roomId)!.Timeline.Events;
        Assert.Contains(timeline, e => e.EventId == before);
        Assert.DoesNotContain(timeline, e => e.EventId == after);
        Assert.Equal((bob.UserId, Membership.Leave), timeline.Memberships()[^1]);
    }

    [Fact]
    public async Task A_leave_is_reported_even_when_other_rooms_fill_the_timeline_limit()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomToLeave = await alice.CreateRoomAsync();
        var roomToSpam = await alice.CreateRoomAsync();
        var filter = Syncing.Filter(limit: 1, includeLeave: true);
        var since = (await alice.SyncNowAsync(filter: filter)).NextBatch;

        await alice.LeaveRoomAsync(roomToLeave);
        await alice.SendTextsAsync(roomToSpam, 20);

        await alice.WaitForSyncAsync(since, s => s.Left(roomToLeave) is not null, filter);
    }

    [Fact]
    public async Task A_room_left_before_the_since_token_stays_out_of_later_syncs()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var otherRoom = await alice.PublicRoomAsync(bob);
        var filter = Syncing.Filter(limit: 1, includeLeave: true);
        var since = (await alice.SyncNowAsync(filter: filter)).NextBatch;
        await alice.LeaveRoomAsync(roomId);
        var afterLeave = (await alice.WaitForSyncAsync(since, s => s.Left(roomId) is not null, filter)).NextBatch;

        await bob.SendTextAsync(roomId, "you will not see this");
        var marker = await bob.SendTextAsync(otherRoom, "but this");
        var sync = await alice.CatchUpAsync(afterLeave, s => s.TimelineHas(otherRoom, marker), filter);

        Assert.Null(sync.Left(roomId));
        Assert.Null(sync.Joined(roomId));
    }

    [Fact]
    public async Task Rejoining_shows_the_room_joined_with_the_state_changed_while_away()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await bob.PublicRoomAsync(alice);
        await alice.LeaveRoomAsync(roomId);
        var afterLeave = (await alice.SyncNowAsync()).NextBatch;
        await bob.SetRoomNameAsync(roomId, "Renamed while alice was away");
        await bob.SendTextsAsync(roomId, 12, "while away");

        await alice.JoinRoomAsync(roomId);
        var sync = await alice.WaitForSyncAsync(afterLeave, s => s.Joined(roomId) is not null);

        var room = sync.Joined(roomId)!;
        Assert.Equal((alice.UserId, Membership.Join), room.Timeline.Events.Memberships()[^1]);
        var everything = room.State.Events.Concat(room.Timeline.Events).ToList();
        Assert.Equal("Renamed while alice was away", everything.Last(e => e.Type == EventTypes.Name).ContentString("name"));
        Assert.Contains(everything, e => e.Type == EventTypes.Create);
        Assert.Null(sync.Left(roomId));
    }
}
