using static Tangle.Protocol.Tests.Push.PushEvents;

namespace Tangle.Protocol.Tests.Push;

/// <summary>Each condition kind of the push module, with the specification's examples.</summary>
public sealed class ConditionTests
{
    private static readonly string TopicEvent =
        """ "type":"m.room.topic","state_key":"","content":{"topic":"Lunch plans"} """;

    [Fact]
    public void Event_match_globs_a_property_case_insensitively()
    {
        var rule = Conditions("""[{"kind":"event_match","key":"content.topic","pattern":"lunc?*"}]""");

        Assert.True(rule.Matches(Event(TopicEvent)));
        Assert.True(rule.Matches(Event(""" "type":"m.room.topic","state_key":"","content":{"topic":"LUNCH"} """)));
        Assert.False(rule.Matches(Event(""" "type":"m.room.topic","state_key":"","content":{"topic":" lunch"} """)));
        Assert.False(rule.Matches(Event(""" "type":"m.room.topic","state_key":"","content":{"topic":"lunc"} """)));
    }

    [Theory]
    [InlineData("""{"topic":null}""")]
    [InlineData("""{"topic":5}""")]
    [InlineData("""{"topic":["lunch"]}""")]
    [InlineData("""{}""")]
    public void Event_match_never_matches_an_absent_or_non_string_property_even_with_a_star(string content)
    {
        var rule = Conditions("""[{"kind":"event_match","key":"content.topic","pattern":"*"}]""");

        Assert.False(rule.Matches(Event($$""" "type":"m.room.topic","state_key":"","content":{{content}} """)));
    }

    [Fact]
    public void Event_match_on_the_body_matches_words_and_elsewhere_the_whole_value()
    {
        var body = Conditions("""[{"kind":"event_match","key":"content.body","pattern":"ex*ple"}]""");
        var msgtype = Conditions("""[{"kind":"event_match","key":"content.msgtype","pattern":"text"}]""");

        Assert.True(body.Matches(Text("An example event.")));
        Assert.True(body.Matches(Text("An exciting triple-whammy")));
        Assert.False(msgtype.Matches(Text("m.text")));
        Assert.False(msgtype.Matches(Message("""{"msgtype":"m.text body","body":"x"}""")));
    }

    [Fact]
    public void Event_match_reads_top_level_fields_and_escaped_paths()
    {
        var state = Conditions("""[{"kind":"event_match","key":"state_key","pattern":""}]""");
        var dotted = Conditions("""[{"kind":"event_match","key":"content.m\\.relates_to.rel_type","pattern":"m.thread"}]""");

        Assert.True(state.Matches(Event(TopicEvent)));
        Assert.False(state.Matches(Text("hi")));
        Assert.True(dotted.Matches(Message("""{"body":"x","m.relates_to":{"rel_type":"m.thread"}}""")));
        Assert.False(dotted.Matches(Message("""{"body":"x","m":{"relates_to":{"rel_type":"m.thread"}}}""")));
    }

    [Fact]
    public void Event_match_without_a_key_or_pattern_never_matches()
    {
        Assert.False(Conditions("""[{"kind":"event_match","pattern":"*"}]""").Matches(Text("x")));
        Assert.False(Conditions("""[{"kind":"event_match","key":"type"}]""").Matches(Text("x")));
        Assert.False(Conditions("""[{"kind":"event_match","key":"type","pattern":5}]""").Matches(Text("x")));
    }

    [Fact]
    public void Event_property_is_matches_the_specifications_federate_example()
    {
        var rule = Conditions("""[{"kind":"event_property_is","key":"content.m\\.federate","value":true}]""");
        string Create(string federate) => $$""" "type":"m.room.create","state_key":"","content":{"creator":"@example:example.org","m.federate":{{federate}},"room_version":"1"} """;

        Assert.True(rule.Matches(Event(Create("true"))));
        Assert.False(rule.Matches(Event(Create("\"true\""))));
        Assert.False(rule.Matches(Event(Create("1"))));
        Assert.False(rule.Matches(Event(Create("false"))));
    }

    [Theory]
    [InlineData("\"m.replace\"", "\"m.replace\"", true)]
    [InlineData("\"m.replace\"", "\"M.REPLACE\"", false)]
    [InlineData("42", "42", true)]
    [InlineData("42", "43", false)]
    [InlineData("42", "\"42\"", false)]
    [InlineData("null", "null", true)]
    [InlineData("null", "false", false)]
    [InlineData("false", "false", true)]
    [InlineData("-9007199254740991", "-9007199254740991", true)]
    [InlineData("9007199254740992", "9007199254740992", false)]
    [InlineData("1.5", "1.5", false)]
    [InlineData("[1]", "[1]", false)]
    [InlineData("{}", "{}", false)]
    public void Event_property_is_compares_simple_values_exactly(string expected, string actual, bool matches)
    {
        var rule = Conditions($$"""[{"kind":"event_property_is","key":"content.v","value":{{expected}}}]""");

        Assert.Equal(matches, rule.Matches(Message($$"""{"v":{{actual}}}""")));
    }

    [Fact]
    public void Event_property_is_never_matches_an_absent_property_or_without_a_value()
    {
        Assert.False(Conditions("""[{"kind":"event_property_is","key":"content.v","value":null}]""").Matches(Message("{}")));
        Assert.False(Conditions("""[{"kind":"event_property_is","key":"content.v"}]""").Matches(Message("""{"v":null}""")));
    }

