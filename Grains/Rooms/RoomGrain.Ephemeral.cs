using System.Text.Json;
using Tangle.Grains.Accounts;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Push;
using Tangle.Protocol.Rooms;
using EventId = Tangle.Protocol.Identifiers.EventId;

namespace Tangle.Grains.Rooms;

public sealed partial class RoomGrain
{
    private readonly Dictionary<string, DateTimeOffset> _typing = new(StringComparer.Ordinal);
    private IGrainTimer? _typingTimer;
    private Dictionary<string, long>? _readUpTo;
    private readonly Dictionary<string, UnreadCounts> _unread = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CachedPushRules> _pushRules = new(StringComparer.Ordinal);

    public async Task SetTypingAsync(Requester requester, bool typing, int timeoutMs)
    {
        RequireRoom();
        var user = requester.User.Value;
        if (_replica.MembershipOf(user) != Membership.Join)
            throw MatrixException.Forbidden("you are not joined to this room");
        var changed = typing || _typing.Remove(user);
        if (typing)
            _typing[user] = time.GetUtcNow().AddMilliseconds(Math.Clamp(timeoutMs, 1_000, 120_000));
        ScheduleTypingExpiry();
        if (changed)
            FanoutEphemeral(RoomChange.Typing);
        SendTypingToServers(requester.User, typing);
    }

    private IReadOnlyList<string> CurrentTyping()
    {
        var now = time.GetUtcNow();
        return _typing.Where(t => t.Value > now).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
    }

    private void ScheduleTypingExpiry()
    {
        _typingTimer?.Dispose();
        _typingTimer = null;
        if (_typing.Count == 0)
            return;
        var next = _typing.Values.Min() - time.GetUtcNow();
        _typingTimer = this.RegisterGrainTimer(ExpireTyping, new GrainTimerCreationOptions(next < TimeSpan.Zero ? TimeSpan.Zero : next, Timeout.InfiniteTimeSpan));
    }

    private Task ExpireTyping(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = _typing.Where(t => t.Value <= now).Select(t => t.Key).ToList();
        foreach (var user in expired)
            _typing.Remove(user);
        ScheduleTypingExpiry();
        if (expired.Count > 0)
            FanoutEphemeral(RoomChange.Typing);
        return Task.CompletedTask;
    }

    public async Task SetReceiptAsync(Requester requester, string receiptType, EventId eventId, string? threadId)
    {
        RequireRoom();
        var user = requester.User.Value;
        if (_replica.MembershipOf(user) != Membership.Join)
            throw MatrixException.Forbidden("you are not joined to this room");
        var target = await store.GetEventAsync(_server, eventId);
        if (target is null || target.Pdu.RoomId != _roomId)
            throw MatrixException.NotFound("unknown event");
        var ts = time.GetUtcNow().ToUnixTimeMilliseconds();
        var serial = await store.PutReceiptAsync(_server, _roomId, new Receipt(user, receiptType, eventId, ts, threadId, 0));
        _replica.SetReceiptSerial(serial);
        await EnsureReadPositionsAsync();
        if (threadId is null or "main" && target.StreamPosition > _readUpTo!.GetValueOrDefault(user))
            _readUpTo![user] = target.StreamPosition;
        if (receiptType == "m.read.private")
            Inbox(user).NotifyRoomAsync(new RoomNotification(_roomId, _replica.Position, Membership.Join, RoomChange.Receipts, serial)).Ignore();
        else
            FanoutEphemeral(RoomChange.Receipts);
        await SendReceiptToServersAsync(requester.User, receiptType, eventId, threadId, ts);
    }

    public async Task SetReadMarkersAsync(Requester requester, EventId? fullyRead, EventId? read, EventId? readPrivate)
    {
        RequireRoom();
        if (_replica.MembershipOf(requester.User.Value) != Membership.Join)
            throw MatrixException.Forbidden("you are not joined to this room");
        if (fullyRead is not null)
        {
            if (await store.GetEventAsync(_server, fullyRead) is null)
                throw MatrixException.NotFound("unknown event for m.fully_read");
            await GrainFactory.GetGrain<IAccountGrain>(requester.User.Value)
                .SetAccountDataAsync(_roomId, "m.fully_read", JsonSerializer.SerializeToElement(new { event_id = fullyRead.Value }));
        }

        if (read is not null)
            await SetReceiptAsync(requester, "m.read", read, null);
        if (readPrivate is not null)
            await SetReceiptAsync(requester, "m.read.private", readPrivate, null);
    }

    private void FanoutEphemeral(RoomChange change)
    {
        foreach (var (user, membership) in _localMembers)
        {
            if (membership == Membership.Join)
                Inbox(user).NotifyRoomAsync(new RoomNotification(_roomId, _replica.Position, membership, change, _replica.Record!.ReceiptSerial)).Ignore();
        }
    }

