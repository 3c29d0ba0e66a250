using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.StateResolution;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.StateResolution.RoomGraph;

namespace Tangle.Protocol.Tests.StateResolution;

/// <summary>
/// State resolution depends only on the states and the events: shuffling the state sets, the order
/// their entries were inserted in, and the order the event source holds events never changes it.
/// </summary>
public sealed class DeterminismTests
{
    public static TheoryData<string, int> VersionsAndSeeds()
    {
        var data = new TheoryData<string, int>();
        foreach (var version in RoomVersions.All)
        {
            foreach (var seed in new[] { 1, 2, 3, 4, 5 })
                data.Add(version.Id, seed);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VersionsAndSeeds))]
    public void Shuffling_the_inputs_never_changes_the_resolved_state(string id, int seed)
    {
        var version = RoomVersions.Find(id)!;
        var graph = RandomRoom(version, seed, branches: 4, eventsPerBranch: 12);
        var tips = Enumerable.Range(0, 4).Select(b => graph.StateAfter($"B{b}_{11}")).ToList();
        var expected = StateResolver.ResolveState(version, tips, graph.Source);

        var random = new Random(seed * 7919);
        for (var round = 0; round < 20; round++)
        {
            var shuffledSets = tips.OrderBy(_ => random.Next())
                .Select(s => (IReadOnlyDictionary<StateMapKey, EventId>)s.OrderBy(_ => random.Next()).ToDictionary(kv => kv.Key, kv => kv.Value))
                .ToList();
            var shuffledSource = StateEventSource.From(graph.Events.Values.OrderBy(_ => random.Next()));

            var actual = StateResolver.ResolveState(version, shuffledSets, shuffledSource);

            Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
        }
    }

    [Theory]
    [MemberData(nameof(VersionsAndSeeds))]
    public void Resolving_a_state_with_itself_changes_nothing(string id, int seed)
    {
        var version = RoomVersions.Find(id)!;
        var graph = RandomRoom(version, seed, branches: 2, eventsPerBranch: 8);
        var state = graph.StateAfter("B0_7");

        var resolved = StateResolver.ResolveState(version, [state, state], graph.Source);

        Assert.Equal(state.OrderBy(kv => kv.Key), resolved.OrderBy(kv => kv.Key));
    }

    /// <summary>
    /// A room that forks after START into branches of random membership, power level, join rule and
    /// topic changes by members of differing power. The events are not all authorised; resolution must
    /// cope with that too.
    /// </summary>
    internal static RoomGraph RandomRoom(RoomVersion version, int seed, int branches, int eventsPerBranch)
    {
        var random = new Random(seed);
        var factory = new TestEvents(version);
        string[] users = [Alice, Bob, Charlie, Evelyn, Zara];
        var nodes = new List<Node>();
        var chains = new List<string[]>();
        for (var b = 0; b < branches; b++)
        {
            var chain = new List<string>();
            for (var i = 0; i < eventsPerBranch; i++)
            {
                var name = $"B{b}_{i}";
                var sender = users[random.Next(users.Length)];
                var target = users[random.Next(users.Length)];
                nodes.Add(random.Next(6) switch
                {
                    0 => new Node(name, sender, EventTypes.PowerLevels, "", factory.PowerLevels(
                        new Dictionary<string, long> { [Alice] = 100, [sender] = random.Next(2) * 50, [target] = random.Next(3) * 25 }, creators: [Alice])),
                    1 => new Node(name, sender, EventTypes.JoinRules, "", $$"""{"join_rule":"{{(random.Next(2) == 0 ? "public" : "invite")}}"}"""),
                    2 => new Node(name, sender, EventTypes.Member, target, $$"""{"membership":"{{new[] { "join", "leave", "ban", "invite" }[random.Next(4)]}}"}"""),
                    3 => new Node(name, sender, EventTypes.Member, sender, $$"""{"membership":"join","displayname":"{{name}}"}"""),
                    4 => new Node(name, sender, "m.room.topic", "", $$"""{"topic":"{{name}}"}"""),
                    _ => new Node(name, sender, "m.room.message", null, $$"""{"body":"{{name}}"}"""),
                });
                chain.Insert(0, name);
            }

            chain.Add("START");
            chains.Add([.. chain]);
        }

        return BuildScenario(version, nodes, chains);
    }
}
