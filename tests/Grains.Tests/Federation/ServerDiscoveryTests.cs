using Tangle.Grains.Federation;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Tests.Federation;

/// <summary>Resolving server names as the specification's steps say, over scripted lookups.</summary>
public sealed class ServerDiscoveryTests
{
    private sealed class Lookups(Dictionary<string, string>? wellKnown = null, Dictionary<string, SrvTarget>? srv = null) : IDiscoveryLookups
    {
        public List<string> Asked { get; } = [];

        public Task<string?> WellKnownServerAsync(string host, CancellationToken cancellationToken)
        {
            Asked.Add("well-known " + host);
            return Task.FromResult(wellKnown is not null && wellKnown.TryGetValue(host, out var server) ? server : null);
        }

        public Task<IReadOnlyList<SrvTarget>> SrvAsync(string name, CancellationToken cancellationToken)
        {
            Asked.Add("srv " + name);
            return Task.FromResult<IReadOnlyList<SrvTarget>>(srv is not null && srv.TryGetValue(name, out var target) ? [target] : []);
        }
    }

    private static Task<FederationEndpoint> Resolve(string server, Lookups lookups) =>
        ServerDiscovery.ResolveAsync(ServerName.From(server), lookups, CancellationToken.None);

    [Fact]
    public async Task An_ip_literal_is_used_directly_on_port_8448()
    {
        var lookups = new Lookups();

        var endpoint = await Resolve("192.0.2.7", lookups);

        Assert.Equal(new FederationEndpoint("https", "192.0.2.7", 8448, "192.0.2.7", "192.0.2.7"), endpoint);
        Assert.Empty(lookups.Asked);
    }

    [Fact]
    public async Task An_ipv6_literal_with_a_port_keeps_the_port_and_the_bracketed_host_header()
    {
        var endpoint = await Resolve("[2001:db8::1]:9000", new Lookups());

        Assert.Equal("2001:db8::1", endpoint.Host);
        Assert.Equal(9000, endpoint.Port);
        Assert.Equal("[2001:db8::1]:9000", endpoint.HostHeader);
        Assert.Equal(new Uri("https://[2001:db8::1]:9000/"), endpoint.BaseAddress);
    }

    [Fact]
    public async Task A_name_with_an_explicit_port_skips_delegation()
    {
        var lookups = new Lookups(wellKnown: new() { ["example.test"] = "elsewhere.test" });

        var endpoint = await Resolve("example.test:8000", lookups);

        Assert.Equal(new FederationEndpoint("https", "example.test", 8000, "example.test:8000", "example.test"), endpoint);
        Assert.Empty(lookups.Asked);
    }

    [Fact]
    public async Task Well_known_delegation_to_an_ip_literal_uses_it_with_the_ip_as_host_header()
    {
        var endpoint = await Resolve("example.test", new Lookups(wellKnown: new() { ["example.test"] = "192.0.2.9:7000" }));

        Assert.Equal(new FederationEndpoint("https", "192.0.2.9", 7000, "192.0.2.9:7000", "192.0.2.9"), endpoint);
    }

    [Fact]
    public async Task Well_known_delegation_with_a_port_connects_there_and_names_the_delegate()
    {
        var lookups = new Lookups(wellKnown: new() { ["example.test"] = "matrix.example.test:443" });

        var endpoint = await Resolve("example.test", lookups);

        Assert.Equal(new FederationEndpoint("https", "matrix.example.test", 443, "matrix.example.test:443", "matrix.example.test"), endpoint);
        Assert.Equal(["well-known example.test"], lookups.Asked);
    }

    [Fact]
    public async Task Well_known_delegation_without_a_port_follows_the_delegates_srv_record()
    {
        var lookups = new Lookups(
            wellKnown: new() { ["example.test"] = "matrix.example.test" },
            srv: new() { ["_matrix-fed._tcp.matrix.example.test"] = new SrvTarget("node1.example.test.", 8443) });

        var endpoint = await Resolve("example.test", lookups);

        Assert.Equal(new FederationEndpoint("https", "node1.example.test", 8443, "matrix.example.test", "matrix.example.test"), endpoint);
    }

    [Fact]
    public async Task Well_known_delegation_falls_back_to_the_deprecated_srv_service()
    {
        var lookups = new Lookups(
            wellKnown: new() { ["example.test"] = "matrix.example.test" },
            srv: new() { ["_matrix._tcp.matrix.example.test"] = new SrvTarget("old.example.test", 8449) });

        var endpoint = await Resolve("example.test", lookups);

        Assert.Equal(new FederationEndpoint("https", "old.example.test", 8449, "matrix.example.test", "matrix.example.test"), endpoint);
        Assert.Equal(["well-known example.test", "srv _matrix-fed._tcp.matrix.example.test", "srv _matrix._tcp.matrix.example.test"], lookups.Asked);
    }

    [Fact]
    public async Task Well_known_delegation_without_srv_uses_the_delegate_on_8448()
    {
        var endpoint = await Resolve("example.test", new Lookups(wellKnown: new() { ["example.test"] = "matrix.example.test" }));

        Assert.Equal(new FederationEndpoint("https", "matrix.example.test", 8448, "matrix.example.test", "matrix.example.test"), endpoint);
    }

    [Fact]
    public async Task Without_well_known_the_server_names_own_srv_record_is_used_and_the_certificate_is_for_the_server_name()
    {
        var endpoint = await Resolve("example.test", new Lookups(srv: new() { ["_matrix-fed._tcp.example.test"] = new SrvTarget("federation.example.test", 443) }));

        Assert.Equal(new FederationEndpoint("https", "federation.example.test", 443, "example.test", "example.test"), endpoint);
    }

    [Fact]
    public async Task Without_well_known_or_srv_the_name_is_used_on_8448()
    {
        var lookups = new Lookups();

        var endpoint = await Resolve("example.test", lookups);

        Assert.Equal(new FederationEndpoint("https", "example.test", 8448, "example.test", "example.test"), endpoint);
        Assert.Equal(["well-known example.test", "srv _matrix-fed._tcp.example.test", "srv _matrix._tcp.example.test"], lookups.Asked);
    }

    [Fact]
    public async Task An_invalid_delegation_is_treated_as_no_delegation()
    {
        var endpoint = await Resolve("example.test", new Lookups(wellKnown: new() { ["example.test"] = "not a server name" }));

        Assert.Equal(new FederationEndpoint("https", "example.test", 8448, "example.test", "example.test"), endpoint);
    }

    [Theory]
    [InlineData("127.0.0.1:18448", "https", "127.0.0.1", 18448)]
    [InlineData("http://127.0.0.1:18448", "http", "127.0.0.1", 18448)]
    [InlineData("federation.example.test", "https", "federation.example.test", 8448)]
    [InlineData("https://federation.example.test", "https", "federation.example.test", 443)]
    public void A_pinned_host_overrides_discovery(string pinned, string scheme, string host, int port)
    {
        var endpoint = FederationClient.PinnedEndpoint(ServerName.From("hs2.test"), pinned);

        Assert.Equal(new FederationEndpoint(scheme, host, port, "hs2.test", host), endpoint);
    }
}
