using System.Net;
using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>Every Server-Server request is signed by its origin; the receiver checks it before anything else.</summary>
public sealed class RequestAuthenticationTests
{
    private const string ProfileTarget = "/_matrix/federation/v1/query/profile?user_id=%40alice%3Ahs1.test";

    private static async Task<(TangleServer Server, FakeHomeserver Remote, RawClient Alice)> StartAsync()
    {
        var remote = await FakeHomeserver.StartAsync("remote.test");
        var port = FreePorts.Next();
        var settings = FederatedServers.NetworkSettings("hs1.test", port, new Dictionary<string, int> { ["remote.test"] = remote.Address.Port });
        var server = await TangleServer.StartAsync(settings);
        var alice = await new RawClient(server.CreateHttpClient()).RegisterAsync("alice");
        await alice.PutAsync("_matrix/client/v3/profile/@alice:hs1.test/displayname", new { displayname = "Alice" });
        return (server, remote, alice);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task The_federation_listener_answers_version_without_a_signature()
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;

        var (status, body) = await ReadAsync(await new HttpClient().GetAsync(new Uri(server.FederationAddress!, "_matrix/federation/v1/version"), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Tangle", body.GetProperty("server").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_request_signed_by_the_origin_is_served()
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;

        var (status, body) = await ReadAsync(await remote.SendAsync(server.FederationAddress!, "hs1.test", HttpMethod.Get, ProfileTarget));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Alice", body.GetProperty("displayname").GetString());
    }

    [Fact]
    public async Task A_request_without_a_signature_is_refused_with_401()
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;

        var (status, body) = await ReadAsync(await new HttpClient().GetAsync(new Uri(server.FederationAddress!, ProfileTarget.TrimStart('/')), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("M_UNAUTHORIZED", body.GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task A_request_signed_by_a_key_the_origin_does_not_publish_is_refused()
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;
        using var forger = SigningKey.Generate("fake");

        var (status, body) = await ReadAsync(await remote.SendAsync(server.FederationAddress!, "hs1.test", HttpMethod.Get, ProfileTarget, signer: forger));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("M_UNAUTHORIZED", body.GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task A_signature_over_another_target_is_refused()
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;

        var response = await remote.SendAsync(server.FederationAddress!, "hs1.test", HttpMethod.Get, ProfileTarget,
            signedTarget: "/_matrix/federation/v1/query/profile?user_id=%40bob%3Ahs1.test");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_request_meant_for_another_destination_is_refused()
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;

        var response = await remote.SendAsync(server.FederationAddress!, "hs9.test", HttpMethod.Get, ProfileTarget);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_request_claiming_to_come_from_an_unreachable_server_is_refused()
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;
        var header = $"X-Matrix origin=\"nowhere.invalid\",destination=\"hs1.test\",key=\"{remote.Key.KeyId}\",sig=\"AAAA\"";

        var response = await remote.SendAsync(server.FederationAddress!, "hs1.test", HttpMethod.Get, ProfileTarget, headerOverride: header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer secret")]
    [InlineData("X-Matrix origin=remote.test")]
    [InlineData("X-Matrix garbage")]
    public async Task A_malformed_authorization_header_is_refused(string header)
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;

        var response = await remote.SendAsync(server.FederationAddress!, "hs1.test", HttpMethod.Get, ProfileTarget, headerOverride: header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_federation_endpoint_is_unrecognized()
    {
        var (server, remote, _) = await StartAsync();
        await using var _s = server;
        await using var _r = remote;

        var (status, body) = await ReadAsync(await remote.SendAsync(server.FederationAddress!, "hs1.test", HttpMethod.Get, "/_matrix/federation/v1/no_such_thing"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("M_UNRECOGNIZED", body.GetProperty("errcode").GetString());
    }
}
