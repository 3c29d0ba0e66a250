using System.Text.Json;
using Tangle.Grains.Federation;
using Tangle.Grains.Matrix;
using Tangle.Grains.Storage;
using Tangle.Grains.Sync;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// Invites across servers (invite v2). Inviting a remote user: the invitee's server countersigns the invite
/// before it is persisted and sent to the room. Being invited from another server to a room this server has
/// no replica of: the invite is kept with the stripped state that came with it, shown in the invitee's
/// /sync, and its sender's server is where a later join goes.
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>Invites (and knocks) of local users to this room while this server holds no replica of it, by user id.</summary>
    private readonly Dictionary<string, (Pdu Invite, byte[] StrippedState)> _remoteInvites = new(StringComparer.Ordinal);

    public async Task<Pdu> ReceiveInviteAsync(ServerName origin, JsonElement inviteEvent, string roomVersion, JsonElement strippedState)
    {
        var version = RoomVersions.Find(roomVersion)
            ?? throw new MatrixException(ErrCode.IncompatibleRoomVersion, $"this server does not support room version {roomVersion}", 400);
        if (_replica.Record is not null && _replica.Version != version)
            throw MatrixException.BadJson("the room version does not match the room");
        if (!(await verifier.VerifyAsync(inviteEvent, version)).TryGetValue(out var invite, out var error))
            throw MatrixException.Forbidden(error.Message);
        if (invite.RoomId != _roomId || invite.Type != EventTypes.Member || invite.Membership != Membership.Invite
            || invite.Sender.Server != origin || !UserId.Parse(invite.StateKey).TryGetValue(out var invitee, out _) || invitee.Server != _server)
            throw MatrixException.BadJson("an invite names a user of this server and comes from the sender's server");
        if (_replica.Record is not null)
            RequireFederatedRoom(origin);

        var countersigned = Pdu.FromJson(JsonSignaturesOf(invite), version).Value;
        if (_replica.Record is null)
        {
            var stripped = strippedState.ValueKind == JsonValueKind.Array ? JsonSerializer.SerializeToUtf8Bytes(strippedState) : "[]"u8.ToArray();
            await store.PutRemoteInviteAsync(_server, countersigned, stripped);
            _remoteInvites[invitee.Value] = (countersigned, stripped);
            // Durable in the invitee's inbox before the inviting server hears yes.
            await Inbox(invitee.Value).AppendRoomAsync(new RoomNotification(_roomId, 0, Membership.Invite, RoomChange.Membership, 0));
        }

        return countersigned;
    }

    /// <summary>Invites a user of another server: their server countersigns the invite, then it is persisted and sent.</summary>
    private async Task<StoredEvent> InviteRemoteAsync(UserId sender, UserId invitee, JsonElement content, ClientTransaction? transaction)
    {
        var invite = BuildLocal(sender, EventTypes.Member, invitee.Value, content);
        var body = JsonSerializer.SerializeToElement(new
        {
            @event = invite.Json,
            room_version = _replica.Version.Id,
            invite_room_state = StrippedStateJson(sender),
        });
        FederationResponse response;
        try
        {
            response = await federation.SendAsync(Homeserver, invitee.Server, HttpMethod.Put,
                $"/_matrix/federation/v2/invite/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(invite.EventId.Value)}", body);
        }
        catch (FederationUnavailableException e)
        {
            throw new MatrixException(ErrCode.Unknown, $"cannot reach {invitee.Server} to invite {invitee}: {e.Message}", 502);
        }

        if (response is not { IsSuccess: true, Body: { ValueKind: JsonValueKind.Object } answer } || !answer.TryGetProperty("event", out var returned))
            throw new MatrixException(response.ErrCode ?? ErrCode.Forbidden, $"{invitee.Server} refused the invite ({(int)response.Status})", 403);
        if (!(await verifier.VerifyAsync(returned, _replica.Version)).TryGetValue(out var signed, out var error)
            || signed.EventId != invite.EventId || !signed.HasSignatureFrom(invitee.Server.Value))
            throw new MatrixException(ErrCode.Unknown, $"{invitee.Server} answered the invite with another event: {error?.Message}", 502);
        return await PersistLocalAsync(signed, transaction, null);
    }

    /// <summary>What an invitee sees of the room before joining, as stripped state events.</summary>
    private JsonElement StrippedStateJson(UserId inviter) => JsonSerializer.SerializeToElement(
        StrippedStateTypes.Select(t => _replica.StateEvent(t, "")).OfType<Pdu>()
            .Append(_replica.StateEvent(EventTypes.Member, inviter.Value)).OfType<Pdu>()
            .Select(p => new { type = p.Type, state_key = p.StateKey, sender = p.Sender.Value, content = p.Content }));

    private async Task LoadRemoteInvitesAsync()
    {
        foreach (var (invite, stripped) in await store.GetRemoteInvitesAsync(_server, _roomId))
            _remoteInvites[invite.StateKey!] = (invite, stripped);
    }

    /// <summary>The invite section of a sync for a remote invite: the stripped state as sent, then the invite itself.</summary>
    private SyncSlice RemoteInviteSlice((Pdu Invite, byte[] StrippedState) remote)
    {
        var stripped = JsonDocument.Parse(remote.StrippedState).RootElement.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                && e.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Object
                && !(t.GetString() == EventTypes.Member && e.TryGetProperty("state_key", out var k) && k.GetString() == remote.Invite.StateKey))
            .Select(e => e.Clone()).ToList();
        return new SyncSlice
        {
            Membership = remote.Invite.Membership,
            StrippedState = [new RoomEventView { Event = remote.Invite }],
            RemoteStrippedState = stripped,
        };
    }

    /// <summary>The server that invited <paramref name="user"/> here, where a join can go.</summary>
    private ServerName? InvitingServer(UserId user) =>
        _remoteInvites.TryGetValue(user.Value, out var remote) && remote.Invite.Membership == Membership.Invite ? remote.Invite.Sender.Server : null;

    private async Task ForgetRemoteInviteAsync(UserId user)
    {
        if (_remoteInvites.Remove(user.Value))
            await store.DeleteRemoteInviteAsync(_server, _roomId, user);
    }
}
