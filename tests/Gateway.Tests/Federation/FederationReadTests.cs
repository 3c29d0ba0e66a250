using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>What a server in a room may read of it over federation, and what a server outside it may not.</summary>
public sealed class FederationReadTests
{
    private sealed record Setup(TangleServer Server, FakeHomeserver Member, FakeHomeserver Outsider, RawClient Alice, string RoomId, string MessageId)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Member.DisposeAsync();
            await Outsider.DisposeAsync();
        }

        public async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(FakeHomeserver from, string target, string? body = null)
        {
            using var response = await from.SendAsync(Server.FederationAddress!, "hs1.test", body is null ? HttpMethod.Get : HttpMethod.Post, target, body);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }
    }

    private static async Task<Setup> StartAsync()
    {
        var member = await FakeHomeserver.StartAsync("member.test");
        var outsider = await FakeHomeserver.StartAsync("outsider.test");
        var settings = FederatedServers.NetworkSettings("hs1.test", FreePorts.Next(), new Dictionary<string, int>
        {
            ["member.test"] = member.Address.Port,
            ["outsider.test"] = outsider.Address.Port,
        });
        var server = await TangleServer.StartAsync(settings);
        var alice = await new RawClient(server.CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { preset = "public_chat" });
        await FakeRoom.JoinAsync(member, server.FederationAddress!, "hs1.test", room, "@visitor:member.test");
        var message = await alice.SendMessageAsync(room, "history");
        return new Setup(server, member, outsider, alice, room, message);
    }

    private static string Escaped(string value) => Uri.EscapeDataString(value);

    [Fact]
    public async Task A_member_server_fetches_an_event_by_id()
    {
        await using var setup = await StartAsync();

        var (status, body) = await setup.GetAsync(setup.Member, $"/_matrix/federation/v1/event/{Escaped(setup.MessageId)}");

        Assert.Equal(HttpStatusCode.OK, status);
        var pdu = Assert.Single(body.GetProperty("pdus").EnumerateArray());
        Assert.Equal("history", pdu.GetProperty("content").GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_member_server_reads_the_state_before_an_event_with_its_auth_chain()
    {
        await using var setup = await StartAsync();

        var (status, ids) = await setup.GetAsync(setup.Member, $"/_matrix/federation/v1/state_ids/{Escaped(setup.RoomId)}?event_id={Escaped(setup.MessageId)}");
        var (_, full) = await setup.GetAsync(setup.Member, $"/_matrix/federation/v1/state/{Escaped(setup.RoomId)}?event_id={Escaped(setup.MessageId)}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ids.GetProperty("pdu_ids").GetArrayLength(), full.GetProperty("pdus").GetArrayLength());
        Assert.Contains(full.GetProperty("pdus").EnumerateArray(), p => p.GetProperty("type").GetString() == "m.room.create");
        Assert.Contains(full.GetProperty("pdus").EnumerateArray(), p => p.GetProperty("type").GetString() == "m.room.member"
            && p.GetProperty("state_key").GetString() == "@visitor:member.test");
        Assert.NotEmpty(full.GetProperty("auth_chain").EnumerateArray());
    }

    [Fact]
    public async Task A_member_server_backfills_history_newest_first()
    {
        await using var setup = await StartAsync();

        var (status, body) = await setup.GetAsync(setup.Member, $"/_matrix/federation/v1/backfill/{Escaped(setup.RoomId)}?v={Escaped(setup.MessageId)}&limit=3");

        Assert.Equal(HttpStatusCode.OK, status);
        var pdus = body.GetProperty("pdus").EnumerateArray().ToList();
        Assert.Equal(3, pdus.Count);
        Assert.Equal("history", pdus[0].GetProperty("content").GetProperty("body").GetString());
        Assert.True(pdus[0].GetProperty("depth").GetInt64() > pdus[2].GetProperty("depth").GetInt64());
    }

    [Fact]
    public async Task A_member_server_gets_missing_events_oldest_first_up_to_what_it_knows()
    {
        await using var setup = await StartAsync();
        var second = await setup.Alice.SendMessageAsync(setup.RoomId, "second");
        var third = await setup.Alice.SendMessageAsync(setup.RoomId, "third");

        var (status, body) = await setup.GetAsync(setup.Member, $"/_matrix/federation/v1/get_missing_events/{Escaped(setup.RoomId)}",
            JsonSerializer.Serialize(new { earliest_events = new[] { setup.MessageId }, latest_events = new[] { third }, limit = 10 }));

        Assert.Equal(HttpStatusCode.OK, status);
        var events = body.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("content").GetProperty("body").GetString()).ToList();
        Assert.Equal(["second"], events);
        Assert.NotNull(second);
    }

    [Fact]
    public async Task A_member_server_finds_the_event_nearest_a_timestamp()
    {
        await using var setup = await StartAsync();

        var (status, body) = await setup.GetAsync(setup.Member,
            $"/_matrix/federation/v1/timestamp_to_event/{Escaped(setup.RoomId)}?ts={DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds()}&dir=b");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(setup.MessageId, body.GetProperty("event_id").GetString());
    }

    [Theory]
    [InlineData("event")]
    [InlineData("state_ids")]
    [InlineData("backfill")]
    public async Task A_server_that_takes_no_part_in_the_room_reads_nothing(string endpoint)
    {
        await using var setup = await StartAsync();
        var target = endpoint switch
        {
            "event" => $"/_matrix/federation/v1/event/{Escaped(setup.MessageId)}",
            "state_ids" => $"/_matrix/federation/v1/state_ids/{Escaped(setup.RoomId)}?event_id={Escaped(setup.MessageId)}",
            _ => $"/_matrix/federation/v1/backfill/{Escaped(setup.RoomId)}?v={Escaped(setup.MessageId)}&limit=5",
        };

        var (status, body) = await setup.GetAsync(setup.Outsider, target);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("M_FORBIDDEN", body.GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task A_server_reads_a_public_space_with_the_children_it_could_join_and_those_it_could_not()
    {
        await using var setup = await StartAsync();
        var space = await setup.Alice.CreateRoomAsync(new { preset = "public_chat", name = "The Space", creation_content = new { type = "m.space" } });
        var open = await setup.Alice.CreateRoomAsync(new { preset = "public_chat", name = "Open room" });
        var closed = await setup.Alice.CreateRoomAsync(new { preset = "private_chat", name = "Closed room" });
        foreach (var room in new[] { open, closed })
            await setup.Alice.PutAsync($"_matrix/client/v3/rooms/{Escaped(space)}/state/m.space.child/{Escaped(room)}", new { via = new[] { "hs1.test" } });

        var (status, body) = await setup.GetAsync(setup.Outsider, $"/_matrix/federation/v1/hierarchy/{Escaped(space)}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("The Space", body.GetProperty("room").GetProperty("name").GetString());
        Assert.Equal("m.space", body.GetProperty("room").GetProperty("room_type").GetString());
        Assert.Equal(2, body.GetProperty("room").GetProperty("children_state").GetArrayLength());
        var child = Assert.Single(body.GetProperty("children").EnumerateArray());
        Assert.Equal(open, child.GetProperty("room_id").GetString());
        Assert.Equal([closed], body.GetProperty("inaccessible_children").EnumerateArray().Select(c => c.GetString()));
    }
}
