using System.Diagnostics;

namespace Tangle.Load.Phases;

/// <summary>
/// "Romeo and Juliet": one client sends the play's 3,287 lines one after another into one room,
/// each send waiting for the previous one's answer.
/// </summary>
internal static class RomeoAndJuliet
{
    public const string Phase = "1 Romeo and Juliet";

    public static async Task RunAsync(LoadRun run)
    {
        var count = run.Options.RomeoMessages;
        var romeo = await run.UserAsync("romeo");
        var room = await romeo.CreateRoomAsync("Verona");
        var lines = new Lines(1597);
        var latencies = new Latencies();
        var cpu = run.ServerCpuSeconds();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await romeo.SendTextAsync(room, lines.Next(), i);
            latencies.AddSince(start);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        run.Figures.Add(Phase, $"total time, {count} sequential sends", seconds, "s", "< 10 s");
        run.Figures.Add(Phase, "throughput", count / seconds, "msg/s");
        run.Figures.Add(Phase, "send latency p50", latencies.Percentile(50), "ms");
        run.Figures.Add(Phase, "send latency p90", latencies.Percentile(90), "ms");
        run.Figures.Add(Phase, "send latency p99", latencies.Percentile(99), "ms");
        run.Figures.Add(Phase, "slowest send", latencies.Percentile(100), "ms");
        run.RecordCpuPerMessage(Phase, cpu, count);
        run.RecordMemory(Phase);
    }
}
