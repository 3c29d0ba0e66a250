using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Grains.Matrix;
using Tangle.Grains.Sync;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Grains.Keys;

public sealed partial class DeviceKeysGrain
{
    private const string MasterUsage = "master";
    private const string SelfSigningUsage = "self_signing";
    private const string UserSigningUsage = "user_signing";

    public Task<CrossSigningKeys> GetCrossSigningKeysAsync() => Task.FromResult(new CrossSigningKeys(
        Keys.Master is { } master ? Parse(master.Json) : null,
        Keys.SelfSigning is { } self ? Parse(self.Json) : null,
        Keys.UserSigning is { } user ? Parse(user.Json) : null));

    public async Task UploadCrossSigningKeysAsync(CrossSigningKeys keys, IReadOnlyList<string> deviceIds)
    {
        var master = keys.Master is { } m ? CheckCrossSigningKey(m, MasterUsage, deviceIds) : default;
        var self = keys.SelfSigning is { } s ? CheckCrossSigningKey(s, SelfSigningUsage, deviceIds) : default;
        var user = keys.UserSigning is { } u ? CheckCrossSigningKey(u, UserSigningUsage, deviceIds) : default;

        var masterKey = master.PublicKey ?? (Keys.Master is { } held ? PublicKeyOf(Parse(held.Json)) : null);
        if ((self.Json is not null || user.Json is not null) && masterKey is null)
            throw new MatrixException(ErrCode.MissingParam, "no master key is available to check the other keys against", 400);
        foreach (var (json, usage) in new[] { (self.Json, SelfSigningUsage), (user.Json, UserSigningUsage) })
        {
            if (json is not null && !SignedBy(Parse(json), User.Value, masterKey!))
                throw new MatrixException(ErrCode.InvalidSignature, $"the {usage} key is not signed by the master key", 400);
        }

        var changed = false;
        if (master.Json is not null)
            changed |= Replace(() => Keys.Master, k => Keys.Master = k, master.Json, master.PublicKey!);
        if (self.Json is not null)
            changed |= Replace(() => Keys.SelfSigning, k => Keys.SelfSigning = k, self.Json, self.PublicKey!);
        if (user.Json is not null)
            changed |= Replace(() => Keys.UserSigning, k => Keys.UserSigning = k, user.Json, user.PublicKey!);
        if (!changed)
            return;
        Keys.StreamId++;
        await state.WriteStateAsync();
        await AnnounceAsync();
        TellServersOfSigningKeys();
    }

    public async Task<IReadOnlyDictionary<string, KeyFailure>> UploadSignaturesAsync(UserId signer, IReadOnlyDictionary<string, JsonElement> signedKeys,
        JsonElement? signerUserSigningKey)
    {
        var failures = new Dictionary<string, KeyFailure>(StringComparer.Ordinal);
        var changed = false;
        foreach (var (keyId, signed) in signedKeys)
        {
            var failure = signed.ValueKind != JsonValueKind.Object
                ? new KeyFailure(ErrCode.BadJson, "a signed key must be an object")
                : AddSignatures(signer, keyId, signed, signerUserSigningKey, ref changed);
            if (failure is not null)
                failures[keyId] = failure;
        }

        if (!changed)
            return failures;
        Keys.StreamId++;
        await state.WriteStateAsync();
        if (signer == User)
            await AnnounceAsync();
        else
            GrainFactory.GetGrain<IInboxGrain>(signer.Value).NotifyDeviceListChangedAsync(User).Ignore();
        return failures;
    }

    /// <summary>
    /// Adds the signer's new signatures on one key. A user signs their own devices with their
    /// self-signing key and their own master key with a device; another user signs the master key with
    /// their user-signing key.
    /// </summary>
    private KeyFailure? AddSignatures(UserId signer, string keyId, JsonElement signed, JsonElement? signerUserSigningKey, ref bool changed)
    {
        var masterKey = Keys.Master is { } master ? PublicKeyOf(Parse(master.Json)) : null;
        SignedKeyRecord target;
        Func<string, string?> signingKey;
        if (signer == User && Keys.Devices.TryGetValue(keyId, out var device) && device.Identity is { } identity)
        {
            target = identity;
            var selfSigning = Keys.SelfSigning is { } self ? PublicKeyOf(Parse(self.Json)) : null;
            signingKey = id => selfSigning is not null && id == KeyIds.Ed25519Prefix + selfSigning ? selfSigning : null;
        }
        else if (masterKey is not null && keyId == masterKey && Keys.Master is { } masterRecord)
        {
            target = masterRecord;
            if (signer == User)
                signingKey = DeviceSigningKey;
            else
            {
                var userSigning = signerUserSigningKey is { } usk ? PublicKeyOf(usk) : null;
                signingKey = id => userSigning is not null && id == KeyIds.Ed25519Prefix + userSigning ? userSigning : null;
            }
        }
        else
        {
            return new KeyFailure(ErrCode.NotFound, signer == User ? "no such device or cross-signing key" : "only a user's master key can be signed by another user");
        }

        var stored = Parse(target.Json);
        if (!KeySignatures.SameSignedContent(stored, signed))
            return new KeyFailure(ErrCode.InvalidParam, "the signed object does not match the key held");
        var held = KeySignatures.By(stored, signer.Value).Concat(target.Added.Where(a => a.Signer == signer.Value).Select(a => (a.KeyId, a.Signature)))
            .ToHashSet();
        var fresh = KeySignatures.By(signed, signer.Value).Where(s => !held.Contains(s)).ToList();
        foreach (var (signatureKeyId, signature) in fresh)
        {
            if (signingKey(signatureKeyId) is not { } publicKey || !KeySignatures.Verifies(stored, signature, publicKey))
                return new KeyFailure(ErrCode.InvalidSignature, $"the signature by {signatureKeyId} is not valid");
        }

        foreach (var (signatureKeyId, signature) in fresh)
        {
            target.Added.RemoveAll(a => a.Signer == signer.Value && a.KeyId == signatureKeyId);
            target.Added.Add(new AddedSignature(signer.Value, signatureKeyId, signature));
            changed = true;
        }

        return null;
    }

