using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>Inviting a user of another server (invite v2), and that user answering the invite.</summary>
public sealed class RemoteInviteTests
{
    private static async Task<JsonElement> AwaitSectionAsync(RawClient client, string section, string room, string? since = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            var sync = await client.GetAsync("_matrix/client/v3/sync?timeout=1000" + (since is null ? "" : "&since=" + since));
            since = sync.String("next_batch");
            if (sync.Body.GetProperty("rooms").TryGetProperty(section, out var rooms) && rooms.TryGetProperty(room, out var mine))
                return mine;
        }

        throw new TimeoutException($"{room} never appeared under {section}");
    }

    [Fact]
    public async Task A_user_invited_from_another_server_sees_the_invite_with_stripped_state_and_joins()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");
        var room = await alice.CreateRoomAsync(new { preset = "private_chat", name = "Secret plans" });

        var invited = await alice.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/invite", new { user_id = "@bob:hs2.test" });

        Assert.Equal(HttpStatusCode.OK, invited.Status);
        var invite = await AwaitSectionAsync(bob, "invite", room);
        var stripped = invite.GetProperty("invite_state").GetProperty("events").EnumerateArray().ToList();
        Assert.Contains(stripped, e => e.GetProperty("type").GetString() == "m.room.name"
            && e.GetProperty("content").GetProperty("name").GetString() == "Secret plans");
        Assert.Contains(stripped, e => e.GetProperty("type").GetString() == "m.room.member"
            && e.GetProperty("state_key").GetString() == "@bob:hs2.test" && e.GetProperty("sender").GetString() == "@alice:hs1.test");

        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}", new { });
        Assert.Equal(HttpStatusCode.OK, joined.Status);
        await bob.SendMessageAsync(room, "thanks for the invite");
        var aliceRoom = await AwaitSectionAsync(alice, "join", room);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.member/@bob:hs2.test")).Status);
        Assert.True(aliceRoom.ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public async Task The_invite_survives_a_restart_of_the_invitees_server()
    {
        var hs1Port = FreePorts.Next();
        var hs2Port = FreePorts.Next();
        var ports = new Dictionary<string, int> { ["hs1.test"] = hs1Port, ["hs2.test"] = hs2Port };
        await using var hs1 = await TangleServer.StartAsync(FederatedServers.NetworkSettings("hs1.test", hs1Port, ports));
        var hs2 = await TangleServer.StartAsync(FederatedServers.NetworkSettings("hs2.test", hs2Port, ports));
        var alice = await new RawClient(hs1.CreateHttpClient()).RegisterAsync("alice");
        var bob = await new RawClient(hs2.CreateHttpClient()).RegisterAsync("bob");
        var room = await alice.CreateRoomAsync(new { preset = "private_chat" });
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/invite", new { user_id = "@bob:hs2.test" })).Status);

        await using var restarted = await hs2.RestartAsync();
        var bobAgain = new RawClient(restarted.CreateHttpClient(), bob.AccessToken);

        await AwaitSectionAsync(bobAgain, "invite", room);
    }

    [Fact]
    public async Task Inviting_a_user_of_a_server_that_cannot_be_reached_fails_and_records_nothing()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test"], otherHosts: new Dictionary<string, int> { ["hs2.test"] = FreePorts.Next() });
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { preset = "private_chat" });

        var invited = await alice.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/invite", new { user_id = "@bob:hs2.test" });
        var member = await alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.member/@bob:hs2.test");

        Assert.Equal(HttpStatusCode.BadGateway, invited.Status);
        Assert.Equal(HttpStatusCode.NotFound, member.Status);
    }

    [Fact]
    public async Task A_user_rejects_an_invite_from_another_server_and_the_inviter_sees_the_leave()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");
        var room = await alice.CreateRoomAsync(new { preset = "private_chat" });
        await alice.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/invite", new { user_id = "@bob:hs2.test" });
        await AwaitSectionAsync(bob, "invite", room);
        var before = (await bob.GetAsync("_matrix/client/v3/sync")).String("next_batch");

        var rejected = await bob.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/leave", new { reason = "no thanks" });

        Assert.Equal(HttpStatusCode.OK, rejected.Status);
        var member = await alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.member/@bob:hs2.test");
        Assert.Equal("leave", member.String("membership"));
        Assert.Equal("no thanks", member.String("reason"));
        await AwaitSectionAsync(bob, "leave", room, since: before);
    }

    [Fact]
    public async Task A_user_knocks_on_a_room_of_another_server_is_invited_and_joins()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");
        var room = await alice.CreateRoomAsync(new
        {
            preset = "private_chat",
            name = "Knock first",
            initial_state = new[] { new { type = "m.room.join_rules", state_key = "", content = new { join_rule = "knock" } } },
        });

        var knocked = await bob.PostAsync($"_matrix/client/v3/knock/{Uri.EscapeDataString(room)}?via=hs1.test", new { reason = "let me in" });

        Assert.Equal(HttpStatusCode.OK, knocked.Status);
        var knock = await AwaitSectionAsync(bob, "knock", room);
        Assert.Contains(knock.GetProperty("knock_state").GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "m.room.name");
        var member = await alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.member/@bob:hs2.test");
        Assert.Equal("knock", member.String("membership"));

        await alice.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/invite", new { user_id = "@bob:hs2.test" });
        await AwaitSectionAsync(bob, "invite", room);
        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}", new { });
        Assert.Equal(HttpStatusCode.OK, joined.Status);
    }
}
