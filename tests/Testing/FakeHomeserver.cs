using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Identifiers;

namespace Tangle.Testing;

/// <summary>
/// A remote homeserver played by the test, in the manner of Complement's: it publishes its own signing key
/// over HTTP on loopback and signs the requests (and whatever else) the test makes it send, honest or not.
/// </summary>
public sealed class FakeHomeserver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeHomeserver(WebApplication app, ServerName name, SigningKey key, FakeTransactions transactions)
    {
        _app = app;
        Name = name;
        Key = key;
        Transactions = transactions;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.TrimEnd('/') + "/");
    }

    public ServerName Name { get; }

    public SigningKey Key { get; }

    /// <summary>Where it listens (plain HTTP); pin it in a Tangle server's Tangle:Federation:Hosts.</summary>
    public Uri Address { get; }

    /// <summary>The transactions other servers sent it, and how it answers them.</summary>
    public FakeTransactions Transactions { get; }

    /// <summary>Starts a fake server named <paramref name="name"/> on <paramref name="port"/> (0 for any).</summary>
    /// <param name="routes">Maps the federation endpoints the test wants this server to answer, honestly or not.</param>
    public static async Task<FakeHomeserver> StartAsync(string name, int port = 0, Action<IEndpointRouteBuilder>? routes = null)
    {
        var key = SigningKey.Generate("fake");
        var serverName = ServerName.From(name);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", $"http://127.0.0.1:{port}"] });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/_matrix/key/v2/server", () => Results.Text(KeyResponse(serverName, key).GetRawText(), "application/json"));
        routes?.Invoke(app);
        var transactions = new FakeTransactions();
        app.MapPut("/_matrix/federation/v1/send/{txnId}", (HttpContext http, string txnId) => transactions.ReceiveAsync(http, txnId));
        await app.StartAsync();
        return new FakeHomeserver(app, serverName, key, transactions);
    }

    /// <summary>The key document this server publishes, self-signed.</summary>
    public static JsonElement KeyResponse(ServerName name, SigningKey key) => JsonSignatures.Sign(JsonSerializer.SerializeToElement(new JsonObject
    {
        ["server_name"] = name.Value,
        ["valid_until_ts"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(),
        ["verify_keys"] = new JsonObject { [key.KeyId] = new JsonObject { ["key"] = key.PublicKeyBase64 } },
        ["old_verify_keys"] = new JsonObject(),
    }), name.Value, key);

    /// <summary>
    /// Sends a federation request to <paramref name="destination"/> at <paramref name="address"/>, signed by
    /// <paramref name="signer"/> (this server's key unless the test wants a forgery) with an X-Matrix header.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Uri address, string destination, HttpMethod method, string target,
        string? body = null, SigningKey? signer = null, string? headerOverride = null, string? signedTarget = null)
    {
        JsonElement? content = body is null ? null : JsonDocument.Parse(body).RootElement.Clone();
        var authorization = XMatrixAuthorization.Sign(method.Method, signedTarget ?? target, Name, ServerName.From(destination), content, signer ?? Key);
        using var http = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(method, target);
        request.Headers.TryAddWithoutValidation("Authorization", headerOverride ?? authorization.ToHeaderValue());
        if (body is not null)
            request.Content = new StringContent(body, new MediaTypeHeaderValue("application/json"));
        return await http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Key.Dispose();
    }
}
