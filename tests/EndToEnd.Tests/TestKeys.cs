using System.Security.Cryptography;
using Tangle.Sdk;
using Tangle.Sdk.Encryption;

namespace Tangle.EndToEnd.Tests;

/// <summary>
/// Well-formed device keys for a session. The server stores and relays identity keys without checking
/// their self-signatures (clients verify those), so random key material is enough for these scenarios.
/// </summary>
internal static class TestKeys
{
    /// <summary>Uploads identity keys and one one-time key for the client's device.</summary>
    public static Task<KeysUploadResponse> UploadDeviceKeysAsync(this MatrixClient client) =>
        client.UploadKeysAsync(new KeysUploadRequest
        {
            DeviceKeys = new DeviceKeys
            {
                UserId = client.UserId,
                DeviceId = client.DeviceId,
                Algorithms = ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"],
                Keys = new Dictionary<string, string>
                {
                    [$"curve25519:{client.DeviceId}"] = RandomKey(),
                    [$"ed25519:{client.DeviceId}"] = RandomKey(),
                },
                Signatures = new Dictionary<string, IReadOnlyDictionary<string, string>>
                {
                    [client.UserId] = new Dictionary<string, string> { [$"ed25519:{client.DeviceId}"] = RandomKey(64) },
                },
            },
            OneTimeKeys = new Dictionary<string, object> { ["curve25519:AAAAAQ"] = RandomKey() },
        });

    private static string RandomKey(int bytes = 32) => Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=');
}
