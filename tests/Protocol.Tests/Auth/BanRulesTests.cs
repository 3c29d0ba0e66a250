using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>Membership ban (rule 5.6 in v12; rule numbers shift between versions, the rule does not).</summary>
public sealed class BanRulesTests
{
    [Theory]
    [Versions]
    public void A_member_at_the_ban_level_may_ban_a_lower_member(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 50, [Charlie] = 49 });
        room.Join(Bob);
        room.Join(Charlie);

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_user_who_was_never_in_the_room_may_be_banned(string v)
    {
        var room = Create(v);

        Assert.True(room.Check(room.Member(Alice, Eve, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void An_invited_user_may_be_banned(string v)
    {
        var room = Create(v, JoinRule.Invite);
        room.Invite(Alice, Bob);

        Assert.True(room.Check(room.Member(Alice, Bob, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_banner_who_is_not_joined_is_rejected(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 100 });

        Assert.Equal(AuthRule.BanSenderNotJoined, room.Check(room.Member(Bob, Charlie, Membership.Ban)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Banning_needs_the_ban_level(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 60 }, powerLevelsExtra: "\"ban\":61");
        room.Join(Bob);

        Assert.Equal(AuthRule.BanInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Ban)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_lowered_ban_level_lets_lower_members_ban(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 5 }, powerLevelsExtra: "\"ban\":5");
        room.Join(Bob);

        Assert.True(room.Check(room.Member(Bob, Charlie, Membership.Ban)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_member_cannot_ban_an_equal(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 50, [Charlie] = 50 });
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.BanInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Ban)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_member_cannot_ban_someone_more_powerful(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 50, [Charlie] = 75 });
        room.Join(Bob);

        Assert.Equal(AuthRule.BanInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Ban)).RejectedBy);
    }
}
