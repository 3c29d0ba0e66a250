using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Protocol.Federation;

/// <summary>
/// A server's published signing keys (the body of <c>/_matrix/key/v2/server</c>), checked: it names the
/// server asked about, and every key in verify_keys signed it.
/// </summary>
/// <param name="Server">The server the keys belong to.</param>
/// <param name="Keys">The verify keys, valid until <paramref name="ValidUntilTs"/>, and the old ones with their expiry.</param>
/// <param name="ValidUntilTs">How long the verify keys may be trusted.</param>
public sealed record ServerKeys(ServerName Server, IReadOnlyList<VerifyKey> Keys, long ValidUntilTs)
{
    /// <summary>Checks and reads a key response for <paramref name="expected"/>.</summary>
    public static Result<ServerKeys> Parse(JsonElement response, ServerName expected)
    {
        try
        {
            return ParseSigned(response, expected);
        }
        catch (CanonicalJsonException e)
        {
            return Bad($"the key response has no canonical form: {e.Message}");
        }
    }

    private static Result<ServerKeys> ParseSigned(JsonElement response, ServerName expected)
    {
        if (response.ValueKind != JsonValueKind.Object)
            return Bad("a key response must be a JSON object");
        if (!response.TryGetProperty("server_name", out var name) || name.ValueKind != JsonValueKind.String
            || name.GetString() != expected.Value)
            return Bad($"the key response does not name {expected}");
        if (!response.TryGetProperty("valid_until_ts", out var validUntil) || validUntil.ValueKind != JsonValueKind.Number
            || !validUntil.TryGetInt64(out var validUntilTs))
            return Bad("the key response has no integer valid_until_ts");
        if (!response.TryGetProperty("verify_keys", out var verifyKeys) || verifyKeys.ValueKind != JsonValueKind.Object)
            return Bad("the key response has no verify_keys object");

        var keys = new List<VerifyKey>();
        foreach (var entry in verifyKeys.EnumerateObject())
        {
            if (!KeyIds.IsEd25519(entry.Name))
                continue;
            if (entry.Value.ValueKind != JsonValueKind.Object || !entry.Value.TryGetProperty("key", out var key)
                || key.ValueKind != JsonValueKind.String
                || !VerifyKey.FromBase64(entry.Name, key.GetString()!, validUntilTs).TryGetValue(out var verifyKey, out var error))
                return Bad($"verify key {entry.Name} is not an unpadded base64 ed25519 key");
            keys.Add(verifyKey);
        }

        if (keys.Count == 0)
            return Bad("the key response has no ed25519 verify key");

        // Every current key must vouch for the response, so one stolen old key cannot forge a new set.
        foreach (var key in keys)
        {
            var check = JsonSignatures.Verify(response, expected.Value, id => id == key.KeyId ? key : null);
            if (!check.IsValid)
                return Bad($"the key response is not signed by {key.KeyId}: {check}");
        }

        if (response.TryGetProperty("old_verify_keys", out var oldKeys) && oldKeys.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in oldKeys.EnumerateObject())
            {
                if (!KeyIds.IsEd25519(entry.Name) || keys.Any(k => k.KeyId == entry.Name))
                    continue;
                if (entry.Value.ValueKind != JsonValueKind.Object
                    || !entry.Value.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String
                    || !entry.Value.TryGetProperty("expired_ts", out var expired) || expired.ValueKind != JsonValueKind.Number
                    || !expired.TryGetInt64(out var expiredTs)
                    || !VerifyKey.FromBase64(entry.Name, key.GetString()!, expiredTs: expiredTs).TryGetValue(out var oldKey, out _))
                    return Bad($"old verify key {entry.Name} needs a base64 key and an integer expired_ts");
                keys.Add(oldKey);
            }
        }

        return new ServerKeys(expected, keys, validUntilTs);
    }

    /// <summary>The key with id <paramref name="keyId"/>, or null.</summary>
    public VerifyKey? Find(string keyId) => Keys.FirstOrDefault(k => k.KeyId == keyId);

    private static ProtocolError Bad(string message) => new(ProtocolErrorKind.BadKey, message);
}
