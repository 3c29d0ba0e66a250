using System.Text.Json;

namespace Tangle.Grains.Homeserver;

/// <summary>
/// A homeserver hosted by this cluster (key: server name): its signing keys as the world sees them,
/// the current one and the old ones it signed with before, for other servers to verify its events.
/// </summary>
public interface IHomeserverGrain : IGrainWithStringKey
{
    /// <summary>
    /// The signed key document of GET /_matrix/key/v2/server: verify_keys, old_verify_keys with their
    /// expiry, and valid_until_ts.
    /// </summary>
    Task<JsonElement> GetServerKeysAsync();
}
