using System.Net;
using System.Text.Json;
using Tangle.Gateway.Tests.Encryption;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>Two Tangle homeservers sharing a room: what users on each side do, the other side's users see.</summary>
public sealed class FederatedRoomTests
{
    private sealed record Pair(FederatedServers Network, RawClient Alice, RawClient Bob, string RoomId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Network.DisposeAsync();

        public string Path(string rest) => $"_matrix/client/v3/rooms/{Uri.EscapeDataString(RoomId)}/{rest}";
    }

    /// <summary>alice on hs1 creates a public room; bob on hs2 joins it.</summary>
    private static async Task<Pair> JoinedAsync()
    {
        var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { preset = "public_chat" });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");
        var joined = await bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(room)}?server_name=hs1.test", new { });
        Assert.Equal(HttpStatusCode.OK, joined.Status);
        return new Pair(network, alice, bob, room);
    }

    /// <summary>Syncs until <paramref name="found"/> holds for the room's section of some sync.</summary>
    private static async Task<JsonElement> AwaitRoomAsync(RawClient client, string room, Func<JsonElement, bool> found, string section = "join",
        string? since = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            var sync = await client.GetAsync("_matrix/client/v3/sync?timeout=1000" + (since is null ? "" : "&since=" + since));
            Assert.Equal(HttpStatusCode.OK, sync.Status);
            since = sync.String("next_batch");
            if (sync.Body.GetProperty("rooms").TryGetProperty(section, out var rooms) && rooms.TryGetProperty(room, out var mine) && found(mine))
                return mine;
        }

        throw new TimeoutException($"the {section} section of {room} never showed what was awaited");
    }

    private static bool TimelineHas(JsonElement room, Func<JsonElement, bool> match) =>
        room.TryGetProperty("timeline", out var timeline) && timeline.GetProperty("events").EnumerateArray().Any(match);

    private static Func<JsonElement, bool> Body(string body) =>
        e => e.GetProperty("type").GetString() == "m.room.message" && e.GetProperty("content").TryGetProperty("body", out var b) && b.GetString() == body;

    [Fact]
    public async Task Messages_flow_both_ways_and_appear_in_both_sides_syncs()
    {
        await using var pair = await JoinedAsync();

        await pair.Alice.SendMessageAsync(pair.RoomId, "hello from hs1");
        await pair.Bob.SendMessageAsync(pair.RoomId, "hello from hs2");

        await AwaitRoomAsync(pair.Bob, pair.RoomId, r => TimelineHas(r, Body("hello from hs1")));
        await AwaitRoomAsync(pair.Alice, pair.RoomId, r => TimelineHas(r, Body("hello from hs2")));
    }

    [Fact]
    public async Task Typing_on_one_server_is_seen_on_the_other()
    {
        await using var pair = await JoinedAsync();

        await pair.Bob.PutAsync(pair.Path("typing/@bob:hs2.test"), new { typing = true, timeout = 30000 });

        await AwaitRoomAsync(pair.Alice, pair.RoomId, r => r.TryGetProperty("ephemeral", out var eph)
            && eph.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "m.typing"
                && e.GetProperty("content").GetProperty("user_ids").EnumerateArray().Any(u => u.GetString() == "@bob:hs2.test")));
    }

    [Fact]
    public async Task A_read_receipt_on_one_server_is_seen_on_the_other()
    {
        await using var pair = await JoinedAsync();
        var message = await pair.Alice.SendMessageAsync(pair.RoomId, "read me");
        await AwaitRoomAsync(pair.Bob, pair.RoomId, r => TimelineHas(r, Body("read me")));

        await pair.Bob.PostAsync(pair.Path($"receipt/m.read/{Uri.EscapeDataString(message)}"), new { });

        await AwaitRoomAsync(pair.Alice, pair.RoomId, r => r.TryGetProperty("ephemeral", out var eph)
            && eph.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "m.receipt"
                && e.GetProperty("content").TryGetProperty(message, out var receipts)
                && receipts.GetProperty("m.read").TryGetProperty("@bob:hs2.test", out _)));
    }

    [Fact]
    public async Task A_to_device_message_reaches_a_device_on_the_other_server()
    {
        await using var pair = await JoinedAsync();
        var sent = await pair.Alice.PutAsync("_matrix/client/v3/sendToDevice/m.test/txn1", new
        {
            messages = new Dictionary<string, object> { ["@bob:hs2.test"] = new Dictionary<string, object> { [pair.Bob.DeviceId!] = new { secret = "across" } } },
        });
        Assert.Equal(HttpStatusCode.OK, sent.Status);

        string? since = null;
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var sync = await pair.Bob.GetAsync("_matrix/client/v3/sync?timeout=1000" + (since is null ? "" : "&since=" + since));
            since = sync.String("next_batch");
            if (sync.Body.TryGetProperty("to_device", out var toDevice) && toDevice.GetProperty("events").EnumerateArray()
                .Any(e => e.GetProperty("type").GetString() == "m.test" && e.GetProperty("sender").GetString() == "@alice:hs1.test"
                    && e.GetProperty("content").GetProperty("secret").GetString() == "across"))
                break;
            Assert.True(DateTime.UtcNow < deadline, "the to-device message never arrived");
        }
    }

    [Fact]
    public async Task A_remote_user_leaves_and_joins_again()
    {
        await using var pair = await JoinedAsync();

        var left = await pair.Bob.PostAsync(pair.Path("leave"), new { });
        await AwaitRoomAsync(pair.Alice, pair.RoomId, r => TimelineHas(r, e => e.GetProperty("type").GetString() == "m.room.member"
            && e.GetProperty("state_key").GetString() == "@bob:hs2.test" && e.GetProperty("content").GetProperty("membership").GetString() == "leave"));
        var rejoined = await pair.Bob.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(pair.RoomId)}?server_name=hs1.test", new { });
        await pair.Bob.SendMessageAsync(pair.RoomId, "back again");

        Assert.Equal(HttpStatusCode.OK, left.Status);
        Assert.Equal(HttpStatusCode.OK, rejoined.Status);
        await AwaitRoomAsync(pair.Alice, pair.RoomId, r => TimelineHas(r, Body("back again")));
    }

    [Fact]
    public async Task A_ban_on_one_server_takes_effect_on_the_other()
    {
        await using var pair = await JoinedAsync();

        // Left rooms show in incremental syncs only, so bob's sync starts before the ban.
        var since = (await pair.Bob.GetAsync("_matrix/client/v3/sync")).String("next_batch");
        var banned = await pair.Alice.PostAsync(pair.Path("ban"), new { user_id = "@bob:hs2.test", reason = "spam" });
        Assert.Equal(HttpStatusCode.OK, banned.Status);

        await AwaitRoomAsync(pair.Bob, pair.RoomId, _ => true, section: "leave", since: since);
        var membership = await pair.Bob.GetAsync(pair.Path("state/m.room.member/@bob:hs2.test"));
        Assert.Equal("ban", membership.String("membership"));
        var refused = await pair.Bob.PutAsync(pair.Path("send/m.room.message/after-ban"), new { msgtype = "m.text", body = "let me in" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }

    [Fact]
    public async Task New_device_keys_on_one_server_mark_the_device_list_changed_on_the_other()
    {
        await using var pair = await JoinedAsync();
        var since = (await pair.Alice.GetAsync("_matrix/client/v3/sync")).String("next_batch");

        var device = TestDevice.Of(pair.Bob);
        var uploaded = await pair.Bob.PostAsync("_matrix/client/v3/keys/upload", new { device_keys = device.DeviceKeys() });
        Assert.Equal(HttpStatusCode.OK, uploaded.Status);

        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var sync = await pair.Alice.GetAsync($"_matrix/client/v3/sync?timeout=1000&since={since}");
            since = sync.String("next_batch");
            if (sync.Body.TryGetProperty("device_lists", out var lists) && lists.TryGetProperty("changed", out var changed)
                && changed.EnumerateArray().Any(u => u.GetString() == "@bob:hs2.test"))
                break;
            Assert.True(DateTime.UtcNow < deadline, "alice never heard that bob's devices changed");
        }
    }

    [Fact]
    public async Task Presence_set_on_one_server_is_seen_on_the_other()
    {
        await using var pair = await JoinedAsync();

        var set = await pair.Bob.PutAsync("_matrix/client/v3/presence/@bob:hs2.test/status", new { presence = "online", status_msg = "on hs2" });
        Assert.Equal(HttpStatusCode.OK, set.Status);

        string? since = null;
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (true)
        {
            var sync = await pair.Alice.GetAsync("_matrix/client/v3/sync?timeout=1000" + (since is null ? "" : "&since=" + since));
            since = sync.String("next_batch");
            if (sync.Body.TryGetProperty("presence", out var presence) && presence.GetProperty("events").EnumerateArray().Any(e =>
                    e.GetProperty("sender").GetString() == "@bob:hs2.test"
                    && e.GetProperty("content").TryGetProperty("status_msg", out var msg) && msg.GetString() == "on hs2"))
                break;
            Assert.True(DateTime.UtcNow < deadline, "alice never saw bob's presence");
        }
    }
}
