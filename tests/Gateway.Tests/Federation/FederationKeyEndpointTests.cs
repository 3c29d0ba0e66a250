using System.Net;
using System.Text.Json;
using Tangle.Gateway.Tests.Encryption;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>hs1.test and a remote server played by the test, which asks hs1 for its users' keys over signed requests.</summary>
public sealed class KeyServerFixture : IAsyncLifetime
{
    public FakeHomeserver Remote { get; private set; } = null!;

    public TangleServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Remote = await FakeHomeserver.StartAsync("remote.test");
        Server = await TangleServer.StartAsync(FederatedServers.NetworkSettings("hs1.test", FreePorts.Next(),
            new Dictionary<string, int> { ["remote.test"] = Remote.Address.Port }));
    }

    /// <summary>A newly registered user of hs1.test and their first device.</summary>
    internal async Task<TestDevice> UserAsync(string prefix) =>
        TestDevice.Of(await new RawClient(Server.CreateHttpClient()).RegisterAsync($"{prefix}-{Guid.NewGuid():N}"[..20]));

    /// <summary>A request from remote.test to hs1.test, signed; the body is JSON text, or null for none.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string target, string? body = null)
    {
        using var response = await Remote.SendAsync(Server.FederationAddress!, "hs1.test", method, target, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Remote.DisposeAsync();
    }
}

/// <summary>The Server-Server key endpoints: /user/devices, /user/keys/query and /user/keys/claim.</summary>
public sealed class FederationKeyEndpointTests(KeyServerFixture hs1) : IClassFixture<KeyServerFixture>
{
    private const string UploadPath = "_matrix/client/v3/keys/device_signing/upload";

    [Fact]
    public async Task A_remote_server_reads_a_users_devices_with_their_keys_names_and_cross_signing_keys()
    {
        using var alice = await hs1.UserAsync("alice");
        using var identity = new CrossSigningIdentity(alice.UserId);
        await alice.UploadKeysAsync();
        await alice.Client.PostAsync(UploadPath, identity.Upload());
        await alice.Client.PutAsync($"_matrix/client/v3/devices/{alice.DeviceId}", new { display_name = "Alice's laptop" });

        var (status, body) = await hs1.SendAsync(HttpMethod.Get, DevicesTarget(alice.UserId));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(alice.UserId, body.GetProperty("user_id").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("stream_id").ValueKind);
        var device = Assert.Single(body.GetProperty("devices").EnumerateArray());
        Assert.Equal(alice.DeviceId, device.GetProperty("device_id").GetString());
        Assert.Equal(TestDevice.Canonical(alice.DeviceKeys()), TestDevice.Canonical(device.GetProperty("keys")));
        Assert.Equal("Alice's laptop", device.GetProperty("device_display_name").GetString());
        Assert.Equal(TestDevice.Canonical(identity.MasterKey()), TestDevice.Canonical(body.GetProperty("master_key")));
        Assert.Equal(TestDevice.Canonical(identity.SelfSigningKey()), TestDevice.Canonical(body.GetProperty("self_signing_key")));
        Assert.False(body.TryGetProperty("user_signing_key", out _));
    }

    [Fact]
    public async Task The_device_list_stream_id_grows_when_a_device_gets_keys_or_a_new_name_and_when_cross_signing_keys_change()
    {
        using var alice = await hs1.UserAsync("alice");
        using var identity = new CrossSigningIdentity(alice.UserId);
        var empty = await StreamIdAsync(alice);
        await alice.UploadKeysAsync();
        var withKeys = await StreamIdAsync(alice);
        await alice.Client.PutAsync($"_matrix/client/v3/devices/{alice.DeviceId}", new { display_name = "renamed" });
        var renamed = await StreamIdAsync(alice);
        await alice.Client.PostAsync(UploadPath, identity.Upload());
        var crossSigned = await StreamIdAsync(alice);
        var unchanged = await StreamIdAsync(alice);

        Assert.True(withKeys > empty);
        Assert.True(renamed > withKeys);
        Assert.True(crossSigned > renamed);
        Assert.Equal(crossSigned, unchanged);
    }

