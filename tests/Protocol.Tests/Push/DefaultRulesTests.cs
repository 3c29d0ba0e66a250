using Tangle.Protocol.Push;
using static Tangle.Protocol.Tests.Push.PushEvents;

namespace Tangle.Protocol.Tests.Push;

/// <summary>The specification's predefined rules, evaluated for alice against events from bob.</summary>
public sealed class DefaultRulesTests
{
    private static readonly PushRuleEvaluator Rules = DefaultEvaluator();

    private static (string? Rule, bool Notify, bool Highlight, string? Sound) Outcome(System.Text.Json.JsonElement pdu, PushContext? context = null)
    {
        var match = Rules.Evaluate(pdu, context ?? Group());
        return (match?.Rule.RuleId, match?.Actions.Notify ?? false, match?.Actions.Highlight ?? false, match?.Actions.Sound);
    }

    [Fact]
    public void A_message_in_a_group_room_notifies_without_highlight_or_sound() =>
        Assert.Equal((".m.rule.message", true, false, null), Outcome(Text("hello everyone")));

    [Fact]
    public void A_message_in_a_one_to_one_room_notifies_with_a_sound() =>
        Assert.Equal((".m.rule.room_one_to_one", true, false, "default"), Outcome(Text("hi"), OneToOne()));

    [Fact]
    public void A_notice_is_suppressed() =>
        Assert.Equal((".m.rule.suppress_notices", false, false, null), Outcome(Message("""{"msgtype":"m.notice","body":"bot says"}"""), OneToOne()));

    [Fact]
    public void A_user_mention_highlights_with_a_sound() =>
        Assert.Equal((".m.rule.is_user_mention", true, true, "default"),
            Outcome(Message($$$"""{"msgtype":"m.text","body":"hey","m.mentions":{"user_ids":["{{{Alice}}}"]}}""")));

    [Fact]
    public void A_mention_of_someone_else_is_a_plain_message() =>
        Assert.Equal((".m.rule.message", true, false, null),
            Outcome(Message("""{"msgtype":"m.text","body":"hey","m.mentions":{"user_ids":["@carol:example.org"]}}""")));

    [Fact]
    public void The_display_name_in_the_body_alone_no_longer_highlights() =>
        Assert.Equal((".m.rule.message", true, false, null), Outcome(Text("Alice, look at this")));

    [Fact]
    public void A_room_mention_highlights_when_the_sender_has_the_room_notification_level()
    {
        var mention = Message("""{"msgtype":"m.text","body":"@room hello","m.mentions":{"room":true}}""");

        Assert.Equal((".m.rule.is_room_mention", true, true, null), Outcome(mention, Group(senderPower: 50)));
        Assert.Equal((".m.rule.message", true, false, null), Outcome(mention, Group(senderPower: 49)));
        Assert.Equal((".m.rule.is_room_mention", true, true, null),
            Outcome(mention, Group(senderPower: 0, notifications: new Dictionary<string, long> { ["room"] = 0 })));
    }

    [Fact]
    public void A_room_mention_needs_the_boolean_true() =>
        Assert.Equal((".m.rule.message", true, false, null),
            Outcome(Message("""{"msgtype":"m.text","body":"@room","m.mentions":{"room":"true"}}"""), Group(senderPower: 100)));

    [Fact]
    public void A_mention_inside_a_notice_is_still_suppressed() =>
        Assert.Equal(".m.rule.suppress_notices",
            Outcome(Message($$$"""{"msgtype":"m.notice","body":"x","m.mentions":{"user_ids":["{{{Alice}}}"]}}""")).Rule);

    [Fact]
    public void An_invite_for_the_user_notifies_with_a_sound() =>
        Assert.Equal((".m.rule.invite_for_me", true, false, "default"),
            Outcome(Event($$""" "type":"m.room.member","state_key":"{{Alice}}","content":{"membership":"invite"} """)));

    [Theory]
    [InlineData("@carol:example.org", "invite")]
    [InlineData(Alice, "join")]
    [InlineData(Bob, "join")]
    [InlineData(Alice, "ban")]
    public void Other_member_events_do_not_notify(string target, string membership) =>
        Assert.Equal((".m.rule.member_event", false, false, null),
            Outcome(Event($$""" "type":"m.room.member","state_key":"{{target}}","content":{"membership":"{{membership}}"} """), OneToOne()));

