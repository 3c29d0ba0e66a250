using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Events;

/// <summary>The content hash and the reference hash of an event.</summary>
public static class EventHashes
{
    private static readonly string[] ContentHashSkipped = ["unsigned", "signatures", "hashes"];
    private static readonly string[] SignatureSkipped = ["signatures", "unsigned"];

    /// <summary>
    /// SHA-256 over the canonical event without unsigned, signatures and hashes: covers the complete,
    /// unredacted event.
    /// </summary>
    public static byte[] ContentHash(JsonElement pdu, RoomVersion version) =>
        SHA256.HashData(CanonicalJson.EncodeWithout(pdu, ContentHashSkipped, version.Numbers));

    /// <summary>SHA-256 over the canonical redacted event without signatures and unsigned.</summary>
    public static byte[] ReferenceHash(JsonElement pdu, RoomVersion version) =>
        SHA256.HashData(RedactedSigningBytes(pdu, version));

    /// <summary>The bytes an event's signatures cover: canonical redacted form, no signatures or unsigned.</summary>
    public static byte[] RedactedSigningBytes(JsonElement pdu, RoomVersion version)
    {
        var output = new ArrayBufferWriter<byte>(512);
        Redaction.WriteRedacted(output, pdu, version, SignatureSkipped);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>True if hashes.sha256 matches the content hash computed from the event itself.</summary>
    public static bool HasValidContentHash(JsonElement pdu, RoomVersion version)
    {
        if (!pdu.TryGetProperty("hashes", out var hashes) || hashes.ValueKind != JsonValueKind.Object
            || !hashes.TryGetProperty("sha256", out var claimed) || claimed.ValueKind != JsonValueKind.String
            || !UnpaddedBase64.TryDecode(claimed.GetString(), out var claimedBytes))
            return false;
        return CryptographicOperations.FixedTimeEquals(claimedBytes, ContentHash(pdu, version));
    }
}