    [Theory]
    [InlineData("@alice:remote.test", HttpStatusCode.Forbidden, "M_FORBIDDEN")]
    [InlineData("@alice:elsewhere.test", HttpStatusCode.Forbidden, "M_FORBIDDEN")]
    [InlineData("@nobody-here:hs1.test", HttpStatusCode.NotFound, "M_NOT_FOUND")]
    [InlineData("not-a-user-id", HttpStatusCode.BadRequest, "M_INVALID_PARAM")]
    public async Task Devices_are_listed_only_for_users_of_this_server(string userId, HttpStatusCode expected, string errcode)
    {
        var (status, body) = await hs1.SendAsync(HttpMethod.Get, DevicesTarget(userId));

        Assert.Equal(expected, status);
        Assert.Equal(errcode, body.GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task A_remote_key_query_gets_device_and_cross_signing_keys_but_never_the_user_signing_key()
    {
        using var alice = await hs1.UserAsync("alice");
        using var identity = new CrossSigningIdentity(alice.UserId);
        await alice.UploadKeysAsync();
        await alice.Client.PostAsync(UploadPath, identity.Upload());

        var (status, body) = await hs1.SendAsync(HttpMethod.Post, "/_matrix/federation/v1/user/keys/query",
            Json(new { device_keys = new Dictionary<string, string[]> { [alice.UserId] = [], ["@someone:remote.test"] = [] } }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([alice.UserId], body.GetProperty("device_keys").EnumerateObject().Select(u => u.Name));
        var device = body.GetProperty("device_keys").GetProperty(alice.UserId).GetProperty(alice.DeviceId);
        Assert.Equal(alice.Ed25519.PublicKeyBase64, device.GetProperty("keys").GetProperty($"ed25519:{alice.DeviceId}").GetString());
        Assert.True(device.TryGetProperty("unsigned", out _));
        Assert.Equal(TestDevice.Canonical(identity.MasterKey()), TestDevice.Canonical(body.GetProperty("master_keys").GetProperty(alice.UserId)));
        Assert.Equal(TestDevice.Canonical(identity.SelfSigningKey()), TestDevice.Canonical(body.GetProperty("self_signing_keys").GetProperty(alice.UserId)));
        Assert.False(body.TryGetProperty("user_signing_keys", out _));
        Assert.DoesNotContain(identity.UserSigning.PublicKeyBase64, body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_server_does_not_see_signatures_another_local_user_made_on_a_master_key()
    {
        using var alice = await hs1.UserAsync("alice");
        using var bob = await hs1.UserAsync("bob");
        using var aliceIdentity = new CrossSigningIdentity(alice.UserId);
        using var bobIdentity = new CrossSigningIdentity(bob.UserId);
        await alice.Client.PostAsync(UploadPath, aliceIdentity.Upload());
        await bob.Client.PostAsync(UploadPath, bobIdentity.Upload());
        var signed = CrossSigningIdentity.SignedBy(aliceIdentity.MasterKey(), bob.UserId, bobIdentity.UserSigning);
        var upload = await bob.Client.PostAsync("_matrix/client/v3/keys/signatures/upload", new Dictionary<string, object>
        {
            [alice.UserId] = new Dictionary<string, object> { [aliceIdentity.Master.PublicKeyBase64] = signed },
        });
        Assert.Empty(upload.Body.GetProperty("failures").EnumerateObject());

        var (_, body) = await hs1.SendAsync(HttpMethod.Post, "/_matrix/federation/v1/user/keys/query",
            Json(new { device_keys = new Dictionary<string, string[]> { [alice.UserId] = [] } }));
        var (_, devices) = await hs1.SendAsync(HttpMethod.Get, DevicesTarget(alice.UserId));

        Assert.False(body.GetProperty("master_keys").GetProperty(alice.UserId).TryGetProperty("signatures", out var signatures)
            && signatures.TryGetProperty(bob.UserId, out _));
        Assert.False(devices.GetProperty("master_key").TryGetProperty("signatures", out var listed) && listed.TryGetProperty(bob.UserId, out _));
    }

    [Fact]
    public async Task A_remote_server_claims_each_one_time_key_once_and_only_of_this_servers_users()
    {
        using var alice = await hs1.UserAsync("alice");
        await alice.UploadKeysAsync(oneTimeKeys: 2);
        var claim = Json(new
        {
            one_time_keys = new Dictionary<string, object>
            {
                [alice.UserId] = new Dictionary<string, string> { [alice.DeviceId] = "signed_curve25519" },
                ["@someone:remote.test"] = new Dictionary<string, string> { ["DEVICE"] = "signed_curve25519" },
            },
        });

        var claims = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await hs1.SendAsync(HttpMethod.Post, "/_matrix/federation/v1/user/keys/claim", claim);
            Assert.Equal(HttpStatusCode.OK, status);
            claims.Add(body.GetProperty("one_time_keys"));
        }

        var first = Assert.Single(claims[0].GetProperty(alice.UserId).GetProperty(alice.DeviceId).EnumerateObject());
        var second = Assert.Single(claims[1].GetProperty(alice.UserId).GetProperty(alice.DeviceId).EnumerateObject());
        Assert.NotEqual(first.Name, second.Name);
        Assert.StartsWith("signed_curve25519:", first.Name, StringComparison.Ordinal);
        Assert.Equal([alice.UserId], claims[0].EnumerateObject().Select(u => u.Name));
        Assert.Empty(claims[2].EnumerateObject());
    }

    [Theory]
    [InlineData("/_matrix/federation/v1/user/keys/query", null, "M_NOT_JSON")]
    [InlineData("/_matrix/federation/v1/user/keys/query", "[]", "M_BAD_JSON")]
    [InlineData("/_matrix/federation/v1/user/keys/query", "{}", "M_MISSING_PARAM")]
    [InlineData("/_matrix/federation/v1/user/keys/query", """{"device_keys": []}""", "M_BAD_JSON")]
    [InlineData("/_matrix/federation/v1/user/keys/query", """{"device_keys": {"@alice:hs1.test": "DEVICE"}}""", "M_BAD_JSON")]
    [InlineData("/_matrix/federation/v1/user/keys/claim", null, "M_NOT_JSON")]
    [InlineData("/_matrix/federation/v1/user/keys/claim", "{}", "M_MISSING_PARAM")]
    [InlineData("/_matrix/federation/v1/user/keys/claim", """{"one_time_keys": {"@alice:hs1.test": ["DEVICE"]}}""", "M_BAD_JSON")]
    [InlineData("/_matrix/federation/v1/user/keys/claim", """{"one_time_keys": {"@alice:hs1.test": {"DEVICE": 5}}}""", "M_BAD_JSON")]
    public async Task Malformed_key_requests_are_refused_with_400(string target, string? body, string errcode)
    {
        var (status, answer) = await hs1.SendAsync(HttpMethod.Post, target, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(errcode, answer.GetProperty("errcode").GetString());
    }

    private async Task<long> StreamIdAsync(TestDevice user)
    {
        var (status, body) = await hs1.SendAsync(HttpMethod.Get, DevicesTarget(user.UserId));
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("stream_id").GetInt64();
    }

    private static string DevicesTarget(string userId) => "/_matrix/federation/v1/user/devices/" + Uri.EscapeDataString(userId);

    private static string Json(object value) => JsonSerializer.Serialize(value);
}
