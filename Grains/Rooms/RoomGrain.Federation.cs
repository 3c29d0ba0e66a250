using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Grains.Matrix;
using Tangle.Grains.Storage;
using Tangle.Protocol.Events;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Rooms;

/// <summary>What other servers may read of this replica, and make_join/send_join for their users.</summary>
public sealed partial class RoomGrain
{
    public Task<IReadOnlyList<string>> GetServersInRoomAsync() => Task.FromResult(ServersInRoom());

    public Task<SpaceRoom?> GetSpaceRoomForServerAsync(ServerName origin, bool suggestedOnly)
    {
        if (_replica.Record is null)
            return Task.FromResult<SpaceRoom?>(null);
        RequireFederatedRoom(origin);
        var joinRule = _replica.StateEvent(EventTypes.JoinRules, "")?.ContentString("join_rule");
        // A server may see a room its users could join or knock on, peek into, or already take part in.
        if (joinRule is not (JoinRule.Public or JoinRule.Knock or JoinRule.KnockRestricted or JoinRule.Restricted))
            RequireServerMaySee(origin);
        var children = _replica.StateEventsOfType("m.space.child")
            .Where(c => c.Content.TryGetProperty("via", out var via) && via.ValueKind == JsonValueKind.Array && via.GetArrayLength() > 0)
            .Where(c => !suggestedOnly || c.Content.TryGetProperty("suggested", out var s) && s.ValueKind == JsonValueKind.True)
            .ToList();
        return Task.FromResult<SpaceRoom?>(new SpaceRoom(BuildSummary(null), children));
    }

    public Task<bool> AllowsServerAsync(ServerName server) => Task.FromResult(
        _replica.Record is not null
        && (_replica.StateEvent(EventTypes.ServerAcl, "") is not { } acl || ServerAcl.FromContent(acl.Content).Allows(server)));

    public async Task<MembershipTemplate> MakeJoinAsync(ServerName origin, UserId user, IReadOnlyList<string> supportedVersions)
    {
        RequireFederatedRoom(origin);
        if (user.Server != origin)
            throw MatrixException.Forbidden($"{origin} cannot join users of {user.Server}");
        var version = _replica.Version;
        if (!supportedVersions.Contains(version.Id))
            throw new MatrixException(ErrCode.IncompatibleRoomVersion, $"the room is version {version.Id}, which {origin} does not support", 400);

        var content = new JsonObject { ["membership"] = Membership.Join };
        var current = _replica.MembershipOf(user.Value);
        if (current is not (Membership.Join or Membership.Invite) && await AuthoriseRestrictedJoinAsync(user) is { } authoriser)
            content["join_authorised_via_users_server"] = authoriser;
        return OfferTemplate(user, content);
    }

    public async Task<JoinAccepted> SendJoinAsync(ServerName origin, JsonElement joinEvent)
    {
        RequireFederatedRoom(origin);
        if (!Pdu.FromJson(joinEvent, _replica.Version).TryGetValue(out var offered, out var formatError))
            throw MatrixException.BadJson(formatError.Message);
        // A restricted join names the member of this server who authorised it: this server countersigns it, and
        // the auth rules then check that member may invite.
        if (EventSignatures.AuthorisingServer(offered) == _server.Value && !offered.HasSignatureFrom(_server.Value))
            joinEvent = JsonSignaturesOf(offered);
        var join = await VerifyOfferedMembershipAsync(origin, joinEvent, Membership.Join);

        var known = await _replica.GetAsync(join.EventId);
        if (known is null)
        {
            var outcome = await ReceiveVerifiedAsync(origin, join);
            if (outcome is not null)
                throw MatrixException.Forbidden(outcome);
            known = await _replica.GetAsync(join.EventId);
            if (known?.Status == EventStatus.Accepted)
                await SendToServersAsync(join, except: origin);
        }

        if (known is not { Status: EventStatus.Accepted, StateGroupBefore: { } before })
            throw MatrixException.Forbidden("the join was not accepted");
        var state = await _replica.StateGroupAsync(before);
        var stateEvents = await EventsAsync(state.Values);
        var authChain = await AuthChainAsync(stateEvents.Append(known.Pdu));
        return new JoinAccepted(stateEvents, authChain, known.Pdu, ServersInRoom());
    }

