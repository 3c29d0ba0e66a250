using Orleans.Concurrency;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Sync;

/// <summary>
/// A user's ordered stream of what /sync must deliver (key: user id). Rooms, accounts and devices
/// append to it; a sync token is a position in it; a long-polling /sync waits here.
/// </summary>
public interface IInboxGrain : IGrainWithStringKey
{
    /// <summary>A room moved on: new events, a membership change, typing or receipts.</summary>
    [OneWay]
    Task NotifyRoomAsync(RoomNotification notification);

    /// <summary>
    /// As <see cref="NotifyRoomAsync"/>, but the caller waits until the entry is in the stream: a
    /// user's own actions are in their very next sync.
    /// </summary>
    Task AppendRoomAsync(RoomNotification notification);

    /// <summary>The user's account data changed (room null for global); awaited, so the next sync shows it.</summary>
    Task NotifyAccountDataAsync(RoomId? room, string type);

    /// <summary>Another user's (or this user's) devices changed, for device_lists.changed.</summary>
    [OneWay]
    Task NotifyDeviceListChangedAsync(UserId user);

    /// <summary>Users the user now shares a room with (changed) or no longer shares any room with (left).</summary>
    [OneWay]
    Task NotifyDeviceListsAsync(IReadOnlyList<UserId> changed, IReadOnlyList<UserId> left);

    /// <summary>The device list changes between two sync tokens, for GET /keys/changes.</summary>
    Task<DeviceListChanges> GetDeviceListChangesAsync(string from, string to);

    /// <summary>A user's presence changed (this user's, or that of someone sharing a room with them).</summary>
    [OneWay]
    Task NotifyPresenceAsync(UserId user);

    /// <summary>Queues a to-device message for one device, or every device with "*".</summary>
    Task SendToDeviceAsync(string deviceId, ToDeviceMessage message);

    /// <summary>
    /// Answers /sync, waiting up to the query's timeout if nothing is new; a cancelled wait (the client went
    /// away) ends at once with what there is.
    /// </summary>
    Task<SyncResult> SyncAsync(SyncQuery query, CancellationToken cancellationToken = default);

    /// <summary>The rooms the user is in, with memberships.</summary>
    Task<IReadOnlyList<RoomMembership>> GetRoomsAsync();

    /// <summary>Stops reporting a left room (POST /forget).</summary>
    Task ForgetRoomAsync(RoomId room);

    /// <summary>The room's stream position a sync token stands for, so /messages can start from next_batch.</summary>
    Task<long?> GetRoomPositionAsync(string syncToken, RoomId room);

    /// <summary>Drops what was queued for a device that was deleted.</summary>
    Task RemoveDeviceAsync(string deviceId);
}
