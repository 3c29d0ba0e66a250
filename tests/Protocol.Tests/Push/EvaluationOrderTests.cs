using Tangle.Protocol.Push;
using static Tangle.Protocol.Tests.Push.PushEvents;

namespace Tangle.Protocol.Tests.Push;

/// <summary>Which rule decides: kinds in order, rules in order, disabled rules skipped, predefined conditions of content, room and sender rules.</summary>
public sealed class EvaluationOrderTests
{
    private static string Rule(string id, string actions = """["notify"]""", bool enabled = true, string? conditions = null, string? pattern = null) =>
        $$"""{"rule_id":"{{id}}","default":false,"enabled":{{(enabled ? "true" : "false")}},"actions":{{actions}}{{(conditions is null ? "" : $",\"conditions\":{conditions}")}}{{(pattern is null ? "" : $",\"pattern\":\"{pattern}\"")}}}""";

    private static PushRuleset Ruleset(string json) => PushRuleset.Parse(JsonOf(json));

    [Fact]
    public void Override_content_room_sender_underride_are_checked_in_that_order()
    {
        var all = $$"""
            {"underride":[{{Rule("u", conditions: "[]")}}],"sender":[{{Rule(Bob)}}],"room":[{{Rule(Room)}}],
             "content":[{{Rule("c", pattern: "cake")}}],"override":[{{Rule("o", conditions: """[{"kind":"event_match","key":"content.body","pattern":"override"}]""")}}]}
            """;
        var rules = new PushRuleEvaluator(Ruleset(all));

        Assert.Equal("o", rules.Evaluate(Text("override cake"), Group())?.Rule.RuleId);
        Assert.Equal("c", rules.Evaluate(Text("some cake"), Group())?.Rule.RuleId);
        Assert.Equal(Room, rules.Evaluate(Text("pie"), Group())?.Rule.RuleId);
        Assert.Equal(PushRuleKind.Room, rules.Evaluate(Text("pie"), Group())?.Kind);
    }

    [Fact]
    public void Sender_rules_come_before_underride_and_underride_is_last()
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"underride":[{{Rule("u", conditions: "[]")}}],"sender":[{{Rule(Bob)}}]}"""));

        Assert.Equal(Bob, rules.Evaluate(Text("x"), Group())?.Rule.RuleId);
        Assert.Equal("u", rules.Evaluate(Event(""" "type":"m.room.message","content":{} """, sender: "@carol:example.org"), Group())?.Rule.RuleId);
    }

    [Fact]
    public void Within_a_kind_the_first_matching_rule_wins()
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"content":[{{Rule("time", "[]", pattern: "time")}},{{Rule("tea", """["notify"]""", pattern: "tea")}}]}"""));

        var match = rules.Evaluate(Text("It's time for tea"), Group());

        Assert.Equal(("time", false), (match?.Rule.RuleId, match?.Actions.Notify));
    }

    [Fact]
    public void Disabled_rules_never_match()
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"override":[{{Rule("off", enabled: false, conditions: "[]")}}],"underride":[{{Rule("on", "[]", conditions: "[]")}}]}"""));

        Assert.Equal("on", rules.Evaluate(Text("x"), Group())?.Rule.RuleId);
    }

    [Fact]
    public void No_matching_rule_means_no_actions()
    {
        var rules = new PushRuleEvaluator(Ruleset("{}"));

        Assert.Null(rules.Evaluate(Text("x"), Group()));
        Assert.Equal(PushActions.None, rules.ActionsFor(Text("x"), Group()));
    }

    [Fact]
    public void A_content_rule_matches_words_of_the_body_case_insensitively()
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"content":[{{Rule("cake", pattern: "cake*lie")}}]}"""));

        Assert.NotNull(rules.Evaluate(Text("The CAKE is a lie."), Group()));
        Assert.Null(rules.Evaluate(Text("cakes are lies"), Group()));
        Assert.Null(rules.Evaluate(Message("""{"msgtype":"m.text"}"""), Group()));
    }

    [Fact]
    public void A_content_rule_without_a_pattern_never_matches()
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"content":[{{Rule("nopattern")}}]}"""));

        Assert.Null(rules.Evaluate(Text("anything"), Group()));
    }

    [Fact]
    public void Room_and_sender_rules_match_by_their_rule_id()
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"room":[{{Rule("!other:example.org")}}],"sender":[{{Rule("@carol:example.org")}}]}"""));

        Assert.Null(rules.Evaluate(Text("x"), Group()));
        Assert.NotNull(rules.Evaluate(Event(""" "type":"m.room.message","content":{} """, sender: "@carol:example.org"), Group()));
    }

    [Fact]
    public void Historical_actions_are_ignored()
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"override":[{{Rule("old", """["dont_notify","coalesce"]""", conditions: "[]")}}]}"""));

        var match = rules.Evaluate(Text("x"), Group());

        Assert.Equal((false, 0), (match!.Actions.Notify, match.Actions.Actions.Count));
    }

    [Theory]
    [InlineData("""[{"set_tweak":"highlight"}]""", true)]
    [InlineData("""[{"set_tweak":"highlight","value":true}]""", true)]
    [InlineData("""[{"set_tweak":"highlight","value":false}]""", false)]
    [InlineData("""[{"set_tweak":"sound","value":"default"}]""", false)]
    [InlineData("""["notify"]""", false)]
    public void The_highlight_tweak_defaults_to_true_when_given_without_a_value(string actions, bool highlight)
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"override":[{{Rule("h", actions, conditions: "[]")}}]}"""));

        Assert.Equal(highlight, rules.ActionsFor(Text("x"), Group()).Highlight);
    }

    [Fact]
    public void Unknown_tweaks_pass_through_the_actions()
    {
        var rules = new PushRuleEvaluator(Ruleset($$"""{"override":[{{Rule("t", """["notify",{"set_tweak":"org.example.light","value":"blue"}]""", conditions: "[]")}}]}"""));

        var actions = rules.ActionsFor(Text("x"), Group());

        Assert.Equal(2, actions.Actions.Count);
        Assert.Equal("org.example.light", actions.Actions[1].GetProperty("set_tweak").GetString());
    }

    [Fact]
    public void A_ruleset_round_trips_through_json()
    {
        var defaults = Defaults();

        var again = PushRuleset.Parse(defaults.ToJson());

        Assert.Equal(defaults.ToJson().GetRawText(), again.ToJson().GetRawText());
        Assert.Equal(10, again[PushRuleKind.Override].Count);
        Assert.Equal(5, again[PushRuleKind.Underride].Count);
    }
}