    [Fact]
    public void A_reaction_does_not_notify() =>
        Assert.Equal((".m.rule.reaction", false, false, null),
            Outcome(Message("""{"m.relates_to":{"rel_type":"m.annotation","event_id":"$x","key":"👍"}}""", "m.reaction"), OneToOne()));

    [Fact]
    public void An_edit_is_suppressed_unless_it_newly_mentions_the_user()
    {
        var edit = Message($$$"""{"msgtype":"m.text","body":"* hi","m.new_content":{"body":"hi"},"m.relates_to":{"rel_type":"m.replace","event_id":"$x"},"m.mentions":{"user_ids":["{{{Alice}}}"]}}""");

        Assert.Equal(".m.rule.is_user_mention", Outcome(edit).Rule);
        var editWithoutMention = Message("""{"msgtype":"m.text","body":"* hi","m.relates_to":{"rel_type":"m.replace","event_id":"$x"}}""");
        Assert.Equal((".m.rule.suppress_edits", false, false, null), Outcome(editWithoutMention, OneToOne()));
    }

    [Fact]
    public void An_encrypted_event_notifies_without_highlight() =>
        Assert.Equal((".m.rule.encrypted", true, false, null),
            Outcome(Message("""{"algorithm":"m.megolm.v1.aes-sha2","ciphertext":"AwgAEn..."}""", "m.room.encrypted")));

    [Fact]
    public void An_encrypted_event_in_a_one_to_one_room_notifies_with_a_sound() =>
        Assert.Equal((".m.rule.encrypted_room_one_to_one", true, false, "default"),
            Outcome(Message("""{"algorithm":"m.megolm.v1.aes-sha2","ciphertext":"AwgAEn..."}""", "m.room.encrypted"), OneToOne()));

    [Fact]
    public void A_call_invite_rings() =>
        Assert.Equal((".m.rule.call", true, false, "ring"), Outcome(Message("""{"call_id":"c","version":"1"}""", "m.call.invite")));

    [Fact]
    public void A_tombstone_state_event_highlights() =>
        Assert.Equal((".m.rule.tombstone", true, true, null),
            Outcome(Event(""" "type":"m.room.tombstone","state_key":"","content":{"body":"moved","replacement_room":"!new:example.org"} """)));

    [Fact]
    public void A_tombstone_that_is_not_state_matches_nothing() =>
        Assert.Null(Outcome(Message("""{"body":"moved","replacement_room":"!new:example.org"}""", "m.room.tombstone")).Rule);

    [Fact]
    public void A_server_acl_change_does_not_notify() =>
        Assert.Equal((".m.rule.room.server_acl", false, false, null),
            Outcome(Event(""" "type":"m.room.server_acl","state_key":"","content":{"allow":["*"]} """)));

    [Fact]
    public void Other_event_types_match_no_rule() =>
        Assert.Null(Outcome(Event(""" "type":"m.room.topic","state_key":"","content":{"topic":"Alice"} """), OneToOne()).Rule);

    [Fact]
    public void The_users_own_events_never_notify() =>
        Assert.Null(Rules.Evaluate(Event($$$""" "type":"m.room.message","content":{"body":"hi","m.mentions":{"user_ids":["{{{Alice}}}"]}} """, sender: Alice), OneToOne()));

    [Fact]
    public void Enabling_the_master_rule_silences_everything()
    {
        var defaults = Defaults();
        var changes = new PushRuleChanges();
        Assert.Null(changes.SetEnabled(defaults, PushRuleKind.Override, ".m.rule.master", true));
        var rules = new PushRuleEvaluator(changes.ApplyTo(defaults));

        var match = rules.Evaluate(Message($$$"""{"msgtype":"m.text","body":"x","m.mentions":{"user_ids":["{{{Alice}}}"]}}"""), OneToOne());

        Assert.Equal((".m.rule.master", false), (match?.Rule.RuleId, match?.Actions.Notify));
    }

    [Fact]
    public void The_defaults_name_the_user_in_their_rules()
    {
        var defaults = Defaults();

        Assert.Equal(Alice, defaults.Find(PushRuleKind.Override, ".m.rule.invite_for_me")!.Conditions![2].Pattern);
        Assert.Equal(Alice, defaults.Find(PushRuleKind.Override, ".m.rule.is_user_mention")!.Conditions![0].Value!.Value.GetString());
        Assert.All(defaults.InPriorityOrder(), r => Assert.True(r.Rule.Default && r.Rule.RuleId.StartsWith('.')));
    }
}
