using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tangle.Grains;
using Tangle.Protocol.Identifiers;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// A partition longer than the origin keeps queued for a destination, and than get_missing_events may pull
/// in: the destination cannot close the gap, so it asks for the state before the next event it is sent and
/// moves on from there, instead of refusing everything the origin sends from then on.
/// </summary>
public sealed class LongPartitionTests
{
    [Fact]
    public async Task After_a_gap_too_long_to_fill_the_other_server_takes_the_state_at_the_next_event_and_moves_on()
    {
        // hs1 keeps only the newest 2 events per room for hs2, and each server pulls in at most 5 missing events.
        await using var network = await LinkedServers.StartAsync(["hs1.test", "hs2.test"], _ => new Dictionary<string, string?>
        {
            ["Tangle:Federation:RetryInitialDelay"] = "00:00:00.200",
            ["Tangle:Federation:RetryMaxDelay"] = "00:00:02",
            ["Tangle:Federation:MaxQueuedPdusPerRoom"] = "2",
            ["Tangle:Federation:MissingEventsBudget"] = "5",
        });
        var (hs1, hs2) = (network["hs1.test"], network["hs2.test"]);
        var alice = await new RawClient(hs1.CreateHttpClient()).RegisterAsync("alice");
        var bob = await new RawClient(hs2.CreateHttpClient()).RegisterAsync("bob");
        var room = await alice.CreateRoomAsync(new { preset = "public_chat" });
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { })).Status);
        await Replicas.AwaitAsync(hs1, hs2, room, Replicas.SameState, "the state before the partition");

        network.Cut("hs1.test", "hs2.test");
        // The first event queued goes into the transaction in flight, which is kept; the topic after it is dropped.
        await alice.SendMessageAsync(room, "in flight");
        var topic = await alice.PutAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.topic", new { topic = "set while cut off" });
        Assert.Equal(HttpStatusCode.OK, topic.Status);
        for (var i = 0; i < 12; i++)
            await alice.SendMessageAsync(room, "unseen " + i.ToString(CultureInfo.InvariantCulture));
        var outbox = hs1.Services.GetRequiredService<IGrainFactory>().FederationOutbox(ServerName.From("hs1.test"), ServerName.From("hs2.test"));
        Assert.True((await outbox.GetStatusAsync()).DroppedPdus > 0);
        network.Heal("hs1.test", "hs2.test");

        // hs2 takes alice's newest events on the state hs1 gives for them, the topic set in the gap included.
        await Replicas.AwaitAsync(hs1, hs2, room, Replicas.SameState, "the state after the gap");
        var seen = await bob.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.topic");
        Assert.Equal("set while cut off", seen.String("topic"));
        var after = await alice.SendMessageAsync(room, "after the gap");
        await AwaitInTimelineAsync(bob, room, after);

        // And the room carries on both ways, down to one forward extremity.
        var reply = await bob.SendMessageAsync(room, "got it");
        await AwaitInTimelineAsync(alice, room, reply);
        await Replicas.AwaitAsync(hs1, hs2, room, (a, b) => Replicas.SameState(a, b) && a.ForwardExtremities.Count == 1 && Replicas.SameExtremities(a, b),
            "one forward extremity");
    }

    private static async Task AwaitInTimelineAsync(RawClient client, string room, string eventId)
    {
        var deadline = DateTime.UtcNow + Replicas.Deadline;
        while (true)
        {
            var messages = await client.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/messages?dir=b&limit=20");
            Assert.Equal(HttpStatusCode.OK, messages.Status);
            if (messages.Body.GetProperty("chunk").EnumerateArray().Any(e => e.GetProperty("event_id").GetString() == eventId))
                return;
            Assert.True(DateTime.UtcNow < deadline, $"{eventId} never reached {client.UserId}'s timeline");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
