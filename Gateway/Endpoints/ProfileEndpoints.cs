using Tangle.Gateway.Federation;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Homeserver;
using Tangle.Protocol.Json;

namespace Tangle.Gateway.Endpoints;

/// <summary>Profiles, account data, filters and devices: what belongs to a user rather than a room.</summary>
internal static class ProfileEndpoints
{
    public static void MapProfileEndpoints(this IEndpointRouteBuilder client)
    {
        client.Get("/profile/{userId}", ProfileAsync, new AllowAnonymousMatrixAttribute());
        client.Get("/profile/{userId}/{field}", ProfileFieldAsync, new AllowAnonymousMatrixAttribute());
        client.Put("/profile/{userId}/{field}", SetProfileFieldAsync);
        client.Get("/user/{userId}/account_data/{type}", GetAccountDataAsync, new AllowGuestsAttribute());
        client.Put("/user/{userId}/account_data/{type}", SetAccountDataAsync, new AllowGuestsAttribute());
        client.Get("/user/{userId}/rooms/{roomId}/account_data/{type}", GetRoomAccountDataAsync, new AllowGuestsAttribute());
        client.Put("/user/{userId}/rooms/{roomId}/account_data/{type}", SetRoomAccountDataAsync, new AllowGuestsAttribute());
        client.Post("/user/{userId}/filter", CreateFilterAsync, new AllowGuestsAttribute());
        client.Get("/user/{userId}/filter/{filterId}", GetFilterAsync, new AllowGuestsAttribute());
        client.Get("/devices", DevicesAsync, new AllowGuestsAttribute());
        client.Get("/devices/{deviceId}", DeviceAsync, new AllowGuestsAttribute());
        client.Put("/devices/{deviceId}", UpdateDeviceAsync, new AllowGuestsAttribute());
        client.Delete("/devices/{deviceId}", DeleteDeviceAsync);
        client.Post("/delete_devices", DeleteDevicesAsync);
    }

    private static async Task<IAccountGrain> ExistingAccountAsync(string userId, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var user = RouteValues.User(userId);
        var account = grains.GetGrain<IAccountGrain>(user.Value);
        if (!homeservers.IsLocal(user.Server) || !(await account.GetInfoAsync()).Exists)
            throw MatrixException.NotFound("profile not found");
        return account;
    }

    private static async Task<IResult> ProfileAsync(string userId, IGrainFactory grains, LocalHomeservers homeservers, RemoteQueries remote)
    {
        if (RouteValues.User(userId) is var user && !homeservers.IsLocal(user.Server))
            return MatrixResults.Json(await remote.ProfileAsync(user, null));
        var profile = await (await ExistingAccountAsync(userId, grains, homeservers)).GetProfileAsync();
        var body = new Dictionary<string, string>();
        if (profile.DisplayName is not null)
            body["displayname"] = profile.DisplayName;
        if (profile.AvatarUrl is not null)
            body["avatar_url"] = profile.AvatarUrl;
        return MatrixResults.Json(body);
    }

    private static async Task<IResult> ProfileFieldAsync(string userId, string field, IGrainFactory grains, LocalHomeservers homeservers,
        RemoteQueries remote)
    {
        if (RouteValues.User(userId) is var user && !homeservers.IsLocal(user.Server))
        {
            var fields = await remote.ProfileAsync(user, field);
            return fields.Count == 0 ? MatrixResults.Error(404, Grains.Matrix.ErrCode.NotFound, $"no {field} set") : MatrixResults.Json(fields);
        }

        var profile = await (await ExistingAccountAsync(userId, grains, homeservers)).GetProfileAsync();
        var value = field switch
        {
            "displayname" => profile.DisplayName,
            "avatar_url" => profile.AvatarUrl,
            _ => null,
        };
        return value is null
            ? MatrixResults.Error(404, Grains.Matrix.ErrCode.NotFound, $"no {field} set")
            : MatrixResults.Json(new Dictionary<string, string> { [field] = value });
    }

    private static async Task<IResult> SetProfileFieldAsync(string userId, string field, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var body = await http.Request.ReadObjectAsync();
        var account = grains.GetGrain<IAccountGrain>(requester.User.Value);
        switch (field)
        {
            case "displayname":
                var name = body.String("displayname");
                if (name is { Length: > 256 })
                    throw MatrixException.InvalidParam("displayname is too long");
                await account.SetDisplayNameAsync(name);
                break;
            case "avatar_url":
                var url = body.String("avatar_url");
                if (url is not null && !url.StartsWith("mxc://", StringComparison.Ordinal))
                    throw MatrixException.InvalidParam("avatar_url must be an mxc:// URI");
                await account.SetAvatarUrlAsync(url);
                break;
            default:
                throw MatrixException.InvalidParam($"unknown profile field {field}");
        }

        return MatrixResults.Empty();
    }

