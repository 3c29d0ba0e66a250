using Tangle.Grains.Keys;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

public sealed partial class RoomGrain
{
    public Task<IReadOnlyList<UserId>> GetJoinedUsersAsync() => Task.FromResult<IReadOnlyList<UserId>>(
        _replica.Record is null ? [] : JoinedUsersExcept(null));

    /// <summary>
    /// A user started or stopped sharing this room with its joined members: hands that to the user's
    /// device list grain, which works out whose device_lists must say so.
    /// </summary>
    private void AnnounceSharing(string user, string? before, string? after)
    {
        var joined = after == Membership.Join;
        if (joined == (before == Membership.Join) || !UserId.Parse(user).IsOk)
            return;
        var others = JoinedUsersExcept(user);
        var lists = GrainFactory.GetGrain<IDeviceListGrain>(user);
        (joined ? lists.JoinedAsync(_roomId, others) : lists.LeftAsync(_roomId, others)).Ignore();
    }

    private List<UserId> JoinedUsersExcept(string? user) => _replica.StateEventsOfType(EventTypes.Member)
        .Where(m => m.Membership == Membership.Join && m.StateKey != user && UserId.Parse(m.StateKey!).IsOk)
        .Select(m => UserId.From(m.StateKey!))
        .ToList();
}
