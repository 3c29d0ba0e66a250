using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tangle.Sdk.Tests.Infrastructure;

/// <summary>One request as the server received it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The request target exactly as sent (still percent-encoded).</param>
/// <param name="Path">The decoded path.</param>
/// <param name="Query">The query string, with its leading '?'.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="Body">The body as text.</param>
/// <param name="ReceivedAt">When the request arrived.</param>
internal sealed record ReceivedRequest(string Method, string RawTarget, string Path, string Query, string? Authorization,
    string? ContentType, string Body, DateTimeOffset ReceivedAt)
{
    public string? QueryValue(string name) => QueryValues(name).FirstOrDefault();

    public IReadOnlyList<string> QueryValues(string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).TryGetValue(name, out var values)
            ? values.Select(v => v ?? "").ToList()
            : [];
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a random port, standing in for a homeserver: every request is
/// recorded, then answered by the test's handler.
/// </summary>
internal sealed class LoopbackHomeserver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private LoopbackHomeserver(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public static async Task<LoopbackHomeserver> StartAsync(Func<HttpContext, ReceivedRequest, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackHomeserver? server = null;
        app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
            var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            var request = new ReceivedRequest(context.Request.Method, target, context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "", context.Request.Headers.Authorization.FirstOrDefault(),
                context.Request.ContentType, body, DateTimeOffset.UtcNow);
            server!._requests.Enqueue(request);
            await handler(context, request);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server = new LoopbackHomeserver(app, new Uri(address));
        return server;
    }

    public MatrixClient CreateClient(MatrixClientOptions? options = null, MatrixSession? session = null)
    {
        var client = new MatrixClient(BaseUri, options);
        if (session is not null)
            client.RestoreSession(session);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Writing responses from handlers.</summary>
internal static class Respond
{
    public static Task Json(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public static Task Ok(HttpContext context, string json = "{}") => Json(context, 200, json);

    public static Task Error(HttpContext context, int status, string errcode, string error, long? retryAfterMs = null) =>
        Json(context, status, retryAfterMs is { } ms
            ? $$"""{"errcode":"{{errcode}}","error":"{{error}}","retry_after_ms":{{ms}}}"""
            : $$"""{"errcode":"{{errcode}}","error":"{{error}}"}""");
}
