using Tangle.Protocol.Auth;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.StateResolution;

namespace Tangle.Benchmarks;

/// <summary>
/// A large public room that forks: on one branch the admin changes the power levels, a moderator kicks
/// half of <c>conflicts</c> members and the other half leave; on the other branch the moderator changes
/// the power levels and the same members change their display names. Both branches are real signed
/// events; the two branch tips' states are what a server would resolve at a merge.
/// </summary>
public sealed class LargeRoom
{
    private readonly Dictionary<EventId, Pdu> _events = [];
    private readonly Dictionary<StateMapKey, Pdu> _state = [];
    private readonly RoomVersion _version;
    private readonly SigningKey _key = SigningKey.FromSeed(new byte[32], "bench");
    private readonly ServerName _server = ServerName.From("example.org");
    private RoomId? _roomId;
    private Pdu? _last;
    private long _clock = 1_000_000;

    private LargeRoom(RoomVersion version)
    {
        _version = version;
        _roomId = version.RoomIdIsCreateEventHash ? null : RoomId.From("!LargeBenchmarkRoom:example.org");
    }

    public IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> StateSets { get; private set; } = [];

    public IStateEventSource Source => StateEventSource.From(_events.Values);

    public int EventCount => _events.Count;

    public RoomVersion Version => _version;

    public static LargeRoom Build(RoomVersion version, int members, int conflicts)
    {
        const string admin = "@admin:example.org";
        const string moderator = "@moderator:example.org";
        var room = new LargeRoom(version);
        room.Add(admin, EventTypes.Create, "", version.CreatorInContent ? $$"""{"creator":"{{admin}}","room_version":"{{version.Id}}"}""" : $$"""{"room_version":"{{version.Id}}"}""");
        room.Add(admin, EventTypes.Member, admin, """{"membership":"join"}""");
        room.Add(admin, EventTypes.PowerLevels, "", Levels(version, admin, (moderator, 50)));
        room.Add(admin, EventTypes.JoinRules, "", """{"join_rule":"public"}""");
        room.Add(moderator, EventTypes.Member, moderator, """{"membership":"join"}""");
        var users = Enumerable.Range(0, members).Select(i => $"@user{i:D6}:example.org").ToList();
        foreach (var user in users)
            room.Add(user, EventTypes.Member, user, """{"membership":"join"}""");

        var forkPoint = room.Snapshot();
        var affected = users.Take(Math.Min(conflicts, members)).ToList();

        room.Add(admin, EventTypes.PowerLevels, "", Levels(version, admin, (moderator, 50), (users[^1], 10)));
        for (var i = 0; i < affected.Count; i++)
        {
            var kick = i % 2 == 0;
            room.Add(kick ? moderator : affected[i], EventTypes.Member, affected[i], """{"membership":"leave"}""");
        }

        var branchA = room.StateIds();

        room.Restore(forkPoint);
        room.Add(moderator, EventTypes.PowerLevels, "", Levels(version, admin, (moderator, 50), ("@helper:example.org", 25)));
        foreach (var user in affected)
            room.Add(user, EventTypes.Member, user, $$"""{"membership":"join","displayname":"{{user[1..8]}}"}""");
        var branchB = room.StateIds();

        room.StateSets = [branchA, branchB];
        return room;
    }

    private static string Levels(RoomVersion version, string admin, params (string User, long Level)[] others)
    {
        var users = others.Select(o => $"\"{o.User}\":{o.Level}").ToList();
        if (!version.PrivilegesCreators)
            users.Insert(0, $"\"{admin}\":100");
        return "{\"users\":{" + string.Join(",", users) + "}}";
    }

    private (Dictionary<StateMapKey, Pdu> State, Pdu? Last) Snapshot() => (new Dictionary<StateMapKey, Pdu>(_state), _last);

    private void Restore((Dictionary<StateMapKey, Pdu> State, Pdu? Last) snapshot)
    {
        _state.Clear();
        foreach (var (key, pdu) in snapshot.State)
            _state[key] = pdu;
        _last = snapshot.Last;
    }

    private Dictionary<StateMapKey, EventId> StateIds() => _state.ToDictionary(kv => kv.Key, kv => kv.Value.EventId);

    private void Add(string sender, string type, string stateKey, string contentJson)
    {
        var content = StrictJson.Parse(contentJson).Value;
        var keys = AuthEventSelection.KeysFor(_version, type, stateKey, sender, content);
        var proto = new ProtoEvent
        {
            RoomVersion = _version,
            RoomId = type == EventTypes.Create && _version.RoomIdIsCreateEventHash ? null : _roomId,
            Sender = UserId.From(sender),
            Type = type,
            StateKey = stateKey,
            Content = content,
            AuthEvents = keys.Where(_state.ContainsKey).Select(k => Reference(_state[k])).ToList(),
            PrevEvents = _last is null ? [] : [Reference(_last)],
            Depth = (_last?.Depth ?? 0) + 1,
            OriginServerTs = _clock++,
        };
        var pdu = proto.HashAndSign(_server, _key).Value;
        var check = pdu.Type == EventTypes.Create ? AuthResult.Allowed : AuthRules.Check(pdu, AuthState.From(_state));
        if (!check.IsAllowed)
            throw new InvalidOperationException($"benchmark room built a rejected event: {check}");
        _roomId ??= pdu.RoomId;
        _events[pdu.EventId] = pdu;
        _state[pdu.StateMapKey!.Value] = pdu;
        _last = pdu;
    }

    private EventReference Reference(Pdu pdu) =>
        _version.HasEventIdInEvent
            ? new EventReference(pdu.EventId, UnpaddedBase64.Encode(EventHashes.ReferenceHash(pdu.Json, _version)))
            : new EventReference(pdu.EventId);

}
