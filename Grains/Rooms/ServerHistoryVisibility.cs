using Tangle.Grains.Storage;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// What another server is given of the room's events when it asks for them (/event, /backfill,
/// /get_missing_events): the room's history visibility applied to the server as a whole. Where the history is
/// shared or world readable, or one of the server's users was joined (or, for "invited", invited) at the event,
/// it gets the event; otherwise, and for events redacted here, it gets the redacted form, which still carries
/// what the DAG and the auth rules need. One instance serves one request.
/// </summary>
internal sealed class ServerHistoryVisibility(IRoomStore store, ServerName local, ServerName origin)
{
    private readonly Dictionary<long, bool> _atGroup = [];

    /// <summary>The event as the origin may have it: whole, or redacted.</summary>
    public async Task<Pdu> ServeAsync(StoredEvent stored) =>
        stored.RedactedBy is null && await MaySeeAsync(stored) ? stored.Pdu : stored.Pdu.Redacted();

    public async Task<List<Pdu>> ServeAsync(IEnumerable<StoredEvent> events)
    {
        var served = new List<Pdu>();
        foreach (var stored in events)
            served.Add(await ServeAsync(stored));
        return served;
    }

    private async Task<bool> MaySeeAsync(StoredEvent stored)
    {
        var pdu = stored.Pdu;
        if (pdu.Sender.Server == origin || (pdu.Type == EventTypes.Member && UserId.Parse(pdu.StateKey).TryGetValue(out var subject, out _) && subject.Server == origin))
            return true;
        // An event known without its place in the DAG is auth material, which every server in the room is given.
        if (stored.StateGroupBefore is not { } group)
            return true;
        if (!_atGroup.TryGetValue(group, out var allowed))
            _atGroup[group] = allowed = Allows(await VisibilityStateAsync(group));
        return allowed;
    }

    /// <summary>The history visibility and the memberships of the origin's users in a state group.</summary>
    private async Task<Dictionary<StateMapKey, Pdu>> VisibilityStateAsync(long group)
    {
        var state = await store.GetStateGroupAsync(group);
        var wanted = state.Where(kv => kv.Key.Type == EventTypes.HistoryVisibility
            || (kv.Key.Type == EventTypes.Member && UserId.Parse(kv.Key.StateKey).TryGetValue(out var user, out _) && user.Server == origin));
        return (await store.GetEventsAsync(local, wanted.Select(kv => kv.Value))).Where(e => e.Pdu.StateMapKey is not null)
            .ToDictionary(e => e.Pdu.StateMapKey!.Value, e => e.Pdu);
    }

    private static bool Allows(Dictionary<StateMapKey, Pdu> events)
    {
        var visibility = events.TryGetValue(new StateMapKey(EventTypes.HistoryVisibility, ""), out var history)
            ? history.ContentString("history_visibility") ?? HistoryVisibility.Shared
            : HistoryVisibility.Shared;
        if (visibility is HistoryVisibility.WorldReadable or HistoryVisibility.Shared)
            return true;
        return events.Values.Any(e => e.Type == EventTypes.Member
            && (e.Membership == Membership.Join || (visibility == HistoryVisibility.Invited && e.Membership == Membership.Invite)));
    }
}
