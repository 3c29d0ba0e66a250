using System.Text.Json;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Keys;

/// <summary>
/// A local user's end-to-end encryption keys (key: user id): each device's identity keys, one-time
/// keys and fallback keys, the user's cross-signing keys, and the signatures on them.
/// </summary>
public interface IDeviceKeysGrain : IGrainWithStringKey
{
    /// <summary>Stores what a device uploads (POST /keys/upload) and returns its one-time key counts.</summary>
    Task<IReadOnlyDictionary<string, int>> UploadAsync(string deviceId, KeysUpload upload);

    /// <summary>A device's unclaimed one-time keys by algorithm and its unused fallback key algorithms, for /sync.</summary>
    Task<DeviceKeyCounts> GetCountsAsync(string deviceId);

    /// <summary>
    /// The identity keys of the named devices (all when none are named) and the cross-signing keys the requester may see.
    /// A null <paramref name="requester"/> is another server: it sees only the owner's signatures and never the user-signing key.
    /// </summary>
    Task<UserKeys> QueryAsync(UserId? requester, IReadOnlyList<string> deviceIds);

    /// <summary>Claims one key per device for the given algorithm: a one-time key, else the fallback key.</summary>
    Task<IReadOnlyDictionary<string, ClaimedKey>> ClaimAsync(IReadOnlyDictionary<string, string> algorithmByDevice);

    /// <summary>A device's display name changed: a new version of the device list, when the device has keys to list.</summary>
    Task DeviceRenamedAsync(string deviceId);

    /// <summary>Forgets a deleted device's keys.</summary>
    Task DeleteDeviceAsync(string deviceId);

    /// <summary>The user's cross-signing keys as stored.</summary>
    Task<CrossSigningKeys> GetCrossSigningKeysAsync();

    /// <summary>
    /// Replaces the cross-signing keys given (POST /keys/device_signing/upload), after checking their
    /// owner, usage and signatures; <paramref name="deviceIds"/> are the user's devices, whose ids no key may take.
    /// </summary>
    Task UploadCrossSigningKeysAsync(CrossSigningKeys keys, IReadOnlyList<string> deviceIds);

    /// <summary>
    /// Adds <paramref name="signer"/>'s signatures to this user's keys, by key id (a device id or a
    /// cross-signing public key); returns a failure per key id that could not be signed. Another user
    /// may only sign the master key, with the user-signing key given.
    /// </summary>
    Task<IReadOnlyDictionary<string, KeyFailure>> UploadSignaturesAsync(UserId signer, IReadOnlyDictionary<string, JsonElement> signedKeys,
        JsonElement? signerUserSigningKey);
}
