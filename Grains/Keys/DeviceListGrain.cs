using Tangle.Grains.Homeserver;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Keys;

/// <summary>The rooms this server shares with a remote user, as its replicas saw the user join and leave.</summary>
[GenerateSerializer]
public sealed class DeviceListState
{
    [Id(0)] public HashSet<string> Rooms { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Works out who must hear that a user's device list changed, or that they started or stopped sharing
/// rooms with someone, and tells those users' inboxes. A local user's rooms come from their inbox; a
/// remote user's are remembered here as the room replicas report joins and leaves. It is called one way,
/// so neither the keys grain nor a room grain ever waits on other rooms through it.
/// </summary>
public sealed class DeviceListGrain(
    [PersistentState("deviceList")] IPersistentState<DeviceListState> state,
    LocalHomeservers homeservers) : Grain, IDeviceListGrain
{
    private UserId User => UserId.From(this.GetPrimaryKeyString());

    public async Task AnnounceKeysChangedAsync()
    {
        var user = User;
        var audience = new HashSet<UserId> { user };
        var replicaServer = IsLocal(user) ? user.Server : homeservers.Default.Name;
        foreach (var room in await JoinedRoomsAsync(user))
            audience.UnionWith(await GrainFactory.Room(replicaServer, room).GetLocalJoinedMembersAsync());
        foreach (var member in audience.Where(IsLocal))
            Inbox(member).NotifyDeviceListChangedAsync(user).Ignore();
    }

    public async Task JoinedAsync(RoomId room, IReadOnlyList<UserId> otherMembers)
    {
        // The specification lets a server say "changed" for every new shared room, even when the two
        // already shared another: clients then refetch keys they may have missed while apart.
        var user = User;
        if (!IsLocal(user) && state.State.Rooms.Add(room.Value))
            await state.WriteStateAsync();
        if (IsLocal(user) && otherMembers.Count > 0)
            Inbox(user).NotifyDeviceListsAsync(otherMembers, []).Ignore();
        foreach (var member in otherMembers.Where(IsLocal))
            Inbox(member).NotifyDeviceListsAsync([user], []).Ignore();
    }

    public async Task LeftAsync(RoomId room, IReadOnlyList<UserId> remainingMembers)
    {
        var user = User;
        if (!IsLocal(user) && state.State.Rooms.Remove(room.Value))
            await state.WriteStateAsync();
        var local = remainingMembers.Where(IsLocal).ToList();
        if (!IsLocal(user) && local.Count == 0)
            return;

        // The only rooms that can still join the user to a remaining member are rooms of the user (when
        // local) or of the local members (when the user is remote and has no inbox here).
        var candidates = new HashSet<(ServerName Server, RoomId Room)>();
        foreach (var owner in IsLocal(user) ? [user] : local)
            candidates.UnionWith((await JoinedRoomsAsync(owner)).Select(r => (owner.Server, r)));
        candidates.RemoveWhere(c => c.Room == room);

        var stillShared = new HashSet<UserId>();
        foreach (var (server, other) in candidates)
        {
            var members = await GrainFactory.Room(server, other).GetJoinedUsersAsync();
            if (members.Contains(user))
                stillShared.UnionWith(members);
        }

        var apart = remainingMembers.Where(m => m != user && !stillShared.Contains(m)).ToList();
        foreach (var member in apart.Where(IsLocal))
            Inbox(member).NotifyDeviceListsAsync([], [user]).Ignore();
        if (IsLocal(user) && apart.Count > 0)
            Inbox(user).NotifyDeviceListsAsync([], apart).Ignore();
    }

    private async Task<IEnumerable<RoomId>> JoinedRoomsAsync(UserId user) => IsLocal(user)
        ? (await Inbox(user).GetRoomsAsync()).Where(r => r.Membership == Membership.Join).Select(r => r.Room)
        : state.State.Rooms.Select(RoomId.From).ToList();

    public Task<IReadOnlyList<RoomId>> GetSharedRoomsAsync() =>
        Task.FromResult<IReadOnlyList<RoomId>>(state.State.Rooms.Select(RoomId.From).ToList());

    public async Task SendToServersAsync(string eduType, System.Text.Json.JsonElement content)
    {
        var user = User;
        if (!IsLocal(user))
            return;
        var servers = new HashSet<ServerName>();
        foreach (var room in await JoinedRoomsAsync(user))
            servers.UnionWith((await GrainFactory.FederatedRoom(user.Server, room).GetServersInRoomAsync()).Select(ServerName.From));
        foreach (var server in servers.Where(s => !homeservers.IsLocal(s)))
            await GrainFactory.FederationOutbox(user.Server, server).EnqueueEduAsync(eduType, content);
    }

    private bool IsLocal(UserId user) => homeservers.IsLocal(user.Server);

    private IInboxGrain Inbox(UserId user) => GrainFactory.GetGrain<IInboxGrain>(user.Value);
}
