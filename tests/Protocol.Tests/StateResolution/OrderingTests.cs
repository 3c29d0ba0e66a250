using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.StateResolution;
using static Tangle.Protocol.Tests.Fixtures.TestRoom;

namespace Tangle.Protocol.Tests.StateResolution;

/// <summary>The orderings inside state resolution and their tie-breaks.</summary>
public sealed class OrderingTests
{
    private static EventId Id(string name) => EventId.From($"${name}:example.com");

    [Fact]
    public void Kahns_algorithm_takes_the_smallest_ready_vertex_first()
    {
        // l, n and p depend on o; m depends on n and o.
        Dictionary<string, string[]> graph = new() { ["l"] = ["o"], ["m"] = ["n", "o"], ["n"] = ["o"], ["o"] = [], ["p"] = ["o"] };
        var keys = graph.Keys.ToDictionary(Id, Id);
        var waiting = graph.ToDictionary(kv => Id(kv.Key), kv => kv.Value.Length);
        var children = new Dictionary<EventId, List<EventId>>();
        foreach (var (node, parents) in graph)
        {
            foreach (var parent in parents)
            {
                if (!children.TryGetValue(Id(parent), out var list))
                    children[Id(parent)] = list = [];
                list.Add(Id(node));
            }
        }

        var sorted = PowerOrdering.Kahn(keys, waiting, children);

        Assert.Equal(["o", "l", "n", "m", "p"], sorted.Select(id => id.Value[1..2]));
    }

    [Fact]
    public void Power_ordering_puts_more_power_before_earlier_time_before_lower_event_id()
    {
        var low = new PowerOrdering.PowerKey(50, 1, Id("a"));
        var high = new PowerOrdering.PowerKey(100, 5, Id("z"));
        var earlier = new PowerOrdering.PowerKey(50, 0, Id("z"));
        var sameTimeLowerId = new PowerOrdering.PowerKey(50, 1, Id("A"));

        Assert.True(high.CompareTo(low) < 0);
        Assert.True(earlier.CompareTo(low) < 0);
        Assert.True(sameTimeLowerId.CompareTo(low) < 0);
    }

    public static TheoryData<string> V2Versions() => new(RoomVersions.All.Where(v => v.StateResolution != StateResolutionAlgorithm.V1).Select(v => v.Id));

    [Theory]
    [MemberData(nameof(V2Versions))]
    public void Concurrent_changes_by_equal_power_at_the_same_time_are_settled_by_event_id(string id)
    {
        var room = Create(RoomVersions.Find(id)!);
        var baseState = room.State.ToDictionary(kv => kv.Key, kv => kv.Value.EventId);
        var auth = room.State.Values.Where(e => e.Type is EventTypes.Create or EventTypes.PowerLevels || e.StateKey == Alice).ToList();
        var last = room.State.Values.MaxBy(e => e.Depth)!;
        var first = room.Events.Event(Alice, EventTypes.JoinRules, "", """{"join_rule":"invite"}""", auth, [last], originServerTs: 5_000);
        var second = room.Events.Event(Alice, EventTypes.JoinRules, "", """{"join_rule":"knock"}""", auth, [last], originServerTs: 5_000);
        var source = StateEventSource.From(room.State.Values.Append(first).Append(second));

        var resolved = StateResolver.ResolveState(room.Version,
            [With(baseState, first), With(baseState, second)], source);

        // Both are replayed in power order; the greater event id comes later and wins.
        var winner = first.EventId.CompareTo(second.EventId) > 0 ? first : second;
        Assert.Equal(winner.EventId, resolved[new StateMapKey(EventTypes.JoinRules, "")]);
    }

    private static Dictionary<StateMapKey, EventId> With(Dictionary<StateMapKey, EventId> state, Pdu pdu) =>
        new(state) { [pdu.StateMapKey!.Value] = pdu.EventId };
}
