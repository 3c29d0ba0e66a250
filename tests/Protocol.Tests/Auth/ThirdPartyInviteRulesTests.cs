using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;
using static Tangle.Protocol.Tests.Fixtures.ThirdPartyInvites;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>An invite that redeems a third-party invite (rule 5.4.1 in v12).</summary>
public sealed class ThirdPartyInviteRulesTests
{
    [Theory]
    [Versions]
    public void An_invite_with_a_signature_from_the_invites_public_key_is_allowed(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());

        Assert.True(room.Check(Redeem(room, Alice, Bob, Signed(Bob))).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_signature_from_any_key_in_public_keys_is_accepted(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContentWithKeyList("other.example", "id2.example"));

        Assert.True(room.Check(Redeem(room, Alice, Bob, Signed(Bob, signer: "id2.example"))).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_third_party_invite_for_a_banned_user_is_rejected(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());
        room.Ban(Alice, Bob);

        Assert.Equal(AuthRule.ThirdPartyInviteTargetBanned, room.Check(Redeem(room, Alice, Bob, Signed(Bob))).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_third_party_invite_without_signed_is_rejected(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());

        var invite = room.Member(Alice, Bob, Membership.Invite, """ "third_party_invite":{"display_name":"b...@example.org"} """);

        Assert.Equal(AuthRule.ThirdPartyInviteMalformed, room.Check(invite).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["{\"token\":\"token-abc\"}", "{\"mxid\":\"@bob:example.com\"}"])]
    public void A_signed_object_without_mxid_or_token_is_rejected(string v, string unsignedObject)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());

        Assert.Equal(AuthRule.ThirdPartyInviteMalformed, room.Check(Redeem(room, Alice, Bob, SignedObject(unsignedObject))).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_signed_mxid_that_is_not_the_invited_user_is_rejected(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());

        Assert.Equal(AuthRule.ThirdPartyInviteMalformed, room.Check(Redeem(room, Alice, Bob, Signed(Charlie))).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_token_without_a_third_party_invite_event_is_rejected(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());

        Assert.Equal(AuthRule.ThirdPartyInviteNoMatchingEvent, room.Check(Redeem(room, Alice, Bob, Signed(Bob, token: "another-token"))).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Only_the_sender_of_the_third_party_invite_event_may_redeem_it(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());
        room.Invite(Alice, Charlie);
        room.Join(Charlie);

        Assert.Equal(AuthRule.ThirdPartyInviteSenderMismatch, room.Check(Redeem(room, Charlie, Bob, Signed(Bob))).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_signature_from_another_key_is_rejected(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());

        Assert.Equal(AuthRule.ThirdPartyInviteBadSignature, room.Check(Redeem(room, Alice, Bob, Signed(Bob, signer: "forger.example"))).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_signed_object_changed_after_signing_is_rejected(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());
        var signed = Signed(Bob);

        var tampered = Tampered(signed, "org.example.extra", "added later");

        Assert.Equal(AuthRule.ThirdPartyInviteBadSignature, room.Check(Redeem(room, Alice, Bob, tampered)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_signed_object_without_signatures_is_rejected(string v)
    {
        var room = RoomWithThirdPartyInvite(v, InviteEventContent());

        var unsigned = $$"""{"mxid":"{{Bob}}","token":"{{Token}}"}""";

        Assert.Equal(AuthRule.ThirdPartyInviteBadSignature, room.Check(Redeem(room, Alice, Bob, unsigned)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_third_party_invite_is_judged_by_its_signature_not_the_invite_level(string v)
    {
        var room = Create(v, JoinRule.Invite, users: new Dictionary<string, long> { [Bob] = 0 });
        room.Invite(Alice, Bob);
        room.Join(Bob);
        room.Do(Bob, EventTypes.ThirdPartyInvite, Token, InviteEventContent());
        room.SetPowerLevels(new Dictionary<string, long> { [Bob] = 0 }, "\"invite\":50");

        Assert.Equal(AuthRule.InviteInsufficientPower, room.Check(room.Member(Bob, Charlie, Membership.Invite)).RejectedBy);
        Assert.True(room.Check(Redeem(room, Bob, Charlie, Signed(Charlie))).IsAllowed);
    }

    private static TestRoom RoomWithThirdPartyInvite(string v, string inviteEventContent)
    {
        var room = Create(v, JoinRule.Invite);
        room.Do(Alice, EventTypes.ThirdPartyInvite, Token, inviteEventContent);
        return room;
    }

    private static Pdu Redeem(TestRoom room, string sender, string target, string signedJson) =>
        room.Member(sender, target, Membership.Invite, MemberContent(signedJson));
}
