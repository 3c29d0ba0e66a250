using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>Rooms of version 12, whose creators hold unlimited power, and trusted private chats.</summary>
public sealed class RoomVersionTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_version_12_room_id_is_the_create_event_hash_without_a_server_name()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { RoomVersion = "12" });
        var create = (await alice.GetStateAsync(roomId)).Single(e => e.Type == EventTypes.Create);

        Assert.Equal("12", create.ContentAs<CreateContent>().RoomVersion);
        Assert.DoesNotContain(':', roomId);
        Assert.Equal(roomId[1..], create.EventId[1..]);
    }

    [Fact]
    public async Task A_version_12_creator_is_not_listed_in_power_levels_yet_may_do_everything()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { RoomVersion = "12", Preset = RoomPreset.PublicChat });
        await bob.JoinRoomAsync(roomId);

        var levels = await alice.GetPowerLevelsAsync(roomId);
        await alice.SetRoomNameAsync(roomId, "Renamed by the creator");
        await alice.SendStateAsync(roomId, EventTypes.PowerLevels, "", levels with { Users = new Dictionary<string, long> { [bob.UserId] = 50 } });
        await alice.BanAsync(roomId, bob.UserId);

        Assert.False(levels.Users?.ContainsKey(alice.UserId) ?? false);
        Assert.Equal(50, (await alice.GetPowerLevelsAsync(roomId)).UserLevel(bob.UserId));
        Assert.Equal(Membership.Ban, (await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, bob.UserId)).Membership);
    }

    [Fact]
    public async Task A_version_12_room_needs_more_than_the_state_default_to_send_a_tombstone()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { RoomVersion = "12" });
        var levels = await alice.GetPowerLevelsAsync(roomId);

        Assert.True(levels.Events![EventTypes.Tombstone] > levels.StateDefault);
    }

    [Fact]
    public async Task A_version_12_trusted_private_chat_makes_the_invitees_additional_creators()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { RoomVersion = "12", Preset = RoomPreset.TrustedPrivateChat, Invite = [bob.UserId] });
        var create = await alice.GetStateEventAsync<CreateContent>(roomId, EventTypes.Create);

        Assert.Equal(new[] { bob.UserId }, create.AdditionalCreators);
    }

    [Fact]
    public async Task A_trusted_private_chat_gives_invitees_the_creators_power_level()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { RoomVersion = "11", Preset = RoomPreset.TrustedPrivateChat, Invite = [bob.UserId] });
        var levels = await alice.GetPowerLevelsAsync(roomId);

        Assert.Equal(levels.UserLevel(alice.UserId), levels.UserLevel(bob.UserId));
        Assert.Equal(100, levels.UserLevel(bob.UserId));
    }

    [Fact]
    public async Task A_version_12_invitee_can_join_and_talk()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { RoomVersion = "12", Invite = [bob.UserId] });
        await bob.WaitForSyncAsync(null, s => s.Rooms.Invite.ContainsKey(roomId));

        await bob.JoinRoomAsync(roomId);
        var eventId = await bob.SendTextAsync(roomId, "hello in v12");

        var seen = await alice.WaitForSyncAsync(null, s => s.TimelineHas(roomId, eventId));
        Assert.Equal(bob.UserId, seen.TimelineOf(roomId).Single(e => e.EventId == eventId).Sender);
    }
}
