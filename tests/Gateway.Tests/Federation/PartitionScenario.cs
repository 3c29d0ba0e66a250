using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tangle.Protocol.Events;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// One seeded run of a room shared by two servers that get partitioned: users on both sides change the room
/// while they cannot reach each other, the link heals (at once, one direction first, or while more happens),
/// possibly to be cut again mid catch-up. Every choice comes from the seed; what was done is logged, so a
/// failing run can be read and replayed.
/// </summary>
internal sealed class PartitionScenario
{
    private readonly Random _random;
    private readonly LinkedServers _network;
    private readonly StringBuilder _log = new();
    private readonly List<(string Server, string EventId)> _acknowledged = [];
    private Side _one = null!, _two = null!;

    public PartitionScenario(LinkedServers network, int seed)
    {
        _network = network;
        Seed = seed;
        _random = new Random(seed);
    }

    public int Seed { get; }

    public string Room { get; private set; } = "";

    /// <summary>What the run did so far, one line per step.</summary>
    public string Log => _log.ToString();

    /// <summary>Every event a server acknowledged to a client, with that server.</summary>
    public IReadOnlyList<(string Server, string EventId)> Acknowledged => _acknowledged;

    /// <summary>The users of one server: the leader has power, the others may be kicked, banned and promoted.</summary>
    private sealed record Side(string Server, RawClient Leader, IReadOnlyList<RawClient> Others);

    /// <summary>
    /// alice (hs1) makes a public room; charlie (hs1), bob and dave (hs2) join; erin (hs1) and frank (hs2) are
    /// registered to join later. bob gets power 50 or 100.
    /// </summary>
    public async Task SetUpAsync(HttpClient hs1, HttpClient hs2)
    {
        var tag = Seed.ToString(CultureInfo.InvariantCulture) + "x" + Guid.NewGuid().ToString("N")[..6];
        async Task<RawClient> User(HttpClient http, string name) => await new RawClient(http).RegisterAsync(name + tag);
        var alice = await User(hs1, "alice");
        _one = new Side("hs1.test", alice, [await User(hs1, "charlie"), await User(hs1, "erin")]);
        _two = new Side("hs2.test", await User(hs2, "bob"), [await User(hs2, "dave"), await User(hs2, "frank")]);
        Room = await alice.CreateRoomAsync(new { preset = "public_chat", name = "before" });

        Require(await _one.Others[0].PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(Room)}", new { }), "charlie joins");
        foreach (var remote in new[] { _two.Leader, _two.Others[0] })
            Require(await remote.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(Room)}?server_name=hs1.test", new { }), "joins over federation");
        var bobLevel = _random.Next(2) == 0 ? 50 : 100;
        Note($"setup: room {Room}, bob at power {bobLevel}");
        Require(await SetPowerAsync(alice, levels => levels["users"]![_two.Leader.UserId!] = bobLevel), "alice promotes bob");
    }

    /// <summary>Partitions, lets both sides act, heals; up to three times, cutting again mid catch-up.</summary>
    public async Task PartitionAndHealAsync()
    {
        var rounds = _random.Next(4) switch { 0 => 2, 1 => 3, _ => 1 };
        for (var round = 1; round <= rounds; round++)
        {
            _network.Cut("hs1.test", "hs2.test");
            Note($"round {round}: cut");
            var turns = Enumerable.Repeat(_one, _random.Next(2, 9)).Concat(Enumerable.Repeat(_two, _random.Next(2, 9))).ToArray();
            _random.Shuffle(turns);
            foreach (var side in turns)
                await ActAsync(side);

            await HealAsync();
            if (round < rounds)
                await Task.Delay(_random.Next(0, 1500));
        }
    }

