using Tangle.Protocol.Push;
using static Tangle.Protocol.Tests.Push.PushEvents;

namespace Tangle.Protocol.Tests.Push;

/// <summary>A user's changes to their rules: adding, ordering, replacing, deleting, enabling, and actions.</summary>
public sealed class PushRuleChangesTests
{
    private static readonly PushRuleset Defaults = PushEvents.Defaults();

    private static PushRuleError? Put(PushRuleChanges changes, PushRuleKind kind, string id, string body, string? before = null, string? after = null) =>
        changes.Put(kind, id, JsonOf(body), before, after);

    private static IEnumerable<string> Ids(PushRuleChanges changes, PushRuleKind kind) => changes.ApplyTo(Defaults)[kind].Select(r => r.RuleId);

    [Fact]
    public void A_new_rule_is_enabled_not_default_and_most_important_of_its_kind()
    {
        var changes = new PushRuleChanges();

        Assert.Null(Put(changes, PushRuleKind.Content, "first", """{"pattern":"cake","actions":["notify"]}"""));
        Assert.Null(Put(changes, PushRuleKind.Content, "second", """{"pattern":"pie","actions":["notify"]}"""));

        Assert.Equal(["second", "first"], Ids(changes, PushRuleKind.Content));
        var rule = changes.ApplyTo(Defaults).Find(PushRuleKind.Content, "first")!;
        Assert.Equal((true, false, "cake"), (rule.Enabled, rule.Default, rule.Pattern));
    }

    [Fact]
    public void User_rules_rank_above_the_defaults_of_their_kind_but_below_the_master_rule()
    {
        var changes = new PushRuleChanges();

        Put(changes, PushRuleKind.Override, "mine", """{"conditions":[],"actions":[]}""");
        Put(changes, PushRuleKind.Underride, "low", """{"actions":["notify"]}""");

        Assert.Equal([".m.rule.master", "mine", ".m.rule.suppress_notices"], Ids(changes, PushRuleKind.Override).Take(3));
        Assert.Equal(["low", ".m.rule.call"], Ids(changes, PushRuleKind.Underride).Take(2));
        Assert.Empty(changes.ApplyTo(Defaults).Find(PushRuleKind.Underride, "low")!.Conditions!);
    }

    [Fact]
    public void Before_and_after_place_a_rule_next_to_another_user_rule()
    {
        var changes = new PushRuleChanges();
        Put(changes, PushRuleKind.Room, "!b:x", """{"actions":[]}""");
        Put(changes, PushRuleKind.Room, "!a:x", """{"actions":[]}""");

        Put(changes, PushRuleKind.Room, "!c:x", """{"actions":[]}""", after: "!b:x");
        Put(changes, PushRuleKind.Room, "!d:x", """{"actions":[]}""", before: "!b:x");
        Put(changes, PushRuleKind.Room, "!e:x", """{"actions":[]}""", before: "!a:x", after: "!c:x");

        Assert.Equal(["!e:x", "!a:x", "!d:x", "!b:x", "!c:x"], Ids(changes, PushRuleKind.Room));
    }

    [Fact]
    public void Replacing_a_rule_keeps_its_place_and_enabled_flag_unless_moved()
    {
        var changes = new PushRuleChanges();
        Put(changes, PushRuleKind.Content, "a", """{"pattern":"a","actions":[]}""");
        Put(changes, PushRuleKind.Content, "b", """{"pattern":"b","actions":[]}""");
        changes.SetEnabled(Defaults, PushRuleKind.Content, "a", false);

        Put(changes, PushRuleKind.Content, "a", """{"pattern":"z","actions":["notify"]}""");
        Assert.Equal(["b", "a"], Ids(changes, PushRuleKind.Content));
        Assert.Equal(("z", false), (changes.Own(PushRuleKind.Content)[1].Pattern, changes.Own(PushRuleKind.Content)[1].Enabled));

        Put(changes, PushRuleKind.Content, "a", """{"pattern":"z","actions":[]}""", before: "b");
        Assert.Equal(["a", "b"], Ids(changes, PushRuleKind.Content));
    }

