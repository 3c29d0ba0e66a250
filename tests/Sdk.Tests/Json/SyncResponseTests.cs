using Tangle.Sdk.Events;
using Tangle.Sdk.Sync;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Json;

/// <summary>The <c>/sync</c> model against the spec's own example responses.</summary>
public sealed class SyncResponseTests
{
    private static SyncResponse Example(string name) => MatrixJson.Deserialize<SyncResponse>(SpecExamples.Text(name));

    [Fact]
    public void Top_level_sections_are_typed()
    {
        var sync = Example("sync.get.sync.200.json");

        Assert.Equal("s72595_4483_1934", sync.NextBatch);
        var presence = Assert.Single(sync.Presence.Events);
        Assert.Equal(EventTypes.Presence, presence.Type);
        Assert.Equal("@example:localhost", presence.Sender);
        Assert.Equal("Making cupcakes", presence.ContentString("status_msg"));
        var accountData = Assert.Single(sync.AccountData.Events);
        Assert.Equal("org.example.custom.config", accountData.Type);
        Assert.Equal("custom_config_value", accountData.ContentString("custom_config_key"));
        Assert.Empty(sync.Rooms.Leave);
    }

    [Fact]
    public void Joined_room_has_summary_state_timeline_ephemeral_account_data_and_counts()
    {
        var room = Example("sync.get.sync.200.json").Rooms.Join["!726s6s6q:example.com"];

        Assert.Equal(["@alice:example.com", "@bob:example.com"], room.Summary!.Heroes);
        Assert.Equal(2, room.Summary.JoinedMemberCount);
        Assert.Equal(0, room.Summary.InvitedMemberCount);

        var member = Assert.Single(room.State.Events);
        Assert.Equal("$143273976499sgjks:example.org", member.EventId);
        Assert.Equal("@example:example.org", member.StateKey);
        Assert.True(member.IsState);
        Assert.Equal(Membership.Join, member.Membership);
        Assert.Equal("Example user", member.AsMember()!.DisplayName);
        Assert.Equal(45603, member.Unsigned!.Age);
        Assert.Null(member.RoomId);

        Assert.True(room.Timeline.Limited);
        Assert.Equal("t34-23535_0_0", room.Timeline.PrevBatch);
        Assert.Equal(2, room.Timeline.Events.Count);
        Assert.Equal("Looking for support", room.Timeline.Events[0].AsMember()!.Reason);
        var message = room.Timeline.Events[1];
        Assert.False(message.IsState);
        Assert.Equal(EventTypes.Message, message.Type);
        Assert.Equal("This is an example text message", message.Body);
        Assert.Equal(MessageTypes.Text, message.MsgType);
        Assert.Equal("<b>This is an example text message</b>", message.AsMessage()!.FormattedBody);
        Assert.Equal(1432735824653, message.OriginServerTs);
        Assert.Null(message.Membership);

        Assert.Equal([EventTypes.Typing, EventTypes.Receipt], room.Ephemeral.Events.Select(e => e.Type));
        Assert.Equal([EventTypes.Tag, "org.example.custom.room.config"], room.AccountData.Events.Select(e => e.Type));
        Assert.Equal(1, room.UnreadNotifications!.HighlightCount);
        Assert.Equal(5, room.UnreadNotifications.NotificationCount);
        Assert.Equal(6, room.UnreadThreadNotifications!["$threadroot"].NotificationCount);
    }

    [Fact]
    public void Invited_and_knocked_rooms_carry_stripped_state()
    {
        var sync = Example("sync.get.sync.200.json");

        var invite = sync.Rooms.Invite["!696r7674:example.com"].InviteState.Events;
        Assert.Equal([EventTypes.Name, EventTypes.Member], invite.Select(e => e.Type));
        Assert.Equal("My Room Name", invite[0].ContentAs<RoomNameContent>().Name);
        Assert.Equal("@bob:example.com", invite[1].StateKey);
        Assert.Equal(Membership.Invite, invite[1].Membership);
        Assert.Equal("@alice:example.com", invite[1].Sender);

        var knock = sync.Rooms.Knock["!223asd456:example.com"].KnockState.Events;
        Assert.Equal(Membership.Knock, knock[1].Membership);
    }

    [Fact]
    public void End_to_end_encryption_extensions_are_typed()
    {
        var sync = Example("sync.e2ee.json");

        Assert.Equal(["@alice:example.com"], sync.DeviceLists!.Changed);
        Assert.Equal(["@bob:example.com"], sync.DeviceLists.Left);
        Assert.Equal(20, sync.DeviceOneTimeKeysCount!["signed_curve25519"]);
        Assert.Equal(["signed_curve25519"], sync.DeviceUnusedFallbackKeyTypes);
    }

    [Fact]
    public void To_device_events_are_typed()
    {
        var message = Assert.Single(Example("sync.to_device.json").ToDevice.Events);

        Assert.Equal("m.new_device", message.Type);
        Assert.Equal("@alice:example.com", message.Sender);
        Assert.Equal("XYZABCDE", message.ContentString("device_id"));
    }

    [Fact]
    public void Sections_a_server_omits_are_empty_not_null()
    {
        var sync = MatrixJson.Deserialize<SyncResponse>("""{"next_batch":"s1"}""");

        Assert.Empty(sync.Rooms.Join);
        Assert.Empty(sync.ToDevice.Events);
        Assert.Empty(sync.Presence.Events);
        Assert.Null(sync.DeviceLists);
        var room = MatrixJson.Deserialize<JoinedRoom>("{}");
        Assert.Empty(room.Timeline.Events);
        Assert.False(room.Timeline.Limited);
        Assert.Null(room.Timeline.PrevBatch);
    }

    [Theory]
    [InlineData("sync.get.sync.200.json")]
    [InlineData("sync.e2ee.json")]
    [InlineData("sync.to_device.json")]
    public void Round_trip_preserves_every_field(string example)
    {
        var original = SpecExamples.Text(example);

        var reserialized = MatrixJson.Serialize(MatrixJson.Deserialize<SyncResponse>(original));

        JsonAssert.Preserves(original, reserialized);
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip()
    {
        const string original = """
            {"next_batch":"s9","org.example.extension":{"a":1},
             "rooms":{"join":{"!r:x":{"org.example.room_field":true,
               "timeline":{"events":[{"type":"m.room.message","event_id":"$e","sender":"@a:x","origin_server_ts":5,
                 "content":{"body":"hi","msgtype":"m.text","org.example.custom":[1,2]},
                 "org.example.top":"kept","unsigned":{"org.example.u":"kept too"}}]}}}}}
            """;

        var sync = MatrixJson.Deserialize<SyncResponse>(original);

        Assert.True(sync.AdditionalProperties!.ContainsKey("org.example.extension"));
        var ev = sync.Rooms.Join["!r:x"].Timeline.Events[0];
        Assert.Equal("kept", ev.AdditionalProperties!["org.example.top"].GetString());
        Assert.Equal("kept too", ev.Unsigned!.AdditionalProperties!["org.example.u"].GetString());
        JsonAssert.Preserves(original, MatrixJson.Serialize(sync));
    }
}
