namespace Tangle.Protocol.Crypto;

/// <summary>Signing key identifiers: an algorithm, a colon, and a version of [a-zA-Z0-9_].</summary>
public static class KeyIds
{
    public const string Ed25519Prefix = "ed25519:";

    public static bool IsEd25519(string keyId) =>
        keyId.StartsWith(Ed25519Prefix, StringComparison.Ordinal) && IsValidVersion(keyId[Ed25519Prefix.Length..]);

    public static bool IsValidVersion(string version) =>
        version.Length is > 0 and <= 255 && version.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    internal static void RequireValidVersion(string version)
    {
        if (!IsValidVersion(version))
            throw new ArgumentException($"'{version}' is not a valid key version: use [a-zA-Z0-9_]", nameof(version));
    }
}
