using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>What power levels, join rules and bans forbid, and what they allow.</summary>
public sealed class PermissionTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_member_without_power_cannot_kick()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.PublicRoomAsync(bob, carol);

        await AssertForbiddenAsync(() => bob.KickAsync(roomId, carol.UserId));
        Assert.Equal(Membership.Join, await MembershipAsync(alice, roomId, carol));
    }

    [Fact]
    public async Task A_member_without_power_cannot_ban()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.PublicRoomAsync(bob, carol);

        await AssertForbiddenAsync(() => bob.BanAsync(roomId, carol.UserId));
        Assert.Equal(Membership.Join, await MembershipAsync(alice, roomId, carol));
    }

    [Fact]
    public async Task A_member_without_power_cannot_send_state()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);

        await AssertForbiddenAsync(() => bob.SetRoomNameAsync(roomId, "Taken over"));
        await AssertForbiddenAsync(() => bob.SendStateAsync(roomId, "org.example.anything", "", new { }));
    }

    [Fact]
    public async Task A_member_without_power_cannot_change_the_power_levels()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var levels = await bob.GetPowerLevelsAsync(roomId);

        var users = new Dictionary<string, long>(levels.Users!) { [bob.UserId] = 100 };
        await AssertForbiddenAsync(() => bob.SendStateAsync(roomId, EventTypes.PowerLevels, "", levels with { Users = users }));
        Assert.Equal(0, (await alice.GetPowerLevelsAsync(roomId)).UserLevel(bob.UserId));
    }

    [Fact]
    public async Task A_member_granted_power_may_then_send_state()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var levels = await alice.GetPowerLevelsAsync(roomId);

        await alice.SendStateAsync(roomId, EventTypes.PowerLevels, "", levels with { Users = new Dictionary<string, long>(levels.Users!) { [bob.UserId] = 50 } });
        await bob.SetRoomNameAsync(roomId, "Bob's now");

        Assert.Equal("Bob's now", (await alice.GetStateEventAsync<RoomNameContent>(roomId, EventTypes.Name)).Name);
    }

    [Fact]
    public async Task A_member_cannot_send_messages_below_events_default()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PublicChat, PowerLevelContentOverride = new { events_default = 10 } });
        await bob.JoinRoomAsync(roomId);

        await AssertForbiddenAsync(() => bob.SendTextAsync(roomId, "announcement"));
    }

    [Fact]
    public async Task The_default_user_level_can_be_lowered_below_its_old_value()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            Preset = RoomPreset.PublicChat,
            PowerLevelContentOverride = new { users_default = 100, users = new Dictionary<string, long> { [alice.UserId] = 100 }, events = new { }, notifications = new { } },
        });

        await alice.SendStateAsync(roomId, EventTypes.PowerLevels, "",
            new { users_default = 40, users = new Dictionary<string, long> { [alice.UserId] = 100 }, events = new { }, notifications = new { } });

        Assert.Equal(40, (await alice.GetPowerLevelsAsync(roomId)).UsersDefault);
    }

    [Fact]
    public async Task An_uninvited_user_cannot_join_an_invite_only_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var eve = await fixture.RegisterAsync("eve");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat });

        await AssertForbiddenAsync(() => eve.JoinRoomAsync(roomId));
        Assert.DoesNotContain(roomId, await eve.GetJoinedRoomsAsync());
    }

    [Fact]
    public async Task A_banned_user_cannot_join()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);

        await alice.BanAsync(roomId, bob.UserId, "behave");
        await AssertForbiddenAsync(() => bob.JoinRoomAsync(roomId));

        var member = await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, bob.UserId);
        Assert.Equal((Membership.Ban, "behave"), (member.Membership, member.Reason));
    }

    [Fact]
    public async Task A_banned_user_cannot_be_invited_back()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        await alice.BanAsync(roomId, bob.UserId);

        await AssertForbiddenAsync(() => alice.InviteAsync(roomId, bob.UserId));
    }

    [Fact]
    public async Task An_unbanned_user_can_join_again()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        await alice.BanAsync(roomId, bob.UserId);

        await alice.UnbanAsync(roomId, bob.UserId);
        await bob.JoinRoomAsync(roomId);

        Assert.Equal(Membership.Join, await MembershipAsync(alice, roomId, bob));
    }

    [Fact]
    public async Task A_banned_user_sees_the_ban_in_the_leave_section()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var since = (await bob.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;

        await alice.BanAsync(roomId, bob.UserId);

        var sync = await bob.WaitForSyncAsync(since, s => s.Left(roomId) is not null);
        Assert.Equal((bob.UserId, Membership.Ban), sync.Left(roomId)!.Timeline.Events.Memberships()[^1]);
    }

    [Fact]
    public async Task A_kicked_user_sees_the_kick_and_may_rejoin_a_public_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var since = (await bob.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;

        await alice.KickAsync(roomId, bob.UserId, "cool off");
        var sync = await bob.WaitForSyncAsync(since, s => s.Left(roomId) is not null);
        await bob.JoinRoomAsync(roomId);

        var kick = sync.Left(roomId)!.Timeline.Events.Last(e => e.Type == EventTypes.Member);
        Assert.Equal((alice.UserId, bob.UserId, Membership.Leave, "cool off"), (kick.Sender, kick.StateKey, kick.Membership, kick.AsMember()!.Reason));
        Assert.Equal(Membership.Join, await MembershipAsync(alice, roomId, bob));
    }

    [Fact]
    public async Task Kicking_a_user_who_never_joined_is_forbidden()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync();

        await AssertForbiddenAsync(() => alice.KickAsync(roomId, bob.UserId, "testing"));
    }

    [Fact]
    public async Task Kicking_a_user_who_already_left_is_forbidden()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        await bob.LeaveRoomAsync(roomId);

        await AssertForbiddenAsync(() => alice.KickAsync(roomId, bob.UserId, "testing"));
    }

    [Fact]
    public async Task A_user_outside_the_room_cannot_ban_even_with_power()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            Preset = RoomPreset.PublicChat,
            PowerLevelContentOverride = new { users = new Dictionary<string, long> { [alice.UserId] = 100, [carol.UserId] = 100 } },
        });
        await bob.JoinRoomAsync(roomId);

        await AssertForbiddenAsync(() => carol.BanAsync(roomId, bob.UserId, "testing"));
        Assert.Equal(Membership.Join, await MembershipAsync(alice, roomId, bob));
    }

    private static async Task AssertForbiddenAsync(Func<Task> action)
    {
        var refused = await Assert.ThrowsAsync<MatrixException>(action);
        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }

    private static async Task<string> MembershipAsync(MatrixClient reader, string roomId, MatrixClient member) =>
        (await reader.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, member.UserId)).Membership;
}
