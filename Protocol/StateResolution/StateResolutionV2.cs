using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.StateResolution;

/// <summary>State resolution v2 (rooms 2–11) and v2.1 (room 12), step by step as the specification gives it.</summary>
internal static class StateResolutionV2
{
    public static ResolvedState Resolve(RoomVersion version, IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> stateSets, IStateEventSource events)
    {
        var (unconflicted, conflicted) = Partition(stateSets);
        if (conflicted.Count == 0)
            return new ResolvedState(unconflicted, 0, 0, 0, 0);

        var fullConflicted = AuthChains.Difference(stateSets, events);
        fullConflicted.UnionWith(conflicted);
        if (version.StateResolution == StateResolutionAlgorithm.V2_1)
            fullConflicted.UnionWith(AuthChains.ConflictedSubgraph(conflicted, events));
        fullConflicted.RemoveWhere(id => events.Find(id) is null);

        var createEvent = CreateEventOf(version, stateSets, events);

        // Step 1: the power events of the full conflicted set, with their auth chains inside it.
        var powerEvents = new HashSet<EventId>();
        foreach (var id in fullConflicted)
        {
            if (IsPowerEvent(events.Find(id)!))
                powerEvents.Add(id);
        }

        foreach (var id in AuthChains.Ancestors(powerEvents, events, fullConflicted))
            powerEvents.Add(id);
        var sortedPower = PowerOrdering.Sort(powerEvents, version, events, createEvent);

        // Step 2: replay them from the unconflicted state (v2) or from nothing (v2.1).
        var start = version.StateResolution == StateResolutionAlgorithm.V2_1
            ? new Dictionary<StateMapKey, EventId>()
            : new Dictionary<StateMapKey, EventId>(unconflicted);
        var partial = IterativeAuthChecks.Apply(start, sortedPower, events, createEvent);

        // Step 3: everything else, in mainline order of the resolved power levels.
        var others = fullConflicted.Where(id => !powerEvents.Contains(id)).ToList();
        var sortedOthers = MainlineOrdering.Sort(others, partial.GetValueOrDefault(PowerLevelsKey), events);

        // Step 4: replay those on top.
        var resolved = IterativeAuthChecks.Apply(partial, sortedOthers, events, createEvent);

        // Step 5: the unconflicted state has the last word.
        foreach (var (key, id) in unconflicted)
            resolved[key] = id;
        return new ResolvedState(resolved, conflicted.Count, fullConflicted.Count, sortedPower.Count, sortedOthers.Count);
    }

    internal static readonly StateMapKey PowerLevelsKey = new(EventTypes.PowerLevels, string.Empty);

    /// <summary>Splits the states into the unconflicted map and the conflicted set.</summary>
    internal static (Dictionary<StateMapKey, EventId> Unconflicted, HashSet<EventId> Conflicted) Partition(
        IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> stateSets)
    {
        var unconflicted = new Dictionary<StateMapKey, EventId>();
        var conflicted = new HashSet<EventId>();
        var seen = new HashSet<StateMapKey>();
        foreach (var set in stateSets)
        {
            foreach (var key in set.Keys)
            {
                if (!seen.Add(key))
                    continue;
                EventId? first = null;
                var present = 0;
                var differ = false;
                foreach (var other in stateSets)
                {
                    if (!other.TryGetValue(key, out var id))
                        continue;
                    present++;
                    if (first is null)
                        first = id;
                    else if (first != id)
                        differ = true;
                }

                if (!differ && present == stateSets.Count)
                {
                    unconflicted[key] = first!;
                    continue;
                }

                foreach (var other in stateSets)
                {
                    if (other.TryGetValue(key, out var id))
                        conflicted.Add(id);
                }
            }
        }

        return (unconflicted, conflicted);
    }

    /// <summary>
    /// A power event might remove someone's ability to act: power levels, join rules, and kicks and bans
    /// (a leave or ban whose sender is not its target).
    /// </summary>
    internal static bool IsPowerEvent(Pdu pdu) => pdu.StateKey switch
    {
        null => false,
        "" when pdu.Type is EventTypes.PowerLevels or EventTypes.JoinRules => true,
        var target when pdu.Type == EventTypes.Member => pdu.Membership is Membership.Leave or Membership.Ban && pdu.Sender.Value != target,
        _ => false,
    };

    /// <summary>
    /// The room's create event: in v12 named by the room id; before that, found in the states (every
    /// state holds the same one).
    /// </summary>
    internal static Pdu? CreateEventOf(RoomVersion version, IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> stateSets, IStateEventSource events)
    {
        var createKey = new StateMapKey(EventTypes.Create, string.Empty);
        foreach (var set in stateSets)
        {
            if (set.TryGetValue(createKey, out var id) && events.Find(id) is { } create)
                return create;
        }

        if (!version.RoomIdIsCreateEventHash)
            return null;
        foreach (var set in stateSets)
        {
            foreach (var id in set.Values)
            {
                if (events.Find(id) is { } any)
                    return events.Find(EventId.From("$" + any.RoomId.Value[1..]));
            }
        }

        return null;
    }
}
