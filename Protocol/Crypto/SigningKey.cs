using NSec.Cryptography;

namespace Tangle.Protocol.Crypto;

/// <summary>An ed25519 signing key of a server (or of a test), named by a key id such as <c>ed25519:a_1</c>.</summary>
public sealed class SigningKey : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private SigningKey(Key key, string version)
    {
        _key = key;
        Version = version;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>The part of the key id after the algorithm.</summary>
    public string Version { get; }

    /// <summary>The full key id, <c>ed25519:version</c>.</summary>
    public string KeyId => KeyIds.Ed25519Prefix + Version;

    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The public key in unpadded base64, as published in /_matrix/key/v2/server.</summary>
    public string PublicKeyBase64 => UnpaddedBase64.Encode(PublicKey);

    /// <summary>The key this one verifies with.</summary>
    public VerifyKey VerifyKey => new(KeyId, PublicKey);

    /// <summary>Generates a fresh key.</summary>
    public static SigningKey Generate(string version)
    {
        KeyIds.RequireValidVersion(version);
        Span<byte> seed = stackalloc byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
        return FromSeed(seed, version);
    }

    /// <summary>Loads a key from its 32-byte seed.</summary>
    public static SigningKey FromSeed(ReadOnlySpan<byte> seed, string version)
    {
        KeyIds.RequireValidVersion(version);
        if (seed.Length != 32)
            throw new ArgumentException("an ed25519 seed is 32 bytes", nameof(seed));
        var key = Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new SigningKey(key, version);
    }

    /// <summary>Reads the one-line key file format <c>ed25519 &lt;version&gt; &lt;base64 seed&gt;</c>.</summary>
    public static Result<SigningKey> ParseKeyFile(string line)
    {
        var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || parts[0] != "ed25519")
            return new ProtocolError(ProtocolErrorKind.BadKey, "a signing key line is 'ed25519 <version> <base64 seed>'");
        if (!KeyIds.IsValidVersion(parts[1]))
            return new ProtocolError(ProtocolErrorKind.BadKey, $"'{parts[1]}' is not a valid key version");
        if (!UnpaddedBase64.TryDecode(parts[2], out var seed) || seed.Length != 32)
            return new ProtocolError(ProtocolErrorKind.BadKey, "the seed must be 32 bytes of base64");
        return FromSeed(seed, parts[1]);
    }

    /// <summary>The one-line key file format.</summary>
    public string ToKeyFile() => $"ed25519 {Version} {UnpaddedBase64.Encode(ExportSeed())}";

    public byte[] ExportSeed() => _key.Export(KeyBlobFormat.RawPrivateKey);

    /// <summary>Signs <paramref name="data"/>, returning the 64-byte signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data) => Ed25519.Sign(_key, data);

    public void Dispose() => _key.Dispose();
}
