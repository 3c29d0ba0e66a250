using System.Text.Json;
using Tangle.Protocol.Crypto;

namespace Tangle.Gateway.Tests.Encryption;

/// <summary>A user's three cross-signing keys, with the key objects and signatures a client would make.</summary>
internal sealed class CrossSigningIdentity(string userId) : IDisposable
{
    public SigningKey Master { get; } = SigningKey.Generate("master");

    public SigningKey SelfSigning { get; } = SigningKey.Generate("self");

    public SigningKey UserSigning { get; } = SigningKey.Generate("user");

    /// <summary>A cross-signing key is named by its public key: <c>ed25519:PUBLICKEY</c>.</summary>
    public static string KeyId(SigningKey key) => KeyIds.Ed25519Prefix + key.PublicKeyBase64;

    public JsonElement MasterKey() => KeyObject(Master, "master", signer: null);

    public JsonElement SelfSigningKey() => KeyObject(SelfSigning, "self_signing", Master);

    public JsonElement UserSigningKey() => KeyObject(UserSigning, "user_signing", Master);

    /// <summary>The whole upload for /keys/device_signing/upload.</summary>
    public Dictionary<string, object> Upload(object? auth = null)
    {
        var body = new Dictionary<string, object>
        {
            ["master_key"] = MasterKey(), ["self_signing_key"] = SelfSigningKey(), ["user_signing_key"] = UserSigningKey(),
        };
        if (auth is not null)
            body["auth"] = auth;
        return body;
    }

    /// <summary>A key object with an extra signature by <paramref name="key"/>, made by <paramref name="signerUserId"/>.</summary>
    public static JsonElement SignedBy(JsonElement obj, string signerUserId, SigningKey key) =>
        JsonSignatures.WithSignature(obj, signerUserId, KeyId(key), JsonSignatures.SignatureOf(obj, key));

    public JsonElement KeyObject(SigningKey key, string usage, SigningKey? signer)
    {
        var obj = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["user_id"] = userId,
            ["usage"] = new[] { usage },
            ["keys"] = new Dictionary<string, string> { [KeyId(key)] = key.PublicKeyBase64 },
        });
        return signer is null ? obj : SignedBy(obj, userId, signer);
    }

    public void Dispose()
    {
        Master.Dispose();
        SelfSigning.Dispose();
        UserSigning.Dispose();
    }
}
