using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>GET /rooms/{roomId}/state, GET and PUT /rooms/{roomId}/state/{type}/{stateKey}.</summary>
public sealed class RoomStateTests(ServerFixture fixture)
{
    [Fact]
    public async Task Get_state_returns_the_whole_current_state()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PublicChat, Name = "Whole", Topic = "Everything" });

        var state = await alice.GetStateAsync(roomId);

        var keys = state.Select(e => (e.Type, e.StateKey)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Contains((EventTypes.Create, ""), keys);
        Assert.Contains((EventTypes.Member, alice.UserId), keys);
        Assert.Contains((EventTypes.PowerLevels, ""), keys);
        Assert.Contains((EventTypes.JoinRules, ""), keys);
        Assert.Contains((EventTypes.HistoryVisibility, ""), keys);
        Assert.Equal("Whole", state.Single(e => e.Type == EventTypes.Name).ContentString("name"));
        Assert.Equal("Everything", state.Single(e => e.Type == EventTypes.Topic).ContentString("topic"));
        Assert.All(state, e => Assert.Equal(roomId, e.RoomId));
    }

    [Fact]
    public async Task Get_state_of_a_member_fetches_their_membership()
    {
        using var alice = await fixture.RegisterAsync("alice");
        await alice.SetDisplayNameAsync("Alice A.");
        var roomId = await alice.CreateRoomAsync();

        var member = await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, alice.UserId);

        Assert.Equal((Membership.Join, "Alice A."), (member.Membership, member.DisplayName));
    }

    [Fact]
    public async Task Get_state_fetches_the_power_levels()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var levels = await alice.GetPowerLevelsAsync(roomId);

        Assert.Equal(100, levels.UserLevel(alice.UserId));
        Assert.NotNull(levels.Ban);
        Assert.NotNull(levels.StateDefault);
    }

    [Fact]
    public async Task Set_state_changes_the_room_name()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Name = "Before" });

        var eventId = await alice.SetRoomNameAsync(roomId, "After");

        Assert.Equal("After", (await alice.GetStateEventAsync<RoomNameContent>(roomId, EventTypes.Name)).Name);
        Assert.Equal(eventId, (await alice.GetStateAsync(roomId)).Single(e => e.Type == EventTypes.Name).EventId);
    }

    [Fact]
    public async Task Set_state_changes_the_topic_and_members_see_it_in_sync()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var since = (await bob.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;

        var eventId = await alice.SetRoomTopicAsync(roomId, "Fresh topic");

        var sync = await bob.WaitForSyncAsync(since, s => s.TimelineHas(roomId, eventId));
        var topic = sync.TimelineOf(roomId).Single(e => e.EventId == eventId);
        Assert.Equal(("", "Fresh topic"), (topic.StateKey, topic.ContentString("topic")));
    }

    [Fact]
    public async Task A_state_change_carries_the_content_it_replaced()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Name = "Old name" });
        var oldId = (await alice.GetStateAsync(roomId)).Single(e => e.Type == EventTypes.Name).EventId;

        var newId = await alice.SetRoomNameAsync(roomId, "New name");
        var renamed = await alice.GetEventAsync(roomId, newId);

        Assert.Equal("Old name", renamed.Unsigned?.PrevContent?.GetProperty("name").GetString());
        Assert.Equal(oldId, renamed.Unsigned?.ReplacesState);
    }

    [Fact]
    public async Task State_keys_keep_state_of_one_type_apart()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        await alice.SendStateAsync(roomId, "org.example.seat", "north", new { who = "n" });
        await alice.SendStateAsync(roomId, "org.example.seat", "south", new { who = "s" });
        await alice.SendStateAsync(roomId, "org.example.seat", "", new { who = "empty" });
        await alice.SendStateAsync(roomId, "org.example.seat", "north", new { who = "n2" });

        Assert.Equal("n2", (await alice.GetStateEventAsync(roomId, "org.example.seat", "north")).GetProperty("who").GetString());
        Assert.Equal("s", (await alice.GetStateEventAsync(roomId, "org.example.seat", "south")).GetProperty("who").GetString());
        Assert.Equal("empty", (await alice.GetStateEventAsync(roomId, "org.example.seat")).GetProperty("who").GetString());
        Assert.Equal(3, (await alice.GetStateAsync(roomId)).Count(e => e.Type == "org.example.seat"));
    }

    [Fact]
    public async Task A_state_key_may_contain_slashes_and_look_like_a_user_id()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        await alice.SendStateAsync(roomId, "org.example.path", "a/b/c", new { v = 1 });
        await alice.SendStateAsync(roomId, "org.example.path", alice.UserId, new { v = 2 });

        Assert.Equal(1, (await alice.GetStateEventAsync(roomId, "org.example.path", "a/b/c")).GetProperty("v").GetInt32());
        Assert.Equal(2, (await alice.GetStateEventAsync(roomId, "org.example.path", alice.UserId)).GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task Power_levels_read_changed_and_written_back_keep_the_keys_not_changed()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            Preset = RoomPreset.PublicChat,
            PowerLevelContentOverride = new Dictionary<string, object> { ["org.example.level"] = 42 },
        });
        await bob.JoinRoomAsync(roomId);

        var levels = await alice.GetPowerLevelsAsync(roomId);
        await alice.SendStateAsync(roomId, EventTypes.PowerLevels, "", levels with { Users = new Dictionary<string, long>(levels.Users!) { [bob.UserId] = 50 } });

        var after = await alice.GetStateEventAsync(roomId, EventTypes.PowerLevels);
        Assert.Equal(42, after.GetProperty("org.example.level").GetInt32());
        Assert.Equal(50, after.GetProperty("users").GetProperty(bob.UserId).GetInt32());
    }

    [Fact]
    public async Task Get_state_of_an_absent_key_is_not_found()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var missing = await Assert.ThrowsAsync<MatrixException>(() => alice.GetStateEventAsync(roomId, "org.example.nothing", "here"));

        Assert.Equal((HttpStatusCode.NotFound, ErrorCodes.NotFound), (missing.StatusCode, missing.ErrCode));
    }

    [Fact]
    public async Task A_departed_member_sees_the_state_as_it_was_when_they_left()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        await alice.SendStateAsync(roomId, "org.example.note", "", new { body = "before bob left" });
        await bob.LeaveRoomAsync(roomId);

        await alice.SendStateAsync(roomId, "org.example.note", "", new { body = "after bob left" });

        Assert.Equal("before bob left", (await bob.GetStateEventAsync(roomId, "org.example.note")).GetProperty("body").GetString());
        Assert.Equal("after bob left", (await alice.GetStateEventAsync(roomId, "org.example.note")).GetProperty("body").GetString());
        Assert.DoesNotContain(await bob.GetStateAsync(roomId), e => e.ContentString("body") == "after bob left");
    }

    [Fact]
    public async Task Get_state_is_forbidden_to_someone_never_in_a_private_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var eve = await fixture.RegisterAsync("eve");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat });

        var refused = await Assert.ThrowsAsync<MatrixException>(() => eve.GetStateAsync(roomId));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }
}
