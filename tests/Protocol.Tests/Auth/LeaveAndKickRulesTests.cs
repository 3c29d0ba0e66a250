using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>Membership leave, by the user (leaving) or by another (kick, unban): rule 5.5 in v12.</summary>
public sealed class LeaveAndKickRulesTests
{
    [Theory]
    [Versions]
    public void A_joined_user_may_leave(string v)
    {
        var room = Create(v);
        room.Join(Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void An_invited_user_may_decline_by_leaving(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_user_who_was_never_in_the_room_cannot_leave(string v)
    {
        var room = Create(v);

        Assert.Equal(AuthRule.LeaveNotMember, room.Check(room.Member(Bob, Bob, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_user_who_already_left_cannot_leave_again(string v)
    {
        var room = Create(v);
        room.Join(Bob);
        room.Leave(Bob);

        Assert.Equal(AuthRule.LeaveNotMember, room.Check(room.Member(Bob, Bob, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_banned_user_cannot_unban_themselves_by_leaving(string v)
    {
        var room = Create(v);
        room.Join(Bob);
        room.Ban(Alice, Bob);

        Assert.Equal(AuthRule.LeaveNotMember, room.Check(room.Member(Bob, Bob, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_member_at_the_kick_level_may_kick_a_lower_member(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 50, [Charlie] = 49 });
        room.Join(Bob);
        room.Join(Charlie);

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void An_invite_may_be_withdrawn_by_a_kick(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);

        Assert.True(room.Check(room.Member(Alice, Bob, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_kicker_who_is_not_joined_is_rejected(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 100 });
        room.Join(Bob);
        room.Join(Charlie);
        room.Leave(Bob);

        Assert.Equal(AuthRule.KickSenderNotJoined, room.Check(room.Member(Bob, Charlie, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Kicking_needs_the_kick_level(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 30 }, powerLevelsExtra: "\"kick\":31");
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_lowered_kick_level_lets_lower_members_kick(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 10 }, powerLevelsExtra: "\"kick\":10");
        room.Join(Bob);
        room.Join(Charlie);

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_member_cannot_kick_an_equal(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 50, [Charlie] = 50 });
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Unbanning_is_allowed_at_the_ban_and_kick_levels_over_a_lower_target(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 60 });
        room.Join(Bob);
        room.Ban(Alice, Charlie);

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Leave)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void Unbanning_needs_the_ban_level(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 60 }, powerLevelsExtra: "\"ban\":75,\"kick\":50");
        room.Join(Bob);
        room.Ban(Alice, Charlie);

        Assert.Equal(AuthRule.UnbanInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Unbanning_also_needs_the_kick_level(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 60 }, powerLevelsExtra: "\"ban\":50,\"kick\":75");
        room.Join(Bob);
        room.Ban(Alice, Charlie);

        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Leave)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Unbanning_also_needs_more_power_than_the_target(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 60, [Charlie] = 60 });
        room.Join(Bob);
        room.Ban(Alice, Charlie);

        Assert.Equal(AuthRule.KickInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Leave)).RejectedBy);
    }
}
