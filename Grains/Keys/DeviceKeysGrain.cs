using System.Text.Json;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Grains.Keys;

/// <summary>
/// A user's end-to-end encryption keys. Device and cross-signing keys and fallback keys are grain
/// state; one-time keys are rows in <see cref="IOneTimeKeyStore"/>. Handling one request at a time
/// is what guarantees that a one-time key is handed out at most once.
/// </summary>
public sealed partial class DeviceKeysGrain(
    [PersistentState("keys")] IPersistentState<DeviceKeysState> state,
    IOneTimeKeyStore oneTimeKeys) : Grain, IDeviceKeysGrain
{
    /// <summary>The one-time key algorithm clients count on; always reported, as zero when none is left.</summary>
    private const string SignedCurve25519 = "signed_curve25519";

    private UserId User => UserId.From(this.GetPrimaryKeyString());

    private DeviceKeysState Keys => state.State;

    public async Task<IReadOnlyDictionary<string, int>> UploadAsync(string deviceId, KeysUpload upload)
    {
        // Everything is checked before anything is stored, so a refused upload changes nothing.
        var identity = upload.DeviceKeys is { } deviceKeys ? CheckDeviceKeys(deviceId, deviceKeys) : null;
        var oneTime = upload.OneTimeKeys is { } otks ? ParseKeys(otks, "one_time_keys") : [];
        var fallback = upload.FallbackKeys is { } fks ? ParseKeys(fks, "fallback_keys") : [];
        if (fallback.GroupBy(k => k.Algorithm).Any(g => g.Count() > 1))
            throw MatrixException.InvalidParam("fallback_keys may hold one key per algorithm");

        if (oneTime.Count > 0 && await oneTimeKeys.AddAsync(User, deviceId, oneTime) is { Count: > 0 } conflicts)
            throw MatrixException.InvalidParam($"one-time key {conflicts[0]} was already uploaded with a different value");

        var device = Keys.Devices.TryGetValue(deviceId, out var known) ? known : new DeviceKeysRecord();
        var identityChanged = identity is not null && device.Identity?.Json != identity;
        var dirty = identityChanged;
        if (identityChanged)
        {
            // The same keys uploaded again keep the signatures added to them since.
            device.Identity = new SignedKeyRecord { Json = identity!, Added = device.Identity?.Added ?? [] };
            Keys.StreamId++;
        }

        foreach (var key in fallback)
        {
            if (device.FallbackKeys.TryGetValue(key.Algorithm, out var held) && held.KeyId == key.KeyId && held.Json == key.Json)
                continue;
            device.FallbackKeys[key.Algorithm] = new FallbackKeyRecord(key.KeyId, key.Json, Used: false);
            dirty = true;
        }

        if (dirty)
        {
            Keys.Devices[deviceId] = device;
            await state.WriteStateAsync();
        }

        if (identityChanged)
        {
            await AnnounceAsync();
            TellServersOfDevice(deviceId, deleted: false);
        }

        return await CountOneTimeKeysAsync(deviceId);
    }

    public async Task<DeviceKeyCounts> GetCountsAsync(string deviceId)
    {
        var unused = Keys.Devices.TryGetValue(deviceId, out var device)
            ? device.FallbackKeys.Where(f => !f.Value.Used).Select(f => f.Key).Order(StringComparer.Ordinal).ToList()
            : [];
        return new DeviceKeyCounts(await CountOneTimeKeysAsync(deviceId), unused);
    }

    public Task<UserKeys> QueryAsync(UserId? requester, IReadOnlyList<string> deviceIds)
    {
        var wanted = deviceIds.Count == 0 ? Keys.Devices.Keys : deviceIds.Distinct();
        var devices = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var deviceId in wanted)
        {
            if (Keys.Devices.TryGetValue(deviceId, out var device) && device.Identity is { } identity)
                devices[deviceId] = Visible(identity, requester);
        }

        return Task.FromResult(new UserKeys(
            devices,
            Keys.Master is { } master ? Visible(master, requester) : null,
            Keys.SelfSigning is { } self ? Visible(self, requester) : null,
            requester == User && Keys.UserSigning is { } user ? Visible(user, requester) : null,
            Keys.StreamId));
    }

    public async Task<IReadOnlyDictionary<string, ClaimedKey>> ClaimAsync(IReadOnlyDictionary<string, string> algorithmByDevice)
    {
        var claimed = new Dictionary<string, ClaimedKey>(StringComparer.Ordinal);
        var usedFallback = false;
        foreach (var (deviceId, algorithm) in algorithmByDevice)
        {
            if (await oneTimeKeys.ClaimAsync(User, deviceId, algorithm) is { } key)
            {
                claimed[deviceId] = new ClaimedKey(key.KeyId, Parse(key.Json));
                continue;
            }

            // Out of one-time keys: the fallback key is handed out again and again until replaced.
            if (Keys.Devices.TryGetValue(deviceId, out var device) && device.FallbackKeys.TryGetValue(algorithm, out var fallback))
            {
                claimed[deviceId] = new ClaimedKey(fallback.KeyId, Parse(fallback.Json));
                if (!fallback.Used)
                {
                    device.FallbackKeys[algorithm] = fallback with { Used = true };
                    usedFallback = true;
                }
            }
        }

        if (usedFallback)
            await state.WriteStateAsync();
        return claimed;
    }

    public async Task DeviceRenamedAsync(string deviceId)
    {
        // Other servers list devices with keys only, so a device without keys has no name to update there.
        if (!Keys.Devices.TryGetValue(deviceId, out var device) || device.Identity is null)
            return;
        Keys.StreamId++;
        await state.WriteStateAsync();
    }

    public async Task DeleteDeviceAsync(string deviceId)
    {
        await oneTimeKeys.DeleteDeviceAsync(User, deviceId);
        if (!Keys.Devices.Remove(deviceId, out var device))
            return;
        if (device.Identity is not null)
            Keys.StreamId++;
        await state.WriteStateAsync();
        if (device.Identity is not null)
        {
            await AnnounceAsync();
            TellServersOfDevice(deviceId, deleted: true);
        }
    }

    /// <summary>Checks uploaded device keys against the requester and the keys already held; returns them as JSON text.</summary>
    private string CheckDeviceKeys(string deviceId, JsonElement keys)
    {
        if (keys.ValueKind != JsonValueKind.Object)
            throw MatrixException.BadJson("device_keys must be an object");
        if (StringField(keys, "user_id") != User.Value)
            throw MatrixException.InvalidParam("device_keys.user_id must be your user id");
        if (StringField(keys, "device_id") != deviceId)
            throw MatrixException.InvalidParam("device_keys.device_id must be the id of the device you are logged in with");
        if (!keys.TryGetProperty("algorithms", out var algorithms) || algorithms.ValueKind != JsonValueKind.Array
            || algorithms.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
            throw MatrixException.BadJson("device_keys.algorithms must be an array of strings");
        if (!keys.TryGetProperty("keys", out var identityKeys) || identityKeys.ValueKind != JsonValueKind.Object
            || identityKeys.EnumerateObject().Any(k => k.Value.ValueKind != JsonValueKind.String))
            throw MatrixException.BadJson("device_keys.keys must map key ids to keys");
        if (!identityKeys.TryGetProperty($"ed25519:{deviceId}", out _))
            throw MatrixException.InvalidParam($"device_keys.keys must hold the device's ed25519:{deviceId} key");
        if (!keys.TryGetProperty("signatures", out var signatures) || signatures.ValueKind != JsonValueKind.Object)
            throw MatrixException.BadJson("device_keys.signatures must be an object");

        // A device's identity keys are its identity: others have verified and encrypted to them.
        if (Keys.Devices.TryGetValue(deviceId, out var device) && device.Identity is { } held
            && CanonicalJson.EncodeToString(Parse(held.Json).GetProperty("keys")) != CanonicalJson.EncodeToString(identityKeys))
            throw MatrixException.InvalidParam("this device already has different identity keys; log in as a new device to use new keys");
        return CanonicalJson.EncodeToString(keys);
    }

    /// <summary>Reads <c>algorithm:key_id</c> to key maps (one-time and fallback keys), each key as canonical JSON.</summary>
    private static List<OneTimeKey> ParseKeys(JsonElement keys, string field)
    {
        if (keys.ValueKind != JsonValueKind.Object)
            throw MatrixException.BadJson($"{field} must be an object");
        var parsed = new List<OneTimeKey>();
        foreach (var key in keys.EnumerateObject())
        {
            var colon = key.Name.IndexOf(':');
            if (colon <= 0 || colon == key.Name.Length - 1)
                throw MatrixException.InvalidParam($"{field}: '{key.Name}' is not of the form algorithm:key_id");
            if (key.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
                throw MatrixException.BadJson($"{field}: {key.Name} must be a key string or a signed key object");
            parsed.Add(new OneTimeKey(key.Name, key.Name[..colon], CanonicalJson.EncodeToString(key.Value)));
        }

        return parsed;
    }

    private async Task<IReadOnlyDictionary<string, int>> CountOneTimeKeysAsync(string deviceId)
    {
        var counts = new Dictionary<string, int>(await oneTimeKeys.CountAsync(User, deviceId), StringComparer.Ordinal);
        counts.TryAdd(SignedCurve25519, 0);
        return counts;
    }

    /// <summary>Tells the user and everyone sharing a room with them that their keys changed.</summary>
    private Task AnnounceAsync() => GrainFactory.GetGrain<IDeviceListGrain>(User.Value).AnnounceKeysChangedAsync();

    /// <summary>An m.device_list_update for the servers sharing a room with the user; they refetch what they miss.</summary>
    private void TellServersOfDevice(string deviceId, bool deleted)
    {
        var content = new System.Text.Json.Nodes.JsonObject
        {
            ["user_id"] = User.Value,
            ["device_id"] = deviceId,
            ["stream_id"] = Keys.StreamId,
            ["prev_id"] = new System.Text.Json.Nodes.JsonArray(),
        };
        if (deleted)
            content["deleted"] = true;
        else if (Keys.Devices.TryGetValue(deviceId, out var device) && device.Identity is not null)
            content["keys"] = System.Text.Json.Nodes.JsonNode.Parse(device.Identity.Json);
        GrainFactory.GetGrain<IDeviceListGrain>(User.Value)
            .SendToServersAsync("m.device_list_update", JsonSerializer.SerializeToElement(content)).Ignore();
    }

    /// <summary>An m.signing_key_update with the user's public cross-signing keys, for the servers sharing a room with them.</summary>
    private void TellServersOfSigningKeys()
    {
        var content = new System.Text.Json.Nodes.JsonObject { ["user_id"] = User.Value };
        if (Keys.Master is { } master)
            content["master_key"] = System.Text.Json.Nodes.JsonNode.Parse(master.Json);
        if (Keys.SelfSigning is { } self)
            content["self_signing_key"] = System.Text.Json.Nodes.JsonNode.Parse(self.Json);
        GrainFactory.GetGrain<IDeviceListGrain>(User.Value)
            .SendToServersAsync("m.signing_key_update", JsonSerializer.SerializeToElement(content)).Ignore();
    }

    private static string? StringField(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
