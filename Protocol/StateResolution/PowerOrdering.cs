using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.StateResolution;

/// <summary>
/// The reverse topological power ordering: Kahn's algorithm over the auth DAG, choosing at each step
/// the candidate whose sender has the most power (by its own auth events), then the earliest
/// origin_server_ts, then the smallest event id.
/// </summary>
internal static class PowerOrdering
{
    public static List<EventId> Sort(HashSet<EventId> ids, RoomVersion version, IStateEventSource events, Pdu? createEvent)
    {
        var keys = new Dictionary<EventId, PowerKey>(ids.Count);
        var waitingOn = new Dictionary<EventId, int>(ids.Count);
        var children = new Dictionary<EventId, List<EventId>>();
        var powerCache = new Dictionary<EventId, PowerLevels>();
        foreach (var id in ids)
        {
            var pdu = events.Find(id)!;
            keys[id] = new PowerKey(SenderPower(pdu, version, events, createEvent, powerCache), pdu.OriginServerTs, id);
            var parents = 0;
            foreach (var authId in pdu.AuthEvents.Distinct())
            {
                if (!ids.Contains(authId))
                    continue;
                parents++;
                if (!children.TryGetValue(authId, out var list))
                    children[authId] = list = [];
                list.Add(id);
            }

            waitingOn[id] = parents;
        }

        return Kahn(keys, waitingOn, children);
    }

    /// <summary>Kahn's algorithm, taking the smallest key among the ready vertices at each step.</summary>
    internal static List<EventId> Kahn<TKey>(Dictionary<EventId, TKey> keys, Dictionary<EventId, int> waitingOn, Dictionary<EventId, List<EventId>> children)
        where TKey : IComparable<TKey>
    {
        var ready = new PriorityQueue<EventId, TKey>();
        foreach (var (id, count) in waitingOn)
        {
            if (count == 0)
                ready.Enqueue(id, keys[id]);
        }

        var sorted = new List<EventId>(keys.Count);
        while (ready.TryDequeue(out var id, out _))
        {
            sorted.Add(id);
            if (!children.TryGetValue(id, out var list))
                continue;
            foreach (var child in list)
            {
                if (--waitingOn[child] == 0)
                    ready.Enqueue(child, keys[child]);
            }
        }

        return sorted;
    }

    /// <summary>The sender's power level as the event's own auth events give it.</summary>
    internal static long SenderPower(Pdu pdu, RoomVersion version, IStateEventSource events, Pdu? createEvent, Dictionary<EventId, PowerLevels> cache)
    {
        Pdu? powerLevels = null;
        var create = version.CreateEventIsAuthEvent ? null : createEvent;
        foreach (var authId in pdu.AuthEvents)
        {
            if (events.Find(authId) is not { } auth)
                continue;
            if (auth.Type == EventTypes.PowerLevels && auth.StateKey == string.Empty)
                powerLevels = auth;
            else if (auth.Type == EventTypes.Create && auth.StateKey == string.Empty)
                create ??= auth;
        }

        var cacheKey = powerLevels?.EventId ?? create?.EventId;
        if (cacheKey is null)
            return PowerLevels.From(null, null, version).UserLevel(pdu.Sender.Value);
        if (!cache.TryGetValue(cacheKey, out var levels))
            cache[cacheKey] = levels = PowerLevels.From(powerLevels, create, version);
        return levels.UserLevel(pdu.Sender.Value);
    }

    /// <summary>Smaller sorts first: more power, then earlier, then lower event id.</summary>
    internal readonly record struct PowerKey(long Power, long OriginServerTs, EventId EventId) : IComparable<PowerKey>
    {
        public int CompareTo(PowerKey other)
        {
            var byPower = other.Power.CompareTo(Power);
            if (byPower != 0)
                return byPower;
            var byTime = OriginServerTs.CompareTo(other.OriginServerTs);
            return byTime != 0 ? byTime : EventId.CompareTo(other.EventId);
        }
    }
}
