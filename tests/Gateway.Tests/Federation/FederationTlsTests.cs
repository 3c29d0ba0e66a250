using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>The federation listener speaks TLS with the operator's PEM certificate, and servers reach each other over it.</summary>
public sealed class FederationTlsTests
{
    /// <summary>Writes a self-signed certificate for <paramref name="name"/> and 127.0.0.1 as PEM files.</summary>
    private static (string Certificate, string Key) WriteCertificate(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var directory = Directory.CreateTempSubdirectory("tangle-tls-").FullName;
        var certificatePath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    private static Dictionary<string, string?> TlsSettings(string name, int port, IReadOnlyDictionary<string, int> others)
    {
        var (certificate, key) = WriteCertificate(name);
        var settings = FederatedServers.NetworkSettings(name, port, new Dictionary<string, int>());
        settings["Tangle:Federation:AllowPlainHttp"] = "false";
        settings["Tangle:Federation:CertificatePath"] = certificate;
        settings["Tangle:Federation:PrivateKeyPath"] = key;
        settings["Tangle:Federation:AcceptSelfSignedCertificates"] = "true";
        foreach (var (other, otherPort) in others)
            settings[$"Tangle:Federation:Hosts:{other}"] = $"127.0.0.1:{otherPort}";
        return settings;
    }

    [Fact]
    public async Task The_federation_listener_serves_https_with_the_configured_certificate()
    {
        var port = FreePorts.Next();
        await using var server = await TangleServer.StartAsync(TlsSettings("hs1.test", port, new Dictionary<string, int>()));
        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate is null ? null : new X509Certificate2(certificate);
                return true;
            },
        };
        using var http = new HttpClient(handler);

        var response = await http.GetAsync($"https://127.0.0.1:{port}/_matrix/federation/v1/version", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("CN=hs1.test", presented?.Subject);
    }

    [Fact]
    public async Task Two_servers_query_each_other_over_tls()
    {
        var hs1Port = FreePorts.Next();
        var hs2Port = FreePorts.Next();
        await using var hs1 = await TangleServer.StartAsync(TlsSettings("hs1.test", hs1Port, new Dictionary<string, int> { ["hs2.test"] = hs2Port }));
        await using var hs2 = await TangleServer.StartAsync(TlsSettings("hs2.test", hs2Port, new Dictionary<string, int> { ["hs1.test"] = hs1Port }));
        var alice = await new RawClient(hs1.CreateHttpClient()).RegisterAsync("alice");
        await alice.PutAsync("_matrix/client/v3/profile/@alice:hs1.test/displayname", new { displayname = "Alice over TLS" });
        var bob = await new RawClient(hs2.CreateHttpClient()).RegisterAsync("bob");

        var profile = await bob.GetAsync("_matrix/client/v3/profile/@alice:hs1.test");

        Assert.Equal(HttpStatusCode.OK, profile.Status);
        Assert.Equal("Alice over TLS", profile.String("displayname"));
    }

    [Fact]
    public async Task A_server_that_does_not_accept_self_signed_certificates_refuses_one()
    {
        var hs1Port = FreePorts.Next();
        var hs2Port = FreePorts.Next();
        await using var hs1 = await TangleServer.StartAsync(TlsSettings("hs1.test", hs1Port, new Dictionary<string, int> { ["hs2.test"] = hs2Port }));
        var strict = TlsSettings("hs2.test", hs2Port, new Dictionary<string, int> { ["hs1.test"] = hs1Port });
        strict["Tangle:Federation:AcceptSelfSignedCertificates"] = "false";
        await using var hs2 = await TangleServer.StartAsync(strict);
        var alice = await new RawClient(hs1.CreateHttpClient()).RegisterAsync("alice");
        await alice.PutAsync("_matrix/client/v3/profile/@alice:hs1.test/displayname", new { displayname = "Alice" });
        var bob = await new RawClient(hs2.CreateHttpClient()).RegisterAsync("bob");

        var profile = await bob.GetAsync("_matrix/client/v3/profile/@alice:hs1.test");

        Assert.Equal(HttpStatusCode.BadGateway, profile.Status);
    }
}
