using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>Rule 3 (rule 2 before v12): the event's auth_events themselves, and the v12 rule that the room id names the create event.</summary>
public sealed class AuthEventsRulesTests
{
    private static readonly Func<EventId, bool> NoneRejected = _ => false;

    [Theory]
    [Versions]
    public void Auth_events_chosen_by_the_selection_are_accepted(string v)
    {
        var room = RoomWithBob(v);
        var message = room.Send(Bob, "m.room.message", null, """{"body":"hi"}""");

        Assert.True(AuthRules.CheckAuthEvents(message, room.AuthEventsOf(message), NoneRejected).IsAllowed);
    }

    [Theory]
    [Versions]
    public void The_create_event_has_no_auth_events_to_check(string v)
    {
        var room = Create(v);

        Assert.True(AuthRules.CheckAuthEvents(room.CreateEvent, [], NoneRejected).IsAllowed);
    }

    [Theory]
    [Versions]
    public void Two_auth_events_for_the_same_type_and_state_key_are_rejected(string v)
    {
        var room = Create(v);
        var invite = room.Invite(Alice, Bob);
        var join = room.Join(Bob);

        var message = Message(room, Bob, [.. Base(room), invite, join]);

        Assert.Equal(AuthRule.AuthEventsDuplicate, AuthRules.CheckAuthEvents(message, [.. Base(room), invite, join], NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions]
    public void The_same_auth_event_listed_twice_is_rejected(string v)
    {
        var room = RoomWithBob(v);
        List<Pdu> authEvents = [.. Base(room), Member(room, Bob), Member(room, Bob)];

        var message = Message(room, Bob, authEvents);

        Assert.Equal(AuthRule.AuthEventsDuplicate, AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions]
    public void An_auth_event_the_selection_would_not_pick_is_rejected(string v)
    {
        var room = RoomWithBob(v);
        var authEvents = Base(room).Append(Member(room, Bob)).Append(room.State[new(EventTypes.JoinRules, "")]).ToList();

        var message = Message(room, Bob, authEvents);

        Assert.Equal(AuthRule.AuthEventsUnexpected, AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Another_users_membership_is_not_an_auth_event_of_a_message(string v)
    {
        var room = RoomWithBob(v);
        room.Join(Charlie);
        var authEvents = Base(room).Append(Member(room, Bob)).Append(Member(room, Charlie)).ToList();

        var message = Message(room, Bob, authEvents);

        Assert.Equal(AuthRule.AuthEventsUnexpected, AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_message_event_is_never_an_auth_event(string v)
    {
        var room = RoomWithBob(v);
        var earlier = room.Accept(room.Send(Bob, "m.room.message", null, """{"body":"first"}"""));
        var authEvents = Base(room).Append(Member(room, Bob)).Append(earlier).ToList();

        var message = Message(room, Bob, authEvents);

        Assert.Equal(AuthRule.AuthEventsUnexpected, AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions(12)]
    public void Citing_the_create_event_is_rejected_in_version_12(string v)
    {
        var room = RoomWithBob(v);
        List<Pdu> authEvents = [room.CreateEvent, .. Base(room), Member(room, Bob)];

        var message = Message(room, Bob, authEvents);

        Assert.Equal(AuthRule.AuthEventsUnexpected, AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions]
    public void An_auth_event_that_was_rejected_is_rejected(string v)
    {
        var room = RoomWithBob(v);
        var message = room.Send(Bob, "m.room.message", null, """{"body":"hi"}""");
        var powerLevels = room.State[new(EventTypes.PowerLevels, "")];

        var result = AuthRules.CheckAuthEvents(message, room.AuthEventsOf(message), id => id == powerLevels.EventId);

        Assert.Equal(AuthRule.AuthEventsRejected, result.RejectedBy);
    }

    [Theory]
    [Versions(1, 11)]
    public void Auth_events_without_the_create_event_are_rejected_before_version_12(string v)
    {
        var room = RoomWithBob(v);
        List<Pdu> authEvents = [room.State[new(EventTypes.PowerLevels, "")], Member(room, Bob)];

        var message = Message(room, Bob, authEvents);

        Assert.Equal(AuthRule.NoCreateEvent, AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions(12)]
    public void Auth_events_without_the_create_event_are_accepted_in_version_12(string v)
    {
        var room = RoomWithBob(v);
        List<Pdu> authEvents = [room.State[new(EventTypes.PowerLevels, "")], Member(room, Bob)];

        var message = Message(room, Bob, authEvents);

        Assert.True(AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).IsAllowed);
    }

    [Theory]
    [Versions]
    public void An_auth_event_from_another_room_is_rejected(string v)
    {
        var room = RoomWithBob(v);
        var elsewhere = new TestEvents(room.Version, roomServer: "elsewhere.example");
        var otherCreate = elsewhere.Create("@zoe:elsewhere.example", TestEvents.CreateContent(room.Version, "@zoe:elsewhere.example", "\"org.example.nonce\":1"));
        var otherLevels = elsewhere.Event("@zoe:elsewhere.example", EventTypes.PowerLevels, "", """{"users":{}}""", [otherCreate]);
        Assert.NotEqual(room.CreateEvent.RoomId, otherLevels.RoomId);
        List<Pdu> authEvents = room.Version.CreateEventIsAuthEvent
            ? [room.CreateEvent, otherLevels, Member(room, Bob)]
            : [otherLevels, Member(room, Bob)];

        var message = Message(room, Bob, authEvents);

        Assert.Equal(AuthRule.AuthEventsWrongRoom, AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions]
    public void An_auth_event_that_cannot_be_found_is_rejected(string v)
    {
        var room = RoomWithBob(v);
        var message = room.Send(Bob, "m.room.message", null, """{"body":"hi"}""");
        var found = room.AuthEventsOf(message).Where(e => e.Type != EventTypes.PowerLevels).ToList();

        Assert.Equal(AuthRule.AuthEventsMissing, AuthRules.CheckAuthEvents(message, found, NoneRejected).RejectedBy);
    }

    [Theory]
    [Versions(12)]
    public void An_event_whose_room_id_is_not_the_create_events_is_rejected_in_version_12(string v)
    {
        var room = RoomWithBob(v);
        var other = Create(v, createContent: TestEvents.CreateContent(room.Version, Alice, "\"org.example.nonce\":1"));
        Assert.NotEqual(room.CreateEvent.RoomId, other.CreateEvent.RoomId);

        var message = other.Send(Alice, "m.room.message", null, """{"body":"hi"}""");

        Assert.Equal(AuthRule.RoomIdNotCreateEvent, room.Check(message).RejectedBy);
        Assert.True(other.Check(message).IsAllowed);
    }

    [Theory]
    [Versions(12)]
    public void Without_a_create_event_nothing_is_allowed_in_version_12(string v)
    {
        var room = RoomWithBob(v);
        var message = room.Send(Bob, "m.room.message", null, """{"body":"hi"}""");

        var result = AuthRules.Check(message, AuthState.FromEvents(room.AuthEventsOf(message)));

        Assert.Equal(AuthRule.RoomIdNotCreateEvent, result.RejectedBy);
    }

    [Theory]
    [Versions(1, 11)]
    public void Without_a_create_event_nothing_is_allowed_before_version_12(string v)
    {
        var room = RoomWithBob(v);
        var message = room.Send(Bob, "m.room.message", null, """{"body":"hi"}""");

        var result = AuthRules.Check(message, AuthState.FromEvents(room.AuthEventsOf(message).Where(e => e.Type != EventTypes.Create)));

        Assert.Equal(AuthRule.NoCreateEvent, result.RejectedBy);
    }

    [Theory]
    [Versions]
    public void An_event_is_authorised_by_the_state_its_auth_events_give(string v)
    {
        var room = RoomWithBob(v);
        var message = room.Send(Bob, "m.room.message", null, """{"body":"hi"}""");

        var result = AuthRules.CheckAgainstAuthEvents(message, room.AuthEventsOf(message), NoneRejected, room.CreateEvent);

        Assert.True(result.IsAllowed);
    }

    [Theory]
    [Versions(12)]
    public void Checking_against_auth_events_needs_the_create_event_in_version_12(string v)
    {
        var room = RoomWithBob(v);
        var message = room.Send(Bob, "m.room.message", null, """{"body":"hi"}""");

        var result = AuthRules.CheckAgainstAuthEvents(message, room.AuthEventsOf(message), NoneRejected);

        Assert.Equal(AuthRule.RoomIdNotCreateEvent, result.RejectedBy);
    }

    [Theory]
    [Versions]
    public void Auth_events_that_leave_out_the_senders_membership_do_not_authorise_a_message(string v)
    {
        var room = RoomWithBob(v);
        var authEvents = Base(room).ToList();

        var message = Message(room, Bob, authEvents);

        Assert.True(AuthRules.CheckAuthEvents(message, authEvents, NoneRejected).IsAllowed);
        Assert.Equal(AuthRule.SenderNotJoined, AuthRules.CheckAgainstAuthEvents(message, authEvents, NoneRejected, room.CreateEvent).RejectedBy);
    }

    [Theory]
    [Versions]
    public void Faulty_auth_events_are_reported_before_the_other_rules(string v)
    {
        var room = Create(v);
        var invite = room.Invite(Alice, Bob);
        var join = room.Join(Bob);
        List<Pdu> authEvents = [.. Base(room), invite, join];

        var message = Message(room, Bob, authEvents);

        Assert.Equal(AuthRule.AuthEventsDuplicate, AuthRules.CheckAgainstAuthEvents(message, authEvents, NoneRejected, room.CreateEvent).RejectedBy);
    }

    private static TestRoom RoomWithBob(string v)
    {
        var room = Create(v);
        room.Join(Bob);
        return room;
    }

    /// <summary>The create event (before v12) and the power levels: what every event cites.</summary>
    private static IEnumerable<Pdu> Base(TestRoom room)
    {
        if (room.Version.CreateEventIsAuthEvent)
            yield return room.CreateEvent;
        yield return room.State[new(EventTypes.PowerLevels, "")];
    }

    private static Pdu Member(TestRoom room, string user) => room.State[new(EventTypes.Member, user)];

    private static Pdu Message(TestRoom room, string sender, IEnumerable<Pdu> authEvents) =>
        room.Events.Event(sender, "m.room.message", null, """{"body":"hi"}""", authEvents);
}
