using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Keys;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Json;

namespace Tangle.Gateway.Endpoints;

/// <summary>Cross-signing: uploading a user's master, self-signing and user-signing keys, and signatures made with them.</summary>
internal static class CrossSigningEndpoints
{
    public static void MapCrossSigningEndpoints(this IEndpointRouteBuilder client)
    {
        client.Post("/keys/device_signing/upload", UploadKeysAsync);
        client.Post("/keys/signatures/upload", UploadSignaturesAsync);
    }

    private static async Task<IResult> UploadKeysAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var upload = new CrossSigningKeys(body.Object("master_key"), body.Object("self_signing_key"), body.Object("user_signing_key"));
        var keys = grains.GetGrain<IDeviceKeysGrain>(requester.User.Value);
        if (NeedsAuthentication(await keys.GetCrossSigningKeysAsync(), upload)
            && await UserInteractiveAuth.RequirePasswordAsync(body, requester.User, grains) is { } challenge)
            return challenge;
        var devices = await grains.GetGrain<IAccountGrain>(requester.User.Value).GetDevicesAsync();
        await keys.UploadCrossSigningKeysAsync(upload, devices.Select(d => d.DeviceId).ToList());
        return MatrixResults.Empty();
    }

    /// <summary>
    /// The specification waives user-interactive auth when the user has no master key yet, and when the
    /// upload only repeats the keys held (so a retried first upload does not hit a challenge).
    /// </summary>
    private static bool NeedsAuthentication(CrossSigningKeys held, CrossSigningKeys upload)
    {
        if (held.Master is null)
            return false;
        return !(Same(held.Master, upload.Master)
            && (upload.SelfSigning is null || Same(held.SelfSigning, upload.SelfSigning))
            && (upload.UserSigning is null || Same(held.UserSigning, upload.UserSigning)));
    }

    private static bool Same(JsonElement? held, JsonElement? uploaded) =>
        held is { } a && uploaded is { ValueKind: JsonValueKind.Object } b && CanonicalJson.EncodeToString(a) == CanonicalJson.EncodeToString(b);

    private static async Task<IResult> UploadSignaturesAsync(HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        JsonElement? userSigningKey = null;
        var failures = new Dictionary<string, IReadOnlyDictionary<string, object>>();
        foreach (var entry in body.EnumerateObject())
        {
            var user = KeysEndpoints.UserOf(entry.Name);
            var signed = body.Object(entry.Name) ?? throw MatrixException.BadJson($"{entry.Name} must map key ids to signed keys");
            var keys = signed.EnumerateObject().ToDictionary(k => k.Name, k => k.Value);
            if (!homeservers.IsLocal(user.Server))
            {
                failures[user.Value] = keys.Keys.ToDictionary(k => k, object (_) => new
                {
                    errcode = ErrCode.Unknown, error = "signatures of keys of users on other servers cannot be sent yet",
                });
                continue;
            }

            if (user != requester.User)
                userSigningKey ??= (await grains.GetGrain<IDeviceKeysGrain>(requester.User.Value).GetCrossSigningKeysAsync()).UserSigning;
            var failed = await grains.GetGrain<IDeviceKeysGrain>(user.Value).UploadSignaturesAsync(requester.User, keys, userSigningKey);
            if (failed.Count > 0)
                failures[user.Value] = failed.ToDictionary(f => f.Key, object (f) => new { errcode = f.Value.ErrCode, error = f.Value.Error });
        }

        return MatrixResults.Json(new { failures });
    }
}
