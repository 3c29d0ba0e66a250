using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tangle.Gateway.Hosting;

namespace Tangle.Testing;

/// <summary>
/// A real standalone Tangle for tests: Kestrel on a loopback port, its own Orleans silo, and the
/// SQLite store in a data directory of its own. Restarting with the same data directory is how
/// tests check that nothing is lost.
/// </summary>
public sealed class TangleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TangleServer(WebApplication app, string dataDirectory, string serverName, IReadOnlyDictionary<string, string?> settings)
    {
        _app = app;
        DataDirectory = dataDirectory;
        ServerName = serverName;
        Settings = settings;
        var federationPort = settings.TryGetValue("Tangle:Federation:Port", out var port) && port is not null ? int.Parse(port, CultureInfo.InvariantCulture) : -1;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a.TrimEnd('/') + "/")).ToList();
        BaseAddress = addresses.First(a => a.Port != federationPort);
        FederationAddress = addresses.FirstOrDefault(a => a.Port == federationPort);
    }

    /// <summary>The Client-Server API's address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The federation listener's address, when the settings gave it a port and it listens.</summary>
    public Uri? FederationAddress { get; }

    public string DataDirectory { get; }

    public string ServerName { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; settings override the test defaults (Tangle:... keys).</summary>
    public static async Task<TangleServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "tangle-test-" + Guid.NewGuid().ToString("N"));
        var all = new Dictionary<string, string?>
        {
            ["Tangle:ServerName"] = "localhost",
            ["Tangle:DataDirectory"] = dataDirectory,
            ["Tangle:PasswordHashIterations"] = "1000",
            ["Tangle:Registration:Enabled"] = "true",
            ["Tangle:RateLimits:Enabled"] = "false",
            ["Tangle:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tangle:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tangle:ClusterId"] = "test-" + Guid.NewGuid().ToString("N"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--urls", "http://127.0.0.1:0"],
        });
        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter(_ => false);
        builder.AddTangle();
        var app = builder.Build();
        app.MapTangle();
        await app.StartAsync();
        return new TangleServer(app, dataDirectory, all["Tangle:ServerName"]!, all);
    }

    /// <summary>Stops this server and starts a new one on the same data directory and settings.</summary>
    public async Task<TangleServer> RestartAsync()
    {
        await StopAsync();
        return await StartAgainAsync();
    }

    /// <summary>Starts a new server on this stopped one's data directory and settings (new silo and client ports).</summary>
    public async Task<TangleServer> StartAgainAsync()
    {
        var settings = Settings.ToDictionary(kv => kv.Key, kv => kv.Value);
        settings["Tangle:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Tangle:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await StartAsync(settings, DataDirectory);
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(100) };

    public async Task StopAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped by a restart.
        }
    }
}
