using Orleans.Concurrency;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.UserDirectory;

/// <summary>One user found by a directory search.</summary>
[GenerateSerializer, Immutable]
public sealed record DirectoryUser([property: Id(0)] string UserId, [property: Id(1)] string? DisplayName, [property: Id(2)] string? AvatarUrl);

/// <summary>A directory search's answer: the best matches, and whether more matched than the limit.</summary>
[GenerateSerializer, Immutable]
public sealed record UserDirectoryPage([property: Id(0)] IReadOnlyList<DirectoryUser> Results, [property: Id(1)] bool Limited);

/// <summary>
/// A homeserver's user directory (key: server name): the profiles of its local users, the rooms each
/// is joined to, and which rooms are public (public join rule or world-readable history). Accounts
/// report profile changes and rooms report local memberships and their visibility, so a search is
/// answered from memory.
/// </summary>
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    /// <summary>A local user registered or changed their profile.</summary>
    Task SetProfileAsync(UserId user, string? displayName, string? avatarUrl);

    /// <summary>A local user was deactivated: they are no longer listed.</summary>
    Task RemoveUserAsync(UserId user);

    /// <summary>A local user joined a room (true) or stopped being joined (false).</summary>
    Task SetMembershipAsync(RoomId room, UserId user, bool joined);

    /// <summary>Whether a room's members are visible to everyone (public join rule or world-readable history).</summary>
    Task SetRoomVisibilityAsync(RoomId room, bool visible);

    /// <summary>
    /// Local users who share a room with <paramref name="requester"/> or are joined to a public room,
    /// whose user id or display name has words starting with every word of <paramref name="term"/>.
    /// </summary>
    [AlwaysInterleave]
    Task<UserDirectoryPage> SearchAsync(UserId requester, string term, int limit);
}
