using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>Membership invite without a third-party invite (rules 5.4.2 to 5.4.5 in v12).</summary>
public sealed class InviteRulesTests
{
    [Theory]
    [Versions]
    public void A_joined_member_may_invite(string v)
    {
        var room = Create(v, JoinRule.Invite);

        Assert.True(room.Check(room.Member(Alice, Bob, Membership.Invite)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_sender_who_is_not_joined_cannot_invite(string v)
    {
        var room = Create(v, JoinRule.Invite);

        Assert.Equal(AuthRule.InviteSenderNotJoined, room.Check(room.Member(Bob, Charlie, Membership.Invite)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void An_invited_user_cannot_invite_before_joining(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);

        Assert.Equal(AuthRule.InviteSenderNotJoined, room.Check(room.Member(Bob, Charlie, Membership.Invite)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_joined_user_cannot_be_invited(string v)
    {
        var room = Create(v);
        room.Join(Bob);

        Assert.Equal(AuthRule.InviteTargetJoinedOrBanned, room.Check(room.Member(Alice, Bob, Membership.Invite)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_banned_user_cannot_be_invited(string v)
    {
        var room = Create(v);
        room.Ban(Alice, Bob);

        Assert.Equal(AuthRule.InviteTargetJoinedOrBanned, room.Check(room.Member(Alice, Bob, Membership.Invite)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void An_invited_user_may_be_invited_again(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);

        Assert.True(room.Check(room.Member(Alice, Bob, Membership.Invite)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_user_who_left_may_be_invited_again(string v)
    {
        var room = Create(v);
        room.Join(Bob);
        room.Leave(Bob);

        Assert.True(room.Check(room.Member(Alice, Bob, Membership.Invite)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void Inviting_needs_the_invite_level(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 49, [Charlie] = 50 }, powerLevelsExtra: "\"invite\":50");
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.InviteInsufficientPower, room.Check(room.Member(Bob, Eve, Membership.Invite)).RejectedBy);
        Assert.True(room.Check(room.Member(Charlie, Eve, Membership.Invite)).IsAllowed);
    }
}
