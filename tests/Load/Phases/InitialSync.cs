using System.Diagnostics;

namespace Tangle.Load.Phases;

/// <summary>
/// Initial sync of a user in many rooms with long histories. The rooms are built through the API:
/// the user creates them, the other members join, and the talking members (each its own share of the
/// rooms) send the messages concurrently. Then the user's initial sync is timed with the default
/// filter and with lazy-loaded members.
/// </summary>
internal static class InitialSync
{
    public const string Phase = "4 initial sync";

    private const string LazyFilter = """{"room":{"state":{"lazy_load_members":true},"timeline":{"lazy_load_members":true}}}""";

    /// <summary>Each filter's sync is repeated this many times; the median is reported.</summary>
    private const int Repeats = 3;

    public static async Task RunAsync(LoadRun run)
    {
        var options = run.Options;
        var build = Stopwatch.StartNew();
        var reader = await run.UserAsync("reader");
        var rooms = new List<string>();
        for (var i = 0; i < options.SyncRooms; i++)
            rooms.Add(await reader.CreateRoomAsync($"history {i}"));
        var members = await Task.WhenAll(Enumerable.Range(0, options.SyncMembers).Select(_ => run.UserAsync("member")));
        await Task.WhenAll(members.Select(async member =>
        {
            foreach (var room in rooms)
                await member.JoinAsync(room);
        }));
        var joined = build.Elapsed.TotalSeconds;
        Console.WriteLine($"  built {rooms.Count} rooms with {members.Length} members each in {joined:0} s; sending");

        var talkers = members.Take(options.SyncSenders).ToList();
        var sends = new Latencies();
        var cpu = run.ServerCpuSeconds();
        await Task.WhenAll(talkers.Select(async (talker, t) =>
        {
            var lines = new Lines(t);
            for (var r = t; r < rooms.Count; r += talkers.Count)
            {
                for (var i = 0; i < options.SyncMessagesPerRoom; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await talker.SendTextAsync(rooms[r], lines.Next(), i);
                    sends.AddSince(start);
                }

                if (t == 0)
                    Console.WriteLine($"  {sends.Count} messages sent after {build.Elapsed.TotalSeconds:0} s");
            }
        }));
        var built = build.Elapsed.TotalSeconds;
        var phase = $"4 initial sync, {options.SyncRooms} rooms x {options.SyncMessagesPerRoom} msgs";
        run.Figures.Add(phase, $"build: rooms and {options.SyncMembers} members joined", joined, "s");
        run.Figures.Add(phase, $"build: {sends.Count} messages sent", built - joined, "s");
        run.Figures.Add(phase, "build: send throughput", sends.Count / (built - joined), "msg/s");
        run.Figures.Add(phase, "build: send latency p99", sends.Percentile(99), "ms");
        run.RecordCpuPerMessage(phase, cpu, sends.Count);
        run.RecordMemory(phase + " (built)");

        await TimeAsync(run, phase, "default filter", reader, null);
        await TimeAsync(run, phase, "lazy-loading members", reader, LazyFilter);
        run.RecordMemory(phase);
    }

    private static async Task TimeAsync(LoadRun run, string phase, string filterName, LoadClient reader, string? filter)
    {
        var times = new List<double>();
        var size = 0;
        for (var i = 0; i < Repeats; i++)
        {
            var (body, elapsed) = await reader.SyncAsync(null, filter, 0);
            times.Add(elapsed.TotalMilliseconds);
            size = body.Length;
        }

        run.Figures.Add(phase, $"initial sync, {filterName}: first", times[0], "ms");
        run.Figures.Add(phase, $"initial sync, {filterName}: median of {Repeats}", Latencies.Percentile(times, 50), "ms");
        run.Figures.Add(phase, $"initial sync, {filterName}: response size", size / 1024.0, "KiB");
    }
}
