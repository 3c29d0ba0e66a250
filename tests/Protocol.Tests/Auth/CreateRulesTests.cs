using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.Auth;

/// <summary>Rule 1: m.room.create.</summary>
public sealed class CreateRulesTests
{
    [Theory]
    [Versions]
    public void A_create_event_with_the_content_its_version_needs_is_allowed(string v)
    {
        var create = new TestEvents(VersionOf(v)).Create(Alice);

        Assert.True(CheckAlone(create).IsAllowed);
    }

    [Theory]
    [Versions]
    public void A_create_event_with_prev_events_is_rejected(string v)
    {
        var events = new TestEvents(VersionOf(v));
        var earlier = events.Create(Alice);

        var create = events.Event(Alice, EventTypes.Create, "", TestEvents.CreateContent(events.Version, Alice), [], [earlier]);

        Assert.Equal(AuthRule.CreateHasPrevEvents, CheckAlone(create).RejectedBy);
    }

    [Theory]
    [Versions(1, 11)]
    public void A_create_event_for_a_room_on_another_server_is_rejected_before_version_12(string v)
    {
        var create = new TestEvents(VersionOf(v), roomServer: "elsewhere.example").Create(Alice);

        Assert.Equal(AuthRule.CreateRoomIdServerMismatch, CheckAlone(create).RejectedBy);
    }

    [Theory]
    [Versions(12)]
    public void A_create_event_without_a_room_id_is_allowed_in_version_12(string v)
    {
        var create = new TestEvents(VersionOf(v)).Create(Alice);

        Assert.False(create.HasRoomIdField);
        Assert.True(CheckAlone(create).IsAllowed);
    }

    [Theory]
    [Versions(12)]
    public void A_create_event_with_a_room_id_is_rejected_in_version_12(string v)
    {
        var version = VersionOf(v);
        var sender = UserId.From(Alice);
        var proto = new ProtoEvent
        {
            RoomVersion = version,
            RoomId = RoomId.From("!room:example.com"),
            Sender = sender,
            Type = EventTypes.Create,
            StateKey = "",
            Content = TestEvents.Json(TestEvents.CreateContent(version, Alice)),
            Depth = 1,
            OriginServerTs = 1_000,
        };
        using var key = TestEvents.KeyFor(sender.Server.Value);
        var create = proto.HashAndSign(sender.Server, key).Value;

        Assert.True(create.HasRoomIdField);
        Assert.Equal(AuthRule.CreateHasRoomId, CheckAlone(create).RejectedBy);
    }

    [Theory]
    [Versions(Cases = ["\"room_version\":\"999\"", "\"room_version\":\"\"", "\"room_version\":11", "\"room_version\":null"])]
    public void A_create_event_naming_an_unknown_room_version_is_rejected(string v, string roomVersion)
    {
        var version = VersionOf(v);
        var content = version.CreatorInContent ? $"{{\"creator\":\"{Alice}\",{roomVersion}}}" : $"{{{roomVersion}}}";

        var create = new TestEvents(version).Create(Alice, content);

        Assert.Equal(AuthRule.CreateUnknownRoomVersion, CheckAlone(create).RejectedBy);
    }

    [Theory]
    [Versions]
    public void A_create_event_may_leave_out_the_room_version(string v)
    {
        var version = VersionOf(v);
        var content = version.CreatorInContent ? $$"""{"creator":"{{Alice}}"}""" : "{}";

        var create = new TestEvents(version).Create(Alice, content);

        Assert.True(CheckAlone(create).IsAllowed);
    }

    [Theory]
    [Versions(Cases = ["1", "5", "10", "11", "12"])]
    public void A_create_event_may_name_any_recognised_room_version(string v, string named)
    {
        var version = VersionOf(v);
        var content = TestEvents.CreateContent(version, Alice).Replace($"\"room_version\":\"{v}\"", $"\"room_version\":\"{named}\"", StringComparison.Ordinal);

        var create = new TestEvents(version).Create(Alice, content);

        Assert.True(CheckAlone(create).IsAllowed);
    }

    [Theory]
    [Versions(1, 10)]
    public void A_create_event_without_a_creator_is_rejected_before_version_11(string v)
    {
        var create = new TestEvents(VersionOf(v)).Create(Alice, $$"""{"room_version":"{{v}}"}""");

        Assert.Equal(AuthRule.CreateMissingCreator, CheckAlone(create).RejectedBy);
    }

    [Theory]
    [Versions(11)]
    public void A_create_event_needs_no_creator_from_version_11(string v)
    {
        var create = new TestEvents(VersionOf(v)).Create(Alice, $$"""{"room_version":"{{v}}"}""");

        Assert.True(CheckAlone(create).IsAllowed);
    }

    [Theory]
    [Versions(12, Cases = ["[]", "[\"@bob:example.com\"]", "[\"@bob:example.com\",\"@eve:evil.example\"]"])]
    public void Additional_creators_that_are_user_ids_are_allowed_in_version_12(string v, string additional)
    {
        var create = new TestEvents(VersionOf(v)).Create(Alice, $$"""{"room_version":"{{v}}","additional_creators":{{additional}}}""");

        Assert.True(CheckAlone(create).IsAllowed);
    }

    [Theory]
    [Versions(12, Cases = ["\"@bob:example.com\"", "{}", "null", "[\"bob\"]", "[\"@bob\"]", "[\"@bob:example.com\",42]", "[[\"@bob:example.com\"]]"])]
    public void Additional_creators_that_are_not_an_array_of_user_ids_are_rejected_in_version_12(string v, string additional)
    {
        var create = new TestEvents(VersionOf(v)).Create(Alice, $$"""{"room_version":"{{v}}","additional_creators":{{additional}}}""");

        Assert.Equal(AuthRule.CreateInvalidAdditionalCreators, CheckAlone(create).RejectedBy);
    }

    [Theory]
    [Versions(1, 11, Cases = ["\"@bob:example.com\"", "[\"bob\"]"])]
    public void Additional_creators_mean_nothing_before_version_12(string v, string additional)
    {
        var create = new TestEvents(VersionOf(v)).Create(Alice, TestEvents.CreateContent(VersionOf(v), Alice, $"\"additional_creators\":{additional}"));

        Assert.True(CheckAlone(create).IsAllowed);
    }

    private static AuthResult CheckAlone(Pdu create) => AuthRules.Check(create, AuthState.From(new Dictionary<StateMapKey, Pdu>()));
}
