using System.Security.Cryptography.X509Certificates;
using Tangle.Grains.Federation;

namespace Tangle.Gateway.Hosting;

/// <summary>
/// Where the gateway listens: the Client-Server API on --urls (default http://127.0.0.1:8008), and the
/// Server-Server API on its own port (default 8448) with TLS from the configured PEM certificate, or plain
/// HTTP when explicitly allowed for test networks. Both listeners serve every route.
/// </summary>
internal static class Listeners
{
    public static void ListenForClientsAndServers(this WebApplicationBuilder builder, FederationOptions federation)
    {
        var urls = builder.Configuration["urls"];
        if (string.IsNullOrEmpty(urls))
            urls = builder.Configuration["ASPNETCORE_URLS"];
        if (string.IsNullOrEmpty(urls))
            urls = TangleHosting.DefaultUrl;

        if (FederationUrl(federation) is { } federationUrl)
        {
            urls += ";" + federationUrl;
            if (federation.CertificatePath is { } certificatePath)
            {
                var certificate = LoadCertificate(certificatePath, federation.PrivateKeyPath);
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
            }
        }

        builder.WebHost.UseUrls(urls);
    }

    /// <summary>The federation listener's URL, or null when federation has no way to listen safely.</summary>
    public static string? FederationUrl(FederationOptions federation)
    {
        if (!federation.Enabled || (federation.CertificatePath is null && !federation.AllowPlainHttp))
            return null;
        var scheme = federation.CertificatePath is null ? "http" : "https";
        var host = federation.BindAddress.Contains(':', StringComparison.Ordinal) && !federation.BindAddress.StartsWith('[')
            ? $"[{federation.BindAddress}]"
            : federation.BindAddress;
        return $"{scheme}://{host}:{federation.Port}";
    }

    private static X509Certificate2 LoadCertificate(string certificatePath, string? keyPath)
    {
        var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        // Kestrel on Linux needs the key in a form SslStream can use; an exported PKCS#12 round trip gives that.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
