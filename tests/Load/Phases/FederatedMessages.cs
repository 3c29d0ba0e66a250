using System.Diagnostics;

namespace Tangle.Load.Phases;

/// <summary>
/// Messages across federation: alice on hs1 makes a room, bob on hs2 joins it, and alice sends while bob
/// long-polls /sync on hs2. First as fast as sequential sends go (how fast hs1 can push to hs2), then at a
/// steady rate (latency without saturation). A message's delivery latency runs from the start of its send
/// on hs1 to the arrival of the sync response on hs2 that carries it.
/// </summary>
internal static class FederatedMessages
{
    public const string Phase = "5 federated messages";

    public static async Task RunAsync(LoadOptions options, RunFigures figures)
    {
        await using var pair = await FederatedPair.StartAsync(options.Gateway);
        try
        {
            await pair.RecordIdleCpuAsync(figures, Phase);
            pair.RecordServers(figures, Phase, "at rest");
            var alice = await LoadClient.RegisterAsync(pair.FirstHttp, "alice");
            var bob = await LoadClient.RegisterAsync(pair.SecondHttp, "bob");
            var room = await alice.CreateRoomAsync("federated messages");
            var (initial, _) = await bob.SyncAsync(null, FederatedDelivery.Filter, 0);
            var joining = Stopwatch.StartNew();
            await bob.JoinAsync(room, FederatedPair.FirstName);
            figures.Add(Phase, "remote join of a new room (POST /join)", joining.Elapsed.TotalMilliseconds, "ms");
            var since = await FederatedDelivery.SyncUntilJoinedAsync(bob, room, SyncBodies.NextBatch(initial));

            var cpu = pair.CpuSeconds();
            var mark = pair.ToSecond.Mark();
            var flood = await FederatedDelivery.RunAsync(alice, bob, room, since, options.FedMessages, ratePerSecond: null, firstSeq: 0);
            var name = $"{options.FedMessages} msgs as fast as sent";
            flood.Record(figures, Phase, name);
            var transactions = pair.ToSecond.Since(mark).Where(r => r.Endpoint == "PUT /_matrix/federation/v1/send").ToList();
            figures.Add(Phase, $"{name}: transactions hs1 -> hs2", transactions.Count, "txns");
            figures.Add(Phase, $"{name}: transaction bytes hs1 -> hs2", transactions.Sum(t => t.RequestBytes) / 1024.0, "KiB");
            pair.RecordCpu(figures, Phase, name, cpu, options.FedMessages);

            cpu = pair.CpuSeconds();
            var steady = await FederatedDelivery.RunAsync(alice, bob, room, flood.Since, options.FedRateMessages, options.FedRatePerSecond,
                firstSeq: options.FedMessages);
            name = $"{options.FedRateMessages} msgs at {options.FedRatePerSecond}/s";
            steady.Record(figures, Phase, name);
            pair.RecordCpu(figures, Phase, name, cpu, options.FedRateMessages);
            pair.RecordServers(figures, Phase, "after load");
        }
        catch
        {
            pair.PrintLogTails();
            throw;
        }
    }
}
