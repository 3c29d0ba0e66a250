using System.Text.Json;
using Tangle.Grains.Storage;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// The in-memory side of one room replica: its record, current state (with every current state event
/// loaded, since the auth rules need them), and forward extremities. Changes only through
/// <see cref="AppendAsync"/>, which persists first.
/// </summary>
internal sealed partial class RoomReplica
{
    /// <summary>New events cite at most this many forward extremities.</summary>
    public const int MaxPrevEvents = 10;

    private readonly IRoomStore _store;
    private readonly Dictionary<EventId, Pdu> _events = [];
    private readonly Dictionary<StateMapKey, EventId> _state;

    private RoomReplica(IRoomStore store, ServerName server, RoomRecord? record, Dictionary<StateMapKey, EventId> state)
    {
        _store = store;
        Server = server;
        Record = record;
        _state = state;
    }

    public ServerName Server { get; }

    /// <summary>Null until the create event is stored.</summary>
    public RoomRecord? Record { get; private set; }

    public RoomVersion Version => Record?.Version ?? throw new InvalidOperationException("the room has no create event yet");

    public IReadOnlyDictionary<StateMapKey, EventId> State => _state;

    public IAuthState AuthState => new CurrentState(this);

    public long Position => Record?.StreamPosition ?? 0;

    public static async Task<RoomReplica> LoadAsync(IRoomStore store, ServerName server, RoomId room)
    {
        var record = await store.GetRoomAsync(server, room);
        if (record is null)
            return new RoomReplica(store, server, null, []);
        var state = new Dictionary<StateMapKey, EventId>(await store.GetStateGroupAsync(record.CurrentStateGroup));
        var replica = new RoomReplica(store, server, record, state);
        foreach (var stored in await store.GetEventsAsync(server, state.Values.Concat(record.ForwardExtremities)))
            replica._events[stored.Pdu.EventId] = stored.Pdu;
        return replica;
    }

    public static RoomReplica Empty(IRoomStore store, ServerName server) => new(store, server, null, []);

    /// <summary>The current state event at a key, or null.</summary>
    public Pdu? StateEvent(string type, string stateKey) =>
        _state.TryGetValue(new StateMapKey(type, stateKey), out var id) ? _events.GetValueOrDefault(id) : null;

    public string? MembershipOf(string userId) => StateEvent(EventTypes.Member, userId)?.Membership;

    public PowerLevels PowerLevels => Protocol.Auth.PowerLevels.From(StateEvent(EventTypes.PowerLevels, ""), StateEvent(EventTypes.Create, ""), Version);

    /// <summary>Current state events of a type.</summary>
    public IEnumerable<Pdu> StateEventsOfType(string type) =>
        _state.Where(kv => kv.Key.Type == type).Select(kv => _events[kv.Value]);

    /// <summary>Every current state event.</summary>
    public IEnumerable<Pdu> StateEvents => _state.Values.Select(id => _events[id]);

    /// <summary>An event of the room, from memory or the store.</summary>
    public async Task<StoredEvent?> GetAsync(EventId id) => await _store.GetEventAsync(Server, id);

    /// <summary>Prepares a new local event on top of the forward extremities, citing the current state as auth events.</summary>
    public ProtoEvent Prepare(RoomId roomId, UserId sender, string type, string? stateKey, JsonElement content, long now, EventId? redacts = null)
    {
        var record = Record ?? throw new InvalidOperationException("the room has no create event yet");
        var keys = AuthEventSelection.KeysFor(record.Version, type, stateKey, sender.Value, content);
        var authEvents = keys.Where(_state.ContainsKey).Select(k => Reference(_events[_state[k]])).ToList();
        var prev = Cited(record.ForwardExtremities.Select(id => _events.GetValueOrDefault(id)).OfType<Pdu>());
        return new ProtoEvent
        {
            RoomVersion = record.Version,
            RoomId = roomId,
            Sender = sender,
            Type = type,
            StateKey = stateKey,
            Content = content,
            AuthEvents = authEvents,
            PrevEvents = prev.Select(Reference).ToList(),
            Depth = prev.Count == 0 ? record.MaxDepth + 1 : Math.Min(prev.Max(p => p.Depth) + 1, Protocol.Json.StrictJson.MaxSafeInteger),
            OriginServerTs = now,
            Redacts = redacts,
        };
    }

