using System.Globalization;
using System.Net;
using System.Text.Json;
using Tangle.Protocol.Events;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// A remote server forks a room into more branches than a new event may cite (and than one state resolution
/// takes at once): every branch is taken, merge events keep the forward extremities bounded, and a local event
/// then cites a bounded number of them.
/// </summary>
public sealed class ManyBranchesTests
{
    private const string Mallory = "@mallory:remote.test";

    [Fact]
    public async Task Seventy_branches_from_a_remote_server_are_taken_merged_and_the_next_local_event_cites_at_most_ten()
    {
        await using var remote = await FakeHomeserver.StartAsync("remote.test");
        var settings = FederatedServers.NetworkSettings("hs1.test", FreePorts.Next(), new Dictionary<string, int> { ["remote.test"] = remote.Address.Port });
        await using var server = await TangleServer.StartAsync(settings);
        var alice = await new RawClient(server.CreateHttpClient()).RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var room = await FakeRoom.JoinAsync(remote, server.FederationAddress!, "hs1.test", roomId, Mallory);

        // Seventy profile changes, each on mallory's join alone: seventy branches, each with a state of its own.
        var branches = Enumerable.Range(0, 70).Select(i => room.Create(Mallory, "m.room.member",
            new { membership = "join", displayname = "mallory " + i.ToString(CultureInfo.InvariantCulture) }, stateKey: Mallory)).ToList();
        foreach (var chunk in branches.Chunk(50))
        {
            var (status, answer) = await room.SendAsync(chunk.Select(p => p.Json.GetRawText()));
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.All(chunk, p => Assert.False(answer.GetProperty("pdus").GetProperty(p.EventId.Value).TryGetProperty("error", out _)));
        }

        // Merge events keep the extremities bounded while the branches come in.
        var forked = await server.SnapshotAsync(roomId);
        Assert.InRange(forked.ForwardExtremities.Count, 1, 10);

        var message = await alice.SendMessageAsync(roomId, "after the fork");
        var sent = await remote.Transactions.WaitUntilAsync(r => r.SelectMany(t => t.Pdus).Any(p => IdOf(p, room) == message));
        var all = sent.SelectMany(t => t.Pdus).Select(p => Pdu.FromJson(p, room.Version).Value).ToList();
        var pdu = all.First(p => p.EventId.Value == message);
        var merges = all.Where(p => p.Type == "org.matrix.dummy_event").Select(p => p.EventId).ToHashSet();
        Assert.NotEmpty(merges);
        Assert.All(all.Where(p => merges.Contains(p.EventId)), m => Assert.InRange(m.PrevEvents.Count, 2, 10));
        Assert.InRange(pdu.PrevEvents.Count, 1, 10);
        Assert.All(pdu.PrevEvents, p => Assert.True(merges.Contains(p) || branches.Any(b => b.EventId == p)));
    }

    private static string? IdOf(JsonElement json, FakeRoom room) =>
        Pdu.FromJson(json, room.Version).TryGetValue(out var pdu, out _) ? pdu.EventId.Value : null;
}
