using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>What every m.room.member event needs: a state key and a known membership (rules 5.1 and 5.8 in v12).</summary>
public sealed class MemberEventRulesTests
{
    [Theory]
    [Versions]
    public void A_member_event_without_a_state_key_is_rejected(string v)
    {
        var room = Create(v);

        var join = room.Send(Bob, EventTypes.Member, null, """{"membership":"join"}""");

        Assert.Equal(AuthRule.MemberMissingStateKeyOrMembership, room.Check(join).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_member_event_without_a_membership_is_rejected(string v)
    {
        var room = Create(v);

        var join = room.Send(Bob, EventTypes.Member, Bob, """{"displayname":"Bob"}""");

        Assert.Equal(AuthRule.MemberMissingStateKeyOrMembership, room.Check(join).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["\"rejoin\"", "\"JOIN\"", "\"\"", "null", "1"])]
    public void An_unknown_membership_is_rejected(string v, string membership)
    {
        var room = Create(v);

        var join = room.Send(Bob, EventTypes.Member, Bob, $$"""{"membership":{{membership}}}""");

        Assert.Equal(AuthRule.MembershipUnknown, room.Check(join).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_member_event_needs_no_prior_membership_of_its_sender(string v)
    {
        var room = Create(v);

        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Join)).IsAllowed);
    }
}