    private static async Task<IResult> GetAccountDataAsync(string userId, string type, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var data = await grains.GetGrain<IAccountGrain>(requester.User.Value).GetAccountDataAsync(null, RouteValues.Unescape(type));
        return data is { } content ? MatrixResults.Write(w => content.WriteTo(w)) : throw MatrixException.NotFound("account data not found");
    }

    private static async Task<IResult> SetAccountDataAsync(string userId, string type, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var eventType = RouteValues.Unescape(type);
        if (eventType is "m.fully_read" or "m.push_rules")
            return MatrixResults.Error(405, Grains.Matrix.ErrCode.BadJson, $"{eventType} cannot be set through this API");
        var content = await http.Request.ReadObjectAsync(numbers: NumberPolicy.Lenient);
        await grains.GetGrain<IAccountGrain>(requester.User.Value).SetAccountDataAsync(null, eventType, content);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> GetRoomAccountDataAsync(string userId, string roomId, string type, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var data = await grains.GetGrain<IAccountGrain>(requester.User.Value).GetAccountDataAsync(RouteValues.Room(roomId), RouteValues.Unescape(type));
        return data is { } content ? MatrixResults.Write(w => content.WriteTo(w)) : throw MatrixException.NotFound("account data not found");
    }

    private static async Task<IResult> SetRoomAccountDataAsync(string userId, string roomId, string type, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var eventType = RouteValues.Unescape(type);
        if (eventType == "m.fully_read")
            return MatrixResults.Error(405, Grains.Matrix.ErrCode.BadJson, "m.fully_read is set through /read_markers");
        var content = await http.Request.ReadObjectAsync(numbers: NumberPolicy.Lenient);
        await grains.GetGrain<IAccountGrain>(requester.User.Value).SetAccountDataAsync(RouteValues.Room(roomId), eventType, content);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> CreateFilterAsync(string userId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var filter = await http.Request.ReadObjectAsync();
        Json.FilterParsing.ParseSyncFilter(filter);
        var id = await grains.GetGrain<IAccountGrain>(requester.User.Value).CreateFilterAsync(filter);
        return MatrixResults.Json(new { filter_id = id });
    }

    private static async Task<IResult> GetFilterAsync(string userId, string filterId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var filter = await grains.GetGrain<IAccountGrain>(requester.User.Value).GetFilterAsync(filterId);
        return filter is { } definition ? MatrixResults.Write(w => definition.WriteTo(w)) : throw MatrixException.NotFound("unknown filter");
    }

    private static async Task<IResult> DevicesAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var devices = await grains.GetGrain<IAccountGrain>(requester.User.Value).GetDevicesAsync();
        return MatrixResults.Json(new { devices = devices.Select(Device) });
    }

    private static async Task<IResult> DeviceAsync(string deviceId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var id = RouteValues.Unescape(deviceId);
        var device = (await grains.GetGrain<IAccountGrain>(requester.User.Value).GetDevicesAsync()).FirstOrDefault(d => d.DeviceId == id);
        return device is null ? throw MatrixException.NotFound("unknown device") : MatrixResults.Json(Device(device));
    }

    private static object Device(DeviceInfo d) =>
        new { device_id = d.DeviceId, display_name = d.DisplayName, last_seen_ip = d.LastSeenIp, last_seen_ts = d.LastSeenTs };

    private static async Task<IResult> UpdateDeviceAsync(string deviceId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        await grains.GetGrain<IAccountGrain>(requester.User.Value).UpdateDeviceAsync(RouteValues.Unescape(deviceId), body.String("display_name"));
        return MatrixResults.Empty();
    }

    private static async Task<IResult> DeleteDeviceAsync(string deviceId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        var account = grains.GetGrain<IAccountGrain>(requester.User.Value);
        var id = RouteValues.Unescape(deviceId);
        if ((await account.GetDevicesAsync()).All(d => d.DeviceId != id))
            throw MatrixException.NotFound("unknown device");
        if (await UserInteractiveAuth.RequirePasswordAsync(body, requester.User, grains) is { } challenge)
            return challenge;
        await account.DeleteDevicesAsync([id]);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> DeleteDevicesAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var devices = body.StringArray("devices") ?? throw MatrixResults.MissingParam("devices");
        if (await UserInteractiveAuth.RequirePasswordAsync(body, requester.User, grains) is { } challenge)
            return challenge;
        await grains.GetGrain<IAccountGrain>(requester.User.Value).DeleteDevicesAsync(devices);
        return MatrixResults.Empty();
    }
}
