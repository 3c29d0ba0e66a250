using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tangle.Grains.Storage;
using Tangle.Protocol.Auth;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using EventId = Tangle.Protocol.Identifiers.EventId;

namespace Tangle.Grains.Rooms;

/// <summary>
/// History from before this server took part in a room. When /messages reaches the oldest event of the
/// replica's timeline and the events before it are not here, another server in the room is asked for them
/// (/backfill). Each is verified and checked as any event from outside is (signatures and hashes, auth against
/// its own auth events, fetched when missing, and against the state before it) and placed below the timeline,
/// where the live stream never shows it. What the room is now does not change: backfilled events are neither
/// forward extremities nor current state.
/// </summary>
public sealed partial class RoomGrain
{
    /// <summary>How many events one backfill request asks for.</summary>
    private const int BackfillBatch = 50;

    /// <summary>How many of the room's servers one attempt tries before giving up for a while.</summary>
    private const int BackfillServers = 3;

    /// <summary>After every server failed, how long pagination goes without asking again.</summary>
    private static readonly TimeSpan BackfillRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>How long one backfill, with the state and auth events it needs, may take before the page is answered without it.</summary>
    private static readonly TimeSpan BackfillTimeBudget = TimeSpan.FromSeconds(8);

    private DateTimeOffset _backfillFailedAt = DateTimeOffset.MinValue;
    private bool _historyComplete;

    /// <summary>Fetches a batch of history from before the oldest event of the timeline; true when any was placed.</summary>
    private async Task<bool> BackfillAsync()
    {
        if (_historyComplete || !federationOptions.Enabled || time.GetUtcNow() - _backfillFailedAt < BackfillRetryAfter)
            return false;
        var frontier = await BackwardExtremitiesAsync();
        if (frontier.Count == 0)
        {
            _historyComplete = true;
            return false;
        }

        using var budget = new CancellationTokenSource(BackfillTimeBudget, time);
        _askBudget = budget.Token;
        try
        {
            return await BackfillFromAsync(frontier);
        }
        finally
        {
            _askBudget = CancellationToken.None;
        }
    }

    private async Task<bool> BackfillFromAsync(List<EventId> frontier)
    {
        foreach (var server in RemoteServersInRoom().Take(BackfillServers))
        {
            var target = $"/_matrix/federation/v1/backfill/{Uri.EscapeDataString(_roomId.Value)}?limit={BackfillBatch}&"
                + string.Join("&", frontier.Select(id => "v=" + Uri.EscapeDataString(id.Value)));
            if (await AskAsync(server, target) is not { } answer || !answer.TryGetProperty("pdus", out var pdus) || pdus.ValueKind != JsonValueKind.Array)
                continue;
            if (await PlaceBackfilledAsync(server, pdus.EnumerateArray().Take(BackfillBatch * 2).ToList()) > 0)
                return true;
        }

        _backfillFailedAt = time.GetUtcNow();
        return false;
    }

    /// <summary>The prev events of the oldest timeline events that this server lacks (or holds only as outliers).</summary>
    private async Task<List<EventId>> BackwardExtremitiesAsync()
    {
        var oldest = await store.GetRangeAsync(_server, _roomId, long.MinValue, long.MaxValue, backwards: false, limit: 20);
        var prevs = oldest.SelectMany(e => e.Pdu.PrevEvents).Distinct().ToList();
        var known = (await _replica.GetEventsAsync(prevs)).Where(e => e.Status != EventStatus.Outlier).Select(e => e.Pdu.EventId).ToHashSet();
        return prevs.Where(id => !known.Contains(id)).Take(20).ToList();
    }

    /// <summary>
    /// Checks the events <paramref name="origin"/> sent back, oldest first, and places those that pass below the
    /// timeline; returns how many were placed.
    /// </summary>
    private async Task<int> PlaceBackfilledAsync(ServerName origin, IReadOnlyList<JsonElement> answer)
    {
        var fetched = new Dictionary<EventId, Pdu>();
        foreach (var verified in await verifier.VerifyAsync(answer, _replica.Version))
        {
            if (verified.TryGetValue(out var pdu, out _) && pdu.RoomId == _roomId)
                fetched.TryAdd(pdu.EventId, pdu);
        }

        var held = (await _replica.GetEventsAsync(fetched.Keys)).Where(e => e.Status != EventStatus.Outlier).Select(e => e.Pdu.EventId).ToHashSet();
        var groupsAfter = new Dictionary<EventId, long>();
        var placed = new List<BackfilledEvent>();
        // Events placed earlier in this batch are not stored until the batch is: they are looked up here.
        var batch = new Dictionary<EventId, Pdu>();
        foreach (var pdu in fetched.Values.Where(p => !held.Contains(p.EventId)).OrderBy(p => p.Depth).ThenBy(p => p.OriginServerTs))
        {
            if (await StateBeforeBackfilledAsync(origin, pdu, groupsAfter) is not var (group, state))
                continue;
            if (await CheckOwnAuthEventsAsync(origin, pdu, batch) is not null)
                continue;
            var check = AuthRules.Check(pdu, await AuthStateOfAsync(state, pdu, batch));
            if (!check.IsAllowed)
            {
                await RejectAsync(pdu, $"not allowed by the state before it: {check.Reason}");
                continue;
            }

            var after = pdu.StateMapKey is { } key
                ? await _replica.PutStateGroupAsync(group, new Dictionary<StateMapKey, EventId> { [key] = pdu.EventId })
                : group;
            groupsAfter[pdu.EventId] = after;
            batch[pdu.EventId] = pdu;
            placed.Add(new BackfilledEvent(pdu, group, after));
        }

        var stored = await store.PrependBackfilledAsync(_server, _roomId, placed);
        LogBackfilled(stored.Count, origin.Value, fetched.Count);
        return stored.Count;
    }

    /// <summary>
    /// The state before a backfilled event: from its prev events when this server has their states (in the
    /// timeline or earlier in this batch), else as <paramref name="origin"/> gives it (/state_ids).
    /// </summary>
    private async Task<(long Group, IReadOnlyDictionary<StateMapKey, EventId> State)?> StateBeforeBackfilledAsync(
        ServerName origin, Pdu pdu, Dictionary<EventId, long> groupsAfter)
    {
        if (pdu.PrevEvents.Count == 0)
            return (await _replica.PutStateGroupAsync(null, new Dictionary<StateMapKey, EventId>()), new Dictionary<StateMapKey, EventId>());
        var groups = pdu.PrevEvents.Where(groupsAfter.ContainsKey).Select(id => groupsAfter[id]).ToList();
        var rest = pdu.PrevEvents.Where(id => !groupsAfter.ContainsKey(id)).ToList();
        foreach (var stored in await _replica.GetEventsAsync(rest))
        {
            if (stored.Status == EventStatus.Accepted && stored.StateGroupAfter is { } after)
                groups.Add(after);
        }

        if (groups.Count == pdu.PrevEvents.Distinct().Count())
            return await StateBeforeAsync(groups.Distinct().ToList());
        return await StateFromOriginAsync(origin, pdu);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "backfilled {Placed} events from {Origin} ({Received} received)")]
    private partial void LogBackfilled(int placed, string origin, int received);
}