    /// <summary>The ed25519 key of one of the user's devices, by its key id <c>ed25519:DEVICEID</c>.</summary>
    private string? DeviceSigningKey(string keyId)
    {
        if (!keyId.StartsWith(KeyIds.Ed25519Prefix, StringComparison.Ordinal)
            || !Keys.Devices.TryGetValue(keyId[KeyIds.Ed25519Prefix.Length..], out var device) || device.Identity is not { } identity)
            return null;
        return Parse(identity.Json).GetProperty("keys").TryGetProperty(keyId, out var key) && key.ValueKind == JsonValueKind.String
            ? key.GetString()
            : null;
    }

    /// <summary>Checks a cross-signing key's owner, usage and single public key; returns it as JSON text with its public key.</summary>
    private (string? Json, string? PublicKey) CheckCrossSigningKey(JsonElement key, string usage, IReadOnlyList<string> deviceIds)
    {
        var name = usage + "_key";
        if (key.ValueKind != JsonValueKind.Object)
            throw MatrixException.BadJson($"{name} must be an object");
        if (StringField(key, "user_id") != User.Value)
            throw MatrixException.InvalidParam($"{name}.user_id must be your user id");
        if (!key.TryGetProperty("usage", out var usages) || usages.ValueKind != JsonValueKind.Array
            || !usages.EnumerateArray().Any(u => u.ValueKind == JsonValueKind.String && u.GetString() == usage))
            throw MatrixException.InvalidParam($"{name}.usage must include {usage}");
        if (PublicKeyOf(key) is not { } publicKey)
            throw MatrixException.InvalidParam($"{name}.keys must hold exactly one ed25519 public key, named ed25519:<the key>");
        if (deviceIds.Contains(publicKey))
            throw MatrixException.Forbidden($"the {usage} key's public key is the id of one of your devices");
        if (key.TryGetProperty("signatures", out var signatures) && signatures.ValueKind != JsonValueKind.Object)
            throw MatrixException.BadJson($"{name}.signatures must be an object");
        return (CanonicalJson.EncodeToString(key), publicKey);
    }

    /// <summary>The public key of a cross-signing key: its one <c>ed25519:KEY</c> entry whose value is KEY.</summary>
    private static string? PublicKeyOf(JsonElement key)
    {
        if (!key.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Object)
            return null;
        var entries = keys.EnumerateObject().ToList();
        if (entries.Count != 1 || entries[0].Value.ValueKind != JsonValueKind.String)
            return null;
        var publicKey = entries[0].Value.GetString()!;
        return entries[0].Name == KeyIds.Ed25519Prefix + publicKey && UnpaddedBase64.TryDecode(publicKey, out var bytes) && bytes.Length == 32
            ? publicKey
            : null;
    }

    private static bool SignedBy(JsonElement key, string user, string publicKey) =>
        KeySignatures.By(key, user).Any(s => s.KeyId == KeyIds.Ed25519Prefix + publicKey && KeySignatures.Verifies(key, s.Signature, publicKey));

    /// <summary>
    /// Stores a cross-signing key. The same public key uploaded again keeps the signatures added to it;
    /// a new key starts without them, since they were made over the old one.
    /// </summary>
    private static bool Replace(Func<SignedKeyRecord?> get, Action<SignedKeyRecord> set, string json, string publicKey)
    {
        var held = get();
        if (held?.Json == json)
            return false;
        var sameKey = held is not null && PublicKeyOf(Parse(held.Json)) == publicKey;
        set(new SignedKeyRecord { Json = json, Added = sameKey ? held!.Added : [] });
        return true;
    }

    /// <summary>
    /// A key object with the added signatures the requester may see: those by its owner to everyone,
    /// another user's only to that user (a user-signing key's signatures stay private to its owner).
    /// Another server (a null requester) sees the owner's only.
    /// </summary>
    private JsonElement Visible(SignedKeyRecord key, UserId? requester)
    {
        var visible = key.Added.Where(a => a.Signer == User.Value || a.Signer == requester?.Value).ToList();
        if (visible.Count == 0)
            return Parse(key.Json);
        var json = JsonNode.Parse(key.Json)!.AsObject();
        if (json["signatures"] is not JsonObject signatures)
            json["signatures"] = signatures = [];
        foreach (var added in visible)
        {
            if (signatures[added.Signer] is not JsonObject bySigner)
                signatures[added.Signer] = bySigner = [];
            bySigner[added.KeyId] = added.Signature;
        }

        return JsonSerializer.SerializeToElement(json);
    }
}
