using System.Text.Json;
using Tangle.Sdk.Events;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Json;

/// <summary>The event models against every event example of the spec.</summary>
public sealed class EventTests
{
    public static TheoryData<string> EventExamples() => [.. SpecExamples.Named("event.")];

    [Theory]
    [MemberData(nameof(EventExamples))]
    public void Every_spec_event_example_round_trips_without_loss(string example)
    {
        var original = SpecExamples.Text(example);
        var json = SpecExamples.Element(example);

        MatrixEvent ev = json.TryGetProperty("event_id", out _)
            ? MatrixJson.Deserialize<RoomEvent>(original)
            : MatrixJson.Deserialize<BasicEvent>(original);

        Assert.Equal(JsonAssert.String(json, "type"), ev.Type);
        JsonAssert.Preserves(original, ev.ToJson());
    }

    [Fact]
    public void Spec_example_set_is_present()
    {
        Assert.True(EventExamples().Count > 50, "the event examples were not copied to the test output");
    }

    [Fact]
    public void Room_message_helpers_read_the_content()
    {
        var ev = MatrixJson.Deserialize<RoomEvent>(SpecExamples.Text("event.m.room.message.m.text.json"));

        Assert.Equal("$143273582443PhrSn:example.org", ev.EventId);
        Assert.Equal("!jEsUZKDJdhlrceRyVU:example.org", ev.RoomId);
        Assert.Equal("@example:example.org", ev.Sender);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1432735824653), ev.OriginServerTime);
        Assert.Equal("This is an example text message", ev.Body);
        Assert.Equal(MessageTypes.Text, ev.MsgType);
        var message = ev.AsMessage()!;
        Assert.Equal(MessageContent.HtmlFormat, message.Format);
        Assert.Null(ev.AsMember());
        Assert.Null(ev.StateKey);
        Assert.Equal("join", ev.Unsigned!.Membership);
    }

    [Fact]
    public void Member_helpers_read_the_content()
    {
        var ev = MatrixJson.Deserialize<RoomEvent>(SpecExamples.Text("event.m.room.member.json"));

        Assert.Equal(Membership.Join, ev.Membership);
        var member = ev.AsMember()!;
        Assert.Equal("Alice Margatroid", member.DisplayName);
        Assert.Equal("mxc://example.org/SEsfnsuifSDFSSEF", member.AvatarUrl);
        Assert.Equal("@alice:example.org", ev.StateKey);
        Assert.Null(ev.AsMessage());
    }

    [Fact]
    public void Redaction_target_is_read_from_content_or_top_level()
    {
        var v11 = MatrixJson.Deserialize<RoomEvent>(SpecExamples.Text("event.m.room.redaction.json"));
        var legacy = MatrixJson.Deserialize<RoomEvent>(
            """{"type":"m.room.redaction","event_id":"$r","sender":"@a:x","origin_server_ts":1,"redacts":"$old","content":{}}""");

        Assert.Equal("$fukweghifu23:localhost", v11.Redacts);
        Assert.Equal("$old", legacy.Redacts);
    }

    [Fact]
    public void Relations_are_read_from_m_relates_to()
    {
        var ev = MatrixJson.Deserialize<RoomEvent>(SpecExamples.Text("event.m.reaction.json"));

        var relation = ev.GetRelatesTo()!;
        Assert.Equal(RelationTypes.Annotation, relation.RelType);
        Assert.Equal("$some_event_id", relation.EventId);
        Assert.Equal("👍", relation.Key);
    }

    [Fact]
    public void State_contents_deserialize_from_spec_examples()
    {
        var powerLevels = MatrixJson.Deserialize<RoomEvent>(SpecExamples.Text("event.m.room.power_levels.json")).ContentAs<PowerLevelsContent>();
        var create = MatrixJson.Deserialize<RoomEvent>(SpecExamples.Text("event.m.room.create.json")).ContentAs<CreateContent>();
        var joinRules = MatrixJson.Deserialize<RoomEvent>(SpecExamples.Text("event.m.room.join_rules.json")).ContentAs<JoinRulesContent>();

        Assert.Equal(100, powerLevels.UserLevel("@example:localhost"));
        Assert.Equal(0, powerLevels.UserLevel("@nobody:localhost"));
        Assert.Equal(100, powerLevels.Events!["m.room.name"]);
        Assert.Equal(20, powerLevels.Notifications!["room"]);
        Assert.Equal(50, powerLevels.Ban);
        Assert.Equal("11", create.RoomVersion);
        Assert.True(create.Federate);
        Assert.Equal("!oldroom:example.org", JsonAssert.String(create.Predecessor!.Value, "room_id"));
        Assert.Equal("public", joinRules.JoinRule);
    }

    [Fact]
    public void Power_levels_keep_fields_the_sdk_does_not_model_through_a_change()
    {
        var levels = MatrixJson.Deserialize<PowerLevelsContent>("""{"ban": 50, "historical": 100, "users": {"@a:x": 100}}""");

        var changed = MatrixJson.ToElement(levels with { Ban = 60 });

        Assert.Equal(60, changed.GetProperty("ban").GetInt32());
        Assert.Equal(100, changed.GetProperty("historical").GetInt32());
        Assert.Equal(100, changed.GetProperty("users").GetProperty("@a:x").GetInt32());
    }

    [Fact]
    public void Ephemeral_and_to_device_events_deserialize()
    {
        var typing = MatrixJson.Deserialize<BasicEvent>(SpecExamples.Text("event.m.typing.json"));
        var roomKey = MatrixJson.Deserialize<ToDeviceEvent>(SpecExamples.Text("event.m.room_key.json"));

        Assert.Equal(["@alice:matrix.org", "@bob:example.com"], typing.Content.GetProperty("user_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("X3lUlvLELLYxeTx4yOVu6UDpasGEVO0Jbu+QFnm0cKQ", roomKey.ContentString("session_id"));
    }

    [Fact]
    public void Unknown_content_fields_are_kept_by_typed_content()
    {
        const string content = """{"msgtype":"m.image","body":"cat.png","url":"mxc://x/y","info":{"w":10},"org.example.flag":true}""";

        var message = MatrixJson.Deserialize<MessageContent>(content);

        Assert.Equal("mxc://x/y", message.Url);
        Assert.Equal(10, message.Info!.Value.GetProperty("w").GetInt32());
        Assert.True(message.AdditionalProperties!["org.example.flag"].GetBoolean());
        JsonAssert.Equal(content, MatrixJson.Serialize(message));
    }

    [Fact]
    public void Message_builders_produce_spec_shaped_content()
    {
        JsonAssert.Equal("""{"msgtype":"m.text","body":"hi"}""", MatrixJson.Serialize(MessageContent.Text("hi")));
        JsonAssert.Equal("""{"msgtype":"m.notice","body":"n"}""", MatrixJson.Serialize(MessageContent.Notice("n")));
        JsonAssert.Equal(
            """{"msgtype":"m.text","body":"re","m.relates_to":{"m.in_reply_to":{"event_id":"$parent"}}}""",
            MatrixJson.Serialize(MessageContent.Text("re").ReplyingTo("$parent")));
        JsonAssert.Equal(
            """{"msgtype":"m.text","body":"t","m.relates_to":{"rel_type":"m.thread","event_id":"$root","is_falling_back":true,"m.in_reply_to":{"event_id":"$last"}}}""",
            MatrixJson.Serialize(MessageContent.Text("t").InThread("$root", "$last")));
        JsonAssert.Equal(
            """{"msgtype":"m.text","body":"* fixed","m.new_content":{"msgtype":"m.text","body":"fixed"},"m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}}""",
            MatrixJson.Serialize(MessageContent.Text("fixed").AsReplacementOf("$orig")));
        JsonAssert.Equal(
            """{"m.relates_to":{"rel_type":"m.annotation","event_id":"$e","key":"👍"}}""",
            MatrixJson.Serialize(ReactionContent.To("$e", "👍")));
    }

    [Fact]
    public void Events_without_content_get_an_empty_object()
    {
        var ev = MatrixJson.Deserialize<BasicEvent>("""{"type":"m.dummy"}""");

        Assert.Equal(JsonValueKind.Object, ev.Content.ValueKind);
        Assert.Null(ev.Body);
        JsonAssert.Equal("""{"type":"m.dummy","content":{}}""", ev.ToJson());
    }
}
