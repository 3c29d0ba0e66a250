using Orleans.Concurrency;
using Tangle.Grains.Accounts;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Sync;

/// <summary>
/// A user's sync stream. Every change worth a /sync is appended durably with the next sequence
/// number before anyone can see it; a sync token is a sequence number, so a token handed to a client
/// always means the same thing, across restarts too. Reentrant so that long-polling syncs wait here
/// while notifications keep arriving.
/// </summary>
[Reentrant]
public sealed partial class InboxGrain(IInboxStore store, TimeProvider time) : Grain, IInboxGrain
{
    /// <summary>Longest a /sync may wait for news.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    private const string Forgotten = "forgotten";

    private readonly Dictionary<RoomId, InboxEntry> _rooms = [];
    private TaskCompletionSource _news = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private List<(InboxWrite Write, TaskCompletionSource Done)> _waiting = [];
    private Task? _writing;
    private long _seq;
    private UserId _user = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _user = UserId.From(this.GetPrimaryKeyString());
        _seq = await store.GetLatestSeqAsync(_user);
        foreach (var entry in await store.GetLatestRoomEntriesAsync(_user))
            _rooms[entry.Room!] = entry;
        await base.OnActivateAsync(cancellationToken);
    }

    public async Task NotifyRoomAsync(RoomNotification notification)
    {
        var entry = new InboxEntry(0, InboxEntryKind.Room, notification.Room, notification.Position, notification.ReceiptSerial,
            notification.Membership, notification.Change);
        await AppendAsync(entry);
    }

    public Task AppendRoomAsync(RoomNotification notification) => NotifyRoomAsync(notification);

    public Task NotifyAccountDataAsync(RoomId? room, string type) =>
        AppendAsync(new InboxEntry(0, InboxEntryKind.AccountData, room, Data: type));

    public Task NotifyDeviceListChangedAsync(UserId user) =>
        AppendAsync(new InboxEntry(0, InboxEntryKind.DeviceList, Data: user.Value));

    public async Task SendToDeviceAsync(string deviceId, ToDeviceMessage message)
    {
        var devices = deviceId == "*"
            ? (await GrainFactory.GetGrain<IAccountGrain>(_user.Value).GetDevicesAsync()).Select(d => d.DeviceId).ToList()
            : [deviceId];
        if (devices.Count == 0)
            return;
        await AppendAsync(new InboxEntry(0, InboxEntryKind.ToDevice, Data: deviceId), devices, message);
    }

    public Task<IReadOnlyList<RoomMembership>> GetRoomsAsync() => Task.FromResult<IReadOnlyList<RoomMembership>>(
        _rooms.Values.Where(e => e.Data != Forgotten).Select(e => new RoomMembership(e.Room!, e.Membership ?? Membership.Leave, e.Position)).ToList());

    public async Task ForgetRoomAsync(RoomId room)
    {
        if (!_rooms.TryGetValue(room, out var entry))
            return;
        if (entry.Membership is Membership.Join or Membership.Invite or Membership.Knock)
            throw MatrixException.InvalidParam("you must leave a room before forgetting it");
        await AppendAsync(entry with { Change = RoomChange.None, Data = Forgotten });
    }

    public async Task<long?> GetRoomPositionAsync(string syncToken, RoomId room) =>
        SyncToken.TryParse(syncToken, out var token) && await store.GetRoomEntryAtAsync(_user, room, token.Position) is { } entry
            ? entry.Position
            : null;

    public Task RemoveDeviceAsync(string deviceId) => store.DeleteDeviceAsync(_user, deviceId);

    /// <summary>
    /// Persists an entry under the next sequence number, then publishes it and wakes waiting syncs.
    /// One write is in flight at a time, and entries that arrive meanwhile go into the next write
    /// together, so the stream is published in order, a sync never reads past a gap, and a busy inbox
    /// costs one durable write per batch rather than per entry.
    /// </summary>
    private Task AppendAsync(InboxEntry entry, IReadOnlyList<string>? toDevices = null, ToDeviceMessage? message = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((new InboxWrite(entry, toDevices, message), done));
        if (_writing is null || _writing.IsCompleted)
            _writing = WriteWaitingAsync();
        return done.Task;
    }

    private async Task WriteWaitingAsync()
    {
        try
        {
            while (_waiting.Count > 0)
            {
                var batch = _waiting;
                _waiting = [];
                var numbered = batch.Select((w, i) => w.Write with { Entry = w.Write.Entry with { Seq = _seq + 1 + i } }).ToList();
                try
                {
                    await store.AppendAsync(_user, numbered);
                }
                catch (Exception e)
                {
                    // Nothing of the batch was written: its callers hear why, and the sequence does not move.
                    foreach (var (_, failed) in batch)
                        failed.TrySetException(e);
                    continue;
                }

                _seq += numbered.Count;
                foreach (var write in numbered.Where(w => w.Entry.Kind == InboxEntryKind.Room))
                    _rooms[write.Entry.Room!] = write.Entry;
                var news = _news;
                _news = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                news.TrySetResult();
                foreach (var (_, done) in batch)
                    done.TrySetResult();
            }
        }
        finally
        {
            _writing = null;
        }
    }

    /// <summary>Waits until the stream passes <paramref name="position"/> or the deadline comes.</summary>
    private async Task WaitForNewsAsync(long position, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (_seq <= position && !cancellationToken.IsCancellationRequested)
        {
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
                return;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(remaining, time, wait.Token);
            await Task.WhenAny(_news.Task, delay);
            await wait.CancelAsync();
        }
    }
}