    private async Task HealAsync()
    {
        switch (_random.Next(4))
        {
            case 0:
                Note("heal both ways");
                _network.Heal("hs1.test", "hs2.test");
                break;
            case 1:
            case 2:
                var (first, second) = _random.Next(2) == 0 ? ("hs1.test", "hs2.test") : ("hs2.test", "hs1.test");
                var pause = _random.Next(0, 1500);
                Note($"heal {first} -> {second}, then the other way after {pause} ms");
                _network.Link(first, second).Heal();
                await Task.Delay(pause);
                _network.Link(second, first).Heal();
                break;
            default:
                Note("heal both ways, and act while catching up");
                _network.Heal("hs1.test", "hs2.test");
                var racing = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => _random.Next(2) == 0 ? _one : _two).ToList();
                foreach (var side in racing)
                    await ActAsync(side);
                break;
        }
    }

    /// <summary>One user of <paramref name="side"/> does one thing; it may be refused (403), never fail otherwise.</summary>
    private async Task ActAsync(Side side)
    {
        var leader = _random.Next(3) > 0;
        var actor = leader ? side.Leader : side.Others[_random.Next(side.Others.Count)];
        var everyoneElse = _one.Others.Concat(_two.Others).Where(u => u != actor).ToList();
        var target = everyoneElse[_random.Next(everyoneElse.Count)].UserId!;
        var n = _random.Next(1000).ToString(CultureInfo.InvariantCulture);
        var room = Uri.EscapeDataString(Room);
        var (what, response) = _random.Next(leader ? 9 : 4) switch
        {
            0 => ("message", await actor.PutAsync($"_matrix/client/v3/rooms/{room}/send/m.room.message/t{n}{Guid.NewGuid():N}", new { msgtype = "m.text", body = n })),
            1 => (leader ? "name" : "join", leader
                ? await actor.PutAsync($"_matrix/client/v3/rooms/{room}/state/m.room.name", new { name = "name " + n })
                : await actor.PostAsync($"_matrix/client/v3/join/{room}", new { })),
            2 => ("topic", await actor.PutAsync($"_matrix/client/v3/rooms/{room}/state/m.room.topic", new { topic = "topic " + n })),
            3 => (leader ? "join rules" : "leave", leader
                ? await actor.PutAsync($"_matrix/client/v3/rooms/{room}/state/m.room.join_rules", new { join_rule = _random.Next(2) == 0 ? "public" : "invite" })
                : await actor.PostAsync($"_matrix/client/v3/rooms/{room}/leave", new { })),
            4 => ($"ban {target}", await actor.PostAsync($"_matrix/client/v3/rooms/{room}/ban", new { user_id = target, reason = n })),
            5 => ($"kick {target}", await actor.PostAsync($"_matrix/client/v3/rooms/{room}/kick", new { user_id = target })),
            6 => ($"unban {target}", await actor.PostAsync($"_matrix/client/v3/rooms/{room}/unban", new { user_id = target })),
            // Only local users: inviting a remote one asks its server, which a partition may not let through.
            7 => InviteLocal(side, actor) is { } invitee
                ? ($"invite {invitee}", await actor.PostAsync($"_matrix/client/v3/rooms/{room}/invite", new { user_id = invitee }))
                : ("message", await actor.PutAsync($"_matrix/client/v3/rooms/{room}/send/m.room.message/t{n}{Guid.NewGuid():N}", new { msgtype = "m.text", body = n })),
            _ => await ChangePowerAsync(actor, target),
        };

        var outcome = response.Status == HttpStatusCode.OK && response.Body.TryGetProperty("event_id", out var id) ? id.GetString() : null;
        if (response.Status == HttpStatusCode.OK && outcome is null)
        {
            // Membership endpoints answer {}: the event is the member's state in the replica just after.
            var member = what is "join" or "leave" ? actor.UserId! : target;
            var snapshot = await _network[side.Server].SnapshotAsync(Room);
            outcome = snapshot.State.GetValueOrDefault(new StateMapKey("m.room.member", member))?.Value;
        }

        Note($"{side.Server} {actor.UserId} {what}: {(int)response.Status} {outcome ?? response.ErrCode}");
        if (response.Status is not (HttpStatusCode.OK or HttpStatusCode.Forbidden))
            throw new InvalidOperationException($"{actor.UserId} {what} failed: {(int)response.Status} {response.Body}");
        if (outcome is not null)
            _acknowledged.Add((side.Server, outcome));
    }

    private string? InviteLocal(Side side, RawClient actor)
    {
        var locals = side.Others.Where(u => u != actor).ToList();
        return locals.Count == 0 ? null : locals[_random.Next(locals.Count)].UserId;
    }

    /// <summary>A leader moves a user's level, the other leader's, or the level needed to set the topic.</summary>
    private async Task<(string, RawResponse)> ChangePowerAsync(RawClient actor, string target)
    {
        var otherLeader = actor == _one.Leader ? _two.Leader : _one.Leader;
        string what;
        Action<JsonObject> change;
        switch (_random.Next(3))
        {
            case 0:
                var level = new[] { 0, 25, 50 }[_random.Next(3)];
                (what, change) = ($"power {target} {level}", l => l["users"]![target] = level);
                break;
            case 1:
                var leaderLevel = new[] { 0, 50, 100 }[_random.Next(3)];
                (what, change) = ($"power {otherLeader.UserId} {leaderLevel}", l => l["users"]![otherLeader.UserId!] = leaderLevel);
                break;
            default:
                var topicLevel = _random.Next(2) == 0 ? 50 : 100;
                (what, change) = ($"topic needs {topicLevel}", l => (l["events"] ??= new JsonObject())["m.room.topic"] = topicLevel);
                break;
        }

        return (what, await SetPowerAsync(actor, change));
    }

    private async Task<RawResponse> SetPowerAsync(RawClient actor, Action<JsonObject> change)
    {
        var path = $"_matrix/client/v3/rooms/{Uri.EscapeDataString(Room)}/state/m.room.power_levels";
        var current = await actor.GetAsync(path);
        if (current.Status != HttpStatusCode.OK)
            return current;
        var levels = JsonNode.Parse(current.Body.GetRawText())!.AsObject();
        levels["users"] ??= new JsonObject();
        change(levels);
        return await actor.PutAsync(path, levels.ToJsonString());
    }

    /// <summary>alice sends on hs1; once hs2 has it, bob sends on hs2; both replicas must then stand on bob's message alone.</summary>
    public async Task<(string Alice, string Bob)> SendClosingMessagesAsync()
    {
        var fromAlice = await _one.Leader.SendMessageAsync(Room, "closing from hs1");
        Note($"alice closes with {fromAlice}");
        await Replicas.AwaitAsync(_network["hs1.test"], _network["hs2.test"], Room,
            (_, two) => two.ForwardExtremities.Any(e => e.Value == fromAlice), "alice's closing message reaching hs2");
        var fromBob = await _two.Leader.SendMessageAsync(Room, "closing from hs2");
        Note($"bob closes with {fromBob}");
        return (fromAlice, fromBob);
    }

    private static void Require(RawResponse response, string what)
    {
        if (response.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"{what} failed: {(int)response.Status} {response.Body}");
    }

    private void Note(string line) => _log.AppendLine(line);
}
