using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>POST /createRoom: presets, name, topic, alias, initial state, versions and power levels.</summary>
public sealed class RoomCreationTests(ServerFixture fixture)
{
    [Fact]
    public async Task Create_room_with_the_public_preset_makes_a_public_room()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PublicChat });

        Assert.Equal("public", (await alice.GetStateEventAsync<JoinRulesContent>(roomId, EventTypes.JoinRules)).JoinRule);
        Assert.Equal("shared", (await alice.GetStateEventAsync<HistoryVisibilityContent>(roomId, EventTypes.HistoryVisibility)).HistoryVisibility);
        Assert.NotEqual("can_join", await GuestAccessAsync(alice, roomId));
    }

    [Fact]
    public async Task Create_room_with_the_private_preset_makes_an_invite_only_room()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat });

        Assert.Equal("invite", (await alice.GetStateEventAsync<JoinRulesContent>(roomId, EventTypes.JoinRules)).JoinRule);
        Assert.Equal("shared", (await alice.GetStateEventAsync<HistoryVisibilityContent>(roomId, EventTypes.HistoryVisibility)).HistoryVisibility);
        Assert.Equal("can_join", await GuestAccessAsync(alice, roomId));
    }

    [Fact]
    public async Task Create_room_without_a_preset_follows_the_visibility()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var publicRoom = await alice.CreateRoomAsync(new CreateRoomRequest { Visibility = RoomVisibility.Public });
        var privateRoom = await alice.CreateRoomAsync(new CreateRoomRequest { Visibility = RoomVisibility.Private });

        Assert.Equal("public", (await alice.GetStateEventAsync<JoinRulesContent>(publicRoom, EventTypes.JoinRules)).JoinRule);
        Assert.Equal("invite", (await alice.GetStateEventAsync<JoinRulesContent>(privateRoom, EventTypes.JoinRules)).JoinRule);
    }

    [Fact]
    public async Task Create_room_with_a_name_sets_the_name()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Name = "Tea Room" });

        Assert.Equal("Tea Room", (await alice.GetStateEventAsync<RoomNameContent>(roomId, EventTypes.Name)).Name);
    }

    [Fact]
    public async Task Create_room_with_a_topic_sets_the_topic_with_a_plain_text_representation()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Topic = "Biscuits" });
        var topic = await alice.GetStateEventAsync(roomId, EventTypes.Topic);

        Assert.Equal("Biscuits", topic.GetProperty("topic").GetString());
        var text = topic.GetProperty("m.topic").GetProperty("m.text").EnumerateArray().Single();
        Assert.Equal(("Biscuits", "text/plain"), (text.GetProperty("body").GetString(), text.GetProperty("mimetype").GetString()));
    }

    [Fact]
    public async Task Create_room_sets_state_from_initial_state()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            InitialState = [new InitialStateEvent(EventTypes.Topic, "", new { topic = "From initial state" }), new InitialStateEvent("org.example.flag", "k", new { on = true })],
        });

        Assert.Equal("From initial state", (await alice.GetStateEventAsync<RoomTopicContent>(roomId, EventTypes.Topic)).Topic);
        Assert.True((await alice.GetStateEventAsync(roomId, "org.example.flag", "k")).GetProperty("on").GetBoolean());
    }

    [Fact]
    public async Task Create_room_topic_and_name_override_initial_state()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            Name = "Given name",
            Topic = "Given topic",
            InitialState =
            [
                new InitialStateEvent(EventTypes.Name, "", new { name = "Initial name" }),
                new InitialStateEvent(EventTypes.Topic, "", new { topic = "Initial topic" }),
            ],
        });

        Assert.Equal("Given name", (await alice.GetStateEventAsync<RoomNameContent>(roomId, EventTypes.Name)).Name);
        Assert.Equal("Given topic", (await alice.GetStateEventAsync<RoomTopicContent>(roomId, EventTypes.Topic)).Topic);
    }

    [Fact]
    public async Task Initial_state_overrides_the_preset()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            Preset = RoomPreset.PublicChat,
            InitialState = [new InitialStateEvent(EventTypes.HistoryVisibility, "", new { history_visibility = "joined" })],
        });

        Assert.Equal("joined", (await alice.GetStateEventAsync<HistoryVisibilityContent>(roomId, EventTypes.HistoryVisibility)).HistoryVisibility);
    }

    [Fact]
    public async Task Create_room_with_an_alias_maps_it_and_makes_it_canonical()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var localpart = TestUsers.UniqueLocalpart("tea");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { RoomAliasName = localpart });
        var alias = $"#{localpart}:{fixture.Server.ServerName}";

        Assert.Equal(roomId, (await alice.ResolveAliasAsync(alias)).RoomId);
        Assert.Equal(alias, (await alice.GetStateEventAsync<CanonicalAliasContent>(roomId, EventTypes.CanonicalAlias)).Alias);
    }

    [Fact]
    public async Task Create_room_with_a_taken_alias_is_refused()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var localpart = TestUsers.UniqueLocalpart("dup");
        await alice.CreateRoomAsync(new CreateRoomRequest { RoomAliasName = localpart });

        var refused = await Assert.ThrowsAsync<MatrixException>(() => alice.CreateRoomAsync(new CreateRoomRequest { RoomAliasName = localpart }));

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.RoomInUse), (refused.StatusCode, refused.ErrCode));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("10")]
    [InlineData("11")]
    public async Task Create_room_uses_the_requested_room_version(string version)
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { RoomVersion = version });
        var create = await alice.GetStateEventAsync<CreateContent>(roomId, EventTypes.Create);

        Assert.Equal(version, create.RoomVersion);
        Assert.Equal(100, (await alice.GetPowerLevelsAsync(roomId)).Users?[alice.UserId]);
    }

    [Fact]
    public async Task Create_room_rejects_an_unknown_room_version()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var refused = await Assert.ThrowsAsync<MatrixException>(() => alice.CreateRoomAsync(new CreateRoomRequest { RoomVersion = "no-such-version" }));

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.UnsupportedRoomVersion), (refused.StatusCode, refused.ErrCode));
    }

    [Fact]
    public async Task Create_room_keeps_creation_content_but_not_its_room_version()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            RoomVersion = "10",
            CreationContent = new Dictionary<string, object> { ["room_version"] = "bogus", ["m.federate"] = false, ["org.example.extra"] = "kept" },
        });
        var create = await alice.GetStateEventAsync(roomId, EventTypes.Create);

        Assert.Equal("10", create.GetProperty("room_version").GetString());
        Assert.False(create.GetProperty("m.federate").GetBoolean());
        Assert.Equal("kept", create.GetProperty("org.example.extra").GetString());
        Assert.Equal(alice.UserId, create.GetProperty("creator").GetString());
    }

    [Fact]
    public async Task Create_room_applies_the_power_level_content_override()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest
        {
            PowerLevelContentOverride = new { users_default = 10, invite = 60, events = new Dictionary<string, long> { ["m.room.topic"] = 75 } },
        });
        var levels = await alice.GetPowerLevelsAsync(roomId);

        Assert.Equal((10L, 60L), (levels.UsersDefault, levels.Invite));
        Assert.Equal(75, levels.Events?["m.room.topic"]);
        Assert.Equal(100, levels.UserLevel(alice.UserId));
    }

    [Fact]
    public async Task Create_room_records_the_creator_as_joined()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var roomId = await alice.CreateRoomAsync();

        Assert.Equal(Membership.Join, (await alice.GetStateEventAsync<MemberContent>(roomId, EventTypes.Member, alice.UserId)).Membership);
        Assert.Contains(roomId, await alice.GetJoinedRoomsAsync());
    }

    [Fact]
    public async Task A_newly_created_room_shows_up_in_the_creators_sync_with_its_creation_events()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Name = "Synced" });

        var sync = await alice.WaitForSyncAsync(null, s => s.Joined(roomId) is not null);

        var room = sync.Joined(roomId)!;
        var events = room.State.Events.Concat(room.Timeline.Events).ToList();
        Assert.Contains(events, e => e.Type == EventTypes.Create);
        Assert.Contains(events, e => e.Type == EventTypes.Member && e.StateKey == alice.UserId && e.Membership == Membership.Join);
        Assert.Contains(events, e => e.Type == EventTypes.Name && e.ContentString("name") == "Synced");
    }

    private static async Task<string?> GuestAccessAsync(MatrixClient client, string roomId)
    {
        try
        {
            return (await client.GetStateEventAsync(roomId, "m.room.guest_access")).GetProperty("guest_access").GetString();
        }
        catch (MatrixException e) when (e.ErrCode == ErrorCodes.NotFound)
        {
            return null;
        }
    }
}
