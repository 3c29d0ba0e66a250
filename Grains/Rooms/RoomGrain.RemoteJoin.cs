using System.Text.Json;
using Tangle.Grains.Federation;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>
/// Joining a room this server is not in: make_join for a template, sign the join, send_join, then check
/// every event of the answer (signatures, hashes, auth against its own auth events) before the replica
/// starts from the state it gives.
/// </summary>
public sealed partial class RoomGrain
{
    public async Task<EventId> JoinRemoteAsync(RemoteJoinCommand command)
    {
        if (_replica.Record is not null)
            return await SetOwnMembershipAsync(command, Membership.Join);
        var servers = InvitingServer(command.Requester.User) is { } inviter ? command.Via.Prepend(inviter) : command.Via;
        return await ThroughEachServerAsync(servers, via => JoinThroughAsync(via, command), "join the room");
    }

    /// <summary>A membership change of the requester's own, in a room this server holds.</summary>
    private Task<EventId> SetOwnMembershipAsync(RemoteJoinCommand command, string membership) =>
        SetMembershipAsync(new MembershipCommand
        {
            Sender = command.Requester, Target = command.Requester.User, Membership = membership,
            DisplayName = command.DisplayName, AvatarUrl = command.AvatarUrl, Reason = command.Reason,
        });

    /// <summary>Tries each remote server in turn until one lets <paramref name="attempt"/> through; else the last refusal.</summary>
    private async Task<EventId> ThroughEachServerAsync(IEnumerable<ServerName> servers, Func<ServerName, Task<EventId>> attempt, string what)
    {
        MatrixException? refusal = null;
        foreach (var via in servers.Where(v => !homeservers.IsLocal(v)).Distinct())
        {
            try
            {
                return await attempt(via);
            }
            catch (FederationUnavailableException e)
            {
                refusal ??= new MatrixException(ErrCode.Unknown, $"cannot reach {via}: {e.Message}", 502);
            }
            catch (MatrixException e)
            {
                refusal = e;
            }
        }

        throw refusal ?? MatrixException.NotFound($"no server to {what} through is known");
    }

    private async Task<EventId> JoinThroughAsync(ServerName via, RemoteJoinCommand command)
    {
        var user = command.Requester.User;
        var versions = string.Join("&", RoomVersions.All.Select(v => "ver=" + Uri.EscapeDataString(v.Id)));
        var make = await federation.SendAsync(Homeserver, via, HttpMethod.Get,
            $"/_matrix/federation/v1/make_join/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(user.Value)}?{versions}");
        var template = Answer(make, via, "make_join");
        var version = template.TryGetProperty("room_version", out var v) && v.ValueKind == JsonValueKind.String
            ? RoomVersions.Find(v.GetString()!)
            : RoomVersions.Find("1");
        if (version is null)
            throw new MatrixException(ErrCode.UnsupportedRoomVersion, $"{via} offered a room version this server does not support", 400);
        var join = SignOfferedTemplate(template, version, user, Membership.Join, via, command.DisplayName, command.AvatarUrl, command.Reason);

        var send = await federation.SendAsync(Homeserver, via, HttpMethod.Put,
            $"/_matrix/federation/v2/send_join/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(join.EventId.Value)}", join.Json);
        var answer = Answer(send, via, "send_join");

        // A restricted join comes back countersigned by the authorising server.
        if (answer.TryGetProperty("event", out var returned) && Pdu.FromJson(returned, version).TryGetValue(out var countersigned, out _)
            && countersigned.EventId == join.EventId)
            join = countersigned;

        var (events, state) = await CheckJoinStateAsync(answer, version, via);
        var create = state.TryGetValue(new StateMapKey(EventTypes.Create, ""), out var createId) ? events[createId] : null;
        if (create is null)
            throw new MatrixException(ErrCode.Unknown, $"{via} sent a room state without a create event", 502);
        var stateEvents = state.ToDictionary(kv => kv.Key, kv => events[kv.Value]);
        if (AuthRules.Check(join, AuthState.From(stateEvents)) is { IsAllowed: false } refused)
            throw MatrixException.Forbidden($"the join is not allowed by the room's state: {refused.Reason}");

        _replica = await RoomReplica.ImportAsync(store, _server, _roomId, version, create.EventId,
            events.Values.Where(e => e.EventId != join.EventId).ToList(), state, join);
        RefreshLocalMembers();
        await ForgetRemoteInviteAsync(user);
        var stored = await _replica.GetAsync(join.EventId) ?? throw new InvalidOperationException("the join was not stored");
        await NoteForUserDirectoryAsync(join, null);
        await FanoutAsync(stored, null);
        AnnounceSharing(user.Value, null, Membership.Join);
        foreach (var member in JoinedUsersExcept(user.Value).Where(m => !homeservers.IsLocal(m.Server)))
            GrainFactory.GetGrain<Keys.IDeviceListGrain>(member.Value).JoinedAsync(_roomId, [user]).Ignore();
        return join.EventId;
    }

    /// <summary>
    /// Verifies the state and auth chain of a send_join answer: each event's signatures and hash, then its auth
    /// against its own auth events, oldest first. Events that fail are left out; the state is what remains.
    /// </summary>
    private async Task<(Dictionary<EventId, Pdu> Events, Dictionary<StateMapKey, EventId> State)> CheckJoinStateAsync(
        JsonElement answer, RoomVersion version, ServerName via)
    {
        var candidates = new Dictionary<EventId, Pdu>();
        var stateIds = new HashSet<EventId>();
        foreach (var (name, isState) in new[] { ("auth_chain", false), ("state", true) })
        {
            if (!answer.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
                throw new MatrixException(ErrCode.Unknown, $"{via} sent no {name}", 502);
            foreach (var verified in await verifier.VerifyAsync(list.EnumerateArray().ToList(), version))
            {
                if (!verified.TryGetValue(out var pdu, out _) || pdu.RoomId != _roomId)
                    continue;
                candidates.TryAdd(pdu.EventId, pdu);
                if (isState)
                    stateIds.Add(pdu.EventId);
            }
        }

        // What passes is added to accepted; what fails is left out of the replica altogether.
        var accepted = new Dictionary<EventId, Pdu>();
        var create = candidates.Values.FirstOrDefault(p => p.Type == EventTypes.Create && p.StateKey == "");
        CheckAgainstOwnAuthEvents(candidates.Values, accepted, rejected: [], create);

        var state = new Dictionary<StateMapKey, EventId>();
        foreach (var id in stateIds.Where(accepted.ContainsKey))
        {
            if (!state.TryAdd(accepted[id].StateMapKey!.Value, id))
                throw new MatrixException(ErrCode.Unknown, $"{via} sent two state events for one key", 502);
        }

        return (accepted, state);
    }

    private static JsonElement Answer(FederationResponse response, ServerName via, string what)
    {
        if (response is { IsSuccess: true, Body: { ValueKind: JsonValueKind.Object } body })
            return body;
        var status = (int)response.Status is 403 or 404 or 400 ? (int)response.Status : 502;
        var code = response.ErrCode ?? ErrCode.Unknown;
        throw new MatrixException(code, $"{via} refused {what} ({(int)response.Status} {code})", status);
    }
}
