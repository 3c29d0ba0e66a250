using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Grains.Matrix;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// make_knock and send_knock: a user of one server asks to join a room of another. The knock is kept like a
/// remote invite, with the stripped state the room's server answered with, until an invite, a join or a
/// refusal follows.
/// </summary>
public sealed partial class RoomGrain
{
    public Task<MembershipTemplate> MakeKnockAsync(ServerName origin, UserId user, IReadOnlyList<string> supportedVersions)
    {
        RequireFederatedRoom(origin);
        if (user.Server != origin)
            throw MatrixException.Forbidden($"{origin} cannot knock for users of {user.Server}");
        var version = _replica.Version;
        if (!version.SupportsKnocking)
            throw new MatrixException(ErrCode.IncompatibleRoomVersion, $"room version {version.Id} does not allow knocking", 400);
        if (!supportedVersions.Contains(version.Id))
            throw new MatrixException(ErrCode.IncompatibleRoomVersion, $"the room is version {version.Id}, which {origin} does not support", 400);
        return Task.FromResult(OfferTemplate(user, new JsonObject { ["membership"] = Membership.Knock }));
    }

    public async Task<JsonElement> SendKnockAsync(ServerName origin, JsonElement knockEvent)
    {
        RequireFederatedRoom(origin);
        var knock = await VerifyOfferedMembershipAsync(origin, knockEvent, Membership.Knock);
        if (await ReceiveVerifiedAsync(origin, knock) is { } refused)
            throw MatrixException.Forbidden(refused);
        await SendToServersAsync(knock, except: origin);
        return StrippedStateJson(knock.Sender);
    }

    public async Task<EventId> KnockRemoteAsync(RemoteJoinCommand command) =>
        _replica.Record is not null
            ? await SetOwnMembershipAsync(command, Membership.Knock)
            : await ThroughEachServerAsync(command.Via, via => KnockThroughAsync(via, command), "knock");

    private async Task<EventId> KnockThroughAsync(ServerName via, RemoteJoinCommand command)
    {
        var user = command.Requester.User;
        var versions = string.Join("&", RoomVersions.All.Where(v => v.SupportsKnocking).Select(v => "ver=" + Uri.EscapeDataString(v.Id)));
        var make = await federation.SendAsync(Homeserver, via, HttpMethod.Get,
            $"/_matrix/federation/v1/make_knock/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(user.Value)}?{versions}");
        var template = Answer(make, via, "make_knock");
        var version = template.TryGetProperty("room_version", out var v) && v.ValueKind == JsonValueKind.String ? RoomVersions.Find(v.GetString()!) : null;
        if (version is not { SupportsKnocking: true })
            throw new MatrixException(ErrCode.UnsupportedRoomVersion, $"{via} offered a room version without knocking", 400);
        var knock = SignOfferedTemplate(template, version, user, Membership.Knock, via, command.DisplayName, command.AvatarUrl, command.Reason);
        var answer = Answer(await federation.SendAsync(Homeserver, via, HttpMethod.Put,
            $"/_matrix/federation/v1/send_knock/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(knock.EventId.Value)}", knock.Json), via, "send_knock");

        var stripped = answer.TryGetProperty("knock_room_state", out var state) && state.ValueKind == JsonValueKind.Array
            ? JsonSerializer.SerializeToUtf8Bytes(state) : "[]"u8.ToArray();
        await store.PutRemoteInviteAsync(_server, knock, stripped);
        _remoteInvites[user.Value] = (knock, stripped);
        await Inbox(user.Value).AppendRoomAsync(new RoomNotification(_roomId, 0, Membership.Knock, RoomChange.Membership, 0));
        return knock.EventId;
    }
}
