using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>Inviting users, joining on an invite, and rejecting one.</summary>
public sealed class InviteTests(ServerFixture fixture)
{
    [Fact]
    public async Task An_invited_user_sees_the_invite_with_the_rooms_stripped_state()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var since = (await bob.SyncNowAsync()).NextBatch;
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat, Name = "Secret garden" });

        await alice.InviteAsync(roomId, bob.UserId);
        var sync = await bob.WaitForSyncAsync(since, s => s.Rooms.Invite.ContainsKey(roomId));

        var state = sync.Rooms.Invite[roomId].InviteState.Events;
        Assert.Contains(state, e => e.Type == EventTypes.Name && e.ContentString("name") == "Secret garden");
        Assert.Contains(state, e => e.Type == EventTypes.JoinRules && e.ContentString("join_rule") == "invite");
        var invite = Assert.Single(state, e => e.Type == EventTypes.Member && e.StateKey == bob.UserId);
        Assert.Equal((Membership.Invite, alice.UserId), (invite.Membership, invite.Sender));
    }

    [Fact]
    public async Task An_invited_user_can_join_an_invite_only_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat });
        await alice.InviteAsync(roomId, bob.UserId);

        await bob.JoinRoomAsync(roomId);

        var sync = await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join));
        Assert.NotNull(sync.Joined(roomId));
        Assert.Contains(roomId, await bob.GetJoinedRoomsAsync());
    }

    [Fact]
    public async Task Users_invited_at_creation_see_the_invite()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat, Invite = [bob.UserId, carol.UserId] });

        await bob.WaitForSyncAsync(null, s => s.Rooms.Invite.ContainsKey(roomId));
        await carol.WaitForSyncAsync(null, s => s.Rooms.Invite.ContainsKey(roomId));
        var members = await alice.GetMembersAsync(roomId, membership: Membership.Invite);
        Assert.Equal(new[] { bob.UserId, carol.UserId }.Order(), members.Select(m => m.StateKey!).Order());
    }

    [Fact]
    public async Task An_invited_user_can_reject_the_invite()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat, Invite = [bob.UserId] });
        var invited = await bob.WaitForSyncAsync(null, s => s.Rooms.Invite.ContainsKey(roomId));

        await bob.LeaveRoomAsync(roomId);

        var rejected = await bob.WaitForSyncAsync(invited.NextBatch, s => s.Left(roomId) is not null);
        Assert.DoesNotContain(roomId, rejected.Rooms.Invite.Keys);
        Assert.Equal((bob.UserId, Membership.Leave), rejected.Left(roomId)!.Timeline.Events.Memberships()[^1]);
        Assert.Equal(Membership.Leave, (await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, bob.UserId)).Membership);
        Assert.DoesNotContain(roomId, await bob.GetJoinedRoomsAsync());
    }

    [Fact]
    public async Task An_invite_to_a_room_everyone_left_can_still_be_rejected()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat, Invite = [bob.UserId] });
        await alice.LeaveRoomAsync(roomId);
        var invited = await bob.WaitForSyncAsync(null, s => s.Rooms.Invite.ContainsKey(roomId));

        await bob.LeaveRoomAsync(roomId);

        await bob.WaitForSyncAsync(invited.NextBatch, s => s.Left(roomId) is not null);
    }

    [Fact]
    public async Task A_rejected_invite_does_not_show_up_again_in_an_initial_sync()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat, Invite = [bob.UserId] });
        await bob.WaitForSyncAsync(null, s => s.Rooms.Invite.ContainsKey(roomId));

        await bob.LeaveRoomAsync(roomId);
        var initial = await bob.SyncNowAsync();

        Assert.False(initial.Rooms.Invite.ContainsKey(roomId));
        Assert.False(initial.Rooms.Join.ContainsKey(roomId));
    }

    [Fact]
    public async Task A_user_cannot_invite_themselves()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var refused = await Assert.ThrowsAsync<MatrixException>(() => alice.InviteAsync(roomId, alice.UserId));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }

    [Fact]
    public async Task A_user_already_in_the_room_cannot_be_invited()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);

        var refused = await Assert.ThrowsAsync<MatrixException>(() => alice.InviteAsync(roomId, bob.UserId));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }

    [Fact]
    public async Task The_creator_can_be_invited_back_after_leaving()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            Preset = RoomPreset.PrivateChat,
            PowerLevelContentOverride = new { invite = 0 },
            Invite = [bob.UserId],
        });
        await bob.JoinRoomAsync(roomId);
        await alice.LeaveRoomAsync(roomId);

        await bob.InviteAsync(roomId, alice.UserId);
        await alice.JoinRoomAsync(roomId);

        Assert.Contains(roomId, await alice.GetJoinedRoomsAsync());
    }

    [Fact]
    public async Task An_invite_accepted_within_one_sync_window_shows_only_as_joined()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var since = (await bob.SyncNowAsync()).NextBatch;
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat, Invite = [bob.UserId] });

        await bob.JoinRoomAsync(roomId);
        var sync = await bob.CatchUpAsync(since, s => s.Joined(roomId) is not null);

        Assert.False(sync.Rooms.Invite.ContainsKey(roomId));
        Assert.Equal((bob.UserId, Membership.Join), sync.TimelineOf(roomId).Memberships()[^1]);
    }

    [Fact]
    public async Task An_invite_rejected_within_one_sync_window_shows_the_rejection_in_the_leave_section()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var since = (await bob.SyncNowAsync()).NextBatch;
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat, Invite = [bob.UserId] });

        await bob.LeaveRoomAsync(roomId);
        var sync = await bob.CatchUpAsync(since, s => s.Left(roomId) is not null);

        Assert.False(sync.Rooms.Invite.ContainsKey(roomId));
        Assert.Equal((bob.UserId, Membership.Leave), sync.Left(roomId)!.Timeline.Events.Memberships()[^1]);
    }

    [Fact]
    public async Task An_invite_can_carry_a_reason()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat });

        await alice.InviteAsync(roomId, bob.UserId, reason: "come for tea");

        var member = await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, bob.UserId);
        Assert.Equal((Membership.Invite, "come for tea"), (member.Membership, member.Reason));
    }
}
