using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tangle.Grains;
using Tangle.Protocol.Identifiers;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// Events acknowledged on one server reach the other even when either server restarts while they are on
/// their way: queued transactions are durable, and delivery resumes after the restart.
/// </summary>
public sealed class RestartInFlightTests
{
    private static readonly ServerName Hs1 = ServerName.From("hs1.test"), Hs2 = ServerName.From("hs2.test");

    /// <summary>alice on hs1 makes a public room and bob on hs2 joins it, over links the test can cut.</summary>
    private static async Task<(LinkedServers Network, RawClient Alice, string Bob, string Room)> JoinedAsync()
    {
        var network = await LinkedServers.StartAsync(["hs1.test", "hs2.test"], _ => new Dictionary<string, string?>
        {
            ["Tangle:Federation:RetryInitialDelay"] = "00:00:00.200",
            ["Tangle:Federation:RetryMaxDelay"] = "00:00:02",
        });
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");
        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { });
        Assert.Equal(HttpStatusCode.OK, joined.Status);
        return (network, alice, bob.AccessToken!, room);
    }

    private static async Task<IReadOnlyList<string>> SendAsync(RawClient client, string room, int count, string prefix)
    {
        var sent = new List<string>();
        for (var i = 0; i < count; i++)
            sent.Add(await client.SendMessageAsync(room, $"{prefix} {i.ToString(CultureInfo.InvariantCulture)}"));
        return sent;
    }

    /// <summary>Syncs (from scratch, then incrementally) until every one of <paramref name="eventIds"/> has shown in the room's timeline.</summary>
    private static async Task AwaitInSyncAsync(RawClient client, string room, IReadOnlyList<string> eventIds)
    {
        var missing = eventIds.ToHashSet();
        var filter = Uri.EscapeDataString(JsonSerializer.Serialize(new { room = new { timeline = new { limit = 100 } } }));
        string? since = null;
        var deadline = DateTime.UtcNow + Replicas.Deadline;
        while (missing.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"never seen in /sync: {string.Join(", ", missing)}");
            var sync = await client.GetAsync($"_matrix/client/v3/sync?timeout=1000&filter={filter}" + (since is null ? "" : "&since=" + since));
            Assert.Equal(HttpStatusCode.OK, sync.Status);
            since = sync.String("next_batch");
            if (sync.Body.GetProperty("rooms").TryGetProperty("join", out var joined) && joined.TryGetProperty(room, out var mine)
                && mine.TryGetProperty("timeline", out var timeline))
            {
                foreach (var e in timeline.GetProperty("events").EnumerateArray())
                    missing.Remove(e.GetProperty("event_id").GetString()!);
            }
        }
    }

    [Fact]
    public async Task Messages_sent_while_the_other_server_is_down_reach_its_users_after_it_restarts()
    {
        var (network, alice, bobToken, room) = await JoinedAsync();
        await using var _ = network;

        await network.StopAsync("hs2.test");
        var sent = await SendAsync(alice, room, 5, "while hs2 was down");
        var hs2 = await network.StartAgainAsync("hs2.test");

        await AwaitInSyncAsync(new RawClient(hs2.CreateHttpClient(), bobToken), room, sent);
    }

    [Fact]
    public async Task Events_queued_for_a_cut_link_are_delivered_after_the_sending_server_restarts()
    {
        var (network, alice, bobToken, room) = await JoinedAsync();
        await using var _ = network;

        network.Cut("hs1.test", "hs2.test");
        var sent = await SendAsync(alice, room, 5, "queued across a restart");
        var outbox = network["hs1.test"].Services.GetRequiredService<IGrainFactory>().FederationOutbox(Hs1, Hs2);
        Assert.True((await outbox.GetStatusAsync()).QueuedPdus >= sent.Count);
        await network.RestartAsync("hs1.test");
        network.Heal("hs1.test", "hs2.test");

        await AwaitInSyncAsync(new RawClient(network["hs2.test"].CreateHttpClient(), bobToken), room, sent);
        // Delivered, so the queue empties (the sender removes a transaction once the answer is in).
        var outboxAfter = network["hs1.test"].Services.GetRequiredService<IGrainFactory>().FederationOutbox(Hs1, Hs2);
        var deadline = DateTime.UtcNow + Replicas.Deadline;
        while ((await outboxAfter.GetStatusAsync()).QueuedPdus > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the outbox never emptied");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
