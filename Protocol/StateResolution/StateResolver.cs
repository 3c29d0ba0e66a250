using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.StateResolution;

/// <summary>
/// Resolves a set of room states into one, with the algorithm of the room's version: v1 for room
/// version 1, v2 for 2–11, v2.1 for 12. Deterministic: the result depends only on the states and the
/// events, never on the order they are given in.
/// </summary>
public static class StateResolver
{
    /// <summary>Resolves <paramref name="stateSets"/>, fetching events from <paramref name="events"/>.</summary>
    public static ResolvedState Resolve(RoomVersion version, IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> stateSets, IStateEventSource events)
    {
        if (stateSets.Count == 0)
            return new ResolvedState(new Dictionary<StateMapKey, EventId>(), 0, 0, 0, 0);
        if (stateSets.Count == 1)
            return new ResolvedState(new Dictionary<StateMapKey, EventId>(stateSets[0]), 0, 0, 0, 0);
        var cached = new CachingSource(events);
        return version.StateResolution == StateResolutionAlgorithm.V1
            ? StateResolutionV1.Resolve(version, stateSets, cached)
            : StateResolutionV2.Resolve(version, stateSets, cached);
    }

    /// <summary>Resolves and returns only the state map.</summary>
    public static IReadOnlyDictionary<StateMapKey, EventId> ResolveState(RoomVersion version, IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> stateSets, IStateEventSource events) =>
        Resolve(version, stateSets, events).State;

    /// <summary>Remembers every event fetched during one resolution, so each is fetched once.</summary>
    internal sealed class CachingSource(IStateEventSource inner) : IStateEventSource
    {
        private readonly Dictionary<EventId, Pdu?> _events = [];
        private readonly Dictionary<EventId, bool> _rejected = [];

        public Pdu? Find(EventId eventId)
        {
            if (!_events.TryGetValue(eventId, out var pdu))
                _events[eventId] = pdu = inner.Find(eventId);
            return pdu;
        }

        public bool IsRejected(EventId eventId)
        {
            if (!_rejected.TryGetValue(eventId, out var rejected))
                _rejected[eventId] = rejected = inner.IsRejected(eventId);
            return rejected;
        }
    }
}