    [Fact]
    public void Event_property_contains_matches_the_specifications_alias_example()
    {
        var rule = Conditions("""[{"kind":"event_property_contains","key":"content.alt_aliases","value":"#myroom:example.com"}]""");
        var partial = Conditions("""[{"kind":"event_property_contains","key":"content.alt_aliases","value":":example.com"}]""");
        var aliases = Event(""" "type":"m.room.canonical_alias","state_key":"","content":{"alias":"#somewhere:localhost","alt_aliases":["#somewhere:example.org","#myroom:example.com"]} """);

        Assert.True(rule.Matches(aliases));
        Assert.False(partial.Matches(aliases));
    }

    [Theory]
    [InlineData("""[1, "x", true]""", "true", true)]
    [InlineData("""[1, "x", true]""", "1", true)]
    [InlineData("""[1, "x", true]""", "\"1\"", false)]
    [InlineData("""[[1], {"a":1}, null]""", "null", true)]
    [InlineData("""[[1], {"a":1}]""", "1", false)]
    [InlineData("""[]""", "1", false)]
    [InlineData("\"x\"", "\"x\"", false)]
    [InlineData("{\"x\":1}", "\"x\"", false)]
    public void Event_property_contains_needs_an_array_holding_the_exact_value(string array, string value, bool matches)
    {
        var rule = Conditions($$"""[{"kind":"event_property_contains","key":"content.list","value":{{value}}}]""");

        Assert.Equal(matches, rule.Matches(Message($$"""{"list":{{array}}}""")));
    }

    [Theory]
    [InlineData("Hello Alice!", true)]
    [InlineData("alice: are you there", true)]
    [InlineData("ALICE", true)]
    [InlineData("Alice's cat", true)]
    [InlineData("Alicent is here", false)]
    [InlineData("MalIce", false)]
    [InlineData("alice_2", false)]
    public void Contains_display_name_matches_the_name_as_a_word(string body, bool matches)
    {
        var rule = Conditions("""[{"kind":"contains_display_name"}]""");

        Assert.Equal(matches, rule.Matches(Text(body), Group(displayName: "Alice")));
    }

    [Fact]
    public void Contains_display_name_needs_a_name_and_a_body()
    {
        var rule = Conditions("""[{"kind":"contains_display_name"}]""");

        Assert.False(rule.Matches(Text("anything"), Group(displayName: null)));
        Assert.False(rule.Matches(Text("anything"), Group(displayName: "")));
        Assert.False(rule.Matches(Message("""{"msgtype":"m.text"}"""), Group(displayName: "Alice")));
        Assert.True(rule.Matches(Text("Dr. Who (Alice) is in"), Group(displayName: "Dr. Who")));
        Assert.True(rule.Matches(Text("hi Bob"), Group(displayName: "Bob")));
    }

    [Theory]
    [InlineData("2", 2, true)]
    [InlineData("2", 3, false)]
    [InlineData("==2", 2, true)]
    [InlineData("<10", 9, true)]
    [InlineData("<10", 10, false)]
    [InlineData(">10", 11, true)]
    [InlineData(">10", 10, false)]
    [InlineData("<=10", 10, true)]
    [InlineData("<=10", 11, false)]
    [InlineData(">=10", 10, true)]
    [InlineData(">=10", 9, false)]
    public void Room_member_count_compares_with_the_prefix(string test, long members, bool matches)
    {
        var rule = Conditions($$"""[{"kind":"room_member_count","is":"{{test}}"}]""");

        Assert.Equal(matches, rule.Matches(Text("x"), Group() with { MemberCount = members }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("two")]
    [InlineData("=2")]
    [InlineData("=<2")]
    [InlineData("!=2")]
    [InlineData(" 2")]
    [InlineData("2.0")]
    [InlineData("-2")]
    [InlineData("<")]
    public void Room_member_count_with_a_malformed_test_never_matches(string test)
    {
        var rule = Conditions($$"""[{"kind":"room_member_count","is":"{{test}}"}]""");

        Assert.False(rule.Matches(Text("x"), Group() with { MemberCount = 2 }));
    }

    [Fact]
    public void Room_member_count_without_is_never_matches() =>
        Assert.False(Conditions("""[{"kind":"room_member_count"}]""").Matches(Text("x"), OneToOne()));

    [Theory]
    [InlineData(49, null, false)]
    [InlineData(50, null, true)]
    [InlineData(0, 0L, true)]
    [InlineData(99, 100L, false)]
    [InlineData(100, 100L, true)]
    public void Sender_notification_permission_needs_the_level_of_the_key(long senderPower, long? roomLevel, bool matches)
    {
        var rule = Conditions("""[{"kind":"sender_notification_permission","key":"room"}]""");
        var levels = roomLevel is { } level ? new Dictionary<string, long> { ["room"] = level } : null;

        Assert.Equal(matches, rule.Matches(Text("x"), Group(senderPower, notifications: levels)));
    }

    [Fact]
    public void Sender_notification_permission_without_a_key_never_matches() =>
        Assert.False(Conditions("""[{"kind":"sender_notification_permission"}]""").Matches(Text("x"), Group(100)));

    [Theory]
    [InlineData("""[{"kind":"org.example.unknown"}]""")]
    [InlineData("""[{"kind":"event_match","key":"type","pattern":"m.room.message"},{"kind":"org.example.unknown"}]""")]
    [InlineData("""[{"key":"type","pattern":"m.room.message"}]""")]
    public void Unknown_conditions_never_match(string conditions) =>
        Assert.False(Conditions(conditions).Matches(Text("x")));

    [Fact]
    public void A_rule_with_no_conditions_matches_everything_and_all_conditions_must_hold()
    {
        Assert.True(Conditions("[]").Matches(Text("x")));
        var both = Conditions("""[{"kind":"event_match","key":"type","pattern":"m.room.message"},{"kind":"room_member_count","is":"2"}]""");
        Assert.True(both.Matches(Text("x"), OneToOne()));
        Assert.False(both.Matches(Text("x"), Group()));
    }
}
