namespace Tangle.Grains.Keys;

/// <summary>
/// What a user's keys grain persists: small (a few kilobytes per device), so written whole. One-time
/// keys, which are many and claimed one by one, live in <see cref="Storage.IOneTimeKeyStore"/>.
/// </summary>
[GenerateSerializer]
public sealed class DeviceKeysState
{
    [Id(0)] public Dictionary<string, DeviceKeysRecord> Devices { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public SignedKeyRecord? Master { get; set; }
    [Id(2)] public SignedKeyRecord? SelfSigning { get; set; }
    [Id(3)] public SignedKeyRecord? UserSigning { get; set; }

    /// <summary>The device list's version, which other servers match against m.device_list_update stream ids.</summary>
    [Id(4)] public long StreamId { get; set; }
}

/// <summary>A device's identity keys (null until uploaded) and its fallback keys by algorithm.</summary>
[GenerateSerializer]
public sealed class DeviceKeysRecord
{
    [Id(0)] public SignedKeyRecord? Identity { get; set; }
    [Id(1)] public Dictionary<string, FallbackKeyRecord> FallbackKeys { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A signed key object as its owner uploaded it, and the signatures added later through
/// /keys/signatures/upload. Kept apart so that a re-upload of the same key keeps them, and so that a
/// signature by another user is shown to that user only.
/// </summary>
[GenerateSerializer]
public sealed class SignedKeyRecord
{
    [Id(0)] public required string Json { get; set; }
    [Id(1)] public List<AddedSignature> Added { get; set; } = [];
}

/// <summary>A signature by <paramref name="Signer"/>'s key <paramref name="KeyId"/>.</summary>
[GenerateSerializer]
public sealed record AddedSignature([property: Id(0)] string Signer, [property: Id(1)] string KeyId, [property: Id(2)] string Signature);

/// <summary>A fallback key: handed out whenever one-time keys run out, and then marked used.</summary>
[GenerateSerializer]
public sealed record FallbackKeyRecord([property: Id(0)] string KeyId, [property: Id(1)] string Json, [property: Id(2)] bool Used);
