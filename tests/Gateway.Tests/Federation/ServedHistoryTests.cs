using System.Net;
using System.Text.Json;
using Tangle.Protocol.Events;
using Tangle.Protocol.Rooms;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// What a server in a room is given of its events: the room's history visibility applies to it as a whole, and
/// what was redacted is given redacted. A fake server joins alice's room on hs1, whose history is visible to
/// joined members only, and reads the events from before and after its user joined.
/// </summary>
public sealed class ServedHistoryTests
{
    private sealed record Setup(TangleServer Server, FakeHomeserver Remote, RawClient Alice, string RoomId, string Before, string After)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Remote.DisposeAsync();
        }

        public async Task<JsonElement> FetchAsync(string eventId)
        {
            using var response = await Remote.SendAsync(Server.FederationAddress!, "hs1.test", HttpMethod.Get,
                $"/_matrix/federation/v1/event/{Uri.EscapeDataString(eventId)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("pdus")[0].Clone();
        }
    }

    private static async Task<Setup> StartAsync()
    {
        var remote = await FakeHomeserver.StartAsync("remote.test");
        var settings = FederatedServers.NetworkSettings("hs1.test", FreePorts.Next(), new Dictionary<string, int> { ["remote.test"] = remote.Address.Port });
        var server = await TangleServer.StartAsync(settings);
        var alice = await new RawClient(server.CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new
        {
            preset = "public_chat",
            initial_state = new[] { new { type = "m.room.history_visibility", state_key = "", content = new { history_visibility = "joined" } } },
        });
        var before = await alice.SendMessageAsync(room, "before the visitor");
        await FakeRoom.JoinAsync(remote, server.FederationAddress!, "hs1.test", room, "@visitor:remote.test");
        var after = await alice.SendMessageAsync(room, "after the visitor");
        return new Setup(server, remote, alice, room, before, after);
    }

    private static string IdOf(JsonElement pdu, string version) => Pdu.FromJson(pdu, RoomVersions.Find(version)!).Value.EventId.Value;

    private static bool HasBody(JsonElement pdu) => pdu.GetProperty("content").TryGetProperty("body", out _);

    [Fact]
    public async Task An_event_from_before_the_servers_users_joined_is_given_redacted()
    {
        await using var setup = await StartAsync();

        var pdu = await setup.FetchAsync(setup.Before);

        var create = await setup.Alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(setup.RoomId)}/state/m.room.create/");
        Assert.Equal(setup.Before, IdOf(pdu, create.String("room_version")));
        Assert.False(HasBody(pdu));
        Assert.NotEmpty(pdu.GetProperty("signatures").EnumerateObject());
    }

    [Fact]
    public async Task An_event_from_after_the_servers_users_joined_is_given_whole()
    {
        await using var setup = await StartAsync();

        Assert.True(HasBody(await setup.FetchAsync(setup.After)));
    }

    [Fact]
    public async Task Backfill_gives_the_history_the_server_may_not_see_redacted()
    {
        await using var setup = await StartAsync();

        using var response = await setup.Remote.SendAsync(setup.Server.FederationAddress!, "hs1.test", HttpMethod.Get,
            $"/_matrix/federation/v1/backfill/{Uri.EscapeDataString(setup.RoomId)}?v={Uri.EscapeDataString(setup.After)}&limit=20");
        var pdus = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("pdus").EnumerateArray().ToList();

        var create = pdus.Single(p => p.GetProperty("type").GetString() == "m.room.create");
        var version = create.GetProperty("content").GetProperty("room_version").GetString()!;
        Assert.True(HasBody(pdus.Single(p => IdOf(p, version) == setup.After)));
        Assert.False(HasBody(pdus.Single(p => IdOf(p, version) == setup.Before)));
    }

    [Fact]
    public async Task A_redacted_event_is_given_redacted()
    {
        await using var setup = await StartAsync();
        var redacted = await setup.Alice.PutAsync(
            $"_matrix/client/v3/rooms/{Uri.EscapeDataString(setup.RoomId)}/redact/{Uri.EscapeDataString(setup.After)}/txn1", new { reason = "oops" });
        Assert.Equal(HttpStatusCode.OK, redacted.Status);

        Assert.False(HasBody(await setup.FetchAsync(setup.After)));
    }
}
