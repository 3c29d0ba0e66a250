using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Filters;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>GET /rooms/{roomId}/members (with at, membership, not_membership) and /joined_members.</summary>
public sealed class MemberTests(ServerFixture fixture)
{
    [Fact]
    public async Task Members_lists_everyone_with_a_membership()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);

        var members = await alice.GetMembersAsync(roomId);

        Assert.Equal(new[] { alice.UserId, bob.UserId }.Order(), members.Select(m => m.StateKey!).Order());
        Assert.All(members, m => Assert.Equal((EventTypes.Member, roomId), (m.Type, m.RoomId)));
    }

    [Fact]
    public async Task Members_at_a_token_gives_the_membership_at_that_point()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync();
        var hello = await alice.SendTextAsync(roomId, "hello world");
        var lastOnly = new Filter { Room = new RoomFilter { Timeline = new RoomEventFilter { Limit = 1 } } }.ToJson();
        var before = await alice.WaitForSyncAsync(null, s => s.TimelineHas(roomId, hello), lastOnly);
        var at = before.Joined(roomId)!.Timeline.PrevBatch;

        await bob.JoinRoomAsync(roomId);
        await bob.SendTextAsync(roomId, "hello back");
        var members = await alice.GetMembersAsync(roomId, at: at);

        Assert.Equal([alice.UserId], members.Select(m => m.StateKey!));
    }

    [Fact]
    public async Task Members_at_a_sync_token_gives_the_membership_at_that_point()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync();
        var before = await alice.WaitForSyncAsync(null, s => s.Joined(roomId) is not null);

        await bob.JoinRoomAsync(roomId);
        await alice.WaitForSyncAsync(before.NextBatch, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join));
        var members = await alice.GetMembersAsync(roomId, at: before.NextBatch);

        Assert.Equal([alice.UserId], members.Select(m => m.StateKey!));
    }

    [Fact]
    public async Task Members_can_be_filtered_by_membership()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        await bob.LeaveRoomAsync(roomId);

        var joined = await alice.GetMembersAsync(roomId, membership: Membership.Join);
        var left = await alice.GetMembersAsync(roomId, membership: Membership.Leave);

        Assert.Equal([alice.UserId], joined.Select(m => m.StateKey!));
        Assert.Equal([bob.UserId], left.Select(m => m.StateKey!));
    }

    [Fact]
    public async Task Members_can_exclude_a_membership()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.PublicRoomAsync(bob);
        await alice.InviteAsync(roomId, carol.UserId);
        await bob.LeaveRoomAsync(roomId);

        var notLeft = await alice.GetMembersAsync(roomId, notMembership: Membership.Leave);

        Assert.Equal(new[] { alice.UserId, carol.UserId }.Order(), notLeft.Select(m => m.StateKey!).Order());
    }

    [Fact]
    public async Task Members_of_a_departed_room_are_those_at_the_time_of_leaving()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.PublicRoomAsync(bob);
        await bob.LeaveRoomAsync(roomId);

        await carol.JoinRoomAsync(roomId);
        var members = await bob.GetMembersAsync(roomId);

        Assert.Equal(new[] { alice.UserId, bob.UserId }.Order(), members.Select(m => m.StateKey!).Order());
        Assert.Equal(Membership.Leave, members.Single(m => m.StateKey == bob.UserId).Membership);
    }

    [Fact]
    public async Task Joined_members_lists_joined_users_with_their_profiles()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        await bob.SetDisplayNameAsync("Bobby");
        var roomId = await alice.PublicRoomAsync(bob);
        await alice.InviteAsync(roomId, carol.UserId);

        var joined = await alice.GetJoinedMembersAsync(roomId);

        Assert.Equal(new[] { alice.UserId, bob.UserId }.Order(), joined.Keys.Order());
        Assert.Equal("Bobby", joined[bob.UserId].DisplayName);
    }

    [Fact]
    public async Task Joined_members_is_forbidden_after_leaving()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        await bob.LeaveRoomAsync(roomId);

        var refused = await Assert.ThrowsAsync<MatrixException>(() => bob.GetJoinedMembersAsync(roomId));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }

    [Fact]
    public async Task Members_is_forbidden_to_someone_who_was_never_in_the_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var eve = await fixture.RegisterAsync("eve");
        var roomId = await alice.PublicRoomAsync();

        var refused = await Assert.ThrowsAsync<MatrixException>(() => eve.GetMembersAsync(roomId));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }
}
