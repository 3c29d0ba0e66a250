using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.StateResolution;
using Tangle.Protocol.Tests.Fixtures;

namespace Tangle.Protocol.Tests.StateResolution;

/// <summary>A named event of a scenario: who sends what.</summary>
internal sealed record Node(string Name, string Sender, string Type, string? StateKey, string Content);

/// <summary>
/// Builds a room DAG from named nodes and prev-event chains, the way a server would: each event's
/// state before is the resolution of its parents' states, its auth events are selected from that state,
/// and it is hashed and signed. Then the state at any node can be compared with what a scenario expects.
/// </summary>
internal sealed class RoomGraph
{
    public const string Alice = "@alice:example.com";
    public const string Bob = "@bob:example.com";
    public const string Charlie = "@charlie:example.com";
    public const string Evelyn = "@evelyn:example.com";
    public const string Zara = "@zara:example.com";

    private readonly Dictionary<string, Pdu> _events = [];
    private readonly Dictionary<string, Dictionary<StateMapKey, EventId>> _stateAfter = [];

    private RoomGraph(RoomVersion version) => Factory = new TestEvents(version);

    public TestEvents Factory { get; }

    public RoomVersion Version => Factory.Version;

    public IReadOnlyDictionary<string, Pdu> Events => _events;

    public IStateEventSource Source => StateEventSource.From(_events.Values);

    /// <summary>The nodes every classic scenario starts from: a public room with Alice as admin and three members.</summary>
    public static List<Node> InitialNodes(RoomVersion version)
    {
        var factory = new TestEvents(version);
        return
        [
            new("CREATE", Alice, EventTypes.Create, "", ""),
            new("IMA", Alice, EventTypes.Member, Alice, """{"membership":"join"}"""),
            new("IPOWER", Alice, EventTypes.PowerLevels, "", factory.PowerLevels(new Dictionary<string, long> { [Alice] = 100 }, creators: [Alice])),
            new("IJR", Alice, EventTypes.JoinRules, "", """{"join_rule":"public"}"""),
            new("IMB", Bob, EventTypes.Member, Bob, """{"membership":"join"}"""),
            new("IMC", Charlie, EventTypes.Member, Charlie, """{"membership":"join"}"""),
            new("IMZ", Zara, EventTypes.Member, Zara, """{"membership":"join"}"""),
            new("START", Zara, "m.room.message", null, "{}"),
            new("END", Zara, "m.room.message", null, "{}"),
        ];
    }

    public static readonly string[] InitialEdges = ["START", "IMZ", "IMC", "IMB", "IJR", "IPOWER", "IMA", "CREATE"];

    /// <summary>
    /// Builds the graph. <paramref name="chains"/> are prev-event chains: ["A", "B", "C"] makes B a prev
    /// event of A and C a prev event of B.
    /// </summary>
    public static RoomGraph Build(RoomVersion version, IEnumerable<Node> nodes, IEnumerable<string[]> chains)
    {
        var graph = new RoomGraph(version);
        var byName = nodes.ToDictionary(n => n.Name);
        var parents = byName.Keys.ToDictionary(n => n, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var chain in chains)
        {
            for (var i = 0; i + 1 < chain.Length; i++)
                parents[chain[i]].Add(chain[i + 1]);
        }

        foreach (var name in TopologicalOrder(parents))
            graph.Add(byName[name], parents[name]);
        return graph;
    }

    /// <summary>A classic scenario: the initial nodes plus <paramref name="nodes"/>.</summary>
    public static RoomGraph BuildScenario(RoomVersion version, IEnumerable<Node> nodes, IEnumerable<string[]> chains) =>
        Build(version, InitialNodes(version).Concat(nodes), chains.Prepend(InitialEdges));

    public Pdu this[string name] => _events[name];

    public IReadOnlyDictionary<StateMapKey, EventId> StateAfter(string name) => _stateAfter[name];

    /// <summary>The state at a node, keeping only keys that the scenario's events changed since START (as synapse's tests compare).</summary>
    public Dictionary<StateMapKey, string> ChangedSinceStart(string name, IEnumerable<string> expected)
    {
        var names = _events.ToDictionary(kv => kv.Value.EventId, kv => kv.Key);
        var expectedKeys = expected.Select(n => _events[n].StateMapKey!.Value).ToHashSet();
        var start = _stateAfter["START"];
        return _stateAfter[name]
            .Where(kv => expectedKeys.Contains(kv.Key) || start.GetValueOrDefault(kv.Key) != kv.Value)
            .ToDictionary(kv => kv.Key, kv => names[kv.Value]);
    }

    public Dictionary<StateMapKey, string> Named(IEnumerable<string> names) =>
        names.ToDictionary(n => _events[n].StateMapKey!.Value, n => n);

    public Dictionary<StateMapKey, string> Named(IReadOnlyDictionary<StateMapKey, EventId> state)
    {
        var names = _events.ToDictionary(kv => kv.Value.EventId, kv => kv.Key);
        return state.ToDictionary(kv => kv.Key, kv => names[kv.Value]);
    }

    /// <summary>The state after a node, with some keys replaced by other nodes' events (to model a wrong partial sync).</summary>
    public Dictionary<StateMapKey, EventId> StateAfterWith(string name, params string[] replacements)
    {
        var state = new Dictionary<StateMapKey, EventId>(_stateAfter[name]);
        foreach (var replacement in replacements)
            state[_events[replacement].StateMapKey!.Value] = _events[replacement].EventId;
        return state;
    }

    public IReadOnlyDictionary<StateMapKey, EventId> Resolve(params IReadOnlyDictionary<StateMapKey, EventId>[] states) =>
        StateResolver.ResolveState(Version, states, Source);

    private void Add(Node node, IReadOnlyCollection<string> parentNames)
    {
        var parents = parentNames.Select(p => _events[p]).ToList();
        var stateBefore = parentNames.Count switch
        {
            0 => new Dictionary<StateMapKey, EventId>(),
            1 => new Dictionary<StateMapKey, EventId>(_stateAfter[parentNames.First()]),
            _ => new Dictionary<StateMapKey, EventId>(StateResolver.ResolveState(Version,
                parentNames.Select(p => (IReadOnlyDictionary<StateMapKey, EventId>)_stateAfter[p]).ToList(), Source)),
        };

        Pdu pdu;
        if (node.Type == EventTypes.Create)
        {
            pdu = Factory.Create(node.Sender, node.Content.Length == 0 ? null : node.Content);
        }
        else
        {
            var keys = AuthEventSelection.KeysFor(Version, node.Type, node.StateKey, node.Sender, TestEvents.Json(node.Content));
            var authEvents = keys.Where(stateBefore.ContainsKey).Select(k => _events.Values.First(e => e.EventId == stateBefore[k])).ToList();
            pdu = Factory.Event(node.Sender, node.Type, node.StateKey, node.Content, authEvents, parents);
        }

        _events[node.Name] = pdu;
        var stateAfter = stateBefore;
        if (pdu.StateMapKey is { } key)
            stateAfter[key] = pdu.EventId;
        _stateAfter[node.Name] = stateAfter;
    }

    private static List<string> TopologicalOrder(Dictionary<string, SortedSet<string>> parents)
    {
        var order = new List<string>();
        var done = new HashSet<string>();
        var remaining = new SortedSet<string>(parents.Keys, StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            var next = remaining.First(n => parents[n].All(done.Contains));
            order.Add(next);
            done.Add(next);
            remaining.Remove(next);
        }

        return order;
    }
}