    public async Task<Pdu> GetEventForServerAsync(ServerName origin, EventId eventId)
    {
        RequireServerMaySee(origin);
        var stored = await _replica.GetAsync(eventId);
        if (stored is null || stored.Pdu.RoomId != _roomId || stored.Status == EventStatus.Rejected)
            throw MatrixException.NotFound("event not found");
        return await ServedTo(origin).ServeAsync(stored);
    }

    public async Task<Pdu?> TimestampToEventForServerAsync(ServerName origin, long timestamp, Direction direction)
    {
        RequireServerMaySee(origin);
        return (await store.FindByTimestampAsync(_server, _roomId, timestamp, direction))?.Pdu;
    }

    public async Task<StateAndAuthChain> GetStateForServerAsync(ServerName origin, EventId eventId)
    {
        RequireServerMaySee(origin);
        var stored = await _replica.GetAsync(eventId);
        if (stored is not { StateGroupBefore: { } before } || stored.Pdu.RoomId != _roomId)
            throw MatrixException.NotFound("no state is known at that event");
        var state = await EventsAsync((await _replica.StateGroupAsync(before)).Values);
        return new StateAndAuthChain(state, await AuthChainAsync(state));
    }

    public async Task<IReadOnlyList<Pdu>> GetAuthChainForServerAsync(ServerName origin, EventId eventId)
    {
        RequireServerMaySee(origin);
        var stored = await _replica.GetAsync(eventId);
        if (stored is null || stored.Pdu.RoomId != _roomId)
            throw MatrixException.NotFound("event not found");
        return await AuthChainAsync([stored.Pdu], includeRoots: false);
    }

    public async Task<IReadOnlyList<Pdu>> BackfillAsync(ServerName origin, IReadOnlyList<EventId> from, int limit)
    {
        RequireServerMaySee(origin);
        return await ServedTo(origin).ServeAsync(await WalkBackAsync(from, [], Math.Clamp(limit, 1, 100), minDepth: 0, includeStart: true));
    }

    public async Task<IReadOnlyList<Pdu>> GetMissingEventsAsync(ServerName origin, IReadOnlyList<EventId> earliest, IReadOnlyList<EventId> latest,
        int limit, long minDepth)
    {
        RequireServerMaySee(origin);
        var events = await WalkBackAsync(latest, earliest.ToHashSet(), Math.Clamp(limit, 1, 20), minDepth, includeStart: false);
        return await ServedTo(origin).ServeAsync(events.OrderBy(e => e.Pdu.Depth).ThenBy(e => e.Pdu.OriginServerTs));
    }

    private ServerHistoryVisibility ServedTo(ServerName origin) => new(store, _server, origin);

    /// <summary>Walks prev_events back from <paramref name="start"/>, deepest first, stopping at <paramref name="stop"/>.</summary>
    private async Task<IReadOnlyList<StoredEvent>> WalkBackAsync(IEnumerable<EventId> start, HashSet<EventId> stop, int limit, long minDepth, bool includeStart)
    {
        var seen = new HashSet<EventId>(stop);
        var frontier = new PriorityQueue<StoredEvent, long>();
        var result = new List<StoredEvent>();
        foreach (var stored in await _replica.GetEventsAsync(start.Where(seen.Add)))
        {
            if (stored.Pdu.RoomId != _roomId)
                continue;
            if (includeStart)
                frontier.Enqueue(stored, -stored.Pdu.Depth);
            else
                await EnqueuePrevsAsync(stored.Pdu);
        }

        while (result.Count < limit && frontier.TryDequeue(out var next, out _))
        {
            if (next.Pdu.Depth < minDepth)
                continue;
            result.Add(next);
            await EnqueuePrevsAsync(next.Pdu);
        }

        return result;

        async Task EnqueuePrevsAsync(Pdu pdu)
        {
            foreach (var prev in await _replica.GetEventsAsync(pdu.PrevEvents.Where(seen.Add)))
            {
                if (prev.Status != EventStatus.Rejected && prev.Status != EventStatus.Outlier)
                    frontier.Enqueue(prev, -prev.Pdu.Depth);
            }
        }
    }

