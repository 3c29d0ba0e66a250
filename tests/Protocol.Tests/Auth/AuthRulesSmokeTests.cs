using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

public sealed class AuthRulesSmokeTests
{
    public static TheoryData<string> AllVersions() => new(RoomVersions.All.Select(v => v.Id));

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void A_public_room_can_be_joined_and_used(string versionId)
    {
        var room = Create(RoomVersions.Find(versionId)!);

        room.Join(Bob);
        var message = room.Send(Bob, "m.room.message", null, """{"msgtype":"m.text","body":"hi"}""");

        Assert.True(room.Check(message).IsAllowed);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void A_stranger_cannot_send_messages(string versionId)
    {
        var room = Create(RoomVersions.Find(versionId)!);

        var message = room.Send(Bob, "m.room.message", null, """{"body":"hi"}""");

        Assert.Equal(AuthRule.SenderNotJoined, room.Check(message).RejectedBy);
    }

    [Theory]
    [MemberData(nameof(AllVersions))]
    public void An_invite_only_room_refuses_uninvited_joins(string versionId)
    {
        var room = Create(RoomVersions.Find(versionId)!, JoinRule.Invite);

        Assert.Equal(AuthRule.JoinNotInvited, room.Check(room.Member(Bob, Bob, Membership.Join)).RejectedBy);
        room.Accept(room.Member(Alice, Bob, Membership.Invite));
        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Join)).IsAllowed);
    }
}
