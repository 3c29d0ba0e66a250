using System.Net;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Federation;

/// <summary>Where to send a server's federation traffic, as server discovery found it.</summary>
/// <param name="Scheme">https, or http only for a pinned test address.</param>
/// <param name="Host">The host to connect to: an IP literal or a DNS name still to be resolved (A/AAAA).</param>
/// <param name="Port">The port to connect to.</param>
/// <param name="HostHeader">The Host header to send.</param>
/// <param name="TlsName">The name the server's certificate must carry, and the SNI to send (none for an IP).</param>
public sealed record FederationEndpoint(string Scheme, string Host, int Port, string HostHeader, string TlsName)
{
    /// <summary>The base address requests go to: the TLS name and the port, so certificates check against it.</summary>
    public Uri BaseAddress => new($"{Scheme}://{FormatHost(TlsName)}:{Port}/");

    internal static string FormatHost(string host) =>
        IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !host.StartsWith('[')
            ? $"[{host}]"
            : host;
}

/// <summary>An SRV record's target.</summary>
public sealed record SrvTarget(string Host, int Port);

/// <summary>The network lookups server discovery needs; the real ones do DNS and HTTPS, tests give fakes.</summary>
public interface IDiscoveryLookups
{
    /// <summary>
    /// The <c>m.server</c> of <c>https://{host}/.well-known/matrix/server</c>, or null when the request
    /// fails or the answer is not a valid delegation.
    /// </summary>
    Task<string?> WellKnownServerAsync(string host, CancellationToken cancellationToken);

    /// <summary>The targets of an SRV record in the order to try them, empty when there is none.</summary>
    Task<IReadOnlyList<SrvTarget>> SrvAsync(string name, CancellationToken cancellationToken);
}

/// <summary>
/// Resolving a server name to where its federation API listens, following the specification's steps:
/// IP literals and explicit ports first, then <c>.well-known</c> delegation, then SRV
/// (<c>_matrix-fed._tcp</c>, and the deprecated <c>_matrix._tcp</c>), then port 8448.
/// </summary>
public static class ServerDiscovery
{
    public const int DefaultPort = 8448;

    public static async Task<FederationEndpoint> ResolveAsync(ServerName server, IDiscoveryLookups lookups, CancellationToken cancellationToken)
    {
        var host = Unbracket(server.Host);

        // Step 1: an IP literal is used as it is.
        if (server.HostKind != HostKind.DnsName)
            return new FederationEndpoint("https", host, server.Port ?? DefaultPort, server.Value, host);

        // Step 2: an explicit port skips delegation.
        if (server.Port is { } port)
            return new FederationEndpoint("https", host, port, server.Value, host);

        // Step 3: .well-known delegation.
        if (await lookups.WellKnownServerAsync(host, cancellationToken) is { } delegatedText
            && ServerName.Parse(delegatedText).TryGetValue(out var delegated, out _))
        {
            var delegatedHost = Unbracket(delegated.Host);
            if (delegated.HostKind != HostKind.DnsName)
                return new FederationEndpoint("https", delegatedHost, delegated.Port ?? DefaultPort, delegated.Value, delegatedHost);
            if (delegated.Port is { } delegatedPort)
                return new FederationEndpoint("https", delegatedHost, delegatedPort, delegated.Value, delegatedHost);
            return await ViaSrvAsync(delegatedHost, lookups, cancellationToken);
        }

        // Steps 4 to 6: SRV records of the server name itself, then the name on port 8448.
        return await ViaSrvAsync(host, lookups, cancellationToken);
    }

    private static async Task<FederationEndpoint> ViaSrvAsync(string host, IDiscoveryLookups lookups, CancellationToken cancellationToken)
    {
        foreach (var service in (string[])["_matrix-fed._tcp.", "_matrix._tcp."])
        {
            var targets = await lookups.SrvAsync(service + host, cancellationToken);
            if (targets.Count > 0)
                return new FederationEndpoint("https", targets[0].Host.TrimEnd('.'), targets[0].Port, host, host);
        }

        return new FederationEndpoint("https", host, DefaultPort, host, host);
    }

    private static string Unbracket(string host) => host.StartsWith('[') ? host[1..^1] : host;
}
