using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tangle.Grains.Federation;
using Tangle.Grains.Storage;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using Tangle.Protocol.StateResolution;
using EventId = Tangle.Protocol.Identifiers.EventId;

namespace Tangle.Grains.Rooms;

/// <summary>
/// Taking in an event another server sent, with the specification's checks in order: format, signatures and
/// content hash (by the verifier), then auth against the event's own auth events, auth against the state
/// before it (resolved over its prev_events), and soft-fail against the current state. Gaps in prev_events
/// are filled with get_missing_events, within a budget; when that fails, the origin is asked for the state
/// before the event (see RoomGrain.StateAtEvent.cs).
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>How many soft-failed events one accepted event may walk back through to find the extremities it supersedes.</summary>
    private const int SoftFailedWalkLimit = 100;

    public async Task<PduResult> ReceivePduAsync(ServerName origin, JsonElement json)
    {
        var claimedId = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("event_id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()! : "";
        if (_replica.Record is not null && Pdu.FromJson(json, _replica.Version).TryGetValue(out var parsed, out _))
            claimedId = parsed.EventId.Value;
        try
        {
            RequireFederatedRoom(origin);
        }
        catch (MatrixException refused)
        {
            return new PduResult(claimedId, refused.Message);
        }

        var verified = await verifier.VerifyAsync(json, _replica.Version);
        if (!verified.TryGetValue(out var pdu, out var error))
            return new PduResult(claimedId, error.Message);
        if (pdu.RoomId != _roomId)
            return new PduResult(pdu.EventId.Value, "the event is not in this room");
        var budget = Math.Max(federationOptions.MissingEventsBudget, 0);
        return new PduResult(pdu.EventId.Value, await ReceiveVerifiedAsync(origin, pdu, budget, askState: true));
    }

    /// <summary>Checks and stores a verified event; null when it was taken (accepted, soft-failed or known), else why not.</summary>
    /// <param name="budget">How many missing events get_missing_events may pull in before it.</param>
    /// <param name="askState">Whether, should the gap stay open, to ask <paramref name="origin"/> for the state before the event.</param>
    private async Task<string?> ReceiveVerifiedAsync(ServerName origin, Pdu pdu, int budget = 0, bool askState = false)
    {
        // An outlier is known without its place in the DAG; arriving again, it may find it now.
        if (await _replica.GetAsync(pdu.EventId) is { Status: not EventStatus.Outlier } known)
            return known.Status == EventStatus.Rejected ? "the event was rejected before" : null;

        var prevs = await PrevStatesAsync(pdu);
        if (prevs is null && budget > 0)
        {
            await FetchMissingAsync(origin, pdu, budget);
            prevs = await PrevStatesAsync(pdu);
        }

        // Only an event sent to this server gets the fallback: the events get_missing_events pulled in are
        // its ancestors, and the state before it covers them.
        var given = prevs is null && askState ? await StateFromOriginAsync(origin, pdu) : null;

        var own = await CheckOwnAuthEventsAsync(origin, pdu);
        if (own is not null)
            return own;
        if (prevs is null && given is null)
        {
            // Valid by its own authority, but with no history here to place it on: kept as an outlier.
            await _replica.AppendOutsideTimelineAsync([(pdu, EventStatus.Outlier)]);
            LogKeptAsOutlier(pdu.EventId.Value, origin.Value);
            return null;
        }

        var (groupBefore, stateBefore) = given ?? await StateBeforeAsync(prevs!);
        var beforeCheck = AuthRules.Check(pdu, await AuthStateOfAsync(stateBefore, pdu));
        if (!beforeCheck.IsAllowed)
            return await RejectAsync(pdu, $"not allowed by the state before it: {beforeCheck.Reason}");

        var record = _replica.Record!;
        var membershipBefore = pdu.Type == EventTypes.Member ? _replica.MembershipOf(pdu.StateKey!) : null;
        if (!AuthRules.Check(pdu, _replica.AuthState).IsAllowed)
        {
            // Soft-failed: valid in its own history, but not against where the room is now. Kept, not shown, not built on.
            await _replica.AppendReceivedAsync(pdu, EventStatus.SoftFailed, groupBefore, record.ForwardExtremities, record.CurrentStateGroup);
            logger.LogInformation("soft-failed {EventId} from {Origin}", pdu.EventId, origin);
            return null;
        }

        var superseded = await SupersededAsync(prevs ?? [.. (await _replica.GetEventsAsync(pdu.PrevEvents)).Where(p => p.StateGroupAfter is not null)]);
        var extremities = record.ForwardExtremities.Where(e => !superseded.Contains(e)).Append(pdu.EventId).ToList();
        long? currentGroup = null;
        if (extremities.Count > 1)
        {
            // A fork: the room's state is the resolution of the states at every forward extremity.
            var after = new Dictionary<StateMapKey, EventId>(stateBefore);
            if (pdu.StateMapKey is { } key)
                after[key] = pdu.EventId;
            currentGroup = await ResolveCurrentStateAsync(extremities, after, pdu);
        }

        var stored = await _replica.AppendReceivedAsync(pdu, EventStatus.Accepted, groupBefore, extremities, currentGroup);
        LogEventPersisted(pdu.EventId.Value, pdu.Type, stored.StreamPosition);
        RefreshLocalMembers();
        await NoteForUserDirectoryAsync(pdu, membershipBefore);
        await FanoutAsync(stored, membershipBefore);
        if (pdu.Type == EventTypes.Member)
            AnnounceSharing(pdu.StateKey!, membershipBefore, _replica.MembershipOf(pdu.StateKey!));
        await MergeExtremitiesAsync();
        return null;
    }

    /// <summary>
    /// Forks leave forward extremities behind; once there are more than one event may cite, a local member
    /// sends a dummy event citing the deepest ones, which becomes the only extremity (the current state was
    /// resolved over those same ones), so they stay bounded.
    /// </summary>
    private async Task MergeExtremitiesAsync()
    {
        if (_replica.Record!.ForwardExtremities.Count <= RoomReplica.MaxPrevEvents)
            return;
        var member = _localMembers.Where(m => m.Value == Membership.Join).Select(m => m.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        if (member is null)
            return;
        await CommitAsync(UserId.From(member), DummyEventType, null, JsonSerializer.SerializeToElement(new { }));
    }

    /// <summary>The event type of merge events: content-free, ignored by clients.</summary>
    private const string DummyEventType = "org.matrix.dummy_event";

    /// <summary>The stored prev_events, each with a state after it; null when any is missing or has no place in the DAG.</summary>
    private async Task<IReadOnlyList<StoredEvent>?> PrevStatesAsync(Pdu pdu)
    {
        var prevs = await _replica.GetEventsAsync(pdu.PrevEvents);
        return prevs.Count == pdu.PrevEvents.Distinct().Count() && prevs.All(p => p.StateGroupAfter is not null) ? prevs : null;
    }

    /// <summary>Asks the origin for the events between what this replica has and the event's prev_events.</summary>
    private async Task FetchMissingAsync(ServerName origin, Pdu pdu, int budget)
    {
        var body = JsonSerializer.SerializeToElement(new
        {
            earliest_events = _replica.Record!.ForwardExtremities.Select(e => e.Value),
            latest_events = new[] { pdu.EventId.Value },
            limit = Math.Min(20, budget),
            min_depth = 0,
        });
        FederationResponse response;
        try
        {
            response = await federation.SendAsync(Homeserver, origin, HttpMethod.Post,
                $"/_matrix/federation/v1/get_missing_events/{Uri.EscapeDataString(_roomId.Value)}", body);
        }
        catch (FederationUnavailableException e)
        {
            logger.LogInformation("cannot fetch missing events from {Origin}: {Reason}", origin, e.Message);
            return;
        }

        if (response is not { IsSuccess: true, Body: { ValueKind: JsonValueKind.Object } answer }
            || !answer.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            return;
        var fetched = new List<Pdu>();
        foreach (var verified in await verifier.VerifyAsync(events.EnumerateArray().Take(budget).ToList(), _replica.Version))
        {
            if (verified.TryGetValue(out var missing, out _) && missing.RoomId == _roomId)
                fetched.Add(missing);
        }

        var remaining = budget - fetched.Count;
        foreach (var missing in fetched.OrderBy(e => e.Depth))
            await ReceiveVerifiedAsync(origin, missing, remaining);
    }

    /// <summary>
    /// Checks an event against its own auth events, fetching from <paramref name="origin"/> those this server
    /// lacks; null when it passes, else why not (a failing event is remembered as rejected).
    /// </summary>
    /// <param name="batch">Events checked already but not stored yet (a backfill batch), found there before the store is asked.</param>
    private async Task<string?> CheckOwnAuthEventsAsync(ServerName origin, Pdu pdu, IReadOnlyDictionary<EventId, Pdu>? batch = null)
    {
        var fromBatch = pdu.AuthEvents.Distinct().Select(id => batch?.GetValueOrDefault(id)).OfType<Pdu>().ToList();
        var wanted = pdu.AuthEvents.Distinct().Where(id => batch?.ContainsKey(id) != true).ToList();
        var authEvents = await _replica.GetEventsAsync(wanted);
        if (authEvents.Count != wanted.Count)
        {
            await FetchMissingAuthEventsAsync(origin, pdu);
            authEvents = await _replica.GetEventsAsync(wanted);
        }

        if (authEvents.Count != wanted.Count)
            return "the event's auth_events are unknown here";
        var rejected = authEvents.Where(a => a.Status == EventStatus.Rejected).Select(a => a.Pdu.EventId).ToHashSet();
        var createEvent = _replica.StateEvent(EventTypes.Create, "");
        var own = AuthRules.CheckAgainstAuthEvents(pdu, [.. authEvents.Select(a => a.Pdu), .. fromBatch], rejected.Contains, createEvent);
        return own.IsAllowed ? null : await RejectAsync(pdu, $"not allowed by its own auth events: {own.Reason}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "kept {EventId} from {Origin} as an outlier: its prev_events cannot be had")]
    private partial void LogKeptAsOutlier(string eventId, string origin);

    private async Task<string> RejectAsync(Pdu pdu, string reason)
    {
        await _replica.AppendOutsideTimelineAsync([(pdu, EventStatus.Rejected)]);
        logger.LogInformation("rejected {EventId}: {Reason}", pdu.EventId, reason);
        return reason;
    }

    /// <summary>The state before an event: the state after its one prev event, or the resolution of the states after several.</summary>
    private Task<(long Group, IReadOnlyDictionary<StateMapKey, EventId> State)> StateBeforeAsync(IReadOnlyList<StoredEvent> prevs) =>
        StateBeforeAsync(prevs.Select(p => p.StateGroupAfter!.Value).Distinct().ToList());

    /// <summary>The state before an event whose prev events have the states after them in <paramref name="groups"/>.</summary>
    private async Task<(long Group, IReadOnlyDictionary<StateMapKey, EventId> State)> StateBeforeAsync(IReadOnlyList<long> groups)
    {
        if (groups.Count == 1)
            return (groups[0], await _replica.StateGroupAsync(groups[0]));
        var sets = new List<IReadOnlyDictionary<StateMapKey, EventId>>();
        foreach (var group in groups)
            sets.Add(await _replica.StateGroupAsync(group));
        var resolved = await ResolveAsync(sets);
        return (await StoreStateAsync(groups[0], sets[0], resolved), resolved);
    }

    /// <summary>
    /// The current state once <paramref name="pdu"/> (whose state after is <paramref name="after"/>) is among the
    /// forward <paramref name="extremities"/>: the resolution of the states after the ones a new local event would
    /// cite (<see cref="RoomReplica.Cited"/>), which is all of them unless there are more than it may cite.
    /// </summary>
    /// <remarks>
    /// Resolving the previous current state with the newest branch instead makes the answer depend on the order
    /// events arrived in: a server taking a branch one event at a time resolves against its own earlier
    /// resolutions, while the server that made the branch resolves once, and the two settle on different states
    /// although they hold the same events and the same extremities. Over the extremities' own states, the
    /// answer is a function of the DAG alone.
    /// </remarks>
    private async Task<long> ResolveCurrentStateAsync(IReadOnlyList<EventId> extremities, IReadOnlyDictionary<StateMapKey, EventId> after, Pdu pdu)
    {
        var current = new Dictionary<StateMapKey, EventId>(_replica.State);
        var others = (await _replica.GetEventsAsync(extremities.Where(e => e != pdu.EventId))).ToDictionary(e => e.Pdu.EventId);
        var cited = RoomReplica.Cited(others.Values.Select(e => e.Pdu).Append(pdu));
        var sets = new List<IReadOnlyDictionary<StateMapKey, EventId>>();
        foreach (var group in cited.Where(c => c.EventId != pdu.EventId).Select(c => others[c.EventId].StateGroupAfter).OfType<long>().Distinct())
            sets.Add(await _replica.StateGroupAsync(group));
        var withNew = cited.Any(c => c.EventId == pdu.EventId);
        if (withNew)
            sets.Add(after);
        var resolved = sets.All(set => SameState(set, sets[0])) ? sets[0] : await ResolveAsync(sets, withNew && pdu.IsState ? pdu : null);
        return SameState(resolved, current) ? _replica.Record!.CurrentStateGroup : await StoreStateAsync(_replica.Record!.CurrentStateGroup, current, resolved);
    }

    /// <summary>
    /// The extremities an accepted event supersedes: its prev events and, through any of them that were soft-failed
    /// here, their prev events in turn (a soft-failed event never became an extremity, so the tip it built on
    /// is still one).
    /// </summary>
    /// <remarks>
    /// Without the walk, a branch that passes through a soft-failed event leaves its older tip standing here for
    /// good, while the server that made the branch has moved past it: the replicas disagree on their
    /// extremities, and so on the state resolved over them. Synapse walks back the same way.
    /// </remarks>
    private async Task<HashSet<EventId>> SupersededAsync(IReadOnlyList<StoredEvent> prevs)
    {
        var superseded = prevs.Select(p => p.Pdu.EventId).ToHashSet();
        var softFailed = prevs.Where(p => p.Status == EventStatus.SoftFailed).ToList();
        for (var walked = 0; softFailed.Count > 0 && walked < SoftFailedWalkLimit; walked += softFailed.Count)
        {
            var next = softFailed.SelectMany(p => p.Pdu.PrevEvents).Where(superseded.Add).ToList();
            softFailed = [.. (await _replica.GetEventsAsync(next)).Where(p => p.Status == EventStatus.SoftFailed)];
        }

        return superseded;
    }

    private static bool SameState(IReadOnlyDictionary<StateMapKey, EventId> a, IReadOnlyDictionary<StateMapKey, EventId> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var id) && id == kv.Value);

    private async Task<long> StoreStateAsync(long baseGroup, IReadOnlyDictionary<StateMapKey, EventId> baseState, IReadOnlyDictionary<StateMapKey, EventId> state)
    {
        // State keys are never removed, but a resolution could drop one; a full snapshot covers that case.
        if (baseState.Keys.Any(k => !state.ContainsKey(k)))
            return await _replica.PutStateGroupAsync(null, state);
        var changes = state.Where(kv => !baseState.TryGetValue(kv.Key, out var id) || id != kv.Value).ToDictionary();
        return await _replica.PutStateGroupAsync(baseGroup, changes);
    }

    private async Task<IReadOnlyDictionary<StateMapKey, EventId>> ResolveAsync(IReadOnlyList<IReadOnlyDictionary<StateMapKey, EventId>> sets, Pdu? extra = null)
    {
        var events = new Dictionary<EventId, StoredEvent>();
        var frontier = sets.SelectMany(s => s.Values).ToHashSet();
        if (extra is not null)
        {
            // Not stored yet, so walked from its auth events: the event it replaced in state may be reachable only
            // through it, and without it the auth difference (and so the answer) differs from what a server that
            // resolves the same state sets later, from the store, computes.
            frontier.Remove(extra.EventId);
            frontier.UnionWith(extra.AuthEvents);
        }
        while (frontier.Count > 0)
        {
            var next = new HashSet<EventId>();
            foreach (var stored in await _replica.GetEventsAsync(frontier))
            {
                if (events.TryAdd(stored.Pdu.EventId, stored))
                    next.UnionWith(stored.Pdu.AuthEvents.Where(a => !events.ContainsKey(a)));
            }

            frontier = next;
        }

        var pdus = events.Values.Select(s => s.Pdu).ToList();
        if (extra is not null)
            pdus.Add(extra);
        var rejected = events.Values.Where(s => s.Status == EventStatus.Rejected).Select(s => s.Pdu.EventId);
        return StateResolver.ResolveState(_replica.Version, sets, StateEventSource.From(pdus, rejected));
    }

    /// <summary>An auth state over a state map, with just the events the auth rules will ask about loaded.</summary>
    /// <param name="batch">Events checked already but not stored yet (a backfill batch), found there before the store is asked.</param>
    private async Task<IAuthState> AuthStateOfAsync(IReadOnlyDictionary<StateMapKey, EventId> state, Pdu pdu, IReadOnlyDictionary<EventId, Pdu>? batch = null)
    {
        var keys = AuthEventSelection.KeysFor(pdu).Append(new StateMapKey(EventTypes.Create, "")).ToHashSet();
        var ids = keys.Where(state.ContainsKey).Select(k => state[k]).ToList();
        var events = ids.Select(id => batch?.GetValueOrDefault(id)).OfType<Pdu>().ToList();
        events.AddRange((await _replica.GetEventsAsync(ids.Where(id => batch?.ContainsKey(id) != true))).Select(s => s.Pdu));
        return AuthState.From(events.Where(p => p.StateMapKey is not null).ToDictionary(p => p.StateMapKey!.Value));
    }

    /// <summary>Local members as the current state has them, after state moved by a received event.</summary>
    private void RefreshLocalMembers()
    {
        foreach (var member in _replica.StateEventsOfType(EventTypes.Member))
            TrackMember(member);
    }
}
