using Tangle.Grains.Storage;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using EventId = Tangle.Protocol.Identifiers.EventId;

namespace Tangle.Grains.Rooms;

public sealed partial class RoomGrain
{
    /// <summary>The state an invitee or knocker may see before joining.</summary>
    private static readonly string[] StrippedStateTypes =
        [EventTypes.Create, EventTypes.JoinRules, "m.room.canonical_alias", "m.room.avatar", "m.room.name", "m.room.encryption", "m.room.topic"];

    public async Task<SyncSlice> GetSyncSliceAsync(SyncSliceQuery query)
    {
        if (_replica.Record is null && _remoteInvites.TryGetValue(query.Requester.User.Value, out var remoteInvite))
            return RemoteInviteSlice(remoteInvite);
        if (_replica.Record is null)
            return new SyncSlice { Membership = Membership.Leave };
        RequireRoom();
        var requester = query.Requester;
        var user = requester.User.Value;
        var membership = _replica.MembershipOf(user);
        var upto = Math.Min(query.Upto ?? _replica.Position, _replica.Position);

        if (membership is Membership.Invite or Membership.Knock)
        {
            var stripped = StrippedStateTypes.Select(t => _replica.StateEvent(t, "")).OfType<Pdu>()
                .Append(_replica.StateEvent(EventTypes.Member, user)!)
                .Select(p => new RoomEventView { Event = p }).ToList();
            return new SyncSlice { Membership = membership, StrippedState = stripped, Position = upto };
        }

        if (membership is Membership.Leave or Membership.Ban)
            upto = Math.Min(upto, await ReadableHorizonAsync(requester));
        else if (membership != Membership.Join)
            return new SyncSlice { Membership = membership, Position = upto };

        var since = query.Since is { } s && s < upto ? s : (long?)null;
        var noNews = query.Since is { } unchanged && unchanged >= upto;
        var limit = Math.Clamp(query.TimelineLimit, 0, 1000);
        var (timeline, limited) = noNews ? ([], false) : await TimelineAsync(requester, since, upto, limit, query.TimelineFilter);
        var prevBatch = timeline.Count > 0 ? timeline[0].StreamPosition - 1 : upto;

        var fromScratch = query.Since is null || query.FullState || query.MembershipChanged;
        var stateBefore = timeline.Count > 0 && timeline[0].StateGroupBefore is { } g ? await store.GetStateGroupAsync(g) : await StateAtPositionAsync(upto);
        IEnumerable<EventId> stateIds;
        if (fromScratch)
            stateIds = stateBefore.Where(kv => WantState(kv.Key, query, timeline, user)).Select(kv => kv.Value);
        else if (limited)
        {
            var old = await StateAtPositionAsync(query.Since!.Value);
            stateIds = stateBefore.Where(kv => (!old.TryGetValue(kv.Key, out var was) || was != kv.Value) && WantState(kv.Key, query, timeline, user))
                .Select(kv => kv.Value);
        }
        else
        {
            stateIds = [];
        }

        // Lazy loading may be asked for on the state filter or the timeline filter; WantState honours both too.
        if ((query.TimelineFilter.LazyLoadMembers || query.StateFilter.LazyLoadMembers) && !fromScratch)
            stateIds = stateIds.Concat(MissingMembers(timeline, stateBefore, query.KnownMembers, user));
        var timelineIds = timeline.Select(t => t.Pdu.EventId).ToHashSet();
        var state = (await store.GetEventsAsync(_server, stateIds.Distinct())).Where(e => !timelineIds.Contains(e.Pdu.EventId)).ToList();

        var receipts = (await store.GetReceiptsSinceAsync(_server, _roomId, query.ReceiptsSince))
            .Where(r => r.ReceiptType != "m.read.private" || r.UserId == user).ToList();
        var (notifications, highlights) = membership == Membership.Join ? await UnreadCountsAsync(requester, upto) : (0, 0);
        return new SyncSlice
        {
            Timeline = await _views.ViewAsync(timeline, requester),
            State = await _views.ViewAsync(state, requester),
            Limited = limited,
            PrevBatch = prevBatch,
            Position = upto,
            Summary = membership == Membership.Join ? BuildSummary(user) : null,
            Typing = membership == Membership.Join ? CurrentTyping() : [],
            Receipts = receipts,
            ReceiptSerial = _replica.Record!.ReceiptSerial,
            NotificationCount = notifications,
            HighlightCount = highlights,
            Membership = membership,
        };
    }

