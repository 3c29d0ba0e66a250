using System.Text.Json;
using Tangle.Grains.Storage;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;
using EventId = Tangle.Protocol.Identifiers.EventId;

namespace Tangle.Grains.Rooms;

/// <summary>
/// Events known only as the authority of others: an event from another server may cite auth events this
/// server never saw (sent in a lost transaction, or on a branch of the DAG that never reached here). They are
/// fetched from the server that sent the event (/event_auth), each checked against its own auth events, and
/// kept as outliers: known and usable as authority, with no place in the timeline.
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>At most this many events of one auth chain are taken in; a longer answer is cut, oldest kept.</summary>
    private const int MaxFetchedAuthEvents = 1000;

    /// <summary>Asks <paramref name="origin"/> for the auth chain of <paramref name="pdu"/> and keeps what this server lacked and what checks out.</summary>
    private async Task FetchMissingAuthEventsAsync(ServerName origin, Pdu pdu)
    {
        var target = $"/_matrix/federation/v1/event_auth/{Uri.EscapeDataString(_roomId.Value)}/{Uri.EscapeDataString(pdu.EventId.Value)}";
        if (await AskAsync(origin, target) is not { } answer
            || !answer.TryGetProperty("auth_chain", out var chain) || chain.ValueKind != JsonValueKind.Array)
            return;
        await AdoptOutliersAsync(chain.EnumerateArray().Take(MaxFetchedAuthEvents), known: [], held: []);
    }

    /// <summary>
    /// Verifies <paramref name="candidates"/> (signatures and hashes), leaves out those of other rooms and those in
    /// <paramref name="known"/>, and checks the rest against their own auth events, oldest first: an event that
    /// passes is kept as an outlier and added to <paramref name="held"/>, one that fails (or cites a rejected event)
    /// is remembered as rejected, one whose auth events cannot be found is dropped. Auth events neither in
    /// <paramref name="held"/> nor among the candidates are looked up in the store.
    /// </summary>
    private async Task AdoptOutliersAsync(IEnumerable<JsonElement> candidates, HashSet<EventId> known, Dictionary<EventId, Pdu> held)
    {
        var fetched = new Dictionary<EventId, Pdu>();
        foreach (var verified in await verifier.VerifyAsync(candidates.ToList(), _replica.Version))
        {
            if (verified.TryGetValue(out var candidate, out _) && candidate.RoomId == _roomId && !known.Contains(candidate.EventId))
                fetched.TryAdd(candidate.EventId, candidate);
        }

        var stored = await _replica.GetEventsAsync(fetched.Keys.Concat(fetched.Values.SelectMany(p => p.AuthEvents))
            .Where(id => !held.ContainsKey(id)).Distinct().ToList());
        var rejected = stored.Where(e => e.Status == EventStatus.Rejected).Select(e => e.Pdu.EventId).ToHashSet();
        foreach (var found in stored)
        {
            // What this server already holds is not taken in again.
            fetched.Remove(found.Pdu.EventId);
            if (found.Status != EventStatus.Rejected)
                held.TryAdd(found.Pdu.EventId, found.Pdu);
        }

        await _replica.AppendOutsideTimelineAsync(CheckAgainstOwnAuthEvents(fetched.Values, held, rejected, _replica.StateEvent(EventTypes.Create, "")));
    }

    /// <summary>
    /// Checks events against their own auth events, oldest first, each finding its auth events in
    /// <paramref name="held"/> (where those that pass are added): an event that passes comes back as an outlier,
    /// one that fails or cites an event in <paramref name="rejected"/> (where it is added) as rejected; one whose
    /// auth events cannot all be found is left out.
    /// </summary>
    private static List<(Pdu Pdu, EventStatus Status)> CheckAgainstOwnAuthEvents(IEnumerable<Pdu> candidates, Dictionary<EventId, Pdu> held,
        HashSet<EventId> rejected, Pdu? create)
    {
        var outcome = new List<(Pdu, EventStatus)>();
        foreach (var candidate in candidates.OrderBy(p => p.Depth).ThenBy(p => p.OriginServerTs))
        {
            var auth = candidate.AuthEvents.Select(id => held.GetValueOrDefault(id)).OfType<Pdu>().ToList();
            if (candidate.AuthEvents.Any(rejected.Contains))
            {
                rejected.Add(candidate.EventId);
                outcome.Add((candidate, EventStatus.Rejected));
            }
            else if (auth.Count == candidate.AuthEvents.Distinct().Count())
            {
                var allowed = AuthRules.CheckAgainstAuthEvents(candidate, auth, _ => false, create).IsAllowed;
                if (allowed)
                    held[candidate.EventId] = candidate;
                else
                    rejected.Add(candidate.EventId);
                outcome.Add((candidate, allowed ? EventStatus.Outlier : EventStatus.Rejected));
            }
        }

        return outcome;
    }
}
