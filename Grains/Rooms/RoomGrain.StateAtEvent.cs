using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tangle.Grains.Federation;
using Tangle.Grains.Storage;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using EventId = Tangle.Protocol.Identifiers.EventId;

namespace Tangle.Grains.Rooms;

/// <summary>
/// The fallback when get_missing_events cannot close the gap before an incoming event (the gap is longer than
/// the budget, or the origin's queue to this server dropped what came before): the origin is asked for the
/// state before the event (/state_ids, then /state for the events this server lacks), each event of it is
/// checked, and the event takes its place on that state. The gap stays a gap, as backfill leaves it; what
/// matters is that the room moves on here instead of refusing everything the origin sends from then on.
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>The state before <paramref name="pdu"/> as its origin has it, stored as a state group; null when it cannot be had or checked.</summary>
    private async Task<(long Group, IReadOnlyDictionary<StateMapKey, EventId> State)?> StateFromOriginAsync(ServerName origin, Pdu pdu)
    {
        var query = $"{Uri.EscapeDataString(_roomId.Value)}?event_id={Uri.EscapeDataString(pdu.EventId.Value)}";
        var ids = await AskAsync(origin, "/_matrix/federation/v1/state_ids/" + query);
        if (ids is not { } answer || EventIdsOf(answer, "pdu_ids") is not { } stateIds || EventIdsOf(answer, "auth_chain_ids") is not { } chainIds)
            return null;

        // What this server rejected stays rejected: it is neither fetched again nor taken as state.
        var stored = await _replica.GetEventsAsync(stateIds.Concat(chainIds));
        var held = stored.Where(e => e.Status != EventStatus.Rejected).ToDictionary(e => e.Pdu.EventId, e => e.Pdu);
        var known = stored.Select(e => e.Pdu.EventId).ToHashSet();
        if (stateIds.Concat(chainIds).Any(id => !known.Contains(id)) && !await FetchStateEventsAsync(origin, query, known, held))
            return null;

        var state = new Dictionary<StateMapKey, EventId>();
        foreach (var id in stateIds)
        {
            if (!held.TryGetValue(id, out var stateEvent) || stateEvent.StateMapKey is not { } key || !state.TryAdd(key, id))
            {
                LogStateRefused(origin.Value, pdu.EventId.Value);
                return null;
            }
        }

        LogStateFromOrigin(pdu.EventId.Value, origin.Value, state.Count);
        return (await _replica.PutStateGroupAsync(null, state), state);
    }

    /// <summary>
    /// Fetches the full state and auth chain (/state) and adds to <paramref name="held"/> each event this server
    /// lacked (not in <paramref name="known"/>) that verifies and passes auth against its own auth events; those
    /// are kept as outliers.
    /// </summary>
    private async Task<bool> FetchStateEventsAsync(ServerName origin, string query, HashSet<EventId> known, Dictionary<EventId, Pdu> held)
    {
        if (await AskAsync(origin, "/_matrix/federation/v1/state/" + query) is not { } answer)
            return false;
        var lists = new List<JsonElement>();
        foreach (var name in new[] { "auth_chain", "pdus" })
        {
            if (!answer.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
                return false;
            lists.AddRange(list.EnumerateArray());
        }

        await AdoptOutliersAsync(lists, known, held);
        return true;
    }

    /// <summary>
    /// Bounds the requests of work a client waits for (backfill for /messages), so that a server that does not
    /// answer holds the room up for seconds, not for the full request timeout per request.
    /// </summary>
    private CancellationToken _askBudget = CancellationToken.None;

    private async Task<JsonElement?> AskAsync(ServerName origin, string target)
    {
        try
        {
            var response = await federation.SendAsync(Homeserver, origin, HttpMethod.Get, target, cancellationToken: _askBudget);
            return response is { IsSuccess: true, Body: { ValueKind: JsonValueKind.Object } body } ? body : null;
        }
        catch (Exception e) when (e is FederationUnavailableException || (e is OperationCanceledException && _askBudget.IsCancellationRequested))
        {
            logger.LogInformation("no answer from {Origin} to {Target}: {Reason}", origin, target, e.Message);
            return null;
        }
    }

    private static List<EventId>? EventIdsOf(JsonElement answer, string name)
    {
        if (!answer.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
            return null;
        var ids = new List<EventId>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !EventId.Parse(item.GetString()).TryGetValue(out var id, out _))
                return null;
            ids.Add(id);
        }

        return ids;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "took the state before {EventId} from {Origin} ({Count} entries): get_missing_events could not close the gap")]
    private partial void LogStateFromOrigin(string eventId, string origin, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Origin} gave a state before {EventId} that does not hold together; the event is refused")]
    private partial void LogStateRefused(string origin, string eventId);
}
