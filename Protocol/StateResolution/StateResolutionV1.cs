using System.Security.Cryptography;
using System.Text;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.StateResolution;

/// <summary>
/// The original state resolution of room version 1. Known to reset state in some cases; kept exactly
/// as specified because version 1 rooms still exist.
/// </summary>
internal static class StateResolutionV1
{
    public static ResolvedState Resolve(RoomVersion version, IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> stateSets, IStateEventSource events)
    {
        // In v1 a key held by only some states is not a conflict: conflicts are different event ids for one key.
        var candidates = new Dictionary<StateMapKey, HashSet<EventId>>();
        foreach (var set in stateSets)
        {
            foreach (var (key, id) in set)
            {
                if (!candidates.TryGetValue(key, out var ids))
                    candidates[key] = ids = [];
                ids.Add(id);
            }
        }

        var resolved = new Dictionary<StateMapKey, EventId>();
        var conflicts = new Dictionary<StateMapKey, List<Pdu>>();
        foreach (var (key, ids) in candidates)
        {
            if (ids.Count == 1)
                resolved[key] = ids.First();
            else
                conflicts[key] = ids.Select(events.Find).OfType<Pdu>().ToList();
        }

        var conflictCount = conflicts.Values.Sum(c => c.Count);
        // Power levels, then join rules, then each member: apply in ascending depth (descending sha1 of
        // the id) while the auth rules allow, stopping at the first refusal.
        foreach (var type in (string[])[EventTypes.PowerLevels, EventTypes.JoinRules, EventTypes.Member])
        {
            foreach (var key in conflicts.Keys.Where(k => k.Type == type).OrderBy(k => k).ToList())
            {
                var ordered = conflicts[key].OrderBy(e => e.Depth).ThenByDescending(e => Sha1Hex(e.EventId)).ToList();
                conflicts.Remove(key);
                if (ordered.Count == 0)
                    continue;
                resolved[key] = ordered[0].EventId;
                foreach (var candidate in ordered.Skip(1))
                {
                    if (!AuthRules.Check(candidate, new ResolvedLookup(resolved, events)).IsAllowed)
                        break;
                    resolved[key] = candidate.EventId;
                }
            }
        }

        // Everything else: the highest depth, then lowest sha1 of the id, that passes auth.
        foreach (var key in conflicts.Keys.OrderBy(k => k))
        {
            var ordered = conflicts[key].OrderByDescending(e => e.Depth).ThenBy(e => Sha1Hex(e.EventId));
            foreach (var candidate in ordered)
            {
                if (AuthRules.Check(candidate, new ResolvedLookup(resolved, events)).IsAllowed)
                {
                    resolved[key] = candidate.EventId;
                    break;
                }
            }
        }

        return new ResolvedState(resolved, conflictCount, conflictCount, 0, 0);
    }

    private static string Sha1Hex(EventId id) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id.Value)));

    private sealed class ResolvedLookup(Dictionary<StateMapKey, EventId> state, IStateEventSource events) : IAuthState
    {
        public Pdu? Find(string type, string stateKey) =>
            state.TryGetValue(new StateMapKey(type, stateKey), out var id) ? events.Find(id) : null;
    }
}
