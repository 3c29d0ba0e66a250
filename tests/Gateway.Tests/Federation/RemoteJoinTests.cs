using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>A user of one server joins a room of another over make_join and send_join.</summary>
public sealed class RemoteJoinTests
{
    private static async Task<JsonElement> SyncUntilAsync(RawClient client, Func<JsonElement, bool> done)
    {
        string? since = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var sync = await client.GetAsync("_matrix/client/v3/sync?timeout=2000" + (since is null ? "" : "&since=" + since));
            Assert.Equal(HttpStatusCode.OK, sync.Status);
            if (done(sync.Body))
                return sync.Body;
            since = sync.String("next_batch");
        }

        throw new TimeoutException("the sync never showed what was awaited");
    }

    private static bool HasMember(JsonElement events, string user, string membership) =>
        events.EnumerateArray().Any(e => e.GetProperty("type").GetString() == "m.room.member"
            && e.GetProperty("state_key").GetString() == user
            && e.GetProperty("content").GetProperty("membership").GetString() == membership);

    [Fact]
    public async Task A_remote_user_joins_a_public_room_by_alias_and_both_servers_see_the_join()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { preset = "public_chat", room_alias_name = "lobby", name = "The Lobby" });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var joined = await bob.PostAsync("_matrix/client/v3/join/%23lobby%3Ahs1.test", new { });

        Assert.Equal(HttpStatusCode.OK, joined.Status);
        Assert.Equal(room, joined.String("room_id"));
        var bobSync = await SyncUntilAsync(bob, s => s.GetProperty("rooms").TryGetProperty("join", out var j) && j.TryGetProperty(room, out _));
        var bobRoom = bobSync.GetProperty("rooms").GetProperty("join").GetProperty(room);
        var bobState = bobRoom.GetProperty("state").GetProperty("events");
        Assert.Contains(bobState.EnumerateArray(), e => e.GetProperty("type").GetString() == "m.room.name"
            && e.GetProperty("content").GetProperty("name").GetString() == "The Lobby");
        Assert.True(HasMember(bobState, "@alice:hs1.test", "join"));
        Assert.True(HasMember(bobRoom.GetProperty("timeline").GetProperty("events"), "@bob:hs2.test", "join"));

        await SyncUntilAsync(alice, s => s.GetProperty("rooms").TryGetProperty("join", out var j) && j.TryGetProperty(room, out var r)
            && HasMember(r.GetProperty("timeline").GetProperty("events"), "@bob:hs2.test", "join"));
        var members = await alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/joined_members");
        Assert.True(members.Body.GetProperty("joined").TryGetProperty("@bob:hs2.test", out _));
    }

    [Fact]
    public async Task A_remote_user_joins_by_room_id_through_the_rooms_server()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { });
        var state = await bob.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.member/@alice:hs1.test");

        Assert.Equal(HttpStatusCode.OK, joined.Status);
        Assert.Equal(HttpStatusCode.OK, state.Status);
        Assert.Equal("join", state.String("membership"));
    }

    [Fact]
    public async Task A_remote_user_cannot_join_a_private_room_uninvited()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { preset = "private_chat" });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { });
        var rooms = await bob.GetAsync("_matrix/client/v3/joined_rooms");

        Assert.Equal(HttpStatusCode.Forbidden, joined.Status);
        Assert.Equal("M_FORBIDDEN", joined.ErrCode);
        Assert.Empty(rooms.Body.GetProperty("joined_rooms").EnumerateArray());
    }

    [Fact]
    public async Task A_server_acl_keeps_a_denied_server_from_joining()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await alice.PutAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/state/m.room.server_acl/",
            new { allow = new[] { "*" }, deny = new[] { "hs2.test" } });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { });

        Assert.Equal(HttpStatusCode.Forbidden, joined.Status);
    }

    [Fact]
    public async Task A_remote_member_of_an_allowed_room_joins_a_restricted_room_authorised_by_a_resident()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var lobby = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var inner = await alice.CreateRoomAsync(new
        {
            preset = "private_chat",
            initial_state = new[]
            {
                new
                {
                    type = "m.room.join_rules", state_key = "",
                    content = (object)new { join_rule = "restricted", allow = new[] { new { type = "m.room_membership", room_id = lobby } } },
                },
            },
        });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var refused = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(inner)}?server_name=hs1.test", new { });
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(lobby)}?server_name=hs1.test", new { })).Status);
        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(inner)}?server_name=hs1.test", new { });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(HttpStatusCode.OK, joined.Status);
        var member = await alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(inner)}/state/m.room.member/@bob:hs2.test");
        Assert.Equal("join", member.String("membership"));
        Assert.Equal("@alice:hs1.test", member.String("join_authorised_via_users_server"));
    }
}
