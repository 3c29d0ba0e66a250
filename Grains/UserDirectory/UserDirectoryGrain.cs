using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.UserDirectory;

/// <summary>
/// The user directory of one homeserver, held in memory and persisted whole on each change (changes
/// are membership and profile changes, rare beside searches). An index from user to joined rooms
/// answers "shares a room with the requester" without scanning every room's members.
/// </summary>
public sealed class UserDirectoryGrain([PersistentState("userDirectory")] IPersistentState<UserDirectoryState> state)
    : Grain, IUserDirectoryGrain
{
    /// <summary>The most results one search returns, whatever limit is asked for.</summary>
    public const int MaxLimit = 1000;

    private readonly Dictionary<string, HashSet<string>> _roomsOf = new(StringComparer.Ordinal);

    private UserDirectoryState Directory => state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var (room, members) in Directory.Members)
        {
            foreach (var user in members)
                RoomsOf(user).Add(room);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task SetProfileAsync(UserId user, string? displayName, string? avatarUrl)
    {
        var profile = new DirectoryProfile(displayName, avatarUrl);
        if (Directory.Profiles.TryGetValue(user.Value, out var known) && known == profile)
            return;
        Directory.Profiles[user.Value] = profile;
        await state.WriteStateAsync();
    }

    public async Task RemoveUserAsync(UserId user)
    {
        Directory.Profiles.Remove(user.Value);
        if (_roomsOf.Remove(user.Value, out var rooms))
        {
            foreach (var room in rooms)
                RemoveMember(room, user.Value);
        }

        await state.WriteStateAsync();
    }

    public async Task SetMembershipAsync(RoomId room, UserId user, bool joined)
    {
        if (joined)
        {
            if (!RoomsOf(user.Value).Add(room.Value))
                return;
            if (!Directory.Members.TryGetValue(room.Value, out var members))
                Directory.Members[room.Value] = members = new HashSet<string>(StringComparer.Ordinal);
            members.Add(user.Value);
        }
        else
        {
            if (!_roomsOf.TryGetValue(user.Value, out var rooms) || !rooms.Remove(room.Value))
                return;
            RemoveMember(room.Value, user.Value);
        }

        await state.WriteStateAsync();
    }

    public async Task SetRoomVisibilityAsync(RoomId room, bool visible)
    {
        var changed = visible ? Directory.VisibleRooms.Add(room.Value) : Directory.VisibleRooms.Remove(room.Value);
        if (changed)
            await state.WriteStateAsync();
    }

    public Task<UserDirectoryPage> SearchAsync(UserId requester, string term, int limit)
    {
        var match = new DirectoryMatch(term);
        if (match.IsEmpty)
            return Task.FromResult(new UserDirectoryPage([], false));
        var shared = _roomsOf.GetValueOrDefault(requester.Value) ?? [];
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (room, members) in Directory.Members)
        {
            if (shared.Contains(room) || Directory.VisibleRooms.Contains(room))
                candidates.UnionWith(members);
        }

        var found = candidates
            .Select(user => (User: user, Profile: Directory.Profiles.GetValueOrDefault(user)))
            .Where(c => match.Matches(c.User, c.Profile?.DisplayName))
            .OrderBy(c => match.Rank(c.User, c.Profile?.DisplayName))
            .ThenBy(c => c.Profile is { DisplayName: not null } or { AvatarUrl: not null } ? 0 : 1)
            .ThenBy(c => c.Profile?.DisplayName ?? c.User, StringComparer.OrdinalIgnoreCase)
            .ThenBy(c => c.User, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 0, MaxLimit) + 1)
            .Select(c => new DirectoryUser(c.User, c.Profile?.DisplayName, c.Profile?.AvatarUrl))
            .ToList();
        var take = Math.Clamp(limit, 0, MaxLimit);
        return Task.FromResult(new UserDirectoryPage(found.Take(take).ToList(), found.Count > take));
    }

    private HashSet<string> RoomsOf(string user)
    {
        if (!_roomsOf.TryGetValue(user, out var rooms))
            _roomsOf[user] = rooms = new HashSet<string>(StringComparer.Ordinal);
        return rooms;
    }

    private void RemoveMember(string room, string user)
    {
        if (!Directory.Members.TryGetValue(room, out var members))
            return;
        members.Remove(user);
        // The room's visibility stays: its join rules are not sent again when a local user rejoins.
        if (members.Count == 0)
            Directory.Members.Remove(room);
    }
}
