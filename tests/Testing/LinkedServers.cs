namespace Tangle.Testing;

/// <summary>
/// Tangle homeservers on a loopback federation network where each server reaches each other one through a
/// <see cref="FederationLink"/> of its own, so a test can partition them, heal them, and stop and start a
/// server (its federation port is fixed, so the others' pins still reach it after a restart).
/// </summary>
public sealed class LinkedServers : IAsyncDisposable
{
    private readonly Dictionary<string, TangleServer> _servers;
    private readonly Dictionary<(string From, string To), FederationLink> _links;
    private readonly HashSet<string> _stopped = [];

    private LinkedServers(Dictionary<string, TangleServer> servers, Dictionary<(string, string), FederationLink> links)
    {
        _servers = servers;
        _links = links;
    }

    /// <summary>The server as it runs now (a restart makes a new one).</summary>
    public TangleServer this[string serverName] => _servers[serverName];

    /// <summary>The link <paramref name="from"/> sends its requests to <paramref name="to"/> through.</summary>
    public FederationLink Link(string from, string to) => _links[(from, to)];

    /// <summary>Starts one server per name; <paramref name="extra"/> adds settings per server name.</summary>
    public static async Task<LinkedServers> StartAsync(IReadOnlyList<string> names, Func<string, IReadOnlyDictionary<string, string?>>? extra = null)
    {
        var ports = names.ToDictionary(n => n, _ => FreePorts.Next());
        var links = new Dictionary<(string, string), FederationLink>();
        foreach (var from in names)
        {
            foreach (var to in names.Where(n => n != from))
                links[(from, to)] = FederationLink.Start(ports[to]);
        }

        var started = new Dictionary<string, TangleServer>();
        try
        {
            foreach (var name in names)
            {
                var through = names.Where(n => n != name).ToDictionary(n => n, n => links[(name, n)].Port);
                var settings = FederatedServers.NetworkSettings(name, ports[name], through);
                foreach (var (key, value) in extra?.Invoke(name) ?? new Dictionary<string, string?>())
                    settings[key] = value;
                started[name] = await TangleServer.StartAsync(settings);
            }
        }
        catch
        {
            foreach (var server in started.Values)
                await server.DisposeAsync();
            foreach (var link in links.Values)
                await link.DisposeAsync();
            throw;
        }

        return new LinkedServers(started, links);
    }

    /// <summary>Cuts both directions between two servers.</summary>
    public void Cut(string a, string b)
    {
        Link(a, b).Cut();
        Link(b, a).Cut();
    }

    /// <summary>Heals both directions between two servers.</summary>
    public void Heal(string a, string b)
    {
        Link(a, b).Heal();
        Link(b, a).Heal();
    }

    /// <summary>Stops a server, keeping its data directory for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync(string name)
    {
        await _servers[name].StopAsync();
        _stopped.Add(name);
    }

    /// <summary>Starts a stopped server again on its data directory, settings and federation port.</summary>
    public async Task<TangleServer> StartAgainAsync(string name)
    {
        var server = await _servers[name].StartAgainAsync();
        _servers[name] = server;
        _stopped.Remove(name);
        return server;
    }

    public async Task<TangleServer> RestartAsync(string name)
    {
        await StopAsync(name);
        return await StartAgainAsync(name);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (name, server) in _servers)
        {
            if (!_stopped.Contains(name))
                await server.DisposeAsync();
        }

        foreach (var link in _links.Values)
            await link.DisposeAsync();
    }
}
