using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Json;

namespace Tangle.Grains.Keys;

/// <summary>
/// Checks signatures on key objects. Cross-signing key ids are <c>ed25519:</c> and a base64 public key,
/// which the server key id rules would refuse, so the key is named here by its public key.
/// </summary>
internal static class KeySignatures
{
    /// <summary>Whether <paramref name="signature"/> is a valid ed25519 signature of the object by the public key.</summary>
    public static bool Verifies(JsonElement signed, string signature, string publicKeyBase64)
    {
        if (!UnpaddedBase64.TryDecode(signature, out var signatureBytes) || !UnpaddedBase64.TryDecode(publicKeyBase64, out var publicKey))
            return false;
        try
        {
            return new VerifyKey(KeyIds.Ed25519Prefix + "key", publicKey).Verify(JsonSignatures.SigningBytes(signed), signatureBytes);
        }
        catch (CanonicalJsonException)
        {
            return false;
        }
    }

    /// <summary>The signatures <paramref name="signer"/> put on an object, by key id.</summary>
    public static IEnumerable<(string KeyId, string Signature)> By(JsonElement signed, string signer)
    {
        if (!signed.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Object
            || !signatures.TryGetProperty(signer, out var mine) || mine.ValueKind != JsonValueKind.Object)
            yield break;
        foreach (var entry in mine.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.String)
                yield return (entry.Name, entry.Value.GetString()!);
        }
    }

    /// <summary>Whether two key objects are the same once signatures and unsigned data are set aside.</summary>
    public static bool SameSignedContent(JsonElement a, JsonElement b)
    {
        try
        {
            return JsonSignatures.SigningBytes(a).AsSpan().SequenceEqual(JsonSignatures.SigningBytes(b));
        }
        catch (CanonicalJsonException)
        {
            return false;
        }
    }
}
