using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>POST /join/{roomIdOrAlias}, POST /rooms/{roomId}/join and /leave.</summary>
public sealed class JoinTests(ServerFixture fixture)
{
    [Fact]
    public async Task Join_by_alias_joins_the_aliased_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var localpart = TestUsers.UniqueLocalpart("lobby");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PublicChat, RoomAliasName = localpart });

        var joined = await bob.JoinRoomAsync($"#{localpart}:{fixture.Server.ServerName}");

        Assert.Equal(roomId, joined);
        Assert.Contains(roomId, await bob.GetJoinedRoomsAsync());
    }

    [Fact]
    public async Task Join_by_room_id_on_the_room_path_joins_the_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync();

        var joined = await bob.JoinRoomByIdAsync(roomId);

        Assert.Equal(roomId, joined);
        Assert.Equal(Membership.Join, (await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, bob.UserId)).Membership);
    }

    [Fact]
    public async Task A_join_carries_the_reason_and_the_users_profile()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        await bob.SetDisplayNameAsync("Bob the Builder");
        var roomId = await alice.PublicRoomAsync();

        await bob.JoinRoomAsync(roomId, reason: "can we fix it");

        var member = await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, bob.UserId);
        Assert.Equal((Membership.Join, "Bob the Builder", "can we fix it"), (member.Membership, member.DisplayName, member.Reason));
    }

    [Fact]
    public async Task Join_of_an_unknown_alias_is_not_found()
    {
        using var bob = await fixture.RegisterAsync("bob");

        var refused = await Assert.ThrowsAsync<MatrixException>(() => bob.JoinRoomAsync($"#{TestUsers.UniqueLocalpart("nowhere")}:{fixture.Server.ServerName}"));

        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.NotFound), (refused.StatusCode, refused.ErrCode));
    }

    [Fact]
    public async Task Leaving_a_room_records_the_leave_and_the_reason()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);

        await bob.LeaveRoomAsync(roomId, "off to bed");

        var member = await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, bob.UserId);
        Assert.Equal((Membership.Leave, "off to bed"), (member.Membership, member.Reason));
        Assert.DoesNotContain(roomId, await bob.GetJoinedRoomsAsync());
    }

    [Fact]
    public async Task Joining_after_rejecting_an_invite_moves_the_room_from_leave_to_join()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync();
        await alice.InviteAsync(roomId, bob.UserId);
        var invited = await bob.WaitForSyncAsync(null, s => s.Rooms.Invite.ContainsKey(roomId));
        await bob.LeaveRoomAsync(roomId);
        var rejected = await bob.WaitForSyncAsync(invited.NextBatch, s => s.Left(roomId) is not null);

        await bob.JoinRoomAsync(roomId);

        var joined = await bob.CatchUpAsync(rejected.NextBatch, s => s.Joined(roomId) is not null);
        Assert.Null(joined.Left(roomId));
        var fullState = await bob.SyncAsync(rejected.NextBatch, TimeSpan.Zero, fullState: true);
        Assert.Null(fullState.Left(roomId));
        Assert.NotNull(fullState.Joined(roomId));
    }
}
