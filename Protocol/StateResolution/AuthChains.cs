using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.StateResolution;

/// <summary>Walks of the auth DAG (edges from an event to its auth_events) that state resolution needs.</summary>
internal static class AuthChains
{
    /// <summary>
    /// The auth difference: events in the full auth chain of some state set but not of all, where a
    /// state set's full auth chain includes its own events. Each event carries a bit mask of the sets
    /// that reach it, so every event is visited at most once per set.
    /// </summary>
    public static HashSet<EventId> Difference(IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> stateSets, IStateEventSource events)
    {
        if (stateSets.Count > 64)
            throw new ArgumentException("state resolution takes at most 64 state sets at once", nameof(stateSets));
        var all = stateSets.Count == 64 ? ulong.MaxValue : (1UL << stateSets.Count) - 1;
        var reached = new Dictionary<EventId, ulong>();
        var pending = new Stack<EventId>();
        for (var i = 0; i < stateSets.Count; i++)
        {
            var bit = 1UL << i;
            foreach (var id in stateSets[i].Values)
                Mark(id, bit);
        }

        while (pending.TryPop(out var id))
        {
            var mask = reached[id];
            if (events.Find(id) is not { } pdu)
                continue;
            foreach (var authId in pdu.AuthEvents)
                Mark(authId, mask);
        }

        var difference = new HashSet<EventId>();
        foreach (var (id, mask) in reached)
        {
            if (mask != all)
                difference.Add(id);
        }

        return difference;

        void Mark(EventId id, ulong bits)
        {
            reached.TryGetValue(id, out var before);
            var after = before | bits;
            if (after == before)
                return;
            reached[id] = after;
            pending.Push(id);
        }
    }

    /// <summary>
    /// The conflicted state subgraph (v2.1): every event on an auth path from one conflicted event to
    /// another, endpoints included.
    /// </summary>
    public static HashSet<EventId> ConflictedSubgraph(HashSet<EventId> conflicted, IStateEventSource events)
    {
        // Everything reachable from a conflicted event, then those of them from which a conflicted event is reachable.
        var reachable = new HashSet<EventId>(conflicted);
        var stack = new Stack<EventId>(conflicted);
        while (stack.TryPop(out var id))
        {
            if (events.Find(id) is not { } pdu)
                continue;
            foreach (var authId in pdu.AuthEvents)
            {
                if (reachable.Add(authId))
                    stack.Push(authId);
            }
        }

        var leadsToConflict = new Dictionary<EventId, bool>();
        var subgraph = new HashSet<EventId>();
        foreach (var id in reachable)
        {
            if (LeadsToConflict(id))
                subgraph.Add(id);
        }

        return subgraph;

        // Iterative post-order walk: auth chains can be far deeper than the call stack allows.
        bool LeadsToConflict(EventId start)
        {
            if (leadsToConflict.TryGetValue(start, out var known))
                return known;
            var work = new Stack<(EventId Id, bool Expanded)>();
            work.Push((start, false));
            while (work.TryPop(out var item))
            {
                if (leadsToConflict.ContainsKey(item.Id))
                    continue;
                var pdu = events.Find(item.Id);
                if (item.Expanded || pdu is null)
                {
                    var result = conflicted.Contains(item.Id)
                        || (pdu is not null && pdu.AuthEvents.Any(a => leadsToConflict.GetValueOrDefault(a)));
                    leadsToConflict[item.Id] = result;
                    continue;
                }

                work.Push((item.Id, true));
                foreach (var authId in pdu.AuthEvents)
                {
                    if (!leadsToConflict.ContainsKey(authId))
                        work.Push((authId, false));
                }
            }

            return leadsToConflict[start];
        }
    }

    /// <summary>The events of <paramref name="within"/> in the auth chains of <paramref name="roots"/>.</summary>
    public static HashSet<EventId> Ancestors(IEnumerable<EventId> roots, IStateEventSource events, HashSet<EventId> within)
    {
        var found = new HashSet<EventId>();
        var visited = new HashSet<EventId>();
        var stack = new Stack<EventId>(roots);
        while (stack.TryPop(out var id))
        {
            if (events.Find(id) is not { } pdu)
                continue;
            foreach (var authId in pdu.AuthEvents)
            {
                if (!visited.Add(authId))
                    continue;
                if (within.Contains(authId))
                    found.Add(authId);
                stack.Push(authId);
            }
        }

        return found;
    }
}