    [Theory]
    [InlineData(".m.rule.master")]
    [InlineData(".custom")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public void Reserved_or_malformed_rule_ids_are_refused(string id) =>
        Assert.Equal(PushRuleErrorKind.InvalidParam, Put(new PushRuleChanges(), PushRuleKind.Override, id, """{"actions":[]}""")?.Kind);

    [Fact]
    public void Placing_relative_to_a_missing_rule_is_an_unknown_anchor_and_changes_nothing()
    {
        var changes = new PushRuleChanges();

        var error = Put(changes, PushRuleKind.Sender, "@x:y", """{"actions":[]}""", before: "nothere");

        Assert.Equal(PushRuleErrorKind.UnknownAnchor, error?.Kind);
        Assert.Empty(changes.Own(PushRuleKind.Sender));
    }

    [Fact]
    public void Placing_relative_to_a_server_default_rule_is_refused() =>
        Assert.Equal(PushRuleErrorKind.InvalidParam,
            Put(new PushRuleChanges(), PushRuleKind.Override, "x", """{"actions":[]}""", after: ".m.rule.master")?.Kind);

    [Theory]
    [InlineData(PushRuleKind.Override, """{}""", PushRuleErrorKind.MissingParam)]
    [InlineData(PushRuleKind.Override, """{"actions":"notify"}""", PushRuleErrorKind.BadJson)]
    [InlineData(PushRuleKind.Override, """{"actions":["explode"]}""", PushRuleErrorKind.InvalidParam)]
    [InlineData(PushRuleKind.Override, """{"actions":[{"value":"x"}]}""", PushRuleErrorKind.InvalidParam)]
    [InlineData(PushRuleKind.Override, """{"actions":[5]}""", PushRuleErrorKind.InvalidParam)]
    [InlineData(PushRuleKind.Override, """{"actions":[],"conditions":{}}""", PushRuleErrorKind.BadJson)]
    [InlineData(PushRuleKind.Override, """{"actions":[],"conditions":[{"key":"type"}]}""", PushRuleErrorKind.BadJson)]
    [InlineData(PushRuleKind.Content, """{"actions":[]}""", PushRuleErrorKind.MissingParam)]
    [InlineData(PushRuleKind.Content, """{"actions":[],"pattern":5}""", PushRuleErrorKind.BadJson)]
    public void Malformed_rules_are_refused(PushRuleKind kind, string body, PushRuleErrorKind expected) =>
        Assert.Equal(expected, Put(new PushRuleChanges(), kind, "r", body)?.Kind);

    [Fact]
    public void Historical_actions_are_stripped_and_tweaks_kept()
    {
        var changes = new PushRuleChanges();

        Put(changes, PushRuleKind.Sender, "@x:y", """{"actions":["dont_notify","notify",{"set_tweak":"sound","value":"bell"},"coalesce"]}""");

        var actions = changes.Own(PushRuleKind.Sender)[0].Actions;
        Assert.Equal(["\"notify\"", """{"set_tweak":"sound","value":"bell"}"""], actions.Select(a => a.GetRawText()));
    }

    [Fact]
    public void Server_default_rules_cannot_be_deleted_and_unknown_rules_are_not_found()
    {
        var changes = new PushRuleChanges();

        Assert.Equal(PushRuleErrorKind.InvalidParam, changes.Delete(Defaults, PushRuleKind.Override, ".m.rule.master")?.Kind);
        Assert.Equal(PushRuleErrorKind.NotFound, changes.Delete(Defaults, PushRuleKind.Override, "nothere")?.Kind);
        Assert.Equal(PushRuleErrorKind.NotFound, changes.Delete(Defaults, PushRuleKind.Content, ".m.rule.master")?.Kind);
    }

    [Fact]
    public void Deleting_a_user_rule_removes_it()
    {
        var changes = new PushRuleChanges();
        Put(changes, PushRuleKind.Room, "!r:x", """{"actions":[]}""");

        Assert.Null(changes.Delete(Defaults, PushRuleKind.Room, "!r:x"));

        Assert.Empty(Ids(changes, PushRuleKind.Room));
    }

    [Fact]
    public void Default_rules_can_be_disabled_and_given_new_actions()
    {
        var changes = new PushRuleChanges();

        Assert.Null(changes.SetEnabled(Defaults, PushRuleKind.Underride, ".m.rule.message", false));
        Assert.Null(changes.SetActions(Defaults, PushRuleKind.Override, ".m.rule.member_event", JsonOf("""["notify"]""")));

        var merged = changes.ApplyTo(Defaults);
        Assert.False(merged.Find(PushRuleKind.Underride, ".m.rule.message")!.Enabled);
        Assert.Equal("[\"notify\"]", JsonOf("[" + string.Join(",", merged.Find(PushRuleKind.Override, ".m.rule.member_event")!.Actions.Select(a => a.GetRawText())) + "]").GetRawText());
        Assert.True(merged.Find(PushRuleKind.Override, ".m.rule.member_event")!.Default);
    }

    [Fact]
    public void Enabling_or_setting_actions_of_an_unknown_rule_is_not_found()
    {
        var changes = new PushRuleChanges();

        Assert.Equal(PushRuleErrorKind.NotFound, changes.SetEnabled(Defaults, PushRuleKind.Room, "!nope:x", true)?.Kind);
        Assert.Equal(PushRuleErrorKind.NotFound, changes.SetActions(Defaults, PushRuleKind.Room, "!nope:x", JsonOf("[]"))?.Kind);
        Assert.Equal(PushRuleErrorKind.NotFound, changes.SetEnabled(Defaults, PushRuleKind.Underride, ".m.rule.master", true)?.Kind);
    }

    [Fact]
    public void Setting_invalid_actions_is_refused()
    {
        var changes = new PushRuleChanges();

        Assert.Equal(PushRuleErrorKind.InvalidParam, changes.SetActions(Defaults, PushRuleKind.Override, ".m.rule.master", JsonOf("""["boom"]"""))?.Kind);
        Assert.Equal(PushRuleErrorKind.BadJson, changes.SetActions(Defaults, PushRuleKind.Override, ".m.rule.master", JsonOf("{}"))?.Kind);
    }

    [Fact]
    public void Changes_survive_storage_as_json()
    {
        var changes = new PushRuleChanges();
        Put(changes, PushRuleKind.Override, "o", """{"conditions":[{"kind":"event_match","key":"content.body","pattern":"beer"},{"kind":"room_member_count","is":"<=10"}],"actions":["notify",{"set_tweak":"sound","value":"beeroclock.wav"}]}""");
        Put(changes, PushRuleKind.Content, "c", """{"pattern":"cake","actions":["notify"]}""");
        changes.SetEnabled(Defaults, PushRuleKind.Content, "c", false);
        changes.SetEnabled(Defaults, PushRuleKind.Override, ".m.rule.master", true);
        changes.SetActions(Defaults, PushRuleKind.Underride, ".m.rule.message", JsonOf("[]"));

        var restored = PushRuleChanges.Parse(changes.ToJson());

        Assert.Equal(changes.ApplyTo(Defaults).ToJson().GetRawText(), restored.ApplyTo(Defaults).ToJson().GetRawText());
        Assert.Equal(changes.ToJson(), restored.ToJson());
    }

    [Fact]
    public void No_stored_changes_means_the_defaults()
    {
        Assert.Equal(Defaults.ToJson().GetRawText(), PushRuleChanges.Parse(null).ApplyTo(Defaults).ToJson().GetRawText());
        Assert.Equal(Defaults.ToJson().GetRawText(), PushRuleChanges.Parse("").ApplyTo(Defaults).ToJson().GetRawText());
    }

    [Fact]
    public void A_user_override_rule_from_the_spec_example_takes_effect()
    {
        var changes = new PushRuleChanges();
        Put(changes, PushRuleKind.Override, "beer", """{"conditions":[{"kind":"event_match","key":"content.body","pattern":"beer"},{"kind":"room_member_count","is":"<=10"}],"actions":["notify",{"set_tweak":"sound","value":"beeroclock.wav"}]}""");
        var rules = new PushRuleEvaluator(changes.ApplyTo(Defaults));

        Assert.Equal("beeroclock.wav", rules.ActionsFor(Text("Beer o'clock?"), Group()).Sound);
        Assert.Null(rules.ActionsFor(Text("Beer o'clock?"), Group() with { MemberCount = 11 }).Sound);
    }
}
