using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tangle.Load.Phases;

/// <summary>
/// Send-to-sync delivery: a receiver long-polls /sync while a sender sends at a steady rate; the
/// latency of a message is from the start of its send to the arrival of the sync response carrying it.
/// </summary>
internal static class DeliveryLatency
{
    public const string Phase = "3 send-to-sync delivery";

    /// <summary>Enough timeline per response that a burst is never cut ("limited").</summary>
    private const string Filter = """{"room":{"timeline":{"limit":200}}}""";

    public static async Task RunAsync(LoadRun run)
    {
        var count = run.Options.DeliveryMessages;
        var rate = run.Options.DeliveryRatePerSecond;
        var sender = await run.UserAsync("sender");
        var receiver = await run.UserAsync("receiver");
        var room = await sender.CreateRoomAsync("delivery");
        await receiver.JoinAsync(room);
        var (initial, _) = await receiver.SyncAsync(null, Filter, 0);
        var since = SyncBodies.NextBatch(initial);

        var sent = new long[count];
        var arrived = new ConcurrentDictionary<long, long>();
        var sendLatencies = new Latencies();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(count / (double)rate + 60);

        var receiving = Task.Run(async () =>
        {
            while (arrived.Count < count && DateTime.UtcNow < deadline)
            {
                var (body, _) = await receiver.SyncAsync(since, Filter, 10_000);
                var now = Stopwatch.GetTimestamp();
                since = SyncBodies.NextBatch(body);
                foreach (var seq in SyncBodies.MessagesIn(body, room))
                    arrived.TryAdd(seq, now);
            }
        });

        var clock = Stopwatch.StartNew();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < count; i++)
        {
            var due = interval * i - clock.Elapsed;
            if (due > TimeSpan.Zero)
                await Task.Delay(due);
            sent[i] = Stopwatch.GetTimestamp();
            await sender.SendTextAsync(room, $"line {i} of a steady conversation", i);
            sendLatencies.AddSince(sent[i]);
        }

        // The receiver stops by itself once all arrived or at the deadline, at most one long poll later.
        await receiving.WaitAsync(deadline - DateTime.UtcNow + TimeSpan.FromSeconds(15));

        var delivery = new Latencies();
        foreach (var (seq, at) in arrived)
        {
            if (seq >= 0 && seq < count)
                delivery.Add(Stopwatch.GetElapsedTime(sent[seq], at).TotalMilliseconds);
        }

        run.Figures.Add(Phase, $"delivery latency p50 ({count} msgs at {rate}/s)", delivery.Percentile(50), "ms");
        run.Figures.Add(Phase, "delivery latency p99", delivery.Percentile(99), "ms");
        run.Figures.Add(Phase, "messages never delivered", count - delivery.Count, "msgs", "0");
        run.Figures.Add(Phase, "send latency p50 (under sync)", sendLatencies.Percentile(50), "ms");
        run.RecordMemory(Phase);
    }
}
