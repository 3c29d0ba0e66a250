using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Grains.Matrix;
using Tangle.Grains.Storage;
using Tangle.Grains.Sync;
using Tangle.Protocol.Events;
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
        var content = JsonSerializer.SerializeToElement(new JsonObject { ["membership"] = Membership.Leave });
        var proto = _replica.Prepare(_roomId, user, EventTypes.Member, user.Value, content, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!proto.HashAndSign(_server, Homeserver.SigningKey).TryGetValue(out var trial, out var error))
            throw MatrixException.BadJson(error.Message);
        var check = Protocol.Auth.AuthRules.Check(trial, _replica.AuthState);
        if (!check.IsAllowed)
            throw MatrixException.Forbidden(check.Reason ?? "the leave is not allowed");
        return Task.FromResult(new MembershipTemplate(_replica.Version.Id, proto.ToTemplate()));
    }

    public async Task SendLeaveAsync(ServerName origin, JsonElement leaveEvent)
    {
        RequireFederatedRoom(origin);
        if (!(await verifier.VerifyAsync(leaveEvent, _replica.Version)).TryGetValue(out var leave, out var error))
            throw MatrixException.BadJson(error.Message);
        if (leave.RoomId != _roomId || leave.Type != EventTypes.Member || leave.Membership != Membership.Leave
            || leave.StateKey != leave.Sender.Value || leave.Sender.Server != origin)
            throw MatrixException.BadJson("send_leave takes a leave of a user of the sending server from this room");
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
        var template = Answer(make, via, "make_leave");
        if (!template.TryGetProperty("event", out var offered)
            || !EventTemplate.Read(offered, invite.RoomVersion, _roomId, user, Membership.Leave).TryGetValue(out var proto, out _))
            throw new MatrixException(ErrCode.Unknown, $"{via} offered no usable leave template", 502);
        var content = JsonObject.Create(proto.Content)!;
        SetOrRemove(content, "reason", reason);
        var signed = (proto with { Content = JsonSerializer.SerializeToElement(content), OriginServerTs = time.GetUtcNow().ToUnixTimeMilliseconds() })
            .HashAndSign(_server, Homeserver.SigningKey);
        if (!signed.TryGetValue(out var leave, out var error))
            throw MatrixException.BadJson(error.Message);
        Answer(await federation.SendAsync(Homeserver, via, HttpMethod.Put,
            $"/_matrix/federation/v2/send_leave/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(leave.EventId.Value)}", leave.Json), via, "send_leave");

        await store.AppendOutsideTimelineAsync(_server, [(leave, EventStatus.Outlier)]);
        await ForgetRemoteInviteAsync(user);
        await Inbox(user.Value).AppendRoomAsync(new RoomNotification(_roomId, 0, Membership.Leave, RoomChange.Membership, 0));
        return leave.EventId;
    }
}