    /// <summary>The auth chains of <paramref name="roots"/>: every event reachable through auth_events.</summary>
    private async Task<IReadOnlyList<Pdu>> AuthChainAsync(IEnumerable<Pdu> roots, bool includeRoots = false)
    {
        var chain = new Dictionary<EventId, Pdu>();
        var rootList = roots.ToList();
        var frontier = rootList.SelectMany(r => r.AuthEvents).ToHashSet();
        while (frontier.Count > 0)
        {
            var next = new HashSet<EventId>();
            foreach (var stored in await _replica.GetEventsAsync(frontier.Where(id => !chain.ContainsKey(id))))
            {
                if (chain.TryAdd(stored.Pdu.EventId, stored.Pdu))
                    next.UnionWith(stored.Pdu.AuthEvents.Where(id => !chain.ContainsKey(id)));
            }

            frontier = next;
        }

        if (includeRoots)
        {
            foreach (var root in rootList)
                chain.TryAdd(root.EventId, root);
        }

        return chain.Values.OrderBy(p => p.Depth).ToList();
    }

    private async Task<IReadOnlyList<Pdu>> EventsAsync(IEnumerable<EventId> ids) =>
        (await _replica.GetEventsAsync(ids)).Select(s => s.Pdu).ToList();

    private IReadOnlyList<string> ServersInRoom() => _replica.Record is null
        ? []
        : _replica.StateEventsOfType(EventTypes.Member)
            .Where(m => m.Membership == Membership.Join && UserId.Parse(m.StateKey).IsOk)
            .Select(m => UserId.From(m.StateKey!).Server.Value)
            .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The room must exist here, and its server ACL must let <paramref name="origin"/> in.</summary>
    private void RequireFederatedRoom(ServerName origin)
    {
        if (_replica.Record is null)
            throw MatrixException.NotFound("this server is not in that room");
        if (_replica.StateEvent(EventTypes.ServerAcl, "") is { } acl && !ServerAcl.FromContent(acl.Content).Allows(origin))
            throw MatrixException.Forbidden($"{origin} is denied by the room's server ACL");
    }

    /// <summary>
    /// Reads of the room's history are for servers that take part in it: one of their users is or was a member
    /// (joined, invited, left or banned), or the room is world readable.
    /// </summary>
    private void RequireServerMaySee(ServerName origin)
    {
        RequireFederatedRoom(origin);
        if (_replica.StateEvent(EventTypes.HistoryVisibility, "")?.ContentString("history_visibility") == "world_readable")
            return;
        var takesPart = _replica.StateEventsOfType(EventTypes.Member).Any(m =>
            m.Membership is Membership.Join or Membership.Invite or Membership.Leave or Membership.Ban
            && UserId.Parse(m.StateKey).TryGetValue(out var user, out _) && user.Server == origin);
        if (!takesPart)
            throw MatrixException.Forbidden($"{origin} takes no part in this room");
    }

    private JsonElement JsonSignaturesOf(Pdu pdu) =>
        Protocol.Crypto.JsonSignatures.WithSignature(pdu.Json, _server.Value, Homeserver.SigningKey.KeyId,
            EventSignatures.SignatureOf(pdu.Json, pdu.RoomVersion, Homeserver.SigningKey));
}
