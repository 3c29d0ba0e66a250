using System.Globalization;

namespace Tangle.Testing;

/// <summary>
/// Several standalone Tangle homeservers with their own server names (hs1.test, hs2.test, …), each
/// with a plain-HTTP federation listener on loopback and every other one pinned in Tangle:Federation:Hosts.
/// </summary>
public sealed class FederatedServers : IAsyncDisposable
{
    private readonly Dictionary<string, TangleServer> _servers;

    private FederatedServers(Dictionary<string, TangleServer> servers) => _servers = servers;

    public TangleServer this[string serverName] => _servers[serverName];

    public IEnumerable<TangleServer> All => _servers.Values;

    /// <summary>The settings that put a server on the test network: its name, its listener, and the others' addresses.</summary>
    public static Dictionary<string, string?> NetworkSettings(string serverName, int federationPort, IReadOnlyDictionary<string, int> ports)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tangle:ServerName"] = serverName,
            ["Tangle:Federation:AllowPlainHttp"] = "true",
            ["Tangle:Federation:BindAddress"] = "127.0.0.1",
            ["Tangle:Federation:Port"] = federationPort.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (other, port) in ports)
            settings[$"Tangle:Federation:Hosts:{other}"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        return settings;
    }

    /// <summary>Starts one server per name; <paramref name="extra"/> adds settings per server name.</summary>
    public static async Task<FederatedServers> StartAsync(IReadOnlyList<string> names,
        Func<string, IReadOnlyDictionary<string, string?>>? extra = null, IReadOnlyDictionary<string, int>? otherHosts = null)
    {
        var ports = names.ToDictionary(n => n, _ => FreePorts.Next());
        foreach (var (name, port) in otherHosts ?? new Dictionary<string, int>())
            ports[name] = port;
        var started = new Dictionary<string, TangleServer>();
        try
        {
            foreach (var name in names)
            {
                var settings = NetworkSettings(name, ports[name], ports);
                foreach (var (key, value) in extra?.Invoke(name) ?? new Dictionary<string, string?>())
                    settings[key] = value;
                started[name] = await TangleServer.StartAsync(settings);
            }
        }
        catch
        {
            foreach (var server in started.Values)
                await server.DisposeAsync();
            throw;
        }

        return new FederatedServers(started);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
            await server.DisposeAsync();
    }
}
