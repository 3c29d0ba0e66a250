using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Tangle.Load;

/// <summary>One request that went through a <see cref="CountingProxy"/>: its endpoint, status, body sizes and duration.</summary>
internal sealed record ProxiedRequest(string Endpoint, int Status, long RequestBytes, long ResponseBytes, double Ms);

/// <summary>
/// A plain-HTTP reverse proxy on loopback placed between two federating servers (the one pins the other's
/// name to the proxy), which counts requests and the bytes of their bodies and answers per endpoint. It
/// forwards the request target byte for byte, so the X-Matrix signature over it still holds.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly List<ProxiedRequest> _requests = [];

    private CountingProxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
    }

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> and forwards everything to <paramref name="upstream"/>.</summary>
    public static async Task<CountingProxy> StartAsync(int port, Uri upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        // The servers time their own requests out; the proxy never cuts one short.
        var proxy = new CountingProxy(app, new HttpClient(handler) { BaseAddress = upstream, Timeout = Timeout.InfiniteTimeSpan });
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        return proxy;
    }

    /// <summary>How many requests have gone through so far: a mark for <see cref="Since"/>.</summary>
    public int Mark()
    {
        lock (_requests)
            return _requests.Count;
    }

    /// <summary>The requests that finished since <paramref name="mark"/>, in the order they finished.</summary>
    public IReadOnlyList<ProxiedRequest> Since(int mark)
    {
        lock (_requests)
            return _requests.Skip(mark).ToList();
    }

    /// <summary>An endpoint's key: the method and the path up to the endpoint's name, without ids.</summary>
    public static string EndpointOf(string method, string target)
    {
        var path = target.Split('?', 2)[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return $"{method} /{string.Join('/', segments.Take(4))}";
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        var requestBody = new MemoryStream();
        await context.Request.Body.CopyToAsync(requestBody, context.RequestAborted);
        if (requestBody.Length > 0)
        {
            request.Content = new ByteArrayContent(requestBody.ToArray());
            if (context.Request.ContentType is { } type)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name is "Host" or "Content-Type" or "Content-Length" or "Connection" or "Transfer-Encoding")
                continue;
            request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
        }

        long responseBytes = 0;
        var status = 0;
        try
        {
            using var response = await _upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            status = (int)response.StatusCode;
            context.Response.StatusCode = status;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (name is not ("Transfer-Encoding" or "Connection"))
                    context.Response.Headers[name] = values.ToArray();
            }

            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                responseBytes += read;
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            }
        }
        catch (HttpRequestException e)
        {
            // The server behind is down: the caller sees what it would see without the proxy, a failed connection.
            context.Abort();
            Console.Error.WriteLine($"  proxy: {context.Request.Method} {target} failed: {e.Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Console.Error.WriteLine($"  proxy: {context.Request.Method} {target} abandoned by the caller after "
                + $"{Stopwatch.GetElapsedTime(start).TotalSeconds:0.0} s");
        }
        finally
        {
            var done = new ProxiedRequest(EndpointOf(context.Request.Method, target), status, requestBody.Length, responseBytes,
                Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            lock (_requests)
                _requests.Add(done);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
