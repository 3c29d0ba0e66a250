using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.Tests.Fixtures;
using static Tangle.Protocol.Tests.StateResolution.RoomGraph;

namespace Tangle.Protocol.Tests.StateResolution;

/// <summary>
/// The two "state reset" problems that state resolution v2.1 (room version 12) fixes. Each has a fork
/// whose state came from a partial sync holding an outdated event; v2 (room version 11) resets state,
/// v2.1 does not.
/// </summary>
public sealed class StateResetScenarioTests
{
    private static readonly StateMapKey JoinRulesKey = new(EventTypes.JoinRules, "");
    private static readonly StateMapKey PowerLevelsKey = new(EventTypes.PowerLevels, "");

    /// <summary>
    /// Alice opens the room, Bob and Charlie join, Alice makes it invite-only and leaves. Bob and Charlie
    /// each change their display name; Charlie's server believes the join rule is still public.
    /// </summary>
    private static RoomGraph UnconflictedLeaveGraph(RoomVersion v) => Build(v,
    [
        new("CREATE", Alice, EventTypes.Create, "", ""),
        new("ALICE_JOINS", Alice, EventTypes.Member, Alice, """{"membership":"join"}"""),
        new("ALICE_PL", Alice, EventTypes.PowerLevels, "", new TestEvents(v).PowerLevels(new Dictionary<string, long> { [Alice] = 100 }, creators: [Alice])),
        new("JR_PUBLIC", Alice, EventTypes.JoinRules, "", """{"join_rule":"public"}"""),
        new("BOB_JOINS", Bob, EventTypes.Member, Bob, """{"membership":"join"}"""),
        new("CHARLIE_JOINS", Charlie, EventTypes.Member, Charlie, """{"membership":"join"}"""),
        new("JR_INVITE", Alice, EventTypes.JoinRules, "", """{"join_rule":"invite"}"""),
        new("ALICE_LEAVES", Alice, EventTypes.Member, Alice, """{"membership":"leave"}"""),
        new("BOB_RENAMES", Bob, EventTypes.Member, Bob, """{"membership":"join","displayname":"Bob"}"""),
        new("CHARLIE_RENAMES", Charlie, EventTypes.Member, Charlie, """{"membership":"join","displayname":"Charlie"}"""),
    ],
    [
        ["BOB_RENAMES", "ALICE_LEAVES", "JR_INVITE", "CHARLIE_JOINS", "BOB_JOINS", "JR_PUBLIC", "ALICE_PL", "ALICE_JOINS", "CREATE"],
        ["CHARLIE_RENAMES", "ALICE_LEAVES"],
    ]);

    [Fact]
    public void Version_11_loses_the_join_rules_when_the_unconflicted_state_says_their_sender_left()
    {
        var graph = UnconflictedLeaveGraph(RoomVersions.V11);

        var resolved = graph.Resolve(graph.StateAfter("BOB_RENAMES"), graph.StateAfterWith("CHARLIE_RENAMES", "JR_PUBLIC", "BOB_JOINS"));

        Assert.False(resolved.ContainsKey(JoinRulesKey));
    }

    [Fact]
    public void Version_12_keeps_the_join_rules_by_replaying_them_on_their_auth_chains()
    {
        var graph = UnconflictedLeaveGraph(RoomVersions.V12);

        var resolved = graph.Resolve(graph.StateAfter("BOB_RENAMES"), graph.StateAfterWith("CHARLIE_RENAMES", "JR_PUBLIC", "BOB_JOINS"));

        Assert.Equal(graph["JR_INVITE"].EventId, resolved[JoinRulesKey]);
    }

    /// <summary>
    /// Alice promotes Bob; Bob promotes Charlie. Evelyn and Zara join concurrently; Evelyn's server
    /// believes the power levels are still Alice's first ones.
    /// </summary>
    private static RoomGraph PromotionChainGraph(RoomVersion v)
    {
        var factory = new TestEvents(v);
        string Levels(params (string, long)[] users) => factory.PowerLevels(users.ToDictionary(u => u.Item1, u => u.Item2), creators: [Alice]);
        return Build(v,
        [
            new("CREATE", Alice, EventTypes.Create, "", ""),
            new("ALICE_JOINS", Alice, EventTypes.Member, Alice, """{"membership":"join"}"""),
            new("PL_ALICE", Alice, EventTypes.PowerLevels, "", Levels((Alice, 100))),
            new("JR_PUBLIC", Alice, EventTypes.JoinRules, "", """{"join_rule":"public"}"""),
            new("BOB_JOINS", Bob, EventTypes.Member, Bob, """{"membership":"join"}"""),
            new("CHARLIE_JOINS", Charlie, EventTypes.Member, Charlie, """{"membership":"join"}"""),
            new("PL_BOB", Alice, EventTypes.PowerLevels, "", Levels((Alice, 100), (Bob, 50))),
            new("PL_CHARLIE", Bob, EventTypes.PowerLevels, "", Levels((Alice, 100), (Bob, 50), (Charlie, 50))),
            new("EVELYN_JOINS", Evelyn, EventTypes.Member, Evelyn, """{"membership":"join"}"""),
            new("EVELYN_RENAMES", Evelyn, EventTypes.Member, Evelyn, """{"membership":"join","displayname":"Evelyn"}"""),
            new("ZARA_JOINS", Zara, EventTypes.Member, Zara, """{"membership":"join"}"""),
        ],
        [
            ["EVELYN_RENAMES", "EVELYN_JOINS", "PL_CHARLIE", "PL_BOB", "CHARLIE_JOINS", "BOB_JOINS", "JR_PUBLIC", "PL_ALICE", "ALICE_JOINS", "CREATE"],
            ["ZARA_JOINS", "PL_CHARLIE"],
        ]);
    }

    [Fact]
    public void Version_11_resets_the_power_levels_when_an_intermediate_promotion_is_not_replayed()
    {
        var graph = PromotionChainGraph(RoomVersions.V11);

        var resolved = graph.Resolve(graph.StateAfterWith("EVELYN_RENAMES", "PL_ALICE"), graph.StateAfter("ZARA_JOINS"));

        Assert.Equal(graph["PL_ALICE"].EventId, resolved[PowerLevelsKey]);
    }

    [Fact]
    public void Version_12_replays_the_conflicted_subgraph_and_keeps_the_latest_power_levels()
    {
        var graph = PromotionChainGraph(RoomVersions.V12);

        var resolved = graph.Resolve(graph.StateAfterWith("EVELYN_RENAMES", "PL_ALICE"), graph.StateAfter("ZARA_JOINS"));

        Assert.Equal(graph["PL_CHARLIE"].EventId, resolved[PowerLevelsKey]);
        Assert.Equal(graph["EVELYN_RENAMES"].EventId, resolved[new StateMapKey(EventTypes.Member, Evelyn)]);
        Assert.Equal(graph["ZARA_JOINS"].EventId, resolved[new StateMapKey(EventTypes.Member, Zara)]);
    }

    [Theory]
    [InlineData("11")]
    [InlineData("12")]
    public void Without_the_outdated_partial_sync_both_algorithms_agree(string id)
    {
        var graph = PromotionChainGraph(RoomVersions.Find(id)!);

        var resolved = graph.Resolve(graph.StateAfter("EVELYN_RENAMES"), graph.StateAfter("ZARA_JOINS"));

        Assert.Equal(graph["PL_CHARLIE"].EventId, resolved[PowerLevelsKey]);
    }
}
