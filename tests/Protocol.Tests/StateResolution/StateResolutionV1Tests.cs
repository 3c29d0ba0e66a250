using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.StateResolution;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.StateResolution;

/// <summary>Room version 1's original algorithm.</summary>
public sealed class StateResolutionV1Tests
{
    [Fact]
    public void A_key_held_by_only_one_state_is_not_a_conflict()
    {
        var room = Create(RoomVersions.V1);
        var topic = room.Do(Alice, "m.room.topic", "", """{"topic":"t"}""");
        var withTopic = room.State.ToDictionary(kv => kv.Key, kv => kv.Value.EventId);
        var withoutTopic = withTopic.Where(kv => kv.Key.Type != "m.room.topic").ToDictionary(kv => kv.Key, kv => kv.Value);

        var resolved = StateResolver.ResolveState(RoomVersions.V1, [withTopic, withoutTopic], StateEventSource.From(room.State.Values));

        Assert.Equal(topic.EventId, resolved[new StateMapKey("m.room.topic", "")]);
    }

    [Fact]
    public void Conflicting_power_levels_apply_from_the_shallowest_while_each_is_allowed()
    {
        var room = Create(RoomVersions.V1, users: new Dictionary<string, long> { [Bob] = 50 });
        room.Join(Bob);
        var baseState = room.State.ToDictionary(kv => kv.Key, kv => kv.Value.EventId);
        var demoteBob = room.Send(Alice, EventTypes.PowerLevels, "", room.Events.PowerLevels(new Dictionary<string, long> { [Alice] = 100 }));
        var bobsAuth = new[] { room.CreateEvent, room.State[new StateMapKey(EventTypes.PowerLevels, "")], room.State[new StateMapKey(EventTypes.Member, Bob)] };
        var bobDeeper = room.Events.Event(Bob, EventTypes.PowerLevels, "",
            room.Events.PowerLevels(new Dictionary<string, long> { [Alice] = 100, [Bob] = 50, [Charlie] = 50 }), bobsAuth, [demoteBob]);
        var source = StateEventSource.From(room.State.Values.Append(demoteBob).Append(bobDeeper));

        var resolved = StateResolver.ResolveState(RoomVersions.V1,
            [new Dictionary<StateMapKey, global::Tangle.Protocol.Identifiers.EventId>(baseState) { [demoteBob.StateMapKey!.Value] = demoteBob.EventId },
             new Dictionary<StateMapKey, global::Tangle.Protocol.Identifiers.EventId>(baseState) { [bobDeeper.StateMapKey!.Value] = bobDeeper.EventId }],
            source);

        // The shallower event (Alice's demotion) goes first; Bob's deeper change is then not allowed.
        Assert.Equal(demoteBob.EventId, resolved[new StateMapKey(EventTypes.PowerLevels, "")]);
    }

    [Fact]
    public void Other_conflicts_pick_the_deepest_event_that_passes_auth()
    {
        var room = Create(RoomVersions.V1);
        var first = room.Do(Alice, "m.room.topic", "", """{"topic":"first"}""");
        var before = room.State.ToDictionary(kv => kv.Key, kv => kv.Value.EventId);
        var second = room.Do(Alice, "m.room.topic", "", """{"topic":"second"}""");
        var after = room.State.ToDictionary(kv => kv.Key, kv => kv.Value.EventId);

        var resolved = StateResolver.ResolveState(RoomVersions.V1, [before, after], StateEventSource.From(room.State.Values.Append(first)));

        Assert.Equal(second.EventId, resolved[new StateMapKey("m.room.topic", "")]);
    }
}
