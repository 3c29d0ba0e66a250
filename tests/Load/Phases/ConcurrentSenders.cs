using System.Diagnostics;

namespace Tangle.Load.Phases;

/// <summary>Concurrent senders, each its own user in its own room, each sending one message after another.</summary>
internal static class ConcurrentSenders
{
    public static async Task RunAsync(LoadRun run)
    {
        var senders = run.Options.Senders;
        var each = run.Options.MessagesPerSender;
        var clients = await Task.WhenAll(Enumerable.Range(0, senders).Select(async i =>
        {
            var user = await run.UserAsync("sender");
            return (User: user, Room: await user.CreateRoomAsync($"room {i}"));
        }));
        var latencies = new Latencies();
        var cpu = run.ServerCpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(async (c, index) =>
        {
            var lines = new Lines(index);
            for (var i = 0; i < each; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await c.User.SendTextAsync(c.Room, lines.Next(), i);
                latencies.AddSince(start);
            }
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        var phase = $"2 {senders} senders x {senders} rooms";
        run.Figures.Add(phase, $"total time, {senders * each} sends", seconds, "s");
        run.Figures.Add(phase, "throughput", latencies.Count / seconds, "msg/s");
        run.Figures.Add(phase, "send latency p50", latencies.Percentile(50), "ms");
        run.Figures.Add(phase, "send latency p99", latencies.Percentile(99), "ms");
        run.RecordCpuPerMessage(phase, cpu, latencies.Count);
        run.RecordMemory(phase);
    }
}
