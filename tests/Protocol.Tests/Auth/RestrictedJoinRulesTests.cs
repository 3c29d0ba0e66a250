using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>
/// join_authorised_via_users_server and the restricted join rule (v8+) and knock_restricted (v10+):
/// rules 5.2 and 5.3.5 in v12, 4.2 and 4.3.5 in v8–v11.
/// </summary>
public sealed class RestrictedJoinRulesTests
{
    [Theory]
    [Versions(8, Cases = [JoinRule.Restricted])]
    [Versions(10, Cases = [JoinRule.KnockRestricted])]
    public void A_join_authorised_by_a_member_who_may_invite_is_allowed(string v, string joinRule)
    {
        var room = Create(v, joinRule);

        var join = TestEvents.CoSign(JoinVia(room, Eve, Alice), "example.com");

        Assert.True(room.Check(join).IsAllowed);
    }

    [Theory]
    [Versions(8, Cases = [JoinRule.Restricted])]
    [Versions(10, Cases = [JoinRule.KnockRestricted])]
    public void A_join_not_signed_by_the_authorising_users_server_is_rejected(string v, string joinRule)
    {
        var room = Create(v, joinRule);

        var unsigned = JoinVia(room, Eve, Alice);
        var signedByAnother = TestEvents.CoSign(unsigned, "other.example");

        Assert.Equal(AuthRule.MemberAuthorisingServerNotSigned, room.Check(unsigned).RejectedBy);
        Assert.Equal(AuthRule.MemberAuthorisingServerNotSigned, room.Check(signedByAnother).RejectedBy);
    }

    [Theory]
    [Versions(8)]
    public void A_join_by_a_user_of_the_authorising_server_is_signed_by_it_already(string v)
    {
        var room = Create(v, JoinRule.Restricted);

        Assert.True(room.Check(JoinVia(room, Bob, Alice)).IsAllowed);
    }

    [Theory]
    [Versions(8, Cases = ["\"example.com\"", "\"alice\"", "42", "null"])]
    public void An_authorising_user_that_is_not_a_user_id_is_rejected(string v, string via)
    {
        var room = Create(v, JoinRule.Restricted);

        var join = TestEvents.CoSign(room.Member(Eve, Eve, Membership.Join, $"\"join_authorised_via_users_server\":{via}"), "example.com");

        Assert.Equal(AuthRule.MemberAuthorisingServerNotSigned, room.Check(join).RejectedBy);
    }

    [Theory]
    [Versions(8)]
    public void The_authorising_server_must_sign_whatever_the_membership_from_version_8(string v)
    {
        var room = Create(v);
        room.Join(Eve);

        var leave = room.Member(Eve, Eve, Membership.Leave, $"\"join_authorised_via_users_server\":\"{Alice}\"");

        Assert.Equal(AuthRule.MemberAuthorisingServerNotSigned, room.Check(leave).RejectedBy);
        Assert.True(room.Check(TestEvents.CoSign(leave, "example.com")).IsAllowed);
    }

    [Theory]
    [Versions(1, 7)]
    public void An_authorising_user_means_nothing_before_version_8(string v)
    {
        var room = Create(v, JoinRule.Public);

        Assert.True(room.Check(JoinVia(room, Eve, Alice)).IsAllowed);
    }

    [Theory]
    [Versions(1, 7)]
    public void The_restricted_join_rule_admits_nobody_before_version_8(string v)
    {
        var room = Create(v, JoinRule.Restricted);

        Assert.Equal(AuthRule.JoinRuleForbids, room.Check(TestEvents.CoSign(JoinVia(room, Eve, Alice), "example.com")).RejectedBy);
    }

    [Theory]
    [Versions(8, 9)]
    public void The_knock_restricted_join_rule_admits_nobody_before_version_10(string v)
    {
        var room = Create(v, JoinRule.KnockRestricted);

        Assert.Equal(AuthRule.JoinRuleForbids, room.Check(TestEvents.CoSign(JoinVia(room, Eve, Alice), "example.com")).RejectedBy);
    }

    [Theory]
    [Versions(8, Cases = [JoinRule.Restricted])]
    [Versions(10, Cases = [JoinRule.KnockRestricted])]
    public void A_restricted_join_without_an_authorising_user_is_rejected(string v, string joinRule)
    {
        var room = Create(v, joinRule);

        Assert.Equal(AuthRule.JoinAuthoriserInvalid, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
    }

    [Theory]
    [Versions(8, Cases = [JoinRule.Restricted])]
    [Versions(10, Cases = [JoinRule.KnockRestricted])]
    public void An_authorising_user_who_is_not_joined_is_rejected(string v, string joinRule)
    {
        var room = Create(v, joinRule, users: new Dictionary<string, long> { [Charlie] = 100 });
        room.Invite(Alice, Bob);

        var viaStranger = TestEvents.CoSign(JoinVia(room, Eve, Charlie), "example.com");
        var viaInvited = TestEvents.CoSign(JoinVia(room, Eve, Bob), "example.com");

        Assert.Equal(AuthRule.JoinAuthoriserInvalid, room.Check(viaStranger).RejectedBy);
        Assert.Equal(AuthRule.JoinAuthoriserInvalid, room.Check(viaInvited).RejectedBy);
    }

    [Theory]
    [Versions(8, Cases = [JoinRule.Restricted])]
    [Versions(10, Cases = [JoinRule.KnockRestricted])]
    public void An_authorising_user_below_the_invite_level_is_rejected(string v, string joinRule)
    {
        var room = Create(v, joinRule, users: new Dictionary<string, long> { [Charlie] = 49 }, powerLevelsExtra: "\"invite\":50");
        room.Invite(Alice, Charlie);
        room.Join(Charlie);

        Assert.Equal(AuthRule.JoinAuthoriserInvalid, room.Check(TestEvents.CoSign(JoinVia(room, Eve, Charlie), "example.com")).RejectedBy);
    }

    [Theory]
    [Versions(8, Cases = [JoinRule.Restricted])]
    [Versions(10, Cases = [JoinRule.KnockRestricted])]
    public void An_invited_user_may_join_without_an_authorising_user(string v, string joinRule)
    {
        var room = Create(v, joinRule);
        room.Invite(Alice, Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Join)).IsAllowed);
    }

    [Theory]
    [Versions(8, Cases = [JoinRule.Restricted])]
    [Versions(10, Cases = [JoinRule.KnockRestricted])]
    public void A_joined_user_may_join_again_without_an_authorising_user(string v, string joinRule)
    {
        var room = Create(v, joinRule);
        room.Invite(Alice, Bob);
        room.Join(Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Join, "\"displayname\":\"Bobby\"")).IsAllowed);
    }

    [Theory]
    [Versions(8)]
    public void A_banned_user_cannot_join_even_when_authorised(string v)
    {
        var room = Create(v, JoinRule.Restricted);
        room.Ban(Alice, Eve);

        Assert.Equal(AuthRule.JoinSenderBanned, room.Check(TestEvents.CoSign(JoinVia(room, Eve, Alice), "example.com")).RejectedBy);
    }

    private static Pdu JoinVia(TestRoom room, string user, string authoriser) =>
        room.Member(user, user, Membership.Join, $"\"join_authorised_via_users_server\":\"{authoriser}\"");
}
