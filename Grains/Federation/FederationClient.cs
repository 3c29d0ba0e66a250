using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json;
using Tangle.Grains.Homeserver;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Federation;

/// <summary>A remote server's answer: its HTTP status and its JSON body, when it sent one.</summary>
public sealed record FederationResponse(HttpStatusCode Status, JsonElement? Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The Matrix errcode of an error answer, when it gave one.</summary>
    public string? ErrCode =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("errcode", out var code) && code.ValueKind == JsonValueKind.String
            ? code.GetString()
            : null;
}

/// <summary>A remote server could not be reached, or did not answer with JSON.</summary>
public sealed class FederationUnavailableException(ServerName destination, string message, Exception? inner = null)
    : Exception($"{destination}: {message}", inner)
{
    public ServerName Destination { get; } = destination;
}

/// <summary>
/// Outgoing Server-Server requests: finds where the destination listens (pinned hosts, then server
/// discovery), signs each request with the origin's key in an X-Matrix header, and reads the JSON answer.
/// </summary>
public sealed class FederationClient : IDisposable
{
    private const long MaxResponseBytes = 64 * 1024 * 1024;
    private static readonly HttpRequestOptionsKey<FederationEndpoint> EndpointKey = new("tangle.federation.endpoint");

    private readonly FederationOptions _options;
    private readonly IDiscoveryLookups _lookups;
    private readonly HttpClient _http;

    public FederationClient(FederationOptions options, IDiscoveryLookups lookups)
    {
        _options = options;
        _lookups = lookups;
        _http = new HttpClient(CreateHandler(options)) { Timeout = options.RequestTimeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Tangle", ServerVersion.Version));
    }

    /// <summary>Where <paramref name="destination"/>'s federation API listens.</summary>
    public async Task<FederationEndpoint> ResolveAsync(ServerName destination, CancellationToken cancellationToken = default)
    {
        if (_options.Hosts.TryGetValue(destination.Value, out var pinned))
            return PinnedEndpoint(destination, pinned);
        return await ServerDiscovery.ResolveAsync(destination, _lookups, cancellationToken);
    }

    /// <summary>Sends a signed request from <paramref name="origin"/> and returns the answer, whatever its status.</summary>
    /// <param name="target">The path from <c>/_matrix/</c>, with its query string already escaped.</param>
    public async Task<FederationResponse> SendAsync(
        LocalHomeserver origin, ServerName destination, HttpMethod method, string target, JsonElement? body = null,
        CancellationToken cancellationToken = default)
    {
        FederationEndpoint endpoint;
        try
        {
            endpoint = await ResolveAsync(destination, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new FederationUnavailableException(destination, "server discovery failed: " + e.Message, e);
        }

        using var request = new HttpRequestMessage(method, new Uri(endpoint.BaseAddress, target));
        request.Options.Set(EndpointKey, endpoint);
        request.Headers.Host = endpoint.HostHeader;
        var authorization = XMatrixAuthorization.Sign(method.Method, target, origin.Name, destination, body, origin.SigningKey);
        request.Headers.TryAddWithoutValidation("Authorization", authorization.ToHeaderValue());
        if (body is { } json)
            request.Content = JsonContent(json);

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return new FederationResponse(response.StatusCode, await ReadJsonAsync(response.Content, cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException
            || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new FederationUnavailableException(destination, e.Message, e);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A pinned address: <c>host:port</c> (HTTPS) or a URL with its scheme.</summary>
    internal static FederationEndpoint PinnedEndpoint(ServerName server, string pinned)
    {
        var uri = Uri.TryCreate(pinned, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : new Uri("https://" + pinned);
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        var port = uri.IsDefaultPort && !pinned.Contains("://", StringComparison.Ordinal) ? ServerDiscovery.DefaultPort : uri.Port;
        return new FederationEndpoint(uri.Scheme, host, port, server.Value, host);
    }

    private static HttpContent JsonContent(JsonElement json)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
            throw new IOException("the answer is too large");
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var limited = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (limited.Length + read > MaxResponseBytes)
                throw new IOException("the answer is too large");
            limited.Write(chunk, 0, read);
        }

        if (limited.Length == 0)
            return null;
        using var document = JsonDocument.Parse(limited.ToArray());
        return document.RootElement.Clone();
    }

    private static SocketsHttpHandler CreateHandler(FederationOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Connect where discovery pointed, while the URI keeps the name the certificate must carry.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var target = context.InitialRequestMessage.Options.TryGetValue(EndpointKey, out var endpoint)
                    ? (endpoint.Host, endpoint.Port)
                    : (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (IPAddress.TryParse(target.Item1, out var address))
                        await socket.ConnectAsync(address, target.Item2, cancellationToken);
                    else
                        await socket.ConnectAsync(target.Item1, target.Item2, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (options.AcceptSelfSignedCertificates)
        {
            // The name must still match; only the chain of trust is waived.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, errors) =>
                (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None;
        }

        return handler;
    }
}
