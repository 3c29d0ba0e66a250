using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.StateResolution.RoomGraph;

namespace Tangle.Protocol.Tests.StateResolution;

/// <summary>
/// The classic state resolution v2 scenarios, each a room that forks from START and merges at END.
/// The assertion is on the keys the scenario's events touched, as resolved at END.
/// </summary>
public sealed class ClassicScenarioTests
{
    public static TheoryData<string> V2Versions() => new(RoomVersions.All.Where(v => v.StateResolution != StateResolutionAlgorithm.V1).Select(v => v.Id));

    private static string Levels(RoomVersion version, params (string User, long Level)[] users) =>
        new TestEvents(version).PowerLevels(users.ToDictionary(u => u.User, u => u.Level), creators: [Alice]);

    private static void AssertResolvesTo(RoomVersion version, Node[] nodes, string[][] chains, params string[] expected)
    {
        var graph = BuildScenario(version, nodes, chains);

        Assert.Equal(graph.Named(expected), graph.ChangedSinceStart("END", expected));
    }

    [Theory]
    [MemberData(nameof(V2Versions))]
    public void A_ban_beats_a_concurrent_power_levels_change_by_the_banned_user(string id)
    {
        var v = RoomVersions.Find(id)!;
        Node[] nodes =
        [
            new("PA", Alice, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("MA", Alice, EventTypes.Member, Alice, """{"membership":"join"}"""),
            new("MB", Alice, EventTypes.Member, Bob, """{"membership":"ban"}"""),
            new("PB", Bob, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
        ];
        string[][] chains = [["END", "MB", "MA", "PA", "START"], ["END", "PB", "PA"]];

        AssertResolvesTo(v, nodes, chains, "PA", "MA", "MB");
    }

    [Theory]
    [MemberData(nameof(V2Versions))]
    public void A_join_concurrent_with_closing_the_room_does_not_evade_the_join_rule(string id)
    {
        var v = RoomVersions.Find(id)!;
        Node[] nodes =
        [
            new("JR", Alice, EventTypes.JoinRules, "", """{"join_rule":"invite"}"""),
            new("ME", Evelyn, EventTypes.Member, Evelyn, """{"membership":"join"}"""),
        ];
        string[][] chains = [["END", "JR", "START"], ["END", "ME", "START"]];

        AssertResolvesTo(v, nodes, chains, "JR");
    }

    [Theory]
    [MemberData(nameof(V2Versions))]
    public void A_chain_of_power_level_changes_on_one_branch_wins_over_its_own_start(string id)
    {
        var v = RoomVersions.Find(id)!;
        Node[] nodes =
        [
            new("PA", Alice, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("PB", Bob, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50), (Charlie, 50))),
            new("PC", Charlie, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50), (Charlie, 0))),
        ];
        string[][] chains = [["END", "PC", "PB", "PA", "START"], ["END", "PA"]];

        AssertResolvesTo(v, nodes, chains, "PC");
    }

    [Theory]
    [MemberData(nameof(V2Versions))]
    public void A_topic_set_by_a_since_demoted_user_loses(string id)
    {
        var v = RoomVersions.Find(id)!;
        Node[] nodes =
        [
            new("T1", Alice, "m.room.topic", "", "{}"),
            new("PA1", Alice, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("T2", Alice, "m.room.topic", "", "{}"),
            new("PA2", Alice, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 0))),
            new("PB", Bob, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("T3", Bob, "m.room.topic", "", "{}"),
        ];
        string[][] chains = [["END", "PA2", "T2", "PA1", "T1", "START"], ["END", "T3", "PB", "PA1"]];

        AssertResolvesTo(v, nodes, chains, "PA2", "T2");
    }

    [Theory]
    [MemberData(nameof(V2Versions))]
    public void Banning_a_topic_setter_does_not_reset_an_unconflicted_topic(string id)
    {
        var v = RoomVersions.Find(id)!;
        Node[] nodes =
        [
            new("T1", Alice, "m.room.topic", "", "{}"),
            new("PA", Alice, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("T2", Bob, "m.room.topic", "", "{}"),
            new("MB", Alice, EventTypes.Member, Bob, """{"membership":"ban"}"""),
        ];
        string[][] chains = [["END", "MB", "T2", "PA", "T1", "START"], ["END", "T1"]];

        AssertResolvesTo(v, nodes, chains, "T1", "MB", "PA");
    }

    [Theory]
    [MemberData(nameof(V2Versions))]
    public void A_later_topic_from_a_demoted_branch_loses_to_the_admin_branch(string id)
    {
        var v = RoomVersions.Find(id)!;
        Node[] nodes =
        [
            new("T1", Alice, "m.room.topic", "", "{}"),
            new("PA1", Alice, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("T2", Alice, "m.room.topic", "", "{}"),
            new("PA2", Alice, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 0))),
            new("PB", Bob, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("T3", Bob, "m.room.topic", "", "{}"),
            new("MZ1", Zara, "m.room.message", null, "{}"),
            new("T4", Alice, "m.room.topic", "", "{}"),
        ];
        string[][] chains =
        [
            ["END", "T4", "MZ1", "PA2", "T2", "PA1", "T1", "START"],
            ["END", "MZ1", "T3", "PB", "PA1"],
        ];

        AssertResolvesTo(v, nodes, chains, "T4", "PA2");
    }

    [Theory]
    [MemberData(nameof(V2Versions))]
    public void Mainline_ordering_prefers_the_topic_based_on_the_newer_power_levels(string id)
    {
        var v = RoomVersions.Find(id)!;
        Node[] nodes =
        [
            new("T1", Alice, "m.room.topic", "", "{}"),
            new("PA1", Alice, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("T2", Alice, "m.room.topic", "", "{}"),
            new("PA2", Alice, EventTypes.PowerLevels, "", new TestEvents(v).PowerLevels(
                new Dictionary<string, long> { [Alice] = 100, [Bob] = 50 }, "\"events\":{\"m.room.power_levels\":100}", [Alice])),
            new("PB", Bob, EventTypes.PowerLevels, "", Levels(v, (Alice, 100), (Bob, 50))),
            new("T3", Bob, "m.room.topic", "", "{}"),
            new("T4", Alice, "m.room.topic", "", "{}"),
        ];
        string[][] chains =
        [
            ["END", "T3", "PA2", "T2", "PA1", "T1", "START"],
            ["END", "T4", "PB", "PA1"],
        ];

        // T4 is the later topic, but it cites an older power levels event than T3 does.
        AssertResolvesTo(v, nodes, chains, "T3", "PA2");
    }
}
