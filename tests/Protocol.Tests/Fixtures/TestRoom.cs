using System.Text.Json;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
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

    /// <summary>A room version by id, as <see cref="VersionsAttribute"/> passes it.</summary>
    public static RoomVersion VersionOf(string id) => RoomVersions.Find(id) ?? throw new ArgumentException($"unknown room version {id}", nameof(id));

    /// <inheritdoc cref="Create(RoomVersion, string, IReadOnlyDictionary{string, long}?, string?, string?)"/>
    public static TestRoom Create(string versionId, string joinRule = JoinRule.Public, IReadOnlyDictionary<string, long>? users = null,
        string? createContent = null, string? powerLevelsExtra = null) =>
        Create(VersionOf(versionId), joinRule, users, createContent, powerLevelsExtra);

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
        room.Accept(room.Send(Alice, EventTypes.PowerLevels, "", room.PowerLevelsContent(users ?? new Dictionary<string, long>(), powerLevelsExtra)));
        room.Accept(room.Send(Alice, EventTypes.JoinRules, "", $$"""{"join_rule":"{{joinRule}}"}"""));
        return room;
    }

    /// <summary>
    /// Alice creates the room and joins, and nothing more: no power levels event, so the defaults of a
    /// room without one apply, and a join rule only if <paramref name="joinRule"/> is given.
    /// </summary>
    public static TestRoom Bare(string versionId, string? joinRule = null, string? createContent = null)
    {
        var room = new TestRoom(VersionOf(versionId));
        room.CreateEvent = room.Accept(room.Events.Create(Alice, createContent));
        room.Accept(room.Member(Alice, Alice, Membership.Join));
        if (joinRule is not null)
            room.Accept(room.Send(Alice, EventTypes.JoinRules, "", $$"""{"join_rule":"{{joinRule}}"}"""));
        return room;
    }

    /// <summary>Builds an event against the current state, without adding it.</summary>
    public Pdu Send(string sender, string type, string? stateKey, string content) => Send(sender, type, stateKey, content, redacts: null);

    /// <summary>An m.room.redaction of <paramref name="target"/>, built against the current state without adding it.</summary>
    public Pdu Redaction(string sender, Pdu target) => Send(sender, EventTypes.Redaction, null, "{}", target.EventId);

    /// <summary>The events <paramref name="pdu"/> names in auth_events, looked up in the current state.</summary>
    public IReadOnlyList<Pdu> AuthEventsOf(Pdu pdu) =>
        pdu.AuthEvents.Select(id => _state.Values.Single(e => e.EventId == id)).ToList();

    private Pdu Send(string sender, string type, string? stateKey, string content, EventId? redacts)
    {
        var keys = AuthEventSelection.KeysFor(Version, type, stateKey, sender, TestEvents.Json(content));
        var authEvents = keys.Select(k => _state.GetValueOrDefault(k)).OfType<Pdu>().ToList();
        return Events.Event(sender, type, stateKey, content, authEvents, _last is null ? [] : [_last], redacts: redacts);
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

    /// <summary>
    /// Adds an event to the state without checking it, for states the rules of this room version would
    /// never produce (such as a knock before v7).
    /// </summary>
    public Pdu Force(Pdu pdu)
    {
        if (pdu.StateMapKey is { } key)
            _state[key] = pdu;
        _last = pdu;
        return pdu;
    }

    /// <summary>Sends, checks and adds in one step.</summary>
    public Pdu Do(string sender, string type, string? stateKey, string content) => Accept(Send(sender, type, stateKey, content));

    public Pdu Join(string user) => Accept(Member(user, user, Membership.Join));

    public Pdu Invite(string sender, string target) => Accept(Member(sender, target, Membership.Invite));

    public Pdu Leave(string user) => Accept(Member(user, user, Membership.Leave));

    public Pdu Kick(string sender, string target) => Accept(Member(sender, target, Membership.Leave));

    public Pdu Ban(string sender, string target) => Accept(Member(sender, target, Membership.Ban));

    public Pdu Knock(string user) => Accept(Member(user, user, Membership.Knock));

    /// <summary>Alice replaces the power levels: herself at 100 plus <paramref name="users"/>, and <paramref name="extra"/>.</summary>
    public Pdu SetPowerLevels(IReadOnlyDictionary<string, long> users, string? extra = null) =>
        Do(Alice, EventTypes.PowerLevels, "", PowerLevelsContent(users, extra));

    /// <summary>Power levels content with Alice at 100 (left out in v12, where she is the creator) plus <paramref name="users"/>.</summary>
    public string PowerLevelsContent(IReadOnlyDictionary<string, long> users, string? extra = null)
    {
        var levels = new Dictionary<string, long> { [Alice] = 100 };
        foreach (var (user, level) in users)
            levels[user] = level;
        return Events.PowerLevels(levels, extra, [Alice]);
    }

    public static JsonElement Json(string json) => TestEvents.Json(json);
}