    /// <summary>
    /// The forward extremities a new event cites, deepest first: all of them up to <see cref="MaxPrevEvents"/>, else
    /// the deepest (ties by event id). The current state is the resolution of the states after these same ones, so
    /// a new event is authorised against the state every other server computes before it from its prev_events;
    /// and however many extremities there are, one resolution takes a bounded number of state sets.
    /// </summary>
    public static IReadOnlyList<Pdu> Cited(IEnumerable<Pdu> extremities) =>
        [.. extremities.OrderByDescending(p => p.Depth).ThenBy(p => p.EventId.Value, StringComparer.Ordinal).Take(MaxPrevEvents)];

    private EventReference Reference(Pdu pdu) =>
        pdu.RoomVersion.HasEventIdInEvent
            ? new EventReference(pdu.EventId, Protocol.Crypto.UnpaddedBase64.Encode(EventHashes.ReferenceHash(pdu.Json, pdu.RoomVersion)))
            : new EventReference(pdu.EventId);

    /// <summary>
    /// Persists a new event that extends the current state (it cites the extremities that state is resolved over,
    /// see <see cref="Cited"/>), then makes it the only forward extremity and, if a state event, part of the
    /// current state. Extremities beyond what it could cite are let go: the current state never included them.
    /// </summary>
    public async Task<StoredEvent> AppendAsync(Pdu pdu, ClientTransaction? transaction = null, EventId? redacts = null)
    {
        var isCreate = pdu.Type == EventTypes.Create && pdu.StateKey == "";
        var changes = pdu.StateMapKey is { } key ? new Dictionary<StateMapKey, EventId> { [key] = pdu.EventId } : null;
        var newEvent = new NewEvent(pdu, isCreate ? null : Record!.CurrentStateGroup, changes, EventStatus.Accepted, transaction, redacts);
        var stored = await _store.AppendAsync(Server, newEvent, (position, groupAfter) => new RoomRecord(
            pdu.RoomId,
            pdu.RoomVersion,
            Record?.CreateEventId ?? pdu.EventId,
            groupAfter,
            [pdu.EventId],
            position,
            Math.Max(Record?.MaxDepth ?? 0, pdu.Depth),
            Record?.ReceiptSerial ?? 0));

        // Persisted: now, and only now, the replica moves on. Memory keeps current state and extremities only.
        foreach (var old in Record?.ForwardExtremities ?? [])
        {
            if (_events.TryGetValue(old, out var oldEvent) && !IsCurrentState(oldEvent))
                _events.Remove(old);
        }

        if (pdu.StateMapKey is { } stateKey)
        {
            if (_state.TryGetValue(stateKey, out var replaced))
                _events.Remove(replaced);
            _state[stateKey] = pdu.EventId;
        }

        _events[pdu.EventId] = pdu;
        Record = new RoomRecord(pdu.RoomId, pdu.RoomVersion, Record?.CreateEventId ?? pdu.EventId, stored.StateGroupAfter ?? 0,
            [pdu.EventId], stored.StreamPosition, Math.Max(Record?.MaxDepth ?? 0, pdu.Depth), Record?.ReceiptSerial ?? 0);
        return stored;
    }

    private bool IsCurrentState(Pdu pdu) => pdu.StateMapKey is { } key && _state.TryGetValue(key, out var id) && id == pdu.EventId;

    /// <summary>Records the room's latest receipt serial.</summary>
    public void SetReceiptSerial(long serial) => Record = Record! with { ReceiptSerial = serial };

    /// <summary>The state map of a state group.</summary>
    public Task<IReadOnlyDictionary<StateMapKey, EventId>> StateGroupAsync(long group) => _store.GetStateGroupAsync(group);

    private sealed class CurrentState(RoomReplica replica) : IAuthState
    {
        public Pdu? Find(string type, string stateKey) => replica.StateEvent(type, stateKey);
    }
}
