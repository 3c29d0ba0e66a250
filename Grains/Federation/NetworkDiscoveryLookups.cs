using System.Collections.Concurrent;
using System.Text.Json;
using DnsClient;

namespace Tangle.Grains.Federation;

/// <summary>
/// Server discovery's lookups over the network: <c>.well-known/matrix/server</c> by HTTPS (cached as the
/// specification recommends: 24 hours by default, at most 48, failures for an hour) and SRV records through
/// DNS (cached by their TTL).
/// </summary>
public sealed class NetworkDiscoveryLookups(HttpClient wellKnownClient, ILookupClient dns, TimeProvider time) : IDiscoveryLookups
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);
    private static readonly TimeSpan MaximumLifetime = TimeSpan.FromHours(48);
    private static readonly TimeSpan FailureLifetime = TimeSpan.FromHours(1);
    private const int MaxWellKnownBytes = 50 * 1024;

    private readonly ConcurrentDictionary<string, (string? Server, DateTimeOffset Expires)> _wellKnown = new(StringComparer.OrdinalIgnoreCase);

    public async Task<string?> WellKnownServerAsync(string host, CancellationToken cancellationToken)
    {
        if (_wellKnown.TryGetValue(host, out var cached) && cached.Expires > time.GetUtcNow())
            return cached.Server;

        var (server, lifetime) = await FetchWellKnownAsync(host, cancellationToken);
        _wellKnown[host] = (server, time.GetUtcNow() + lifetime);
        return server;
    }

    public async Task<IReadOnlyList<SrvTarget>> SrvAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await dns.QueryAsync(name, QueryType.SRV, cancellationToken: cancellationToken);
            if (response.HasError)
                return [];
            return response.Answers.SrvRecords()
                .Where(r => r.Target.Value != ".")
                .OrderBy(r => r.Priority).ThenByDescending(r => r.Weight)
                .Select(r => new SrvTarget(r.Target.Value.TrimEnd('.'), r.Port))
                .ToList();
        }
        catch (Exception e) when (e is DnsResponseException or System.Net.Sockets.SocketException or InvalidOperationException or TimeoutException)
        {
            // No SRV record, or no DNS to ask: discovery goes on to its next step.
            return [];
        }
    }

    private async Task<(string? Server, TimeSpan Lifetime)> FetchWellKnownAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await wellKnownClient.GetAsync($"https://{host}/.well-known/matrix/server",
                HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return (null, FailureLifetime);
            var lifetime = response.Headers.CacheControl switch
            {
                { NoStore: true } => TimeSpan.Zero,
                { MaxAge: { } maxAge } => maxAge < MaximumLifetime ? maxAge : MaximumLifetime,
                _ => DefaultLifetime,
            };

            var bytes = await ReadLimitedAsync(response.Content, cancellationToken);
            if (bytes is null)
                return (null, FailureLifetime);
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("m.server", out var server) && server.ValueKind == JsonValueKind.String
                ? (server.GetString(), lifetime)
                : (null, FailureLifetime);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, FailureLifetime);
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxWellKnownBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
