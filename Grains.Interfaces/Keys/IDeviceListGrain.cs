using Orleans.Concurrency;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Keys;

/// <summary>
/// Announces changes to one user's device list (key: user id, local or remote) to the local users
/// who track it: everyone who shares a room with them, through device_lists in /sync.
/// </summary>
public interface IDeviceListGrain : IGrainWithStringKey
{
    /// <summary>The user's device or cross-signing keys changed: tells the user and everyone sharing a room with them.</summary>
    [OneWay]
    Task AnnounceKeysChangedAsync();

    /// <summary>
    /// For a local user: sends a device list or signing key EDU to every other server that shares a room with them.
    /// </summary>
    [OneWay]
    Task SendToServersAsync(string eduType, System.Text.Json.JsonElement content);

    /// <summary>For a remote user: the rooms this server's replicas saw them join and not leave.</summary>
    Task<IReadOnlyList<RoomId>> GetSharedRoomsAsync();

    /// <summary>The user joined a room: they and its other joined members now share it.</summary>
    [OneWay]
    Task JoinedAsync(RoomId room, IReadOnlyList<UserId> otherMembers);

    /// <summary>The user left a room: whoever no longer shares any room with them hears so, and they hear of each.</summary>
    [OneWay]
    Task LeftAsync(RoomId room, IReadOnlyList<UserId> remainingMembers);
}