    private async Task EnsureReadPositionsAsync()
    {
        if (_readUpTo is not null)
            return;
        _readUpTo = new Dictionary<string, long>(StringComparer.Ordinal);
        var receipts = await store.GetReceiptsSinceAsync(_server, _roomId, 0);
        var targets = (await store.GetEventsAsync(_server, receipts.Select(r => r.EventId))).ToDictionary(e => e.Pdu.EventId, e => e.StreamPosition);
        foreach (var receipt in receipts.Where(r => r.ReceiptType is "m.read" or "m.read.private" && r.ThreadId is null or "main"))
        {
            if (targets.TryGetValue(receipt.EventId, out var position) && position > _readUpTo.GetValueOrDefault(receipt.UserId))
                _readUpTo[receipt.UserId] = position;
        }
    }

    /// <summary>
    /// Unread notification and highlight counts: the user's push rules evaluated over the events after
    /// their read receipt up to <paramref name="upto"/>, stopping at their own latest event (sending an
    /// event reads up to it), so the counts match the timeline they travel with. Counts
    /// are kept per user and extended with new events only, until the receipt or the rules change.
    /// </summary>
    private async Task<(long Notifications, long Highlights)> UnreadCountsAsync(Requester requester, long upto)
    {
        await EnsureReadPositionsAsync();
        var user = requester.User.Value;
        var readUpTo = _readUpTo!.GetValueOrDefault(user);
        var rules = await PushRulesOfAsync(requester.User);
        var counts = _unread.TryGetValue(user, out var known) && known.ReadUpTo == readUpTo && known.RulesSerial == rules.Serial && known.Upto <= upto
            ? known
            : new UnreadCounts(readUpTo, rules.Serial, readUpTo, 0, 0);
        if (counts.Upto < upto)
        {
            var (notifications, highlights, readByOwnEvent) = await CountNotificationsAsync(user, rules.Evaluator, counts.Upto, upto);
            counts = readByOwnEvent
                ? counts with { Upto = upto, Notifications = notifications, Highlights = highlights }
                : counts with { Upto = upto, Notifications = counts.Notifications + notifications, Highlights = counts.Highlights + highlights };
        }

        _unread[user] = counts;
        return (counts.Notifications, counts.Highlights);
    }

    /// <summary>
    /// Evaluates the events in (<paramref name="after"/>, <paramref name="upto"/>] newest first, at most
    /// <see cref="UnreadCounts.MaxScanned"/> of them, until one the user sent.
    /// </summary>
    private async Task<(long Notifications, long Highlights, bool ReadByOwnEvent)> CountNotificationsAsync(
        string user, PushRuleEvaluator rules, long after, long upto)
    {
        var levels = _replica.PowerLevels;
        var context = new PushContext
        {
            UserId = user,
            DisplayName = _replica.StateEvent(EventTypes.Member, user)?.ContentString("displayname"),
            MemberCount = _replica.StateEventsOfType(EventTypes.Member).Count(m => m.Membership == Membership.Join),
            NotificationPowerLevels = levels.Notifications,
        };
        long notifications = 0, highlights = 0;
        var cursor = upto;
        var scanned = 0;
        while (cursor > after && scanned < UnreadCounts.MaxScanned)
        {
            var page = await store.GetRangeAsync(_server, _roomId, after, cursor, backwards: true, Math.Min(UnreadCounts.Page, UnreadCounts.MaxScanned - scanned));
            if (page.Count == 0)
                break;
            foreach (var stored in page)
            {
                cursor = stored.StreamPosition - 1;
                scanned++;
                var sender = stored.Pdu.Sender.Value;
                if (sender == user)
                    return (notifications, highlights, true);
                var actions = rules.ActionsFor(stored.Pdu.Json, context with { SenderPowerLevel = levels.UserLevel(sender) });
                if (!actions.Notify)
                    continue;
                notifications++;
                if (actions.Highlight)
                    highlights++;
            }
        }

        return (notifications, highlights, false);
    }

    /// <summary>The user's push rules, compiled once per change of them.</summary>
    private async Task<CachedPushRules> PushRulesOfAsync(UserId user)
    {
        var account = GrainFactory.GetGrain<IAccountGrain>(user.Value);
        var serial = await account.GetPushRulesSerialAsync();
        if (_pushRules.TryGetValue(user.Value, out var cached) && cached.Serial == serial)
            return cached;
        cached = new CachedPushRules(serial, new PushRuleEvaluator(PushRuleset.Parse(await account.GetPushRulesAsync())));
        _pushRules[user.Value] = cached;
        return cached;
    }
}
