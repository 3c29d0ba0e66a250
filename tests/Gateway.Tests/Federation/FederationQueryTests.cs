using System.Net;
using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>Two Tangle homeservers answering each other's profile, directory and key queries.</summary>
public sealed class FederationQueryTests
{
    [Fact]
    public async Task A_client_reads_the_profile_of_a_user_on_another_server()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        await alice.PutAsync("_matrix/client/v3/profile/@alice:hs1.test/displayname", new { displayname = "Alice of hs1" });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var profile = await bob.GetAsync("_matrix/client/v3/profile/@alice:hs1.test");
        var field = await bob.GetAsync("_matrix/client/v3/profile/@alice:hs1.test/displayname");

        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Equal("Alice of hs1", profile.String("displayname"));
        Assert.Equal("Alice of hs1", field.String("displayname"));
    }

    [Fact]
    public async Task The_profile_of_a_remote_user_who_does_not_exist_is_not_found()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var profile = await bob.GetAsync("_matrix/client/v3/profile/@nobody:hs1.test");

        Assert.Equal(HttpStatusCode.NotFound, profile.Status);
        Assert.Equal("M_NOT_FOUND", profile.ErrCode);
    }

    [Fact]
    public async Task A_client_resolves_an_alias_of_another_server()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var alice = await new RawClient(network["hs1.test"].CreateHttpClient()).RegisterAsync("alice");
        var room = await alice.CreateRoomAsync(new { room_alias_name = "lobby" });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var resolved = await bob.GetAsync("_matrix/client/v3/directory/room/%23lobby%3Ahs1.test");
        var missing = await bob.GetAsync("_matrix/client/v3/directory/room/%23nothing%3Ahs1.test");

        Assert.Equal(HttpStatusCode.OK, resolved.Status);
        Assert.Equal(room, resolved.String("room_id"));
        Assert.Contains("hs1.test", resolved.Body.GetProperty("servers").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_gives_502()
    {
        await using var network = await FederatedServers.StartAsync(["hs2.test"], otherHosts: new Dictionary<string, int> { ["hs1.test"] = FreePorts.Next() });
        var bob = await new RawClient(network["hs2.test"].CreateHttpClient()).RegisterAsync("bob");

        var profile = await bob.GetAsync("_matrix/client/v3/profile/@alice:hs1.test");

        Assert.Equal(HttpStatusCode.BadGateway, profile.Status);
    }

    [Fact]
    public async Task A_notary_returns_another_servers_keys_signed_by_both()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        var client = new RawClient(network["hs2.test"].CreateHttpClient());

        var answer = await client.PostAsync("_matrix/key/v2/query", new { server_keys = new Dictionary<string, object> { ["hs1.test"] = new { } } });
        var hs1Keys = (await new RawClient(network["hs1.test"].CreateHttpClient()).GetAsync("_matrix/key/v2/server")).Body;
        var hs2Keys = (await client.GetAsync("_matrix/key/v2/server")).Body;

        var keys = Assert.Single(answer.Body.GetProperty("server_keys").EnumerateArray());
        Assert.Equal("hs1.test", keys.GetProperty("server_name").GetString());
        Assert.True(JsonSignatures.Verify(keys, "hs1.test", id => KeyOf(hs1Keys, id)).IsValid);
        Assert.True(JsonSignatures.Verify(keys, "hs2.test", id => KeyOf(hs2Keys, id)).IsValid);
    }

    [Fact]
    public async Task A_notary_asked_about_an_unreachable_server_it_never_reached_returns_nothing()
    {
        await using var network = await FederatedServers.StartAsync(["hs2.test"], otherHosts: new Dictionary<string, int> { ["hs1.test"] = FreePorts.Next() });
        var client = new RawClient(network["hs2.test"].CreateHttpClient());

        var answer = await client.GetAsync("_matrix/key/v2/query/hs1.test");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty(answer.Body.GetProperty("server_keys").EnumerateArray());
    }

    [Fact]
    public async Task A_server_that_cannot_reach_the_origin_checks_its_requests_with_keys_from_a_notary()
    {
        // hs3 cannot reach hs1 (its pinned address is closed) but trusts hs2 as a notary, which can.
        var hs1Port = FreePorts.Next();
        var hs2Port = FreePorts.Next();
        var hs3Port = FreePorts.Next();
        var closed = FreePorts.Next();
        await using var hs1 = await TangleServer.StartAsync(FederatedServers.NetworkSettings("hs1.test", hs1Port,
            new Dictionary<string, int> { ["hs2.test"] = hs2Port, ["hs3.test"] = hs3Port }));
        await using var hs2 = await TangleServer.StartAsync(FederatedServers.NetworkSettings("hs2.test", hs2Port,
            new Dictionary<string, int> { ["hs1.test"] = hs1Port, ["hs3.test"] = hs3Port }));
        var hs3Settings = FederatedServers.NetworkSettings("hs3.test", hs3Port,
            new Dictionary<string, int> { ["hs1.test"] = closed, ["hs2.test"] = hs2Port });
        hs3Settings["Tangle:Federation:TrustedKeyServers:0:ServerName"] = "hs2.test";
        await using var hs3 = await TangleServer.StartAsync(hs3Settings);
        var carol = await new RawClient(hs3.CreateHttpClient()).RegisterAsync("carol");
        await carol.PutAsync("_matrix/client/v3/profile/@carol:hs3.test/displayname", new { displayname = "Carol" });
        var alice = await new RawClient(hs1.CreateHttpClient()).RegisterAsync("alice");

        var profile = await alice.GetAsync("_matrix/client/v3/profile/@carol:hs3.test");

        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Equal("Carol", profile.String("displayname"));
    }

    private static VerifyKey? KeyOf(JsonElement keys, string keyId) =>
        keys.GetProperty("verify_keys").TryGetProperty(keyId, out var key) ? VerifyKey.FromBase64(keyId, key.GetProperty("key").GetString()!).Value : null;
}
