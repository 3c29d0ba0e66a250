using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.StateResolution;

/// <summary>
/// The mainline ordering: events sort by where their chain of power levels events meets the mainline
/// of the resolved power levels (earlier meeting first), then by origin_server_ts, then by event id.
/// </summary>
internal static class MainlineOrdering
{
    public static List<EventId> Sort(List<EventId> ids, EventId? resolvedPowerLevels, IStateEventSource events)
    {
        // Position 0 is the resolved power levels event; larger positions are older.
        var mainline = new Dictionary<EventId, int>();
        var position = 0;
        for (var current = resolvedPowerLevels; current is not null; current = PowerLevelsIn(events.Find(current), events))
        {
            if (!mainline.TryAdd(current, position++))
                break;
        }

        var positionOf = new Dictionary<EventId, int>();
        var keyed = new List<(MainlineKey Key, EventId Id)>(ids.Count);
        foreach (var id in ids)
        {
            var pdu = events.Find(id)!;
            keyed.Add((new MainlineKey(MainlinePosition(pdu), pdu.OriginServerTs, id), id));
        }

        keyed.Sort((a, b) => a.Key.CompareTo(b.Key));
        return keyed.ConvertAll(k => k.Id);

        int MainlinePosition(Pdu pdu)
        {
            // Walk the event's power levels chain until it meets the mainline, remembering every step.
            var walked = new List<EventId>();
            var found = int.MaxValue;
            for (var current = PowerLevelsIn(pdu, events); current is not null; current = PowerLevelsIn(events.Find(current), events))
            {
                if (mainline.TryGetValue(current, out var at) || positionOf.TryGetValue(current, out at))
                {
                    found = at;
                    break;
                }

                if (walked.Contains(current))
                    break;
                walked.Add(current);
            }

            foreach (var step in walked)
                positionOf[step] = found;
            return found;
        }
    }

    /// <summary>The m.room.power_levels event among an event's auth events.</summary>
    private static EventId? PowerLevelsIn(Pdu? pdu, IStateEventSource events)
    {
        if (pdu is null)
            return null;
        foreach (var authId in pdu.AuthEvents)
        {
            if (events.Find(authId) is { Type: EventTypes.PowerLevels, StateKey: "" })
                return authId;
        }

        return null;
    }

    /// <summary>Smaller sorts first: a greater mainline position (older base), then earlier, then lower id.</summary>
    private readonly record struct MainlineKey(int Position, long OriginServerTs, EventId EventId) : IComparable<MainlineKey>
    {
        public int CompareTo(MainlineKey other)
        {
            var byPosition = other.Position.CompareTo(Position);
            if (byPosition != 0)
                return byPosition;
            var byTime = OriginServerTs.CompareTo(other.OriginServerTs);
            return byTime != 0 ? byTime : EventId.CompareTo(other.EventId);
        }
    }
}
