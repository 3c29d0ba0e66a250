using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>Three Tangle homeservers in one room: each hears the others directly, and joins are passed on.</summary>
public sealed class ThreeServerTests
{
    private static async Task AwaitMessageAsync(RawClient client, string room, string body)
    {
        string? since = null;
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            var sync = await client.GetAsync("_matrix/client/v3/sync?timeout=1000" + (since is null ? "" : "&since=" + since));
            since = sync.String("next_batch");
            if (sync.Body.GetProperty("rooms").TryGetProperty("join", out var rooms) && rooms.TryGetProperty(room, out var mine)
                && mine.GetProperty("timeline").GetProperty("events").EnumerateArray().Any(e =>
                    e.GetProperty("content").TryGetProperty("body", out var b) && b.GetString() == body))
                return;
        }

        throw new TimeoutException($"{body} never reached {client.UserId}");
    }

    [Fact]
    public async Task Three_servers_share_a_room_and_everyone_hears_everyone()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test", "hs3.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");
        var carol = await new RawClient(network["hs3.test"].CreateHttpClient()).RegisterAsync("carol");
        var room = await alice.CreateRoomAsync(new { preset = "public_chat" });
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await carol.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { })).Status);

        // hs2 hears of carol's join from hs1, the server she joined through.
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while ((await bob.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.member/@carol:hs3.test")).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "hs2 never heard of carol's join");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await carol.SendMessageAsync(room, "carol on hs3");
        await bob.SendMessageAsync(room, "bob on hs2");

        await AwaitMessageAsync(bob, room, "carol on hs3");
        await AwaitMessageAsync(alice, room, "carol on hs3");
        await AwaitMessageAsync(carol, room, "bob on hs2");
        await AwaitMessageAsync(alice, room, "bob on hs2");
    }
}
