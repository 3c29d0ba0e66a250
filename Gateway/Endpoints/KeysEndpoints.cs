using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Gateway.Federation;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Keys;
using Tangle.Grains.Rooms;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Endpoints;

/// <summary>End-to-end encryption key distribution: device, one-time and fallback keys, and who changed them.</summary>
internal static class KeysEndpoints
{
    public static void MapKeysEndpoints(this IEndpointRouteBuilder client)
    {
        client.Post("/keys/upload", UploadAsync, new AllowGuestsAttribute());
        client.Post("/keys/query", QueryAsync, new AllowGuestsAttribute());
        client.Post("/keys/claim", ClaimAsync, new AllowGuestsAttribute());
        client.Get("/keys/changes", ChangesAsync);
        client.MapCrossSigningEndpoints();
        client.MapKeyBackupEndpoints();
    }

    private static async Task<IResult> UploadAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var upload = new KeysUpload(body.Object("device_keys"), body.Object("one_time_keys"), body.Object("fallback_keys"));
        var counts = await grains.GetGrain<IDeviceKeysGrain>(requester.User.Value).UploadAsync(DeviceOf(requester), upload);
        return MatrixResults.Json(new { one_time_key_counts = counts });
    }

    private static async Task<IResult> QueryAsync(HttpContext http, IGrainFactory grains, LocalHomeservers homeservers, FederationClient federation)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var timeout = RemoteKeys.Timeout(body.Long("timeout"));
        var wanted = body.Object("device_keys") ?? throw MatrixResults.MissingParam("device_keys");
        var deviceKeys = new Dictionary<string, object>();
        var master = new Dictionary<string, JsonElement>();
        var selfSigning = new Dictionary<string, JsonElement>();
        var userSigning = new Dictionary<string, JsonElement>();
        var remote = new Dictionary<UserId, IReadOnlyList<string>>();
        foreach (var entry in wanted.EnumerateObject())
        {
            var user = UserOf(entry.Name);
            var devices = wanted.StringArray(entry.Name) ?? [];
            if (!homeservers.IsLocal(user.Server))
            {
                remote[user] = devices;
                continue;
            }

            var keys = await grains.GetGrain<IDeviceKeysGrain>(user.Value).QueryAsync(requester.User, devices);
            deviceKeys[user.Value] = await WithDisplayNamesAsync(keys.Devices, grains.GetGrain<IAccountGrain>(user.Value));
            if (keys.Master is { } m)
                master[user.Value] = m;
            if (keys.SelfSigning is { } s)
                selfSigning[user.Value] = s;
            if (keys.UserSigning is { } u)
                userSigning[user.Value] = u;
        }

        var answers = await RemoteKeys.QueryAsync(federation, homeservers[requester.User.Server], remote, timeout, http.RequestAborted);
        return MatrixResults.Json(new
        {
            device_keys = deviceKeys.Concat(answers.DeviceKeys).ToDictionary(),
            master_keys = master.Concat(answers.Master).ToDictionary(),
            self_signing_keys = selfSigning.Concat(answers.SelfSigning).ToDictionary(),
            user_signing_keys = userSigning,
            failures = answers.Failures,
        });
    }

    /// <summary>Device keys with <c>unsigned.device_display_name</c>, which the server adds and no signature covers.</summary>
    internal static async Task<Dictionary<string, JsonNode>> WithDisplayNamesAsync(IReadOnlyDictionary<string, JsonElement> devices, IAccountGrain account)
    {
        var result = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        if (devices.Count == 0)
            return result;
        var names = (await account.GetDevicesAsync()).ToDictionary(d => d.DeviceId, d => d.DisplayName, StringComparer.Ordinal);
        foreach (var (deviceId, keys) in devices)
        {
            var node = JsonObject.Create(keys)!;
            var unsigned = new JsonObject();
            if (names.TryGetValue(deviceId, out var name) && name is not null)
                unsigned["device_display_name"] = name;
            node["unsigned"] = unsigned;
            result[deviceId] = node;
        }

        return result;
    }

    private static async Task<IResult> ClaimAsync(HttpContext http, IGrainFactory grains, LocalHomeservers homeservers, FederationClient federation)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var timeout = RemoteKeys.Timeout(body.Long("timeout"));
        var wanted = body.Object("one_time_keys") ?? throw MatrixResults.MissingParam("one_time_keys");
        var claimed = new Dictionary<string, object>();
        var remote = new Dictionary<UserId, IReadOnlyDictionary<string, string>>();
        foreach (var entry in wanted.EnumerateObject())
        {
            var user = UserOf(entry.Name);
            var byDevice = wanted.Object(entry.Name) ?? throw MatrixException.BadJson($"one_time_keys.{entry.Name} must be an object");
            var algorithms = byDevice.EnumerateObject().ToDictionary(d => d.Name, d => byDevice.String(d.Name)
                ?? throw MatrixException.BadJson($"one_time_keys.{entry.Name}.{d.Name} must be an algorithm"));
            if (!homeservers.IsLocal(user.Server))
            {
                remote[user] = algorithms;
                continue;
            }

            var keys = await grains.GetGrain<IDeviceKeysGrain>(user.Value).ClaimAsync(algorithms);
            if (keys.Count > 0)
                claimed[user.Value] = keys.ToDictionary(k => k.Key, k => new Dictionary<string, JsonElement> { [k.Value.KeyId] = k.Value.Key });
        }

        var answers = await RemoteKeys.ClaimAsync(federation, homeservers[requester.User.Server], remote, timeout, http.RequestAborted);
        return MatrixResults.Json(new { one_time_keys = claimed.Concat(answers.DeviceKeys).ToDictionary(), failures = answers.Failures });
    }

    private static async Task<IResult> ChangesAsync(string? from, string? to, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var changes = await grains.GetGrain<IInboxGrain>(requester.User.Value).GetDeviceListChangesAsync(
            from ?? throw MatrixResults.MissingParam("from"), to ?? throw MatrixResults.MissingParam("to"));
        return MatrixResults.Json(new { changed = changes.Changed, left = changes.Left });
    }

    internal static string DeviceOf(Requester requester) =>
        requester.DeviceId ?? throw MatrixException.Forbidden("this access token has no device");

    internal static UserId UserOf(string value) =>
        UserId.Parse(value) is { IsOk: true } parsed ? parsed.Value : throw MatrixException.InvalidParam($"'{value}' is not a user id");
}
