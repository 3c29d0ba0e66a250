using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tangle.Load.Phases;

/// <summary>What one run of messages across federation measured.</summary>
internal sealed record FederatedDeliveryOutcome(
    int Count, double SendSeconds, double DeliverySeconds, Latencies Delivery, Latencies Sends, int LimitedSyncs, string Since)
{
    public void Record(RunFigures figures, string phase, string name)
    {
        figures.Add(phase, $"{name}: sends on hs1", Count / SendSeconds, "msg/s");
        figures.Add(phase, $"{name}: delivered to hs2", Delivery.Count / DeliverySeconds, "msg/s");
        figures.Add(phase, $"{name}: delivery latency p50", Delivery.Percentile(50), "ms");
        figures.Add(phase, $"{name}: delivery latency p99", Delivery.Percentile(99), "ms");
        figures.Add(phase, $"{name}: messages never delivered", Count - Delivery.Count, "msgs", "0");
        figures.Add(phase, $"{name}: send latency p50 on hs1", Sends.Percentile(50), "ms");
        if (LimitedSyncs > 0)
            figures.Add(phase, $"{name}: syncs with a cut (limited) timeline", LimitedSyncs, "syncs", "0");
    }
}

/// <summary>
/// One sender on one server, one receiver long-polling /sync on the other: every message carries its
/// number, so its arrival is matched to the start of its send.
/// </summary>
internal static class FederatedDelivery
{
    /// <summary>A timeline long enough that a burst between two syncs is never cut.</summary>
    public const string Filter = """{"room":{"timeline":{"limit":1000}}}""";

    /// <summary>How long after the last send the receiver still waits for stragglers; later ones count as never delivered.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    /// <summary>Long-polls until the room is in the client's join section; returns the token after it.</summary>
    public static async Task<string> SyncUntilJoinedAsync(LoadClient client, string room, string since)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var (body, _) = await client.SyncAsync(since, Filter, 10_000);
            since = SyncBodies.NextBatch(body);
            if (SyncBodies.JoinedRoomStateEvents(body, room) is not null)
                return since;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{room} did not appear in {client.UserId}'s sync within five minutes of the join");
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> messages one after another, at <paramref name="ratePerSecond"/> or as fast as
    /// they go, numbered from <paramref name="firstSeq"/>, while <paramref name="receiver"/> syncs from <paramref name="since"/>.
    /// </summary>
    public static async Task<FederatedDeliveryOutcome> RunAsync(LoadClient sender, LoadClient receiver, string room, string since,
        int count, int? ratePerSecond, long firstSeq)
    {
        var sent = new long[count];
        var arrived = new ConcurrentDictionary<long, long>();
        var sends = new Latencies();
        var limited = 0;
        long sendingDone = 0;

        var receiving = Task.Run(async () =>
        {
            while (arrived.Count < count)
            {
                var done = Interlocked.Read(ref sendingDone);
                if (done != 0 && Stopwatch.GetElapsedTime(done) > Grace)
                    break;
                var (body, _) = await receiver.SyncAsync(since, Filter, 10_000);
                var now = Stopwatch.GetTimestamp();
                since = SyncBodies.NextBatch(body);
                var seqs = SyncBodies.MessagesIn(body, room, out var cut);
                if (cut)
                    limited++;
                foreach (var index in seqs.Select(seq => seq - firstSeq).Where(index => index >= 0 && index < count))
                    arrived.TryAdd(index, now);
            }

            return since;
        });

        var clock = Stopwatch.StartNew();
        var interval = ratePerSecond is { } rate ? TimeSpan.FromSeconds(1.0 / rate) : TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var due = interval * i - clock.Elapsed;
            if (due > TimeSpan.Zero)
                await Task.Delay(due);
            sent[i] = Stopwatch.GetTimestamp();
            await sender.SendTextAsync(room, $"line {i} across the federation", firstSeq + i);
            sends.AddSince(sent[i]);
        }

        var sendSeconds = clock.Elapsed.TotalSeconds;
        Interlocked.Exchange(ref sendingDone, Stopwatch.GetTimestamp());
        var after = await receiving;

        var delivery = new Latencies();
        foreach (var (index, at) in arrived)
            delivery.Add(Stopwatch.GetElapsedTime(sent[index], at).TotalMilliseconds);
        var lastArrival = arrived.IsEmpty ? sent[0] : arrived.Values.Max();
        var deliverySeconds = Stopwatch.GetElapsedTime(sent[0], lastArrival).TotalSeconds;
        return new FederatedDeliveryOutcome(count, sendSeconds, deliverySeconds, delivery, sends, limited, after);
    }
}
