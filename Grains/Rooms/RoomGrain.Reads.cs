using Tangle.Grains.Storage;
using Tangle.Protocol.Events;
using EventId = Tangle.Protocol.Identifiers.EventId;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

public sealed partial class RoomGrain
{
    public async Task<RoomEventView> GetEventAsync(Requester requester, EventId eventId)
    {
        RequireRoom();
        var stored = await store.GetEventAsync(_server, eventId);
        if (stored is null || stored.Pdu.RoomId != _roomId || stored.Status != EventStatus.Accepted
            || !await Visibility(requester).CanSeeAsync(stored))
            throw MatrixException.NotFound("event not found");
        return await _views.ViewAsync(stored, requester);
    }

    public async Task<IReadOnlyList<RoomEventView>> GetStateAsync(Requester requester)
    {
        var state = await ReadableStateAsync(requester);
        var events = await store.GetEventsAsync(_server, state.Values);
        return await _views.ViewAsync(events, requester);
    }

    public async Task<RoomEventView> GetStateEventAsync(Requester requester, string type, string stateKey)
    {
        var state = await ReadableStateAsync(requester);
        if (!state.TryGetValue(new StateMapKey(type, stateKey), out var id) || await store.GetEventAsync(_server, id) is not { } stored)
            throw MatrixException.NotFound($"no {type} state with key '{stateKey}'");
        return await _views.ViewAsync(stored, requester);
    }

    public async Task<IReadOnlyList<RoomEventView>> GetMembersAsync(Requester requester, long? at, string? membership, string? notMembership)
    {
        var horizon = await ReadableHorizonAsync(requester);
        var state = at is { } position && position < horizon
            ? await StateAtPositionAsync(position)
            : await ReadableStateAsync(requester);
        var ids = state.Where(kv => kv.Key.Type == EventTypes.Member).Select(kv => kv.Value);
        var members = (await store.GetEventsAsync(_server, ids))
            .Where(e => (membership is null || e.Pdu.Membership == membership) && (notMembership is null || e.Pdu.Membership != notMembership))
            .ToList();
        return await _views.ViewAsync(members, requester);
    }

    public Task<IReadOnlyList<JoinedMember>> GetJoinedMembersAsync(Requester requester)
    {
        RequireReadableRoom();
        if (_replica.MembershipOf(requester.User.Value) != Membership.Join && !IsWorldReadable)
            throw MatrixException.Forbidden("you are not joined to this room");
        return Task.FromResult<IReadOnlyList<JoinedMember>>(_replica.StateEventsOfType(EventTypes.Member)
            .Where(m => m.Membership == Membership.Join)
            .Select(m => new JoinedMember(m.StateKey!, m.ContentString("displayname"), m.ContentString("avatar_url")))
            .ToList());
    }

    public async Task<MessagesPage> GetMessagesAsync(MessagesQuery query)
    {
        RequireReadableRoom();
        var horizon = await ReadableHorizonAsync(query.Requester);
        var limit = Math.Clamp(query.Limit, 1, 1000);
        var visibility = Visibility(query.Requester);
        var chunk = new List<StoredEvent>();
        var backwards = query.Direction == Direction.Backwards;
        var cursor = backwards ? Math.Min(query.From ?? horizon, horizon) : query.From ?? 0;
        var stop = backwards ? query.To ?? long.MinValue : Math.Min(query.To ?? horizon, horizon);
        var exhausted = false;
        var backfills = 0;
        while (chunk.Count < limit && !exhausted)
        {
            var batch = backwards
                ? await store.GetRangeAsync(_server, _roomId, stop, cursor, backwards: true, limit * 2, query.Filter)
                : await store.GetRangeAsync(_server, _roomId, cursor, stop, backwards: false, limit * 2, query.Filter);
            exhausted = batch.Count < limit * 2;
            foreach (var stored in batch)
            {
                cursor = backwards ? stored.StreamPosition - 1 : stored.StreamPosition;
                if (await visibility.CanSeeAsync(stored))
                    chunk.Add(stored);
                if (chunk.Count == limit)
                    break;
            }

            if (batch.Count == 0)
                exhausted = true;

            // The bottom of what this server holds: the rest of the history may be on the room's other servers.
            if (exhausted && chunk.Count < limit && backwards && query.To is null && backfills++ < MaxBackfillsPerPage && await BackfillAsync())
                exhausted = false;
        }

        var start = query.From ?? (backwards ? horizon : 0);
        long? end = chunk.Count == 0 || (exhausted && chunk.Count < limit && !HasMore(chunk, backwards, stop)) ? null : cursor;
        var views = await _views.ViewAsync(chunk, query.Requester);
        var state = query.Filter.LazyLoadMembers ? await MembersForAsync(chunk, query.Requester) : [];
        return new MessagesPage(views, start, end, state);
    }

