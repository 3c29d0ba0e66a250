using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tangle.Protocol.Events;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// Events citing history this server never saw: a fake server sends an event whose auth events (or prev events)
/// were never sent here. The auth chain is fetched from the sender with /event_auth and checked before the event
/// is judged on it; an event with no history to place it on is kept as an outlier, out of the timeline.
/// </summary>
public sealed class MissingAuthEventTests
{
    private const string Mallory = "@mallory:remote.test";

    /// <summary>What the fake server answers /event_auth with, by event id, and which event ids it was asked about.</summary>
    private sealed class AuthChains
    {
        public ConcurrentDictionary<string, Pdu[]> Chains { get; } = new();

        public ConcurrentQueue<string> Asked { get; } = new();
    }

    private sealed record Setup(TangleServer Server, FakeHomeserver Remote, RawClient Alice, string RoomId, FakeRoom Room, AuthChains Chains)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Remote.DisposeAsync();
        }

        public async Task<List<JsonElement>> TimelineAsync()
        {
            var messages = await Alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(RoomId)}/messages?dir=b&limit=50");
            return messages.Body.GetProperty("chunk").EnumerateArray().ToList();
        }

        public async Task<string?> DisplayNameAsync(string user)
        {
            var member = await Alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(RoomId)}/state/m.room.member/{Uri.EscapeDataString(user)}");
            return member.Body.TryGetProperty("displayname", out var name) ? name.GetString() : null;
        }
    }

    private static async Task<Setup> StartAsync()
    {
        var chains = new AuthChains();
        var remote = await FakeHomeserver.StartAsync("remote.test", routes: app =>
            app.MapGet("/_matrix/federation/v1/event_auth/{roomId}/{eventId}", (string eventId) =>
            {
                chains.Asked.Enqueue(eventId);
                return chains.Chains.TryGetValue(eventId, out var chain)
                    ? Results.Text($"{{\"auth_chain\":[{string.Join(",", chain.Select(p => p.Json.GetRawText()))}]}}", "application/json")
                    : Results.NotFound();
            }));
        var settings = FederatedServers.NetworkSettings("hs1.test", FreePorts.Next(), new Dictionary<string, int> { ["remote.test"] = remote.Address.Port });
        var server = await TangleServer.StartAsync(settings);
        var alice = await new RawClient(server.CreateHttpClient()).RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var room = await FakeRoom.JoinAsync(remote, server.FederationAddress!, "hs1.test", roomId, Mallory);
        return new Setup(server, remote, alice, roomId, room, chains);
    }

    private static string? ErrorOf(JsonElement answer, string eventId) =>
        answer.GetProperty("pdus").TryGetProperty(eventId, out var result) && result.TryGetProperty("error", out var error) ? error.GetString() : null;

    private static bool Has(List<JsonElement> timeline, Pdu pdu) => timeline.Any(e => e.GetProperty("event_id").GetString() == pdu.EventId.Value);

    [Fact]
    public async Task An_event_citing_an_auth_event_never_sent_here_fetches_it_and_is_accepted()
    {
        await using var setup = await StartAsync();
        var room = setup.Room;
        var join = room.State("m.room.member", Mallory);
        // A change of display name on a branch that never reached hs1, then a message citing it as authority.
        var rename = room.Create(Mallory, "m.room.member", new { membership = "join", displayname = "Mal" }, stateKey: Mallory);
        var message = room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "on my authority" },
            authEvents: [room.State("m.room.create", ""), room.State("m.room.power_levels", ""), rename], prevEvents: [join]);
        setup.Chains.Chains[message.EventId.Value] = [room.State("m.room.create", ""), room.State("m.room.power_levels", ""), room.State("m.room.join_rules", ""), join, rename];

        var (status, answer) = await room.SendAsync([message.Json.GetRawText()]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(ErrorOf(answer, message.EventId.Value));
        Assert.Contains(message.EventId.Value, setup.Chains.Asked);
        var timeline = await setup.TimelineAsync();
        Assert.True(Has(timeline, message));
        Assert.False(Has(timeline, rename));
        Assert.Null(await setup.DisplayNameAsync(Mallory));
    }

    [Fact]
    public async Task An_event_whose_fetched_auth_event_breaks_the_auth_rules_is_rejected()
    {
        await using var setup = await StartAsync();
        var room = setup.Room;
        var join = room.State("m.room.member", Mallory);
        var grab = room.Create(Mallory, "m.room.power_levels", new { users = new Dictionary<string, int> { [Mallory] = 100 } }, stateKey: "");
        var rename = room.Create(Mallory, "m.room.name", new { name = "Mallory's now" }, stateKey: "",
            authEvents: [room.State("m.room.create", ""), grab, join], prevEvents: [join]);
        setup.Chains.Chains[rename.EventId.Value] = [room.State("m.room.create", ""), room.State("m.room.power_levels", ""), room.State("m.room.join_rules", ""), join, grab];

        var (_, answer) = await room.SendAsync([rename.Json.GetRawText()]);

        Assert.NotNull(ErrorOf(answer, rename.EventId.Value));
        Assert.Contains(rename.EventId.Value, setup.Chains.Asked);
        Assert.False(Has(await setup.TimelineAsync(), rename));
        var name = await setup.Alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(setup.RoomId)}/state/m.room.name/");
        Assert.Equal(HttpStatusCode.NotFound, name.Status);
    }

    [Fact]
    public async Task An_event_whose_auth_events_nobody_supplies_is_refused_and_changes_nothing()
    {
        await using var setup = await StartAsync();
        var room = setup.Room;
        var rename = room.Create(Mallory, "m.room.member", new { membership = "join", displayname = "Mal" }, stateKey: Mallory);
        var message = room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "no authority" },
            authEvents: [room.State("m.room.create", ""), room.State("m.room.power_levels", ""), rename], prevEvents: [room.Latest]);

        var (_, answer) = await room.SendAsync([message.Json.GetRawText()]);

        Assert.NotNull(ErrorOf(answer, message.EventId.Value));
        Assert.False(Has(await setup.TimelineAsync(), message));
    }

    [Fact]
    public async Task An_event_whose_prev_events_cannot_be_had_is_kept_as_an_outlier_out_of_the_timeline()
    {
        await using var setup = await StartAsync();
        var room = setup.Room;
        var unseen = room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "never sent" });
        room.Advance(unseen);
        var rename = room.Create(Mallory, "m.room.member", new { membership = "join", displayname = "Mal" }, stateKey: Mallory);

        var (_, answer) = await room.SendAsync([rename.Json.GetRawText()]);

        Assert.Null(ErrorOf(answer, rename.EventId.Value));
        Assert.False(Has(await setup.TimelineAsync(), rename));
        Assert.Null(await setup.DisplayNameAsync(Mallory));
        using var fetched = await setup.Remote.SendAsync(setup.Server.FederationAddress!, "hs1.test", HttpMethod.Get,
            $"/_matrix/federation/v1/event/{Uri.EscapeDataString(rename.EventId.Value)}");
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
    }
}
