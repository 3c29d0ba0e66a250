using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Gateway.Endpoints;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Keys;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Federation;

/// <summary>
/// End-to-end encryption keys of this server's users, as other servers fetch them: device lists, device and
/// cross-signing keys, and one-time keys. Another server never sees a user-signing key, nor signatures its
/// owner did not make.
/// </summary>
internal static class FederationKeyEndpoints
{
    public static void MapFederationKeyEndpoints(this IEndpointRouteBuilder federation)
    {
        federation.MapGet("/v1/user/devices/{userId}", DevicesAsync);
        federation.MapPost("/v1/user/keys/query", QueryAsync);
        federation.MapPost("/v1/user/keys/claim", ClaimAsync);
    }

    private static async Task<IResult> DevicesAsync(string userId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var user = RouteValues.User(userId);
        if (user.Server != request.Destination.Name)
            throw MatrixException.Forbidden($"{user} is not a user of {request.Destination.Name}");
        var account = grains.GetGrain<IAccountGrain>(user.Value);
        if (!(await account.GetInfoAsync()).Exists)
            throw MatrixException.NotFound("the user does not exist");

        var keys = await grains.GetGrain<IDeviceKeysGrain>(user.Value).QueryAsync(null, []);
        var names = (await account.GetDevicesAsync()).ToDictionary(d => d.DeviceId, d => d.DisplayName, StringComparer.Ordinal);
        var devices = new List<Dictionary<string, object>>();
        foreach (var (deviceId, deviceKeys) in keys.Devices.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            var device = new Dictionary<string, object> { ["device_id"] = deviceId, ["keys"] = deviceKeys };
            if (names.GetValueOrDefault(deviceId) is { } name)
                device["device_display_name"] = name;
            devices.Add(device);
        }

        var body = new Dictionary<string, object> { ["user_id"] = user.Value, ["stream_id"] = keys.StreamId, ["devices"] = devices };
        if (keys.Master is { } master)
            body["master_key"] = master;
        if (keys.SelfSigning is { } selfSigning)
            body["self_signing_key"] = selfSigning;
        return MatrixResults.Json(body);
    }

    private static async Task<IResult> QueryAsync(HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var wanted = BodyOf(request).Object("device_keys") ?? throw MatrixResults.MissingParam("device_keys");
        var deviceKeys = new Dictionary<string, Dictionary<string, JsonNode>>();
        var master = new Dictionary<string, JsonElement>();
        var selfSigning = new Dictionary<string, JsonElement>();
        foreach (var entry in wanted.EnumerateObject())
        {
            var devices = wanted.StringArray(entry.Name) ?? [];
            if (LocalUser(entry.Name, request) is not { } user)
                continue;
            var keys = await grains.GetGrain<IDeviceKeysGrain>(user.Value).QueryAsync(null, devices);
            deviceKeys[user.Value] = await KeysEndpoints.WithDisplayNamesAsync(keys.Devices, grains.GetGrain<IAccountGrain>(user.Value));
            if (keys.Master is { } m)
                master[user.Value] = m;
            if (keys.SelfSigning is { } s)
                selfSigning[user.Value] = s;
        }

        return MatrixResults.Json(new { device_keys = deviceKeys, master_keys = master, self_signing_keys = selfSigning });
    }

    private static async Task<IResult> ClaimAsync(HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var wanted = BodyOf(request).Object("one_time_keys") ?? throw MatrixResults.MissingParam("one_time_keys");
        var claimed = new Dictionary<string, Dictionary<string, Dictionary<string, JsonElement>>>();
        foreach (var entry in wanted.EnumerateObject())
        {
            var byDevice = wanted.Object(entry.Name) ?? throw MatrixException.BadJson($"one_time_keys.{entry.Name} must be an object");
            var algorithms = byDevice.EnumerateObject().ToDictionary(d => d.Name, d => byDevice.String(d.Name)
                ?? throw MatrixException.BadJson($"one_time_keys.{entry.Name}.{d.Name} must be an algorithm"), StringComparer.Ordinal);
            if (LocalUser(entry.Name, request) is not { } user || algorithms.Count == 0)
                continue;
            var keys = await grains.GetGrain<IDeviceKeysGrain>(user.Value).ClaimAsync(algorithms);
            if (keys.Count > 0)
                claimed[user.Value] = keys.ToDictionary(k => k.Key, k => new Dictionary<string, JsonElement> { [k.Value.KeyId] = k.Value.Key });
        }

        return MatrixResults.Json(new { one_time_keys = claimed });
    }

    /// <summary>
    /// The user, when it is one of the destination's. Requested users must be local; the specification gives
    /// no error for others, so they are left out of the answer as unknown users are.
    /// </summary>
    private static UserId? LocalUser(string value, FederationRequest request) =>
        UserId.Parse(value).TryGetValue(out var user, out _) && user.Server == request.Destination.Name ? user : null;

    private static JsonElement BodyOf(FederationRequest request) => request.Body switch
    {
        { ValueKind: JsonValueKind.Object } body => body,
        null => throw new MatrixException(ErrCode.NotJson, "the request body must be a JSON object", 400),
        _ => throw MatrixException.BadJson("the request body must be a JSON object"),
    };
}
