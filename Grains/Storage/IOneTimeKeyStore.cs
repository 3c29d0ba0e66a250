using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>A one-time key: <c>algorithm:key_id</c>, its algorithm, and the key as canonical JSON.</summary>
public sealed record OneTimeKey(string KeyId, string Algorithm, string Json);

/// <summary>
/// Devices' one-time keys. Kept out of grain state because every claim removes one and a user's
/// devices hold many: a claim should delete a row, not rewrite them all.
/// </summary>
public interface IOneTimeKeyStore
{
    /// <summary>
    /// Adds one upload's keys. A key id already held with the same key is skipped; if any is held with a
    /// different key, nothing is added and those key ids are returned.
    /// </summary>
    Task<IReadOnlyList<string>> AddAsync(UserId user, string deviceId, IReadOnlyList<OneTimeKey> keys);

    /// <summary>Unclaimed keys of a device by algorithm.</summary>
    Task<IReadOnlyDictionary<string, int>> CountAsync(UserId user, string deviceId);

    /// <summary>Removes and returns the device's oldest key of the algorithm, or null.</summary>
    Task<OneTimeKey?> ClaimAsync(UserId user, string deviceId, string algorithm);

    /// <summary>Removes every key of a device.</summary>
    Task DeleteDeviceAsync(UserId user, string deviceId);
}
