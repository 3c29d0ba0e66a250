using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// Events a remote server sends into a room: a fake server joins a room on hs1, then sends honest and
/// hostile PDUs and EDUs. Each is taken, redacted, rejected or refused as the specification says, and
/// nothing hostile changes the room.
/// </summary>
public sealed class IncomingEventTests
{
    private sealed record Setup(TangleServer Server, FakeHomeserver Remote, RawClient Alice, string RoomId, FakeRoom Room) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            await Remote.DisposeAsync();
        }
    }

    private const string Mallory = "@mallory:remote.test";

    private static async Task<Setup> StartAsync()
    {
        var remote = await FakeHomeserver.StartAsync("remote.test");
        var settings = FederatedServers.NetworkSettings("hs1.test", FreePorts.Next(), new Dictionary<string, int> { ["remote.test"] = remote.Address.Port });
        var server = await TangleServer.StartAsync(settings);
        var alice = await new RawClient(server.CreateHttpClient()).RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync(new { preset = "public_chat", name = "Original" });
        var room = await FakeRoom.JoinAsync(remote, server.FederationAddress!, "hs1.test", roomId, Mallory);
        return new Setup(server, remote, alice, roomId, room);
    }

    private static async Task<List<JsonElement>> TimelineAsync(Setup setup)
    {
        var messages = await setup.Alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(setup.RoomId)}/messages?dir=b&limit=50");
        return messages.Body.GetProperty("chunk").EnumerateArray().ToList();
    }

    private static string? ErrorOf(JsonElement answer, string eventId) =>
        answer.GetProperty("pdus").TryGetProperty(eventId, out var result) && result.TryGetProperty("error", out var error) ? error.GetString() : null;

    [Fact]
    public async Task A_message_from_a_joined_remote_user_reaches_local_members()
    {
        await using var setup = await StartAsync();
        var message = setup.Room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "hello from afar" });

        var (status, answer) = await setup.Room.SendAsync([message.Json.GetRawText()]);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(ErrorOf(answer, message.EventId.Value));
        var timeline = await TimelineAsync(setup);
        Assert.Contains(timeline, e => e.GetProperty("event_id").GetString() == message.EventId.Value
            && e.GetProperty("content").GetProperty("body").GetString() == "hello from afar");
    }

    [Fact]
    public async Task An_event_whose_signature_does_not_verify_is_refused()
    {
        await using var setup = await StartAsync();
        var message = setup.Room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "forged" });
        var tampered = JsonNode.Parse(message.Json.GetRawText())!.AsObject();
        tampered["origin_server_ts"] = message.OriginServerTs + 1;

        var (_, answer) = await setup.Room.SendAsync([tampered.ToJsonString()]);

        Assert.NotEmpty(answer.GetProperty("pdus").EnumerateObject().Single().Value.GetProperty("error").GetString()!);
        Assert.DoesNotContain(await TimelineAsync(setup), e => e.GetProperty("content").TryGetProperty("body", out var b) && b.GetString() == "forged");
    }

    [Fact]
    public async Task An_event_whose_content_hash_does_not_match_is_kept_redacted()
    {
        await using var setup = await StartAsync();
        var message = setup.Room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "original" });
        var tampered = JsonNode.Parse(message.Json.GetRawText())!.AsObject();
        tampered["content"]!["body"] = "altered in transit";

        var (_, answer) = await setup.Room.SendAsync([tampered.ToJsonString()]);

        Assert.Null(ErrorOf(answer, message.EventId.Value));
        var stored = Assert.Single(await TimelineAsync(setup), e => e.GetProperty("event_id").GetString() == message.EventId.Value);
        Assert.False(stored.GetProperty("content").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task An_event_the_auth_rules_refuse_is_rejected_and_changes_no_state()
    {
        await using var setup = await StartAsync();
        var grab = setup.Room.Create(Mallory, "m.room.power_levels",
            new { users = new Dictionary<string, int> { [Mallory] = 100, ["@alice:hs1.test"] = 100 } }, stateKey: "");

        var (_, answer) = await setup.Room.SendAsync([grab.Json.GetRawText()]);

        Assert.NotNull(ErrorOf(answer, grab.EventId.Value));
        var levels = await setup.Alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(setup.RoomId)}/state/m.room.power_levels/");
        Assert.False(levels.Body.GetProperty("users").TryGetProperty(Mallory, out _));
    }

    [Fact]
    public async Task A_rejected_event_is_rejected_again_when_sent_again()
    {
        await using var setup = await StartAsync();
        var rename = setup.Room.Create(Mallory, "m.room.name", new { name = "Hijacked" }, stateKey: "");
        await setup.Room.SendAsync([rename.Json.GetRawText()]);

        var (_, again) = await setup.Room.SendAsync([rename.Json.GetRawText()]);

        Assert.NotNull(ErrorOf(again, rename.EventId.Value));
        var name = await setup.Alice.GetAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(setup.RoomId)}/state/m.room.name/");
        Assert.Equal("Original", name.String("name"));
    }

    [Fact]
    public async Task An_event_claiming_a_sender_of_another_server_is_refused()
    {
        await using var setup = await StartAsync();
        var impostor = setup.Room.Create("@carol:elsewhere.test", "m.room.message", new { msgtype = "m.text", body = "not really carol" });

        var (_, answer) = await setup.Room.SendAsync([impostor.Json.GetRawText()]);

        Assert.NotNull(ErrorOf(answer, impostor.EventId.Value));
        Assert.DoesNotContain(await TimelineAsync(setup), e => e.GetProperty("event_id").GetString() == impostor.EventId.Value);
    }

    [Fact]
    public async Task A_transaction_of_more_than_fifty_pdus_is_refused()
    {
        await using var setup = await StartAsync();
        var pdus = Enumerable.Range(0, 51).Select(i => setup.Room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = $"m{i}" }).Json.GetRawText());

        var (status, answer) = await setup.Room.SendAsync(pdus);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("M_BAD_JSON", answer.GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task A_replayed_transaction_adds_nothing_twice()
    {
        await using var setup = await StartAsync();
        var message = setup.Room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "once" });

        var first = await setup.Room.SendAsync([message.Json.GetRawText()], txnId: "t1");
        var second = await setup.Room.SendAsync([message.Json.GetRawText()], txnId: "t1");

        Assert.Equal(CanonicalJson.EncodeToString(first.Body), CanonicalJson.EncodeToString(second.Body));
        Assert.Single(await TimelineAsync(setup), e => e.GetProperty("content").TryGetProperty("body", out var b) && b.GetString() == "once");
    }

    [Fact]
    public async Task An_event_signed_with_an_unknown_key_is_refused()
    {
        await using var setup = await StartAsync();
        using var stolen = SigningKey.Generate("other");
        var message = setup.Room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "unknown key" }, key: stolen);

        var (_, answer) = await setup.Room.SendAsync([message.Json.GetRawText()]);

        Assert.NotNull(ErrorOf(answer, message.EventId.Value));
    }

    [Fact]
    public async Task A_typing_notification_of_a_remote_member_reaches_local_members()
    {
        await using var setup = await StartAsync();
        var typing = $"{{\"edu_type\":\"m.typing\",\"content\":{{\"room_id\":\"{setup.RoomId}\",\"user_id\":\"{Mallory}\",\"typing\":true}}}}";

        var (status, _) = await setup.Room.SendAsync([], [typing]);

        Assert.Equal(HttpStatusCode.OK, status);
        var sync = await setup.Alice.GetAsync("_matrix/client/v3/sync");
        var ephemeral = sync.Body.GetProperty("rooms").GetProperty("join").GetProperty(setup.RoomId).GetProperty("ephemeral").GetProperty("events");
        Assert.Contains(ephemeral.EnumerateArray(), e => e.GetProperty("type").GetString() == "m.typing"
            && e.GetProperty("content").GetProperty("user_ids").EnumerateArray().Any(u => u.GetString() == Mallory));
    }

    [Fact]
    public async Task A_typing_notification_for_a_user_of_another_server_is_ignored()
    {
        await using var setup = await StartAsync();
        var typing = $"{{\"edu_type\":\"m.typing\",\"content\":{{\"room_id\":\"{setup.RoomId}\",\"user_id\":\"@alice:hs1.test\",\"typing\":true}}}}";

        await setup.Room.SendAsync([], [typing]);

        var sync = await setup.Alice.GetAsync("_matrix/client/v3/sync");
        var ephemeral = sync.Body.GetProperty("rooms").GetProperty("join").GetProperty(setup.RoomId).GetProperty("ephemeral").GetProperty("events");
        Assert.DoesNotContain(ephemeral.EnumerateArray(), e => e.GetProperty("type").GetString() == "m.typing"
            && e.GetProperty("content").GetProperty("user_ids").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Make_join_for_a_server_that_does_not_support_the_room_version_is_refused()
    {
        await using var setup = await StartAsync();

        using var response = await setup.Remote.SendAsync(setup.Server.FederationAddress!, "hs1.test", HttpMethod.Get,
            $"/_matrix/federation/v1/make_join/{Uri.EscapeDataString(setup.RoomId)}/{Uri.EscapeDataString("@eve:remote.test")}?ver=1&ver=2");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("M_INCOMPATIBLE_ROOM_VERSION", body.GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task When_forks_leave_too_many_forward_extremities_a_merge_event_cites_as_many_as_it_may()
    {
        await using var setup = await StartAsync();
        // Twelve events on one parent: twelve branches, so twelve forward extremities on hs1.
        var forks = Enumerable.Range(0, 12)
            .Select(i => setup.Room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = $"branch {i}" }).Json.GetRawText())
            .ToList();

        var (status, _) = await setup.Room.SendAsync(forks);

        Assert.Equal(HttpStatusCode.OK, status);
        var received = await setup.Remote.Transactions.WaitUntilAsync(all => all.SelectMany(t => t.Pdus)
            .Any(p => p.GetProperty("type").GetString() == "org.matrix.dummy_event"), TimeSpan.FromSeconds(30));
        var merge = received.SelectMany(t => t.Pdus).First(p => p.GetProperty("type").GetString() == "org.matrix.dummy_event");
        Assert.Equal(10, merge.GetProperty("prev_events").GetArrayLength());
        Assert.Equal("@alice:hs1.test", merge.GetProperty("sender").GetString());
    }

    [Fact]
    public async Task A_server_the_acl_denies_can_neither_send_events_nor_typing()
    {
        await using var setup = await StartAsync();
        var acl = await setup.Alice.PutAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(setup.RoomId)}/state/m.room.server_acl/",
            new { allow = new[] { "*" }, deny = new[] { "remote.test" } });
        Assert.Equal(HttpStatusCode.OK, acl.Status);
        var message = setup.Room.Create(Mallory, "m.room.message", new { msgtype = "m.text", body = "denied" });
        var typing = $"{{\"edu_type\":\"m.typing\",\"content\":{{\"room_id\":\"{setup.RoomId}\",\"user_id\":\"{Mallory}\",\"typing\":true}}}}";

        var (_, answer) = await setup.Room.SendAsync([message.Json.GetRawText()], [typing]);

        Assert.NotNull(ErrorOf(answer, message.EventId.Value));
        Assert.DoesNotContain(await TimelineAsync(setup), e => e.GetProperty("event_id").GetString() == message.EventId.Value);
        var sync = await setup.Alice.GetAsync("_matrix/client/v3/sync");
        var ephemeral = sync.Body.GetProperty("rooms").GetProperty("join").GetProperty(setup.RoomId).GetProperty("ephemeral").GetProperty("events");
        Assert.DoesNotContain(ephemeral.EnumerateArray(), e => e.GetProperty("type").GetString() == "m.typing"
            && e.GetProperty("content").GetProperty("user_ids").GetArrayLength() > 0);
    }
}
