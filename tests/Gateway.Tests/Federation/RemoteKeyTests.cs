using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Tangle.Gateway.Tests.Encryption;
using Tangle.Protocol.Crypto;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>A client's /keys/query and /keys/claim about users of other servers, answered over federation.</summary>
public sealed class RemoteKeyTests
{
    private const string Alice = "@alice:hs1.test";

    [Fact]
    public async Task A_client_reads_the_device_and_cross_signing_keys_of_a_user_on_another_server()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        using var alice = TestDevice.Of(await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice"));
        using var identity = new CrossSigningIdentity(alice.UserId);
        await alice.UploadKeysAsync();
        Assert.Equal(HttpStatusCode.OK, (await alice.Client.PostAsync("_matrix/client/v3/keys/device_signing/upload", identity.Upload())).Status);
        await alice.Client.PutAsync($"_matrix/client/v3/devices/{alice.DeviceId}", new { display_name = "Alice's phone" });
        using var bob = TestDevice.Of(await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob"));

        var query = await bob.QueryAsync(Alice);

        Assert.Equal(HttpStatusCode.OK, query.Status);
        var device = query.Body.GetProperty("device_keys").GetProperty(Alice).GetProperty(alice.DeviceId);
        Assert.Equal(TestDevice.Canonical(alice.DeviceKeys()), WithoutUnsigned(device));
        Assert.Equal("Alice's phone", device.GetProperty("unsigned").GetProperty("device_display_name").GetString());
        Assert.Equal(TestDevice.Canonical(identity.MasterKey()), TestDevice.Canonical(query.Body.GetProperty("master_keys").GetProperty(Alice)));
        Assert.Equal(TestDevice.Canonical(identity.SelfSigningKey()), TestDevice.Canonical(query.Body.GetProperty("self_signing_keys").GetProperty(Alice)));
        Assert.False(query.Body.GetProperty("user_signing_keys").TryGetProperty(Alice, out _));
        Assert.Empty(query.Body.GetProperty("failures").EnumerateObject());
    }

    [Fact]
    public async Task A_client_claims_a_one_time_key_of_a_device_on_another_server_once_then_its_fallback_key()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        using var alice = TestDevice.Of(await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice"));
        var oneTime = alice.OneTimeKeys(1);
        var fallback = alice.SignedKey(TestDevice.NewKey(), fallback: true);
        await alice.UploadAsync(new
        {
            device_keys = alice.DeviceKeys(), one_time_keys = oneTime, fallback_keys = new Dictionary<string, object> { ["signed_curve25519:fb"] = fallback },
        });
        using var bob = TestDevice.Of(await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob"));

        var first = await bob.ClaimAsync(Alice, alice.DeviceId);
        var second = await bob.ClaimAsync(Alice, alice.DeviceId);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        var firstKey = Assert.Single(first.Body.GetProperty("one_time_keys").GetProperty(Alice).GetProperty(alice.DeviceId).EnumerateObject());
        var secondKey = Assert.Single(second.Body.GetProperty("one_time_keys").GetProperty(Alice).GetProperty(alice.DeviceId).EnumerateObject());
        Assert.Equal("signed_curve25519:otk0", firstKey.Name);
        Assert.Equal(TestDevice.Canonical(oneTime["signed_curve25519:otk0"]), TestDevice.Canonical(firstKey.Value));
        Assert.Equal("signed_curve25519:fb", secondKey.Name);
        Assert.Equal(TestDevice.Canonical(fallback), TestDevice.Canonical(secondKey.Value));
        Assert.Empty(first.Body.GetProperty("failures").EnumerateObject());
        Assert.Equal(0, (await alice.UploadAsync(new { })).Body.GetProperty("one_time_key_counts").GetProperty("signed_curve25519").GetInt32());
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_listed_in_failures_and_local_users_are_still_answered()
    {
        await using var network = await FederatedServers.StartAsync(["hs2.test"], otherHosts: new Dictionary<string, int> { ["hs1.test"] = FreePorts.Next() });
        using var carol = TestDevice.Of(await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("carol"));
        await carol.UploadKeysAsync();
        using var bob = TestDevice.Of(await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob"));

        var query = await bob.QueryAsync(Alice, carol.UserId);
        var claim = await bob.ClaimAsync(Alice, "ALICEDEVICE");

        Assert.Equal(HttpStatusCode.OK, query.Status);
        Assert.True(query.Body.GetProperty("failures").GetProperty("hs1.test").TryGetProperty("status", out _));
        Assert.False(query.Body.GetProperty("device_keys").TryGetProperty(Alice, out _));
        Assert.True(query.Body.GetProperty("device_keys").GetProperty(carol.UserId).TryGetProperty(carol.DeviceId, out _));
        Assert.Equal(HttpStatusCode.OK, claim.Status);
        Assert.True(claim.Body.GetProperty("failures").TryGetProperty("hs1.test", out _));
        Assert.Empty(claim.Body.GetProperty("one_time_keys").EnumerateObject());
    }

    [Fact]
    public async Task A_server_that_does_not_answer_within_the_timeout_is_listed_in_failures()
    {
        // It accepts connections (the backlog does) and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var network = await FederatedServers.StartAsync(["hs2.test"], otherHosts: new Dictionary<string, int> { ["silent.test"] = port });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var clock = Stopwatch.StartNew();
        var query = await bob.PostAsync("_matrix/client/v3/keys/query",
            new { device_keys = new Dictionary<string, string[]> { ["@dave:silent.test"] = [] }, timeout = 500 });
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, query.Status);
        Assert.True(query.Body.GetProperty("failures").TryGetProperty("silent.test", out _));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the query took {clock.Elapsed}");
    }

    [Fact]
    public async Task Keys_another_server_files_under_the_wrong_owner_or_signs_wrongly_are_not_passed_on()
    {
        using var goodKey = SigningKey.Generate("good");
        using var otherKey = SigningKey.Generate("other");
        using var cross = new CrossSigningIdentity("@eve:liar.test");
        const string Mallory = "@mallory:liar.test";
        var answer = new JsonObject
        {
            ["device_keys"] = new JsonObject
            {
                [Mallory] = new JsonObject
                {
                    ["GOOD"] = Node(DeviceKeys(Mallory, "GOOD", goodKey, goodKey)),
                    ["FORGED"] = Node(DeviceKeys(Mallory, "FORGED", goodKey, otherKey)),
                    ["MISFILED"] = Node(DeviceKeys(Mallory, "GOOD", goodKey, goodKey)),
                    ["NOTANOBJECT"] = "keys",
                },
                ["@eve:liar.test"] = new JsonObject { ["EVE"] = Node(DeviceKeys("@eve:liar.test", "EVE", goodKey, goodKey)) },
                [Alice] = new JsonObject { ["ALICE"] = Node(DeviceKeys(Alice, "ALICE", goodKey, goodKey)) },
            },
            // Eve's cross-signing keys filed under Mallory.
            ["master_keys"] = new JsonObject { [Mallory] = Node(cross.MasterKey()) },
            ["self_signing_keys"] = new JsonObject { [Mallory] = Node(cross.SelfSigningKey()) },
            ["user_signing_keys"] = new JsonObject { [Mallory] = Node(cross.UserSigningKey()) },
        };
        // A repeated member is still JSON, if not canonical; it must not trip the server up.
        var text = answer.ToJsonString().Replace("\"device_id\":\"GOOD\"",
            "\"device_id\":\"GOOD\",\"unsigned\":{\"device_display_name\":\"one\"},\"unsigned\":{}", StringComparison.Ordinal);
        await using var liar = await FakeHomeserver.StartAsync("liar.test", routes: routes =>
            routes.MapPost("/_matrix/federation/v1/user/keys/query", () => Results.Text(text, "application/json")));
        await using var network = await FederatedServers.StartAsync(["hs2.test"], otherHosts: new Dictionary<string, int> { ["liar.test"] = liar.Address.Port });
        using var bob = TestDevice.Of(await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob"));

        var query = await bob.QueryAsync(Mallory);

        Assert.Equal(HttpStatusCode.OK, query.Status);
        var users = query.Body.GetProperty("device_keys");
        Assert.Equal([Mallory], users.EnumerateObject().Select(u => u.Name));
        Assert.Equal(["GOOD"], users.GetProperty(Mallory).EnumerateObject().Select(d => d.Name));
        Assert.Empty(query.Body.GetProperty("master_keys").EnumerateObject());
        Assert.Empty(query.Body.GetProperty("self_signing_keys").EnumerateObject());
        Assert.Empty(query.Body.GetProperty("user_signing_keys").EnumerateObject());
        Assert.Empty(query.Body.GetProperty("failures").EnumerateObject());
    }

    /// <summary>Device keys naming <paramref name="user"/> and <paramref name="deviceId"/>, holding <paramref name="identity"/>, signed by <paramref name="signer"/>.</summary>
    private static JsonElement DeviceKeys(string user, string deviceId, SigningKey identity, SigningKey signer)
    {
        var keys = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["user_id"] = user,
            ["device_id"] = deviceId,
            ["algorithms"] = new[] { "m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2" },
            ["keys"] = new Dictionary<string, string> { [$"curve25519:{deviceId}"] = TestDevice.NewKey(), [$"ed25519:{deviceId}"] = identity.PublicKeyBase64 },
        });
        return JsonSignatures.WithSignature(keys, user, $"ed25519:{deviceId}", JsonSignatures.SignatureOf(keys, signer));
    }

    private static JsonNode Node(JsonElement value) => JsonNode.Parse(value.GetRawText())!;

    private static string WithoutUnsigned(JsonElement keys)
    {
        var node = Node(keys).AsObject();
        node.Remove("unsigned");
        return TestDevice.Canonical(JsonSerializer.SerializeToElement(node));
    }
}
