using System.Text.Json;

namespace Tangle.Grains.Federation;

/// <summary>One of a server's signing keys as this server learnt it.</summary>
/// <param name="KeyId">Such as <c>ed25519:abc</c>.</param>
/// <param name="PublicKey">Unpadded base64 of the public key.</param>
/// <param name="ValidUntilTs">Until when the key may be trusted for new signatures (0 for an old key).</param>
/// <param name="ExpiredTs">When the server stopped using the key; null for a current key.</param>
[GenerateSerializer, Immutable]
public sealed record ServerKeyRecord(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string PublicKey,
    [property: Id(2)] long ValidUntilTs,
    [property: Id(3)] long? ExpiredTs);

/// <summary>
/// Another server's signing keys (key: that server's name), fetched from the server itself or, when it
/// cannot be reached, from the configured notaries; kept across restarts so old signatures stay checkable.
/// </summary>
public interface IServerKeysGrain : IGrainWithStringKey
{
    /// <summary>
    /// The server's known keys, refreshed first when <paramref name="keyId"/> is not among them or the current
    /// keys' validity ends before <paramref name="minimumValidUntilTs"/> (at most one attempt a minute).
    /// </summary>
    Task<IReadOnlyList<ServerKeyRecord>> GetKeysAsync(string? keyId, long minimumValidUntilTs);

    /// <summary>
    /// The server's own signed key responses held here, for answering as a notary: refreshed first when none
    /// is valid until <paramref name="minimumValidUntilTs"/>; empty when the server was never reached.
    /// </summary>
    Task<IReadOnlyList<JsonElement>> GetSignedResponsesAsync(long minimumValidUntilTs);
}
