using Tangle.Grains.Storage;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// Decides whether a user may see an event, by the room's history visibility and the user's
/// membership in the state at that event, as the specification's server behaviour lists it.
/// One instance serves one request for one user.
/// </summary>
internal sealed class HistoryVisibility(IRoomStore store, ServerName server, RoomId room, UserId user, string? currentMembership)
{
    public const string WorldReadable = "world_readable";
    public const string Shared = "shared";
    public const string Invited = "invited";
    public const string Joined = "joined";

    private readonly Dictionary<long, (string Visibility, string? Membership)> _atGroup = [];
    private List<long>? _joinPositions;

    public async Task<bool> CanSeeAsync(StoredEvent stored)
    {
        var before = await AtGroupAsync(stored.StateGroupBefore);
        if (Allows(before.Visibility, before.Membership) || await SharedAndJoinedLaterAsync(before.Visibility, stored.StreamPosition))
            return true;

        // A visibility change or the user's own membership event is visible if the state after it allows it.
        var pdu = stored.Pdu;
        if (pdu.Type == EventTypes.HistoryVisibility && pdu.StateKey == "")
        {
            var after = pdu.ContentString("history_visibility") ?? Shared;
            return Allows(after, before.Membership) || await SharedAndJoinedLaterAsync(after, stored.StreamPosition);
        }

        if (pdu.Type == EventTypes.Member && pdu.StateKey == user.Value)
            return Allows(before.Visibility, pdu.Membership) || pdu.Membership == Membership.Join || IsOwnAnswer(before.Membership, pdu.Membership);
        return false;
    }

    /// <summary>
    /// Rejecting an invite or retracting a knock: the user was shown the room through that invite or
    /// knock, so their own leave ending it is theirs to see, and it is what their sync's leave section says.
    /// </summary>
    private static bool IsOwnAnswer(string? before, string? after) =>
        after == Membership.Leave && before is Membership.Invite or Membership.Knock;

    public async Task<List<StoredEvent>> FilterAsync(IEnumerable<StoredEvent> events)
    {
        var visible = new List<StoredEvent>();
        foreach (var stored in events)
        {
            if (await CanSeeAsync(stored))
                visible.Add(stored);
        }

        return visible;
    }

    private static bool Allows(string visibility, string? membership) =>
        visibility == WorldReadable
        || membership == Membership.Join
        || (visibility == Invited && membership == Membership.Invite);

    /// <summary>Rule 3: shared history is visible to anyone who joined at any point after the event.</summary>
    private async Task<bool> SharedAndJoinedLaterAsync(string visibility, long position)
    {
        if (visibility != Shared)
            return false;
        if (currentMembership == Membership.Join)
            return true;
        _joinPositions ??= await JoinPositionsAsync();
        return _joinPositions.Any(p => p > position);
    }

    /// <summary>Where the user joined; joins are always sent by the joining user, so their own member events suffice.</summary>
    private async Task<List<long>> JoinPositionsAsync()
    {
        var own = await store.GetRangeAsync(server, room, 0, long.MaxValue, backwards: false, limit: 10_000,
            new RoomEventFilter { Types = [EventTypes.Member], Senders = [user.Value] });
        return own.Where(e => e.Pdu.StateKey == user.Value && e.Pdu.Membership == Membership.Join).Select(e => e.StreamPosition).ToList();
    }

    private async Task<(string Visibility, string? Membership)> AtGroupAsync(long? group)
    {
        if (group is not { } id)
            return (Shared, null);
        if (_atGroup.TryGetValue(id, out var known))
            return known;
        var state = await store.GetStateGroupAsync(id);
        string visibility = Shared;
        string? membership = null;
        var ids = new List<EventId>();
        if (state.TryGetValue(new StateMapKey(EventTypes.HistoryVisibility, ""), out var visibilityId))
            ids.Add(visibilityId);
        if (state.TryGetValue(new StateMapKey(EventTypes.Member, user.Value), out var memberId))
            ids.Add(memberId);
        foreach (var stored in await store.GetEventsAsync(server, ids))
        {
            if (stored.Pdu.Type == EventTypes.HistoryVisibility)
                visibility = stored.Pdu.ContentString("history_visibility") switch
                {
                    WorldReadable => WorldReadable,
                    Invited => Invited,
                    Joined => Joined,
                    _ => Shared,
                };
            else
                membership = stored.Pdu.Membership;
        }

        return _atGroup[id] = (visibility, membership);
    }
}
