using Tangle.Grains.Storage;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>Taking in events other servers made: they may fork the DAG, so state and extremities move by rule, not by default.</summary>
internal sealed partial class RoomReplica
{
    /// <summary>
    /// Persists an event received from another server with the state before it, then moves the forward
    /// extremities and the current state as given. A soft-failed event keeps its state after (later events
    /// may cite it) but changes neither.
    /// </summary>
    /// <param name="currentStateGroup">The new current state; null when it is the state after this event.</param>
    public async Task<StoredEvent> AppendReceivedAsync(Pdu pdu, EventStatus status, long stateGroupBefore,
        IReadOnlyList<EventId> extremities, long? currentStateGroup)
    {
        var record = Record ?? throw new InvalidOperationException("the room has no create event yet");
        var changes = pdu.StateMapKey is { } key ? new Dictionary<StateMapKey, EventId> { [key] = pdu.EventId } : null;
        var stored = await _store.AppendAsync(Server, new NewEvent(pdu, stateGroupBefore, changes, status), (position, groupAfter) =>
            record with
            {
                CurrentStateGroup = currentStateGroup ?? groupAfter,
                ForwardExtremities = extremities,
                StreamPosition = position,
                MaxDepth = Math.Max(record.MaxDepth, pdu.Depth),
            });

        var current = currentStateGroup ?? stored.StateGroupAfter ?? record.CurrentStateGroup;
        Record = record with { CurrentStateGroup = current, ForwardExtremities = extremities, StreamPosition = stored.StreamPosition, MaxDepth = Math.Max(record.MaxDepth, pdu.Depth) };
        _events[pdu.EventId] = pdu;
        if (current != record.CurrentStateGroup)
            await ReloadStateAsync(current);
        return stored;
    }

    /// <summary>Several events of the room by id; unknown ids are left out.</summary>
    public Task<IReadOnlyList<StoredEvent>> GetEventsAsync(IEnumerable<EventId> ids) => _store.GetEventsAsync(Server, ids);

    /// <summary>Stores a state group as changes over <paramref name="baseGroup"/>.</summary>
    public Task<long> PutStateGroupAsync(long? baseGroup, IReadOnlyDictionary<StateMapKey, EventId> changes) =>
        _store.PutStateGroupAsync(Server, Record!.RoomId, baseGroup, changes);

    /// <summary>Remembers events outside the timeline: outliers and rejected events.</summary>
    public Task AppendOutsideTimelineAsync(IReadOnlyList<(Pdu Pdu, EventStatus Status)> events) => _store.AppendOutsideTimelineAsync(Server, events);

    /// <summary>
    /// Starts this replica from a remote server's answer to send_join: the auth chain and state as outliers,
    /// the state before the join as a snapshot, then the join itself as the first timeline event.
    /// </summary>
    public static async Task<RoomReplica> ImportAsync(IRoomStore store, ServerName server, RoomId room, RoomVersion version, EventId createEvent,
        IReadOnlyList<Pdu> outliers, IReadOnlyDictionary<StateMapKey, EventId> stateBefore, Pdu join)
    {
        await store.AppendOutsideTimelineAsync(server, outliers.Select(p => (p, EventStatus.Outlier)).ToList());
        var group = await store.PutStateGroupAsync(server, room, null, stateBefore);
        await store.AppendAsync(server, new NewEvent(join, group, new Dictionary<StateMapKey, EventId> { [join.StateMapKey!.Value] = join.EventId }),
            (position, groupAfter) => new RoomRecord(room, version, createEvent, groupAfter, [join.EventId], position, join.Depth, 0));
        return await LoadAsync(store, server, room);
    }

    private async Task ReloadStateAsync(long group)
    {
        var state = await _store.GetStateGroupAsync(group);
        _state.Clear();
        foreach (var (key, id) in state)
            _state[key] = id;
        var wanted = _state.Values.Concat(Record!.ForwardExtremities).ToHashSet();
        var missing = wanted.Where(id => !_events.ContainsKey(id)).ToList();
        foreach (var stored in await _store.GetEventsAsync(Server, missing))
            _events[stored.Pdu.EventId] = stored.Pdu;
        foreach (var id in _events.Keys.Where(id => !wanted.Contains(id)).ToList())
            _events.Remove(id);
    }
}
