using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>
/// The rules every event passes: m.federate, the sender's membership, the third-party invite event,
/// the required power level and state keys naming users (rules 4, 6, 7, 8 and 9 in v12).
/// </summary>
public sealed class GeneralRulesTests
{
    [Theory]
    [Versions]
    public void A_room_that_does_not_federate_refuses_other_servers(string v)
    {
        var room = Create(v, createContent: TestEvents.CreateContent(VersionOf(v), Alice, "\"m.federate\":false"));

        Assert.Equal(AuthRule.NotFederated, room.Check(room.Member(Eve, Eve, Membership.Join)).RejectedBy);
        Assert.True(room.Check(room.Member(Bob, Bob, Membership.Join)).IsAllowed);
    }

    [Theory]
    [Versions(Cases = ["true", "\"false\"", "0"])]
    public void Only_m_federate_set_to_false_refuses_other_servers(string v, string federate)
    {
        var room = Create(v, createContent: TestEvents.CreateContent(VersionOf(v), Alice, $"\"m.federate\":{federate}"));

        Assert.True(room.Check(room.Member(Eve, Eve, Membership.Join)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_joined_member_may_send_a_message(string v)
    {
        var room = Create(v);
        room.Join(Bob);

        Assert.True(room.Check(room.Send(Bob, "m.room.message", null, """{"body":"hi"}""")).IsAllowed);
    }

    [Theory]
    [Versions(Cases = ["none", Membership.Invite, Membership.Leave, Membership.Ban])]
    public void A_sender_who_is_not_joined_cannot_send_events(string v, string membership)
    {
        var room = Create(v, JoinRule.Invite, powerLevelsExtra: "\"state_default\":0");
        if (membership != "none")
            room.Invite(Alice, Bob);
        if (membership == Membership.Leave)
            room.Leave(Bob);
        if (membership == Membership.Ban)
            room.Ban(Alice, Bob);

        Assert.Equal(AuthRule.SenderNotJoined, room.Check(room.Send(Bob, "m.room.message", null, """{"body":"hi"}""")).RejectedBy);
        Assert.Equal(AuthRule.SenderNotJoined, room.Check(room.Send(Bob, "m.room.topic", "", """{"topic":"hi"}""")).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_third_party_invite_event_needs_the_invite_level(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 9, [Charlie] = 10 }, powerLevelsExtra: "\"invite\":10");
        room.Join(Bob);
        room.Join(Charlie);

        var byBob = room.Send(Bob, EventTypes.ThirdPartyInvite, "token-1", ThirdPartyInvites.InviteEventContent());
        var byCharlie = room.Send(Charlie, EventTypes.ThirdPartyInvite, "token-2", ThirdPartyInvites.InviteEventContent());

        Assert.Equal(AuthRule.ThirdPartyInviteEventInsufficientPower, room.Check(byBob).RejectedBy);
        Assert.True(room.Check(byCharlie).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_third_party_invite_event_needs_nothing_but_the_invite_level(string v)
    {
        var room = Create(v, powerLevelsExtra: "\"events\":{\"m.room.third_party_invite\":100},\"state_default\":100");
        room.Join(Bob);

        var invite = room.Send(Bob, EventTypes.ThirdPartyInvite, "token-1", ThirdPartyInvites.InviteEventContent());

        Assert.True(room.Check(invite).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_third_party_invite_event_needs_a_joined_sender(string v)
    {
        var room = Create(v);

        var invite = room.Send(Bob, EventTypes.ThirdPartyInvite, "token-1", ThirdPartyInvites.InviteEventContent());

        Assert.Equal(AuthRule.SenderNotJoined, room.Check(invite).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_message_needs_events_default(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 9, [Charlie] = 10 }, powerLevelsExtra: "\"events_default\":10");
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(room.Send(Bob, "m.room.message", null, "{}")).RejectedBy);
        Assert.True(room.Check(room.Send(Charlie, "m.room.message", null, "{}")).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_state_event_needs_state_default(string v)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Bob] = 29, [Charlie] = 30 }, powerLevelsExtra: "\"state_default\":30");
        room.Join(Bob);
        room.Join(Charlie);

        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(room.Send(Bob, "m.room.topic", "", """{"topic":"t"}""")).RejectedBy);
        Assert.True(room.Check(room.Send(Charlie, "m.room.topic", "", """{"topic":"t"}""")).IsAllowed);
    }

    [Theory]
    [Versions]
    public void The_events_level_of_a_type_overrides_the_defaults(string v)
    {
        var room = Create(v, powerLevelsExtra: "\"events\":{\"m.room.topic\":0,\"m.room.message\":20}");
        room.Join(Bob);

        Assert.True(room.Check(room.Send(Bob, "m.room.topic", "", """{"topic":"t"}""")).IsAllowed);
        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(room.Send(Bob, "m.room.message", null, "{}")).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_type_sent_as_state_needs_state_default_and_as_a_message_events_default(string v)
    {
        var room = Create(v);
        room.Join(Bob);

        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(room.Send(Bob, "org.example.thing", "", "{}")).RejectedBy);
        Assert.True(room.Check(room.Send(Bob, "org.example.thing", null, "{}")).IsAllowed);
    }

    [Theory]
    [Versions(Cases = [Charlie, "@bob", "@"])]
    public void A_state_key_starting_with_an_at_that_is_not_the_sender_is_rejected(string v, string stateKey)
    {
        var room = Create(v, powerLevelsExtra: "\"state_default\":0");
        room.Join(Bob);

        Assert.Equal(AuthRule.StateKeyNotSender, room.Check(room.Send(Bob, "org.example.profile", stateKey, "{}")).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Even_the_most_powerful_member_cannot_use_another_users_state_key(string v)
    {
        var room = Create(v, powerLevelsExtra: "\"state_default\":0");
        room.Join(Bob);

        Assert.Equal(AuthRule.StateKeyNotSender, room.Check(room.Send(Alice, "org.example.profile", Bob, "{}")).RejectedBy);
    }

    [Theory]
    [Versions(Cases = [Bob, "bob", "", "not-@-first"])]
    public void A_state_key_that_is_the_sender_or_does_not_start_with_an_at_is_allowed(string v, string stateKey)
    {
        var room = Create(v, powerLevelsExtra: "\"state_default\":0");
        room.Join(Bob);

        Assert.True(room.Check(room.Send(Bob, "org.example.profile", stateKey, "{}")).IsAllowed);
    }
}
