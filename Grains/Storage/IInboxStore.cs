using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>What an inbox entry records.</summary>
public enum InboxEntryKind
{
    Room = 1,
    AccountData = 2,

    /// <summary>Users whose device lists changed (device_lists.changed); Data holds one user id or several, one a line.</summary>
    DeviceList = 3,

    ToDevice = 4,

    /// <summary>Users the inbox's owner no longer shares a room with (device_lists.left), one a line.</summary>
    DeviceListLeft = 5,

    /// <summary>A user's presence changed; the data is the user.</summary>
    Presence = 6,
}

/// <summary>
/// One step of a user's sync stream. Room entries carry the room's position, receipt serial and the
/// user's membership as of that step, so the state of every room at any token can be read back.
/// </summary>
public sealed record InboxEntry(
    long Seq,
    InboxEntryKind Kind,
    RoomId? Room = null,
    long Position = 0,
    long ReceiptSerial = 0,
    string? Membership = null,
    RoomChange Change = RoomChange.None,
    string? Data = null);

/// <summary>An entry to append and, for a to-device entry, the message and the devices it is for.</summary>
public sealed record InboxWrite(InboxEntry Entry, IReadOnlyList<string>? ToDevices = null, ToDeviceMessage? Message = null);

/// <summary>The persistent part of every user's inbox.</summary>
public interface IInboxStore
{
    /// <summary>The newest sequence number used for the user, 0 if none.</summary>
    Task<long> GetLatestSeqAsync(UserId user);

    /// <summary>
    /// Appends entries durably and atomically, in order; for a to-device entry, queues the message for
    /// the named devices under the entry's sequence number in the same transaction.
    /// </summary>
    Task AppendAsync(UserId user, IReadOnlyList<InboxWrite> writes);

    /// <summary>Entries with sequence numbers in (<paramref name="since"/>, <paramref name="upto"/>].</summary>
    Task<IReadOnlyList<InboxEntry>> GetRangeAsync(UserId user, long since, long upto);

    /// <summary>The newest room entry for a room at or before a sequence number.</summary>
    Task<InboxEntry?> GetRoomEntryAtAsync(UserId user, RoomId room, long atOrBefore);

    /// <summary>The newest entry of every room the user has ever had one for.</summary>
    Task<IReadOnlyList<InboxEntry>> GetLatestRoomEntriesAsync(UserId user);

    /// <summary>Queued messages for a device with sequence numbers up to <paramref name="upto"/>, oldest first.</summary>
    Task<IReadOnlyList<(long Seq, ToDeviceMessage Message)>> GetToDeviceAsync(UserId user, string deviceId, long upto, int limit);

    /// <summary>Deletes messages a device has acknowledged (sequence numbers up to <paramref name="upto"/>).</summary>
    Task DeleteToDeviceAsync(UserId user, string deviceId, long upto);

    /// <summary>Deletes everything queued for a device.</summary>
    Task DeleteDeviceAsync(UserId user, string deviceId);
}
