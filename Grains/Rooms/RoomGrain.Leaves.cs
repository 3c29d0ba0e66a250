using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Grains.Storage;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// make_leave and send_leave (v2): how a server that is not in a room rejects an invite to it, on both sides.
/// </summary>
public sealed partial class RoomGrain
{
    public Task<MembershipTemplate> MakeLeaveAsync(ServerName origin, UserId user)
    {
        RequireFederatedRoom(origin);
        if (user.Server != origin)
            throw MatrixException.Forbidden($"{origin} cannot leave for users of {user.Server}");
        return Task.FromResult(OfferTemplate(user, new JsonObject { ["membership"] = Membership.Leave }));
    }

    public async Task SendLeaveAsync(ServerName origin, JsonElement leaveEvent)
    {
        RequireFederatedRoom(origin);
        var leave = await VerifyOfferedMembershipAsync(origin, leaveEvent, Membership.Leave);
        if (await ReceiveVerifiedAsync(origin, leave) is { } refused)
            throw MatrixException.Forbidden(refused);
        await SendToServersAsync(leave, except: origin);
    }

    /// <summary>Rejects an invite to a room this server is not in: make_leave and send_leave through the inviting server.</summary>
    private async Task<EventId> RejectRemoteInviteAsync(UserId user, string? reason)
    {
        var (invite, _) = _remoteInvites[user.Value];
        var via = invite.Sender.Server;
        var make = await federation.SendAsync(Homeserver, via, HttpMethod.Get,
            $"/_matrix/federation/v1/make_leave/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(user.Value)}");
        var leave = SignOfferedTemplate(Answer(make, via, "make_leave"), invite.RoomVersion, user, Membership.Leave, via, null, null, reason);
        Answer(await federation.SendAsync(Homeserver, via, HttpMethod.Put,
            $"/_matrix/federation/v2/send_leave/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(leave.EventId.Value)}", leave.Json), via, "send_leave");

        await store.AppendOutsideTimelineAsync(_server, [(leave, EventStatus.Outlier)]);
        await ForgetRemoteInviteAsync(user);
        await Inbox(user.Value).AppendRoomAsync(new RoomNotification(_roomId, 0, Membership.Leave, RoomChange.Membership, 0));
        return leave.EventId;
    }
}
