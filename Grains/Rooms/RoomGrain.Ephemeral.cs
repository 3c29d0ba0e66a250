using System.Text.Json;
using Tangle.Grains.Accounts;
using Tangle.Grains.Sync;
using Tangle.Protocol.Rooms;
using EventId = Tangle.Protocol.Identifiers.EventId;

namespace Tangle.Grains.Rooms;

public sealed partial class RoomGrain
{
    /// <summary>Event types whose arrival counts as a notification in the default push rules.</summary>
    private static readonly string[] NotifyingTypes = ["m.room.message", "m.room.encrypted", "m.sticker", "m.call.invite", "m.poll.start"];

    private readonly Dictionary<string, DateTimeOffset> _typing = new(StringComparer.Ordinal);
    private IGrainTimer? _typingTimer;
    private Dictionary<string, long>? _readUpTo;

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
        var serial = await store.PutReceiptAsync(_server, _roomId,
            new Receipt(user, receiptType, eventId, time.GetUtcNow().ToUnixTimeMilliseconds(), threadId, 0));
        _replica.SetReceiptSerial(serial);
        await EnsureReadPositionsAsync();
        if (threadId is null or "main" && target.StreamPosition > _readUpTo!.GetValueOrDefault(user))
            _readUpTo![user] = target.StreamPosition;
        if (receiptType == "m.read.private")
            Inbox(user).NotifyRoomAsync(new RoomNotification(_roomId, _replica.Position, Membership.Join, RoomChange.Receipts, serial)).Ignore();
        else
            FanoutEphemeral(RoomChange.Receipts);
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
    /// Unread notification and highlight counts since the user's read receipt: messages from others
    /// notify; those mentioning the user (m.mentions, or their name in the body) highlight.
    /// </summary>
    private async Task<(long Notifications, long Highlights)> UnreadCountsAsync(Requester requester)
    {
        await EnsureReadPositionsAsync();
        var user = requester.User.Value;
        var joinedAt = _readUpTo!.GetValueOrDefault(user);
        var unread = await store.GetRangeAsync(_server, _roomId, joinedAt, _replica.Position, backwards: true, 1000,
            new RoomEventFilter { Types = NotifyingTypes, NotSenders = [user] });
        var displayName = _replica.StateEvent(EventTypes.Member, user)?.ContentString("displayname");
        var localpart = requester.User.Localpart;
        long highlights = 0;
        foreach (var stored in unread)
        {
            if (Mentions(stored.Pdu.Content, user, displayName, localpart))
                highlights++;
        }

        return (unread.Count, highlights);
    }

    private static bool Mentions(JsonElement content, string user, string? displayName, string localpart)
    {
        if (content.TryGetProperty("m.mentions", out var mentions) && mentions.ValueKind == JsonValueKind.Object)
        {
            return mentions.TryGetProperty("user_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
                && ids.EnumerateArray().Any(id => id.ValueKind == JsonValueKind.String && id.GetString() == user);
        }

        var body = content.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : string.Empty;
        return ContainsWord(body, displayName) || ContainsWord(body, localpart);
    }

    private static bool ContainsWord(string body, string? word)
    {
        if (string.IsNullOrEmpty(word))
            return false;
        var at = body.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            var before = at == 0 || !char.IsLetterOrDigit(body[at - 1]);
            var after = at + word.Length == body.Length || !char.IsLetterOrDigit(body[at + word.Length]);
            if (before && after)
                return true;
            at = body.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase);
        }

        return false;
    }
}
