using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Gateway.Federation;

/// <summary>
/// Checks keys another server answered with before a local client sees them: each must belong to the user
/// (and device) it is filed under, and carry the signature that makes it that user's. A server may lie about
/// its own users; what it cannot do through these checks is pass off garbage or keys filed under the wrong owner.
/// </summary>
internal static class RemoteKeyChecks
{
    /// <summary>Whether <paramref name="keys"/> are the identity keys of <paramref name="deviceId"/>, signed by the device's own ed25519 key.</summary>
    public static bool AreDeviceKeys(JsonElement keys, UserId user, string deviceId)
    {
        if (keys.ValueKind != JsonValueKind.Object || StringField(keys, "user_id") != user.Value || StringField(keys, "device_id") != deviceId)
            return false;
        if (!keys.TryGetProperty("algorithms", out var algorithms) || algorithms.ValueKind != JsonValueKind.Array)
            return false;
        var keyId = KeyIds.Ed25519Prefix + deviceId;
        if (!keys.TryGetProperty("keys", out var identity) || identity.ValueKind != JsonValueKind.Object
            || !identity.TryGetProperty(keyId, out var publicKey) || publicKey.ValueKind != JsonValueKind.String)
            return false;
        return SignedBy(keys, user, keyId, publicKey.GetString()!);
    }

    /// <summary>
    /// The public key of a cross-signing key of <paramref name="user"/> for <paramref name="usage"/>, or null when it is
    /// not one; when <paramref name="masterKey"/> is given, the key must also be signed by that master key.
    /// </summary>
    public static string? CrossSigningKey(JsonElement key, UserId user, string usage, string? masterKey)
    {
        if (key.ValueKind != JsonValueKind.Object || StringField(key, "user_id") != user.Value)
            return null;
        if (!key.TryGetProperty("usage", out var usages) || usages.ValueKind != JsonValueKind.Array
            || !usages.EnumerateArray().Any(u => u.ValueKind == JsonValueKind.String && u.GetString() == usage))
            return null;
        if (!key.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Object)
            return null;
        var entries = keys.EnumerateObject().ToList();
        if (entries.Count != 1 || entries[0].Value.ValueKind != JsonValueKind.String)
            return null;
        var publicKey = entries[0].Value.GetString()!;
        if (entries[0].Name != KeyIds.Ed25519Prefix + publicKey || !UnpaddedBase64.TryDecode(publicKey, out var bytes) || bytes.Length != 32)
            return null;
        return masterKey is null || SignedBy(key, user, KeyIds.Ed25519Prefix + masterKey, masterKey) ? publicKey : null;
    }

    /// <summary>Whether a claimed key answers a claim for <paramref name="algorithm"/>: named <c>algorithm:key_id</c>, a key string or a key object.</summary>
    public static bool IsClaimedKey(string keyId, JsonElement key, string algorithm) =>
        keyId.Length > algorithm.Length + 1 && keyId.StartsWith(algorithm + ":", StringComparison.Ordinal)
        && (key.ValueKind == JsonValueKind.String || key.ValueKind == JsonValueKind.Object && key.TryGetProperty("key", out var inner)
            && inner.ValueKind == JsonValueKind.String);

    /// <summary>Whether <paramref name="user"/> signed <paramref name="obj"/> with the key <paramref name="keyId"/>, whose public key is given.</summary>
    private static bool SignedBy(JsonElement obj, UserId user, string keyId, string publicKeyBase64)
    {
        if (!UnpaddedBase64.TryDecode(publicKeyBase64, out var publicKey) || publicKey.Length != 32
            || !obj.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Object
            || !signatures.TryGetProperty(user.Value, out var mine) || mine.ValueKind != JsonValueKind.Object
            || !mine.TryGetProperty(keyId, out var signature) || signature.ValueKind != JsonValueKind.String
            || !UnpaddedBase64.TryDecode(signature.GetString(), out var signatureBytes))
            return false;
        try
        {
            // Device ids and cross-signing keys may hold characters a server key id may not, so the key is named apart.
            return new VerifyKey(KeyIds.Ed25519Prefix + "key", publicKey).Verify(JsonSignatures.SigningBytes(obj), signatureBytes);
        }
        catch (CanonicalJsonException)
        {
            return false;
        }
    }

    private static string? StringField(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