    private static bool HasMore(List<StoredEvent> chunk, bool backwards, long stop) =>
        backwards && stop != long.MinValue && chunk[^1].StreamPosition - 1 > stop;

    /// <summary>How many backfill requests one page of /messages may wait for.</summary>
    private const int MaxBackfillsPerPage = 2;

    public async Task<EventContext> GetContextAsync(Requester requester, EventId eventId, int limit, RoomEventFilter filter)
    {
        var anchor = await GetEventAsync(requester, eventId);
        var beforeCount = limit / 2;
        var before = await GetMessagesAsync(new MessagesQuery
        {
            Requester = requester, From = anchor.StreamPosition - 1, Direction = Direction.Backwards, Limit = Math.Max(beforeCount, 1), Filter = filter,
        });
        var after = await GetMessagesAsync(new MessagesQuery
        {
            Requester = requester, From = anchor.StreamPosition, Direction = Direction.Forwards, Limit = Math.Max(limit - beforeCount, 1), Filter = filter,
        });
        var beforeEvents = beforeCount == 0 ? [] : before.Chunk;
        var afterEvents = limit - beforeCount == 0 ? [] : after.Chunk;
        var stored = await store.GetEventAsync(_server, eventId);
        var state = stored?.StateGroupBefore is { } group
            ? await _views.ViewAsync(await store.GetEventsAsync(_server, (await store.GetStateGroupAsync(group))
                .Where(kv => !filter.LazyLoadMembers || kv.Key.Type != EventTypes.Member || Senders(beforeEvents, afterEvents, anchor).Contains(kv.Key.StateKey))
                .Select(kv => kv.Value)), requester)
            : [];
        var start = beforeEvents.Count > 0 ? beforeEvents[^1].StreamPosition - 1 : anchor.StreamPosition - 1;
        var end = afterEvents.Count > 0 ? afterEvents[^1].StreamPosition : anchor.StreamPosition;
        return new EventContext(anchor, beforeEvents, afterEvents, start, end, state);
    }

    private static HashSet<string> Senders(IEnumerable<RoomEventView> before, IEnumerable<RoomEventView> after, RoomEventView anchor) =>
        before.Concat(after).Append(anchor).Select(v => v.Event.Sender.Value).ToHashSet(StringComparer.Ordinal);

    public async Task<RoomEventView?> TimestampToEventAsync(Requester requester, long timestamp, Direction direction)
    {
        RequireRoom();
        var found = await store.FindByTimestampAsync(_server, _roomId, timestamp, direction);
        if (found is null || !await Visibility(requester).CanSeeAsync(found))
            return null;
        return await _views.ViewAsync(found, requester);
    }

