using System.Buffers;
using System.Text.Json;
using Tangle.Protocol.Json;

namespace Tangle.Protocol.Crypto;

/// <summary>Signing and checking JSON objects as the appendix "Signing JSON" describes.</summary>
public static class JsonSignatures
{
    private static readonly string[] Unsigned = ["signatures", "unsigned"];

    /// <summary>The canonical bytes a signature on <paramref name="obj"/> covers.</summary>
    public static byte[] SigningBytes(JsonElement obj, NumberPolicy numbers = NumberPolicy.CanonicalIntegers) =>
        CanonicalJson.EncodeWithout(obj, Unsigned, numbers);

    /// <summary>The unpadded base64 signature of <paramref name="key"/> over <paramref name="obj"/>.</summary>
    public static string SignatureOf(JsonElement obj, SigningKey key, NumberPolicy numbers = NumberPolicy.CanonicalIntegers) =>
        UnpaddedBase64.Encode(key.Sign(SigningBytes(obj, numbers)));

    /// <summary>Returns <paramref name="obj"/> with a signature by <paramref name="key"/> merged into signatures.</summary>
    public static JsonElement Sign(JsonElement obj, string entity, SigningKey key, NumberPolicy numbers = NumberPolicy.CanonicalIntegers) =>
        WithSignature(obj, entity, key.KeyId, SignatureOf(obj, key, numbers));

    /// <summary>Returns <paramref name="obj"/> with one more signature in its signatures object.</summary>
    public static JsonElement WithSignature(JsonElement obj, string entity, string keyId, string signature)
    {
        var output = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            JsonElement existing = default;
            foreach (var property in obj.EnumerateObject())
            {
                if (property.NameEquals("signatures"))
                    existing = property.Value;
                else
                    property.WriteTo(writer);
            }

            writer.WriteStartObject("signatures");
            if (existing.ValueKind == JsonValueKind.Object)
            {
                foreach (var server in existing.EnumerateObject())
                {
                    if (!server.NameEquals(entity))
                        server.WriteTo(writer);
                }
            }

            writer.WriteStartObject(entity);
            if (existing.ValueKind == JsonValueKind.Object && existing.TryGetProperty(entity, out var mine) && mine.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in mine.EnumerateObject())
                {
                    if (!entry.NameEquals(keyId))
                        entry.WriteTo(writer);
                }
            }

            writer.WriteString(keyId, signature);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var reader = new Utf8JsonReader(output.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>Checks <paramref name="entity"/>'s signatures on <paramref name="obj"/>.</summary>
    /// <param name="keys">Finds a usable key by key id, or null when none is known.</param>
    public static SignatureCheck Verify(JsonElement obj, string entity, Func<string, VerifyKey?> keys, NumberPolicy numbers = NumberPolicy.CanonicalIntegers) =>
        obj.TryGetProperty("signatures", out var signatures)
            ? Verify(signatures, entity, keys, () => SigningBytes(obj, numbers))
            : new SignatureCheck(SignatureOutcome.Missing, entity, []);

    /// <summary>
    /// The appendix's "Checking for a Signature": signatures of unknown algorithms are ignored, every
    /// signature by a known key must verify, and at least one must.
    /// </summary>
    internal static SignatureCheck Verify(JsonElement signatures, string entity, Func<string, VerifyKey?> keys, Func<byte[]> signedBytes)
    {
        if (signatures.ValueKind != JsonValueKind.Object
            || !signatures.TryGetProperty(entity, out var mine) || mine.ValueKind != JsonValueKind.Object)
            return new SignatureCheck(SignatureOutcome.Missing, entity, []);

        var ed25519 = new List<string>();
        byte[]? bytes = null;
        var verified = 0;
        foreach (var entry in mine.EnumerateObject())
        {
            if (!KeyIds.IsEd25519(entry.Name))
                continue;
            ed25519.Add(entry.Name);
            var key = keys(entry.Name);
            if (key is null)
                continue;
            if (entry.Value.ValueKind != JsonValueKind.String
                || !UnpaddedBase64.TryDecode(entry.Value.GetString(), out var signature))
                return new SignatureCheck(SignatureOutcome.Invalid, entity, [entry.Name]);
            bytes ??= signedBytes();
            if (!key.Verify(bytes, signature))
                return new SignatureCheck(SignatureOutcome.Invalid, entity, [entry.Name]);
            verified++;
        }

        if (ed25519.Count == 0)
            return new SignatureCheck(SignatureOutcome.Missing, entity, []);
        return verified > 0
            ? new SignatureCheck(SignatureOutcome.Valid, entity, ed25519)
            : new SignatureCheck(SignatureOutcome.UnknownKey, entity, ed25519);
    }
}
