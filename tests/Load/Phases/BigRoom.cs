using System.Diagnostics;

namespace Tangle.Load.Phases;

/// <summary>
/// A bulk loader for one big public room on one server, through the client API: its owner sends the state
/// events, then users of that server register and join, always with a bounded number of requests in flight.
/// </summary>
internal static class BigRoom
{
    public const string StateType = "org.tangle.load.state";

    /// <summary>Registers the owner, who creates the room and sends its state events; returns the room id.</summary>
    public static async Task<string> CreateWithStateAsync(HttpClient http, int stateEvents, int clients, RunFigures figures, string phase)
    {
        var owner = await LoadClient.RegisterAsync(http, "owner");
        var room = await owner.CreateRoomAsync("big room");
        var clock = Stopwatch.StartNew();
        await ForEachAsync(stateEvents, clients, "state events", clock,
            i => owner.SendStateAsync(room, StateType, $"key-{i}", new { n = i, text = new Lines(i).Next() }));
        figures.Add(phase, $"build: {stateEvents} state events sent", clock.Elapsed.TotalSeconds, "s");
        return room;
    }

    /// <summary>Registers <paramref name="members"/> users and joins them to the room.</summary>
    public static async Task JoinLocalMembersAsync(HttpClient http, string room, int members, int clients, RunFigures figures, string phase)
    {
        var clock = Stopwatch.StartNew();
        var users = new LoadClient[members];
        await ForEachAsync(members, clients, "users registered", clock,
            async i => users[i] = await LoadClient.RegisterAsync(http, $"member-{i}"));
        figures.Add(phase, $"build: {members} users registered", clock.Elapsed.TotalSeconds, "s");

        clock.Restart();
        var joins = new Latencies();
        await ForEachAsync(members, clients, "members joined", clock, async i =>
        {
            var start = Stopwatch.GetTimestamp();
            await users[i].JoinAsync(room);
            joins.AddSince(start);
        });
        figures.Add(phase, $"build: {members} members joined", clock.Elapsed.TotalSeconds, "s");
        figures.Add(phase, "build: join latency p50", joins.Percentile(50), "ms");
        figures.Add(phase, "build: join latency p99", joins.Percentile(99), "ms");
    }

    /// <summary>Runs <paramref name="work"/> for 0..count-1 with at most <paramref name="clients"/> at once, reporting progress.</summary>
    private static async Task ForEachAsync(int count, int clients, string what, Stopwatch clock, Func<int, Task> work)
    {
        var next = -1;
        var done = 0;
        var step = Math.Max(count / 10, 1);
        await Task.WhenAll(Enumerable.Range(0, Math.Min(clients, count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await work(i);
                var finished = Interlocked.Increment(ref done);
                if (finished % step == 0)
                    Console.WriteLine($"  {finished} {what} after {clock.Elapsed.TotalSeconds:0} s");
            }
        }));
    }
}
