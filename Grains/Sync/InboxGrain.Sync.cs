using System.Text.Json;
using Tangle.Grains.Accounts;
using Tangle.Grains.Keys;
using Tangle.Grains.Presence;
using Tangle.Grains.Rooms;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Sync;

public sealed partial class InboxGrain
{
    private const int ToDeviceBatch = 100;

    public async Task<SyncResult> SyncAsync(SyncQuery query, CancellationToken cancellationToken = default)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromMilliseconds(Math.Clamp(query.TimeoutMs, 0, (int)MaxWait.TotalMilliseconds));
        SyncToken? since = SyncToken.TryParse(query.Since, out var parsed) ? parsed : null;
        if (query.Since is not null && since is null)
            throw MatrixException.InvalidParam("unknown sync token");
        var presence = GrainFactory.GetGrain<IPresenceGrain>(_user.Value);
        var connected = await presence.SyncStartedAsync(query.SetPresence);
        try
        {
            return await SyncUntilNewsAsync(query, since, deadline, cancellationToken);
        }
        finally
        {
            if (connected)
                await presence.SyncEndedAsync();
        }
    }

    private async Task<SyncResult> SyncUntilNewsAsync(SyncQuery query, SyncToken? since, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            // A token whose to-device part lags its position still has messages queued: answer at once.
            if (since is { } waitFrom && !query.FullState && waitFrom.ToDevice >= waitFrom.Position)
                await WaitForNewsAsync(waitFrom.Position, deadline, cancellationToken);
            var result = await BuildAsync(query, since);
            var empty = result.Join.Count + result.Invite.Count + result.Leave.Count + result.Knock.Count + result.AccountData.Count
                + result.ToDevice.Count + result.DeviceListsChanged.Count + result.DeviceListsLeft.Count + result.Presence.Count == 0;
            if (since is null || query.FullState || !empty || time.GetUtcNow() >= deadline || cancellationToken.IsCancellationRequested)
                return result;
            // Only news this sync filters out: keep waiting from the new position.
            since = SyncToken.TryParse(result.NextBatch, out var moved) ? moved : since;
        }
    }

    private async Task<SyncResult> BuildAsync(SyncQuery query, SyncToken? since)
    {
        var upto = _seq;
        var requester = query.Requester;
        var entries = since is { } from ? await store.GetRangeAsync(_user, from.Position, upto) : [];

        var rooms = await RoomSlicesAsync(query, since, upto, entries);
        var accountData = await AccountDataAsync(since, entries);
        var (toDevice, toDeviceUpto) = await ToDeviceAsync(requester, since, upto);
        var deviceLists = DeviceListsIn(entries);
        var keyCounts = requester.DeviceId is { } deviceId ? await GrainFactory.GetGrain<IDeviceKeysGrain>(_user.Value).GetCountsAsync(deviceId) : null;
        var presence = await PresenceAsync(query, since, entries);

        var join = new Dictionary<RoomId, RoomSync>();
        var invite = new Dictionary<RoomId, RoomSync>();
        var leave = new Dictionary<RoomId, RoomSync>();
        var knock = new Dictionary<RoomId, RoomSync>();
        foreach (var (room, slice) in rooms)
        {
            var roomData = accountData.Rooms.TryGetValue(room, out var data) ? data : [];
            var sync = new RoomSync(slice, roomData);
            switch (slice.Membership)
            {
                case Membership.Join: join[room] = sync; break;
                case Membership.Invite: invite[room] = sync; break;
                case Membership.Knock: knock[room] = sync; break;
                case Membership.Leave or Membership.Ban: leave[room] = sync; break;
            }
        }

        foreach (var (room, data) in accountData.Rooms)
        {
            if (!join.ContainsKey(room) && _rooms.TryGetValue(room, out var entry) && entry.Membership == Membership.Join)
                join[room] = new RoomSync(new SyncSlice { Membership = Membership.Join, Position = entry.Position }, data);
        }

        return new SyncResult
        {
            NextBatch = new SyncToken(upto, toDeviceUpto).ToString(),
            Join = join,
            Invite = invite,
            Leave = leave,
            Knock = knock,
            AccountData = accountData.Global,
            ToDevice = toDevice,
            DeviceListsChanged = deviceLists.Changed,
            DeviceListsLeft = deviceLists.Left,
            OneTimeKeysCount = keyCounts?.OneTimeKeys ?? new Dictionary<string, int>(),
            UnusedFallbackKeyTypes = keyCounts?.UnusedFallbackAlgorithms,
            Presence = presence,
        };
    }

    /// <summary>Asks each room that changed (or, initially, every room) for its slice of the timeline.</summary>
    private async Task<List<(RoomId Room, SyncSlice Slice)>> RoomSlicesAsync(SyncQuery query, SyncToken? since, long upto, IReadOnlyList<InboxEntry> entries)
    {
        var filter = query.Filter;
        var wanted = new List<(InboxEntry Latest, InboxEntry? Base)>();
        if (since is null)
        {
            foreach (var latest in _rooms.Values.Where(e => e.Seq <= upto && e.Data != Forgotten))
            {
                if (latest.Membership is Membership.Leave or Membership.Ban && !filter.IncludeLeave)
                    continue;
                wanted.Add((latest, null));
            }
        }
        else
        {
            foreach (var group in entries.Where(e => e.Kind == InboxEntryKind.Room).GroupBy(e => e.Room!))
            {
                var latest = group.Last();
                if (latest.Data == Forgotten)
                    continue;
                var baseEntry = await store.GetRoomEntryAtAsync(_user, group.Key, since.Value.Position);
                var changedMembership = baseEntry?.Membership != latest.Membership;
                if (latest.Membership is Membership.Leave or Membership.Ban && !changedMembership && !filter.IncludeLeave)
                    continue;
                if (latest.Membership is Membership.Invite or Membership.Knock && !changedMembership)
                    continue;
                wanted.Add((latest, baseEntry));
            }
        }

        wanted = wanted.Where(w => filter.Rooms is null || filter.Rooms.Contains(w.Latest.Room!.Value))
            .Where(w => !filter.NotRooms.Contains(w.Latest.Room!.Value)).ToList();

        var slices = await Task.WhenAll(wanted.Select(async w =>
        {
            var room = w.Latest.Room!;
            // Full state only for a room whose state the client was not following at the token: one
            // they were joined to already gets the changes since, even when they have now left it.
            var membershipChanged = w.Base is not null && w.Base.Membership != w.Latest.Membership && w.Base.Membership != Membership.Join;
            var slice = await GrainFactory.Room(_user.Server, room).GetSyncSliceAsync(new SyncSliceQuery
            {
                Requester = query.Requester,
                Since = w.Base?.Position,
                Upto = w.Latest.Position,
                TimelineLimit = filter.Timeline.Limit ?? 10,
                FullState = query.FullState,
                TimelineFilter = filter.Timeline,
                StateFilter = filter.State,
                ReceiptsSince = w.Base?.ReceiptSerial ?? 0,
                MembershipChanged = membershipChanged || w.Base is null && since is not null,
            });
            return (room, slice);
        }));
        return slices.Where(s => s.slice.Membership is not null).ToList();
    }

    private sealed record AccountDataChanges(
        IReadOnlyList<(string Type, JsonElement Content)> Global,
        Dictionary<RoomId, IReadOnlyList<(string Type, JsonElement Content)>> Rooms);

    /// <summary>All account data initially; afterwards what changed since the token.</summary>
    private async Task<AccountDataChanges> AccountDataAsync(SyncToken? since, IReadOnlyList<InboxEntry> entries)
    {
        var changed = entries.Where(e => e.Kind == InboxEntryKind.AccountData).Select(e => (e.Room, e.Data!)).ToHashSet();
        if (since is not null && changed.Count == 0)
            return new AccountDataChanges([], []);
        var all = await GrainFactory.GetGrain<IAccountGrain>(_user.Value).GetAccountDataSinceAsync(0);
        var included = all.Where(a => since is null || changed.Contains((a.Room, a.Type))).ToList();
        var global = included.Where(a => a.Room is null).Select(a => (a.Type, a.Content)).ToList();
        var rooms = included.Where(a => a.Room is not null).GroupBy(a => a.Room!)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<(string, JsonElement)>)g.Select(a => (a.Type, a.Content)).ToList());
        return new AccountDataChanges(global, rooms);
    }

    /// <summary>
    /// Delivers the device's queued messages up to the stream position, deleting those the token
    /// acknowledges. When more are queued than one response carries, the token's to-device part stops
    /// at the last one delivered.
    /// </summary>
    private async Task<(IReadOnlyList<ToDeviceMessage> Messages, long Upto)> ToDeviceAsync(Requester requester, SyncToken? since, long upto)
    {
        if (requester.DeviceId is not { } device)
            return ([], upto);
        if (since is { } acknowledged)
            await store.DeleteToDeviceAsync(_user, device, acknowledged.ToDevice);
        var queued = await store.GetToDeviceAsync(_user, device, upto, ToDeviceBatch + 1);
        if (queued.Count <= ToDeviceBatch)
            return (queued.Select(q => q.Message).ToList(), upto);
        var delivered = queued.Take(ToDeviceBatch).ToList();
        return (delivered.Select(q => q.Message).ToList(), delivered[^1].Seq);
    }
}
