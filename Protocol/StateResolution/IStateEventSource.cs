using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.StateResolution;

/// <summary>
/// Where state resolution fetches events: those in the state sets and everything in their auth
/// chains. An event that cannot be found is treated as absent from every auth chain.
/// </summary>
public interface IStateEventSource
{
    /// <summary>The event with this id, or null if it is not known.</summary>
    Pdu? Find(EventId eventId);

    /// <summary>Whether the event was rejected on receipt; rejected auth events are never used.</summary>
    bool IsRejected(EventId eventId);
}

/// <summary>Ready-made <see cref="IStateEventSource"/>s.</summary>
public static class StateEventSource
{
    /// <summary>A source over events held in memory.</summary>
    public static IStateEventSource From(IEnumerable<Pdu> events, IEnumerable<EventId>? rejected = null) =>
        new MemorySource(events.ToDictionary(e => e.EventId), rejected?.ToHashSet() ?? []);

    private sealed class MemorySource(Dictionary<EventId, Pdu> events, HashSet<EventId> rejected) : IStateEventSource
    {
        public Pdu? Find(EventId eventId) => events.GetValueOrDefault(eventId);

        public bool IsRejected(EventId eventId) => rejected.Contains(eventId);
    }
}
