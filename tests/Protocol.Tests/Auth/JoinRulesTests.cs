using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>Membership join, other than restricted joins (rule 5.3 in v12).</summary>
public sealed class JoinRulesTests
{
    [Theory]
    [Versions]
    public void The_creator_may_join_right_after_the_create_event(string v)
    {
        var events = new TestEvents(VersionOf(v));
        var create = events.Create(Alice);

        var join = events.Member(Alice, Alice, Membership.Join, [create], [create]);

        Assert.True(AuthRules.Check(join, AuthState.FromEvents([create])).IsAllowed);
    }

    [Theory]
    [Versions(1, 10)]
    public void The_creator_named_in_the_create_content_joins_first_before_version_11(string v)
    {
        var events = new TestEvents(VersionOf(v));
        var create = events.Create(Alice, $$"""{"creator":"{{Bob}}","room_version":"{{v}}"}""");

        var bobJoins = events.Member(Bob, Bob, Membership.Join, [create], [create]);
        var aliceJoins = events.Member(Alice, Alice, Membership.Join, [create], [create]);

        Assert.True(AuthRules.Check(bobJoins, AuthState.FromEvents([create])).IsAllowed);
        Assert.Equal(AuthRule.JoinRuleForbids, AuthRules.Check(aliceJoins, AuthState.FromEvents([create])).RejectedBy);
    }

    [Theory]
    [Versions(11)]
    public void The_sender_of_the_create_event_joins_first_from_version_11(string v)
    {
        var events = new TestEvents(VersionOf(v));
        var create = events.Create(Alice, $$"""{"creator":"{{Bob}}","room_version":"{{v}}"}""");

        var aliceJoins = events.Member(Alice, Alice, Membership.Join, [create], [create]);
        var bobJoins = events.Member(Bob, Bob, Membership.Join, [create], [create]);

        Assert.True(AuthRules.Check(aliceJoins, AuthState.FromEvents([create])).IsAllowed);
        Assert.Equal(AuthRule.JoinRuleForbids, AuthRules.Check(bobJoins, AuthState.FromEvents([create])).RejectedBy);
    }

    [Theory]
    [Versions]
    public void The_creators_first_join_must_follow_only_the_create_event(string v)
    {
        var events = new TestEvents(VersionOf(v));
        var create = events.Create(Alice);
        var stray = events.Event(Alice, "m.room.message", null, "{}", [create], [create]);

        var afterNothing = events.Member(Alice, Alice, Membership.Join, [create], []);
        var afterTwo = events.Member(Alice, Alice, Membership.Join, [create], [create, stray]);

        Assert.Equal(AuthRule.JoinRuleForbids, AuthRules.Check(afterNothing, AuthState.FromEvents([create])).RejectedBy);
        Assert.Equal(AuthRule.JoinRuleForbids, AuthRules.Check(afterTwo, AuthState.FromEvents([create])).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Anyone_may_join_a_public_room(string v)
    {
        var room = Create(v, JoinRule.Public);

        Assert.True(room.Check(room.Member(Eve, Eve, Membership.Join)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_join_on_behalf_of_someone_else_is_rejected(string v)
    {
        var room = Create(v, JoinRule.Public);

        Assert.Equal(AuthRule.JoinSenderMismatch, room.Check(room.Member(Alice, Bob, Membership.Join)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_banned_user_cannot_join_even_a_public_room(string v)
    {
        var room = Create(v, JoinRule.Public);
        room.Ban(Alice, Bob);

        Assert.Equal(AuthRule.JoinSenderBanned, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void An_invited_user_may_join_an_invite_only_room(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Join)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_joined_user_may_join_again_in_an_invite_only_room(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);
        room.Join(Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Join, "\"displayname\":\"Bobby\"")).IsAllowed);
    }

    [Theory]
    [Versions]
    public void An_uninvited_user_cannot_join_an_invite_only_room(string v)
    {
        var room = Create(v, JoinRule.Invite);

        Assert.Equal(AuthRule.JoinNotInvited, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_user_who_left_cannot_join_an_invite_only_room_again(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);
        room.Join(Bob);
        room.Leave(Bob);

        Assert.Equal(AuthRule.JoinNotInvited, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
    }

    [Theory]
    [Versions(Cases = [JoinRule.Private, "org.example.custom"])]
    public void A_join_rule_that_is_neither_public_nor_invite_admits_nobody(string v, string joinRule)
    {
        var room = Create(v, joinRule);
        room.Invite(Alice, Bob);

        Assert.Equal(AuthRule.JoinRuleForbids, room.Check(room.Member(Charlie, Charlie, Membership.Join)).RejectedBy);
        Assert.Equal(AuthRule.JoinRuleForbids, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_room_without_join_rules_admits_nobody(string v)
    {
        var room = Bare(v);

        Assert.Equal(AuthRule.JoinRuleForbids, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
    }

    [Theory]
    [Versions(7)]
    public void An_invited_user_may_join_a_knock_room_from_version_7(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Knock(Bob);
        room.Invite(Alice, Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Join)).IsAllowed);
    }

    [Theory]
    [Versions(7)]
    public void A_knocking_user_cannot_join_a_knock_room_uninvited_from_version_7(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Knock(Bob);

        Assert.Equal(AuthRule.JoinNotInvited, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
        Assert.Equal(AuthRule.JoinNotInvited, room.Check(room.Member(Charlie, Charlie, Membership.Join)).RejectedBy);
    }

    [Theory]
    [Versions(1, 6)]
    public void The_knock_join_rule_admits_nobody_before_version_7(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Invite(Alice, Bob);

        Assert.Equal(AuthRule.JoinRuleForbids, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
    }
}
