using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>Membership knock, added in v7 (rule 5.7 in v12), and leaving from a knock (rule 5.5.1).</summary>
public sealed class KnockRulesTests
{
    [Theory]
    [Versions(1, 6)]
    public void Knocking_is_an_unknown_membership_before_version_7(string v)
    {
        var room = Create(v, JoinRule.Knock);

        Assert.Equal(AuthRule.MembershipUnknown, room.Check(room.Member(Bob, Bob, Membership.Knock)).RejectedBy);
    }

    [Theory]
    [Versions(7)]
    public void A_user_may_knock_on_a_knock_room_from_version_7(string v)
    {
        var room = Create(v, JoinRule.Knock);

        Assert.True(room.Check(room.Member(Eve, Eve, Membership.Knock)).IsAllowed);
    }

    [Theory]
    [Versions(10)]
    public void A_user_may_knock_on_a_knock_restricted_room_from_version_10(string v)
    {
        var room = Create(v, JoinRule.KnockRestricted);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Knock)).IsAllowed);
    }

    [Theory]
    [Versions(7, 9)]
    public void The_knock_restricted_join_rule_allows_no_knocks_before_version_10(string v)
    {
        var room = Create(v, JoinRule.KnockRestricted);

        Assert.Equal(AuthRule.KnockJoinRuleForbids, room.Check(room.Member(Bob, Bob, Membership.Knock)).RejectedBy);
    }

    [Theory]
    [Versions(7, Cases = [JoinRule.Public, JoinRule.Invite, JoinRule.Restricted, JoinRule.Private])]
    public void Knocking_is_rejected_unless_the_join_rule_is_knock(string v, string joinRule)
    {
        var room = Create(v, joinRule);

        Assert.Equal(AuthRule.KnockJoinRuleForbids, room.Check(room.Member(Bob, Bob, Membership.Knock)).RejectedBy);
    }

    [Theory]
    [Versions(7)]
    public void Knocking_is_rejected_in_a_room_without_join_rules(string v)
    {
        var room = Bare(v);

        Assert.Equal(AuthRule.KnockJoinRuleForbids, room.Check(room.Member(Bob, Bob, Membership.Knock)).RejectedBy);
    }

    [Theory]
    [Versions(7)]
    public void A_knock_on_behalf_of_someone_else_is_rejected(string v)
    {
        var room = Create(v, JoinRule.Knock);

        Assert.Equal(AuthRule.KnockSenderMismatch, room.Check(room.Member(Alice, Bob, Membership.Knock)).RejectedBy);
    }

    [Theory]
    [Versions(7, Cases = [Membership.Join, Membership.Invite, Membership.Ban])]
    public void A_user_who_is_joined_invited_or_banned_cannot_knock(string v, string membership)
    {
        var room = Create(v, JoinRule.Knock);
        room.Invite(Alice, Bob);
        if (membership == Membership.Join)
            room.Join(Bob);
        else if (membership == Membership.Ban)
            room.Ban(Alice, Bob);

        Assert.Equal(AuthRule.KnockAlreadyMember, room.Check(room.Member(Bob, Bob, Membership.Knock)).RejectedBy);
    }

    [Theory]
    [Versions(7)]
    public void A_user_who_left_may_knock(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Invite(Alice, Bob);
        room.Leave(Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Knock)).IsAllowed);
    }

    [Theory]
    [Versions(7)]
    public void A_knocking_user_may_knock_again(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Knock(Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Knock)).IsAllowed);
    }

    [Theory]
    [Versions(7)]
    public void A_knocking_user_may_withdraw_by_leaving_from_version_7(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Knock(Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions(1, 6)]
    public void A_knock_in_the_state_is_no_membership_to_leave_from_before_version_7(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Force(room.Member(Bob, Bob, Membership.Knock));

        Assert.Equal(AuthRule.LeaveNotMember, room.Check(room.Member(Bob, Bob, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions(7)]
    public void A_knock_may_be_answered_with_an_invite(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Knock(Bob);

        Assert.True(room.Check(room.Member(Alice, Bob, Membership.Invite)).IsAllowed);
    }

    [Theory]
    [Versions(7)]
    public void A_knock_may_be_denied_with_a_kick(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Knock(Bob);

        Assert.True(room.Check(room.Member(Alice, Bob, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions(7)]
    public void A_knocking_user_is_not_joined(string v)
    {
        var room = Create(v, JoinRule.Knock);
        room.Knock(Bob);

        var message = room.Send(Bob, "m.room.message", null, """{"body":"let me in"}""");

        Assert.Equal(AuthRule.SenderNotJoined, room.Check(message).RejectedBy);
    }
}
