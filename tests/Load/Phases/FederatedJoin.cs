using System.Diagnostics;
using Tangle.Testing;

namespace Tangle.Load.Phases;

/// <summary>
/// A user of hs2 joins a big room of hs1: the time to the join's 200 and to the room's first appearance in
/// their /sync, the size of hs1's send_join answer (the room's state and auth chain, counted by the proxy
/// between the two), and what the join cost each server in CPU and memory. The room is built first with a
/// bulk loader; its build time is reported apart.
/// </summary>
internal static class FederatedJoin
{
    private const string SendJoin = "PUT /_matrix/federation/v2/send_join";

    public static async Task RunAsync(LoadOptions options, RunFigures figures)
    {
        var remote = options.FedMembersOn == "hs3";
        var phase = $"6 federated join, {options.FedMembers} members on {options.FedMembersOn} + {options.FedStateEvents} state";
        await using var hs3 = remote ? await FakeHomeserver.StartAsync(RemoteMembers.ServerName) : null;
        await using var pair = await FederatedPair.StartAsync(options.Gateway,
            hs3 is null ? null : new Dictionary<string, Uri> { [RemoteMembers.ServerName] = hs3.Address });
        try
        {
            await pair.RecordIdleCpuAsync(figures, phase);
            pair.RecordServers(figures, phase, "at rest");
            var cpu = pair.CpuSeconds();
            var build = Stopwatch.StartNew();
            // The state goes in before the members: each event is appended to the sync stream of every local member
            // joined at the time, and the members of hs3 build their joins on the room as it stands.
            var room = await BigRoom.CreateWithStateAsync(pair.FirstHttp, options.FedStateEvents, options.FedClients, figures, phase);
            if (hs3 is not null)
                await RemoteMembers.JoinAsync(hs3, pair.FirstFederation, room, options.FedMembers - 1, figures, phase);
            else
                await BigRoom.JoinLocalMembersAsync(pair.FirstHttp, room, options.FedMembers - 1, options.FedClients, figures, phase);
            figures.Add(phase, "build: total", build.Elapsed.TotalSeconds, "s");
            pair.RecordCpu(figures, phase, "the build", cpu);
            pair.RecordServers(figures, phase, "room built");

            var joiner = await LoadClient.RegisterAsync(pair.SecondHttp, "joiner");
            var (initial, _) = await joiner.SyncAsync(null, null, 0);
            var since = SyncBodies.NextBatch(initial);
            cpu = pair.CpuSeconds();
            var mark = pair.ToFirst.Mark();
            Console.WriteLine($"  {joiner.UserId} joins {room} through {FederatedPair.FirstName}");
            var clock = Stopwatch.StartNew();
            await joiner.JoinAsync(room, FederatedPair.FirstName);
            var joined = clock.Elapsed.TotalSeconds;
            figures.Add(phase, "remote join: POST /join until 200", joined, "s");

            var (body, stateEvents) = await FirstSyncWithRoomAsync(joiner, room, since);
            figures.Add(phase, "remote join: until the room is in /sync", clock.Elapsed.TotalSeconds, "s");
            figures.Add(phase, "remote join: that sync's response", body.Length / 1024.0 / 1024.0, "MiB");
            figures.Add(phase, "remote join: state events in that sync", stateEvents, "events");

            var requests = pair.ToFirst.Since(mark);
            var sendJoin = requests.Where(r => r.Endpoint == SendJoin).ToList();
            figures.Add(phase, "send_join answer (hs1 -> hs2)", sendJoin.Sum(r => r.ResponseBytes) / 1024.0 / 1024.0, "MiB");
            figures.Add(phase, "send_join request until answered", sendJoin.Sum(r => r.Ms) / 1000, "s");
            figures.Add(phase, "join: hs2 -> hs1 requests", requests.Count, "requests");
            foreach (var endpoint in requests.GroupBy(r => r.Endpoint).OrderByDescending(g => g.Count()))
                Console.WriteLine($"  hs2 -> hs1 during the join: {endpoint.Count(),5} x {endpoint.Key} ({endpoint.Sum(r => r.ResponseBytes) / 1024.0:0} KiB answered)");
            pair.RecordCpu(figures, phase, "the join", cpu);
            pair.RecordServers(figures, phase, "after the join");
        }
        catch
        {
            pair.PrintLogTails();
            throw;
        }
    }

    /// <summary>Long-polls from <paramref name="since"/> until the room shows in the join section.</summary>
    private static async Task<(byte[] Body, int StateEvents)> FirstSyncWithRoomAsync(LoadClient client, string room, string since)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            var (body, _) = await client.SyncAsync(since, null, 10_000);
            if (SyncBodies.JoinedRoomStateEvents(body, room) is { } count)
                return (body, count);
            since = SyncBodies.NextBatch(body);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{room} did not appear in {client.UserId}'s sync within five minutes of the join");
        }
    }
}
