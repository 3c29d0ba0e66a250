using Tangle.Sdk.Events;
using Tangle.Sdk.Filters;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Sync;

/// <summary>Sync filters that shape rooms: event types, and lazy-loaded members (on the state or the timeline filter).</summary>
public sealed class SyncFilterTests(ServerFixture fixture)
{
    public static TheoryData<string> LazyLoadingFilters => ["state", "timeline"];

    [Theory]
    [MemberData(nameof(LazyLoadingFilters))]
    public async Task An_initial_sync_with_lazy_loading_gives_the_member_events_of_timeline_senders_only(string on)
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.PublicRoomAsync(bob, carol);
        await carol.SendTextAsync(roomId, "from carol, outside the window");
        var last = await bob.SendTextAsync(roomId, "from bob, the only event in the window");

        var sync = await alice.WaitForSyncAsync(null, s => s.TimelineHas(roomId, last), LazyLoading(on, limit: 1));

        var members = sync.Joined(roomId)!.State.Events.Memberships().Select(m => m.User).ToList();
        Assert.Contains(bob.UserId, members);
        Assert.DoesNotContain(carol.UserId, members);
    }

    [Theory]
    [MemberData(nameof(LazyLoadingFilters))]
    public async Task An_incremental_sync_with_lazy_loading_gives_the_member_event_of_a_new_sender(string on)
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.PublicRoomAsync(bob, carol);
        var filter = LazyLoading(on, limit: 1);
        var last = await bob.SendTextAsync(roomId, "from bob");
        var since = (await alice.WaitForSyncAsync(null, s => s.TimelineHas(roomId, last), filter)).NextBatch;

        var fromCarol = await carol.SendTextAsync(roomId, "carol speaks up");
        var sync = await alice.CatchUpAsync(since, s => s.TimelineHas(roomId, fromCarol), filter);

        var member = Assert.Single(sync.Joined(roomId)!.State.Events, e => e.Type == EventTypes.Member && e.StateKey == carol.UserId);
        Assert.Equal(Membership.Join, member.Membership);
    }

    [Fact]
    public async Task A_newly_joined_room_honours_the_timeline_type_filter_and_limit()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync();
        await alice.SendTextsAsync(roomId, 4, "before bob's token");
        var filter = new Filter
        {
            Room = new RoomFilter
            {
                Timeline = new RoomEventFilter { Limit = 5, Types = [EventTypes.Message] },
                State = new RoomEventFilter { Types = [] },
            },
        }.ToJson();
        var since = (await bob.SyncNowAsync(filter: filter)).NextBatch;
        var sent = await alice.SendTextsAsync(roomId, 4, "after bob's token");

        await bob.JoinRoomAsync(roomId);
        var sync = await bob.CatchUpAsync(since, s => s.Joined(roomId) is not null, filter);

        var timeline = sync.Joined(roomId)!.Timeline;
        Assert.All(timeline.Events, e => Assert.Equal(EventTypes.Message, e.Type));
        Assert.True(timeline.Limited);
        Assert.Equal(5, timeline.Events.Count);
        Assert.Equal(sent[^1], timeline.Events[^1].EventId);
        Assert.Empty(sync.Joined(roomId)!.State.Events);
    }

    [Fact]
    public async Task A_room_filter_leaves_out_other_rooms()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var wanted = await alice.CreateRoomAsync();
        var other = await alice.CreateRoomAsync();

        var sync = await alice.SyncNowAsync(filter: new Filter { Room = new RoomFilter { Rooms = [wanted] } }.ToJson());

        Assert.NotNull(sync.Joined(wanted));
        Assert.Null(sync.Joined(other));
    }

    [Fact]
    public async Task A_stored_filter_can_be_used_by_id()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var sent = await alice.SendTextsAsync(roomId, 3);

        var filterId = await alice.CreateFilterAsync(new Filter { Room = new RoomFilter { Timeline = new RoomEventFilter { Limit = 2 } } });
        var sync = await alice.SyncNowAsync(filter: filterId);

        Assert.Equal(sent[^2..], sync.TimelineOf(roomId).Select(e => e.EventId));
        Assert.True(sync.Joined(roomId)!.Timeline.Limited);
    }

    private static string LazyLoading(string on, int limit)
    {
        var lazy = new RoomEventFilter { LazyLoadMembers = true };
        return new Filter
        {
            Room = new RoomFilter
            {
                State = on == "state" ? lazy : null,
                Timeline = on == "timeline" ? lazy with { Limit = limit } : new RoomEventFilter { Limit = limit },
            },
        }.ToJson();
    }
}
