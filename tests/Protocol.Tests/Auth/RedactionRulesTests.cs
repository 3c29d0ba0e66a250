using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>
/// Rule 11 of rooms v1–v2: a redaction needs the redact level unless it comes from the redacted event's
/// server. From v3 the auth rules treat m.room.redaction as any other event.
/// </summary>
public sealed class RedactionRulesTests
{
    [Theory]
    [Versions(1, 2)]
    public void Redacting_another_servers_event_needs_the_redact_level_in_versions_1_and_2(string v)
    {
        var (room, message) = RoomWithAlicesMessage(v, eveLevel: 49);

        Assert.Equal(AuthRule.RedactionInsufficientPower, room.Check(room.Redaction(Eve, message)).RejectedBy);
    }

    [Theory]
    [Versions(1, 2)]
    public void A_member_at_the_redact_level_may_redact_any_event_in_versions_1_and_2(string v)
    {
        var (room, message) = RoomWithAlicesMessage(v, eveLevel: 50);

        Assert.True(room.Check(room.Redaction(Eve, message)).IsAllowed);
    }

    [Theory]
    [Versions(1, 2)]
    public void The_redact_level_may_be_changed_in_versions_1_and_2(string v)
    {
        var (room, message) = RoomWithAlicesMessage(v, eveLevel: 20, powerLevelsExtra: "\"redact\":20");
        var (strict, strictMessage) = RoomWithAlicesMessage(v, eveLevel: 50, powerLevelsExtra: "\"redact\":51");

        Assert.True(room.Check(room.Redaction(Eve, message)).IsAllowed);
        Assert.Equal(AuthRule.RedactionInsufficientPower, strict.Check(strict.Redaction(Eve, strictMessage)).RejectedBy);
    }

    [Theory]
    [Versions(1, 2)]
    public void A_server_may_redact_its_own_events_without_the_redact_level_in_versions_1_and_2(string v)
    {
        var (room, message) = RoomWithAlicesMessage(v, eveLevel: 0);
        room.Join(Bob);
        var evesMessage = room.Accept(room.Send(Eve, "m.room.message", null, """{"body":"oops"}"""));

        Assert.Equal("example.com", message.EventId.Server?.Value);
        Assert.True(room.Check(room.Redaction(Bob, message)).IsAllowed);
        Assert.True(room.Check(room.Redaction(Eve, evesMessage)).IsAllowed);
    }

    [Theory]
    [Versions(1, 2)]
    public void A_redaction_naming_no_event_needs_the_redact_level_in_versions_1_and_2(string v)
    {
        var (room, _) = RoomWithAlicesMessage(v, eveLevel: 49);

        Assert.Equal(AuthRule.RedactionInsufficientPower, room.Check(room.Send(Eve, "m.room.redaction", null, "{}")).RejectedBy);
    }

    [Theory]
    [Versions(3)]
    public void A_redaction_needs_no_redact_level_from_version_3(string v)
    {
        var (room, message) = RoomWithAlicesMessage(v, eveLevel: 0, powerLevelsExtra: "\"redact\":100");

        Assert.True(room.Check(room.Redaction(Eve, message)).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_redaction_needs_the_level_of_its_event_type(string v)
    {
        var (room, message) = RoomWithAlicesMessage(v, eveLevel: 0, powerLevelsExtra: "\"events\":{\"m.room.redaction\":10},\"redact\":0");

        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(room.Redaction(Eve, message)).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_redaction_needs_a_joined_sender(string v)
    {
        var (room, message) = RoomWithAlicesMessage(v, eveLevel: 100);
        room.Leave(Eve);

        Assert.Equal(AuthRule.SenderNotJoined, room.Check(room.Redaction(Eve, message)).RejectedBy);
    }

    /// <summary>Alice (example.com) has sent a message; Eve (evil.example) is joined at <paramref name="eveLevel"/>.</summary>
    private static (TestRoom Room, Pdu Message) RoomWithAlicesMessage(string v, long eveLevel, string? powerLevelsExtra = null)
    {
        var room = Create(v, users: new Dictionary<string, long> { [Eve] = eveLevel }, powerLevelsExtra: powerLevelsExtra);
        room.Join(Eve);
        var message = room.Accept(room.Send(Alice, "m.room.message", null, """{"body":"hello"}"""));
        return (room, message);
    }
}
