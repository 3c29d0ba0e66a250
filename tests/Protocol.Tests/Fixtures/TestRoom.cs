using System.Text.Json;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Tests.Fixtures;

/// <summary>
/// A room being built event by event for authorization tests: it tracks the current state, picks
/// auth events with the real auth events selection, and chains prev_events.
/// </summary>
internal sealed class TestRoom
{
    public const string Alice = "@alice:example.com";
    public const string Bob = "@bob:example.com";
    public const string Charlie = "@charlie:example.com";
    public const string Eve = "@eve:evil.example";

    private readonly Dictionary<StateMapKey, Pdu> _state = [];
    private Pdu? _last;

    private TestRoom(RoomVersion version) => Events = new TestEvents(version);

    public TestEvents Events { get; }

    public RoomVersion Version => Events.Version;

    public Pdu CreateEvent { get; private set; } = null!;

    public IReadOnlyDictionary<StateMapKey, Pdu> State => _state;

    public IAuthState AuthState => Tangle.Protocol.Auth.AuthState.From(_state);

    /// <summary>
    /// Alice creates the room, joins, sets power levels (herself 100 plus <paramref name="users"/>) and the
    /// join rule.
    /// </summary>
    public static TestRoom Create(RoomVersion version, string joinRule = JoinRule.Public, IReadOnlyDictionary<string, long>? users = null,
        string? createContent = null, string? powerLevelsExtra = null)
    {
        var room = new TestRoom(version);
        room.CreateEvent = room.Accept(room.Events.Create(Alice, createContent));
        room.Accept(room.Member(Alice, Alice, Membership.Join));
        var levels = new Dictionary<string, long> { [Alice] = 100 };
        foreach (var (user, level) in users ?? new Dictionary<string, long>())
            levels[user] = level;
        room.Accept(room.Send(Alice, EventTypes.PowerLevels, "", room.Events.PowerLevels(levels, powerLevelsExtra, [Alice])));
        room.Accept(room.Send(Alice, EventTypes.JoinRules, "", $$"""{"join_rule":"{{joinRule}}"}"""));
        return room;
    }

    /// <summary>Builds an event against the current state, without adding it.</summary>
    public Pdu Send(string sender, string type, string? stateKey, string content)
    {
        var keys = AuthEventSelection.KeysFor(Version, type, stateKey, sender, TestEvents.Json(content));
        var authEvents = keys.Select(k => _state.GetValueOrDefault(k)).OfType<Pdu>().ToList();
        return Events.Event(sender, type, stateKey, content, authEvents, _last is null ? [] : [_last]);
    }

    public Pdu Member(string sender, string target, string membership, string? extraContent = null) =>
        Send(sender, EventTypes.Member, target, $$"""{"membership":"{{membership}}"{{(extraContent is null ? "" : "," + extraContent)}}}""");

    /// <summary>Checks an event against the current state (every rule but those on auth_events).</summary>
    public AuthResult Check(Pdu pdu) => AuthRules.Check(pdu, AuthState);

    /// <summary>Adds an event to the room, failing the test if the rules reject it.</summary>
    public Pdu Accept(Pdu pdu)
    {
        if (pdu.Type != EventTypes.Create)
        {
            var result = Check(pdu);
            Assert.True(result.IsAllowed, $"setting up the room: {pdu.Type} {pdu.StateKey} was {result}");
        }

        if (pdu.StateMapKey is { } key)
            _state[key] = pdu;
        _last = pdu;
        return pdu;
    }

    /// <summary>Sends, checks and adds in one step.</summary>
    public Pdu Do(string sender, string type, string? stateKey, string content) => Accept(Send(sender, type, stateKey, content));

    public Pdu Join(string user) => Accept(Member(user, user, Membership.Join));

    public static JsonElement Json(string json) => TestEvents.Json(json);
}