    /// <summary>The newest visible events in (since, upto], at most <paramref name="limit"/>, oldest first.</summary>
    private async Task<(List<StoredEvent> Timeline, bool Limited)> TimelineAsync(Requester requester, long? since, long upto, int limit, RoomEventFilter filter)
    {
        var visibility = Visibility(requester);
        var newestFirst = new List<StoredEvent>();
        var cursor = upto;
        var floor = since ?? 0;
        var more = false;
        while (cursor > floor)
        {
            var batch = await store.GetRangeAsync(_server, _roomId, floor, cursor, backwards: true, Math.Max(limit * 2, 20), filter);
            if (batch.Count == 0)
                break;
            foreach (var stored in batch)
            {
                cursor = stored.StreamPosition - 1;
                if (!await visibility.CanSeeAsync(stored))
                    continue;
                if (newestFirst.Count == limit)
                {
                    more = true;
                    break;
                }

                newestFirst.Add(stored);
            }

            if (more)
                break;
        }

        newestFirst.Reverse();
        return (newestFirst, more);
    }

    private static bool WantState(StateMapKey key, SyncSliceQuery query, List<StoredEvent> timeline, string user)
    {
        var filter = query.StateFilter;
        if (filter.Types is { } types && !types.Any(t => Matches(t, key.Type)))
            return false;
        if (filter.NotTypes.Any(t => Matches(t, key.Type)))
            return false;
        if (key.Type != EventTypes.Member || !query.TimelineFilter.LazyLoadMembers && !filter.LazyLoadMembers)
            return true;
        return key.StateKey == user || timeline.Any(e => e.Pdu.Sender.Value == key.StateKey);
    }

    private static bool Matches(string pattern, string type) =>
        pattern.EndsWith('*') ? type.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == type;

    /// <summary>With lazy loading: member events of timeline senders the client has not been sent yet.</summary>
    private static IEnumerable<EventId> MissingMembers(List<StoredEvent> timeline, IReadOnlyDictionary<StateMapKey, EventId> state,
        IReadOnlyList<string> known, string user)
    {
        var knownSet = known.ToHashSet(StringComparer.Ordinal);
        foreach (var sender in timeline.Select(e => e.Pdu.Sender.Value).Distinct())
        {
            if (sender != user && !knownSet.Contains(sender) && state.TryGetValue(new StateMapKey(EventTypes.Member, sender), out var id))
                yield return id;
        }
    }

    public Task<RoomSummary> GetSummaryAsync()
    {
        RequireRoom();
        return Task.FromResult(BuildSummary(null));
    }

    private RoomSummary BuildSummary(string? forUser)
    {
        var members = _replica.StateEventsOfType(EventTypes.Member).ToList();
        var joined = members.Where(m => m.Membership == Membership.Join).ToList();
        var invited = members.Count(m => m.Membership == Membership.Invite);
        var heroes = members.Where(m => m.Membership is Membership.Join or Membership.Invite && m.StateKey != forUser)
            .Select(m => m.StateKey!).Order(StringComparer.Ordinal).Take(5).ToList();
        string? Content(string type, string key) => _replica.StateEvent(type, "")?.ContentString(key);
        return new RoomSummary
        {
            RoomId = _roomId,
            RoomVersion = _replica.Version.Id,
            Name = Content("m.room.name", "name"),
            Topic = Content("m.room.topic", "topic"),
            CanonicalAlias = Content("m.room.canonical_alias", "alias"),
            AvatarUrl = Content("m.room.avatar", "url"),
            JoinedMembers = joined.Count,
            InvitedMembers = invited,
            Heroes = heroes,
            JoinRule = Content(EventTypes.JoinRules, "join_rule"),
            HistoryVisibility = Content(EventTypes.HistoryVisibility, "history_visibility") ?? HistoryVisibility.Shared,
            GuestCanJoin = Content("m.room.guest_access", "guest_access") == "can_join",
            RoomType = Content(EventTypes.Create, "type"),
            IsEncrypted = _replica.StateEvent("m.room.encryption", "") is not null,
            StreamPosition = _replica.Position,
        };
    }
}
