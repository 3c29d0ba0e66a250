using NSec.Cryptography;

namespace Tangle.Protocol.Crypto;

/// <summary>
/// A public key a server published. <paramref name="ValidUntilTs"/> comes from the key response;
/// <paramref name="ExpiredTs"/> is set for a key listed under old_verify_keys.
/// </summary>
public sealed record VerifyKey(string KeyId, byte[] PublicKey, long? ValidUntilTs = null, long? ExpiredTs = null)
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    /// <summary>Builds a key from its unpadded base64 form.</summary>
    public static Result<VerifyKey> FromBase64(string keyId, string base64, long? validUntilTs = null, long? expiredTs = null)
    {
        if (!KeyIds.IsEd25519(keyId))
            return new ProtocolError(ProtocolErrorKind.BadKey, $"'{keyId}' is not an ed25519 key id");
        if (!UnpaddedBase64.TryDecode(base64, out var bytes) || bytes.Length != 32)
            return new ProtocolError(ProtocolErrorKind.BadKey, $"key {keyId} is not 32 bytes of base64");
        return new VerifyKey(keyId, bytes, validUntilTs, expiredTs);
    }

    /// <summary>Whether a signature by this key counts for something signed at <paramref name="timestamp"/>.</summary>
    /// <param name="timestamp">When the signed object claims it was made (an event's origin_server_ts).</param>
    /// <param name="enforceValidUntil">Room versions 5 and later require valid_until_ts to cover it.</param>
    public bool IsUsableAt(long timestamp, bool enforceValidUntil) =>
        !(ExpiredTs < timestamp) && !(enforceValidUntil && ValidUntilTs < timestamp);

    /// <summary>Checks a 64-byte ed25519 signature over <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize || PublicKey.Length != Ed25519.PublicKeySize)
            return false;
        return NSec.Cryptography.PublicKey.TryImport(Ed25519, PublicKey, KeyBlobFormat.RawPublicKey, out var key)
            && Ed25519.Verify(key!, data, signature);
    }

    public string PublicKeyBase64 => UnpaddedBase64.Encode(PublicKey);
}
