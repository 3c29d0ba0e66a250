using Tangle.Protocol.Auth;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>Rule 4 of rooms v1–v5: m.room.aliases belongs to the server named by its state key; v6 removed the rule.</summary>
public sealed class AliasesRulesTests
{
    private const string Aliases = """{"aliases":["#room:evil.example"]}""";

    [Theory]
    [Versions(1, 5)]
    public void A_server_may_set_its_own_aliases_without_joining_before_version_6(string v)
    {
        var room = Create(v);

        Assert.True(room.Check(room.Send(Eve, EventTypes.Aliases, "evil.example", Aliases)).IsAllowed);
    }

    [Theory]
    [Versions(1, 5)]
    public void Aliases_need_no_power_before_version_6(string v)
    {
        var room = Create(v, powerLevelsExtra: "\"events\":{\"m.room.aliases\":100}");
        room.Join(Bob);

        Assert.True(room.Check(room.Send(Bob, EventTypes.Aliases, "example.com", """{"aliases":["#room:example.com"]}""")).IsAllowed);
    }

    [Theory]
    [Versions(1, 5)]
    public void Aliases_for_another_server_are_rejected_before_version_6(string v)
    {
        var room = Create(v);
        room.Join(Eve);

        Assert.Equal(AuthRule.AliasesServerMismatch, room.Check(room.Send(Eve, EventTypes.Aliases, "example.com", Aliases)).RejectedBy);
        Assert.Equal(AuthRule.AliasesServerMismatch, room.Check(room.Send(Alice, EventTypes.Aliases, "evil.example", Aliases)).RejectedBy);
    }

    [Theory]
    [Versions(1, 5)]
    public void Aliases_without_a_state_key_are_rejected_before_version_6(string v)
    {
        var room = Create(v);

        Assert.Equal(AuthRule.AliasesMissingStateKey, room.Check(room.Send(Alice, EventTypes.Aliases, null, Aliases)).RejectedBy);
    }

    [Theory]
    [Versions(1, 5)]
    public void A_room_that_does_not_federate_refuses_other_servers_aliases(string v)
    {
        var room = Create(v, createContent: TestEvents.CreateContent(VersionOf(v), Alice, "\"m.federate\":false"));

        Assert.Equal(AuthRule.NotFederated, room.Check(room.Send(Eve, EventTypes.Aliases, "evil.example", Aliases)).RejectedBy);
    }

    [Theory]
    [Versions(6)]
    public void Aliases_are_an_ordinary_state_event_from_version_6(string v)
    {
        var room = Create(v);
        room.Join(Bob);

        Assert.Equal(AuthRule.SenderNotJoined, room.Check(room.Send(Eve, EventTypes.Aliases, "evil.example", Aliases)).RejectedBy);
        Assert.Equal(AuthRule.EventInsufficientPower, room.Check(room.Send(Bob, EventTypes.Aliases, "example.com", Aliases)).RejectedBy);
    }

    [Theory]
    [Versions(6)]
    public void Aliases_may_name_any_server_from_version_6(string v)
    {
        var room = Create(v);

        Assert.True(room.Check(room.Send(Alice, EventTypes.Aliases, "evil.example", Aliases)).IsAllowed);
        Assert.True(room.Check(room.Send(Alice, EventTypes.Aliases, null, Aliases)).IsAllowed);
    }
}