    public async Task<MessagesPage> GetRelationsAsync(Requester requester, EventId eventId, string? relType, string? eventType, MessagesQuery page, bool recurse)
    {
        await GetEventAsync(requester, eventId);
        var related = new List<StoredEvent>();
        var frontier = new Queue<EventId>([eventId]);
        var seen = new HashSet<EventId> { eventId };
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in await store.GetRelationsAsync(_server, _roomId, parent))
            {
                if (!seen.Add(child.Pdu.EventId))
                    continue;
                related.Add(child);
                if (recurse && seen.Count < 100)
                    frontier.Enqueue(child.Pdu.EventId);
            }
        }

        var matching = related.Where(e => (relType is null || RelType(e.Pdu) == relType) && (eventType is null || e.Pdu.Type == eventType));
        var backwards = page.Direction == Direction.Backwards;
        var ordered = backwards ? matching.OrderByDescending(e => e.StreamPosition) : matching.OrderBy(e => e.StreamPosition);
        var window = ordered.Where(e => page.From is not { } from || (backwards ? e.StreamPosition <= from : e.StreamPosition > from)).ToList();
        var visibility = Visibility(requester);
        var visible = (await visibility.FilterAsync(window)).Take(Math.Clamp(page.Limit, 1, 1000)).ToList();
        long? end = visible.Count < window.Count(e => true) && visible.Count > 0
            ? (backwards ? visible[^1].StreamPosition - 1 : visible[^1].StreamPosition)
            : null;
        return new MessagesPage(await _views.ViewAsync(visible, requester), page.From ?? 0, end, []);
    }

    public async Task<MessagesPage> GetThreadsAsync(Requester requester, bool participatedOnly, long? from, int limit)
    {
        RequireRoom();
        var horizon = await ReadableHorizonAsync(requester);
        var replies = await store.GetRangeAsync(_server, _roomId, 0, Math.Min(from ?? horizon, horizon), backwards: true, 10_000);
        var roots = new List<(EventId Root, long LatestPosition, bool Participated)>();
        var index = new Dictionary<EventId, int>();
        foreach (var reply in replies)
        {
            if (RelType(reply.Pdu) != "m.thread" || RelatedTo(reply.Pdu) is not { } root)
                continue;
            var participated = reply.Pdu.Sender == requester.User;
            if (index.TryGetValue(root, out var at))
            {
                roots[at] = roots[at] with { Participated = roots[at].Participated || participated };
                continue;
            }

            index[root] = roots.Count;
            roots.Add((root, reply.StreamPosition, participated));
        }

        var rootEvents = (await store.GetEventsAsync(_server, roots.Select(r => r.Root))).ToDictionary(e => e.Pdu.EventId);
        // By index: replacing an element while a foreach walks the list would end the walk with an exception.
        for (var i = 0; i < roots.Count; i++)
        {
            if (rootEvents.TryGetValue(roots[i].Root, out var rootEvent) && rootEvent.Pdu.Sender == requester.User)
                roots[i] = roots[i] with { Participated = true };
        }

        var selected = roots.Where(r => !participatedOnly || r.Participated).ToList();
        var visibility = Visibility(requester);
        var page = new List<StoredEvent>();
        long? end = null;
        foreach (var root in selected)
        {
            if (rootEvents.TryGetValue(root.Root, out var rootEvent) && await visibility.CanSeeAsync(rootEvent))
                page.Add(rootEvent);
            if (page.Count == Math.Clamp(limit, 1, 100))
            {
                end = root.LatestPosition - 1;
                break;
            }
        }

        return new MessagesPage(await _views.ViewAsync(page, requester), from ?? horizon, end, []);
    }

    private static string? RelType(Pdu pdu) =>
        pdu.Content.TryGetProperty("m.relates_to", out var relation) && relation.ValueKind == System.Text.Json.JsonValueKind.Object
        && relation.TryGetProperty("rel_type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String ? type.GetString() : null;

    private static EventId? RelatedTo(Pdu pdu) =>
        pdu.Content.TryGetProperty("m.relates_to", out var relation) && relation.ValueKind == System.Text.Json.JsonValueKind.Object
        && relation.TryGetProperty("event_id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String
        && EventId.Parse(id.GetString()) is { IsOk: true } parsed ? parsed.Value : null;

    private HistoryVisibility Visibility(Requester requester) =>
        new(store, _server, _roomId, requester.User, _replica.MembershipOf(requester.User.Value));

    private bool IsWorldReadable =>
        _replica.StateEvent(EventTypes.HistoryVisibility, "")?.ContentString("history_visibility") == HistoryVisibility.WorldReadable;

    /// <summary>
    /// The last position a user may read: the end of the room while joined (or world readable), the
    /// position of their leave after leaving, and nothing before they ever joined.
    /// </summary>
    private async Task<long> ReadableHorizonAsync(Requester requester)
    {
        RequireReadableRoom();
        var membership = _replica.MembershipOf(requester.User.Value);
        if (membership == Membership.Join || IsWorldReadable)
            return _replica.Position;
        if (membership is Membership.Leave or Membership.Ban && _replica.StateEvent(EventTypes.Member, requester.User.Value) is { } left)
        {
            if (!_leavePositions.TryGetValue(left.EventId, out var position))
                _leavePositions[left.EventId] = position = (await store.GetEventAsync(_server, left.EventId))?.StreamPosition ?? 0;
            return position;
        }

        throw MatrixException.Forbidden("you are not a member of this room");
    }

    private readonly Dictionary<EventId, long> _leavePositions = [];

    /// <summary>
    /// The room reads (messages, state, members) answer a room that does not exist as one the user is
    /// not in, 403, as the spec lists for them, so a room's existence does not leak.
    /// </summary>
    private void RequireReadableRoom()
    {
        if (_replica.Record is null)
            throw MatrixException.Forbidden("you are not a member of this room");
    }

    /// <summary>The current state for members; for those who left, the state as they left it.</summary>
    private async Task<IReadOnlyDictionary<StateMapKey, EventId>> ReadableStateAsync(Requester requester)
    {
        var horizon = await ReadableHorizonAsync(requester);
        return horizon >= _replica.Position ? _replica.State : await StateAtPositionAsync(horizon);
    }

    private async Task<IReadOnlyDictionary<StateMapKey, EventId>> StateAtPositionAsync(long position)
    {
        var at = await store.GetEventAtOrBeforeAsync(_server, _roomId, position);
        return at?.StateGroupAfter is { } group ? await store.GetStateGroupAsync(group) : new Dictionary<StateMapKey, EventId>();
    }

    /// <summary>The member events (lazy loading) of the senders of <paramref name="events"/>, from the current state.</summary>
    private async Task<List<RoomEventView>> MembersForAsync(IEnumerable<StoredEvent> events, Requester requester)
    {
        var senders = events.Select(e => e.Pdu.Sender.Value).Distinct();
        var ids = senders.Select(s => _replica.State.GetValueOrDefault(new StateMapKey(EventTypes.Member, s))).OfType<EventId>();
        return await _views.ViewAsync(await store.GetEventsAsync(_server, ids), requester);
    }
}
