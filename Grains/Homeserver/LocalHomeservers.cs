using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Homeserver;

/// <summary>A homeserver this cluster hosts: its name, its signing key and its policies.</summary>
public sealed class LocalHomeserver(ServerName name, SigningKey signingKey, RoomVersion defaultRoomVersion)
{
    public ServerName Name { get; } = name;

    public SigningKey SigningKey { get; } = signingKey;

    public RoomVersion DefaultRoomVersion { get; } = defaultRoomVersion;
}

/// <summary>
/// The homeservers hosted by this silo's cluster, with their signing keys. Grains sign their events
/// locally with these, so no single grain serialises every send.
/// </summary>
public sealed class LocalHomeservers
{
    private readonly Dictionary<ServerName, LocalHomeserver> _servers;

    public LocalHomeservers(IEnumerable<LocalHomeserver> servers)
    {
        _servers = servers.ToDictionary(s => s.Name);
        if (_servers.Count == 0)
            throw new ArgumentException("at least one homeserver must be hosted", nameof(servers));
        Default = _servers.Values.First();
    }

    /// <summary>The first configured homeserver; the only one in standalone and peer mode.</summary>
    public LocalHomeserver Default { get; }

    public bool IsLocal(ServerName server) => _servers.ContainsKey(server);

    public LocalHomeserver this[ServerName server] =>
        _servers.TryGetValue(server, out var hosted) ? hosted : throw new InvalidOperationException($"{server} is not hosted here");

    public IEnumerable<LocalHomeserver> All => _servers.Values;
}
