using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Keys;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Endpoints;

/// <summary>Server-side room key backups: versions, and the session keys stored in them.</summary>
internal static class KeyBackupEndpoints
{
    public static void MapKeyBackupEndpoints(this IEndpointRouteBuilder client)
    {
        client.Post("/room_keys/version", CreateVersionAsync);
        client.Get("/room_keys/version", (HttpContext http, IGrainFactory grains) => GetVersionAsync(null, http, grains));
        client.Get("/room_keys/version/{version}", (string version, HttpContext http, IGrainFactory grains) =>
            GetVersionAsync(RouteValues.Unescape(version), http, grains));
        client.Put("/room_keys/version/{version}", UpdateVersionAsync);
        client.Delete("/room_keys/version/{version}", DeleteVersionAsync);

        client.Put("/room_keys/keys", (string? version, HttpContext http, IGrainFactory grains) => PutKeysAsync(version, null, null, http, grains));
        client.Put("/room_keys/keys/{roomId}", (string? version, string roomId, HttpContext http, IGrainFactory grains) =>
            PutKeysAsync(version, roomId, null, http, grains));
        client.Put("/room_keys/keys/{roomId}/{sessionId}", (string? version, string roomId, string sessionId, HttpContext http, IGrainFactory grains) =>
            PutKeysAsync(version, roomId, sessionId, http, grains));
        client.Get("/room_keys/keys", (string? version, HttpContext http, IGrainFactory grains) => GetKeysAsync(version, null, null, http, grains));
        client.Get("/room_keys/keys/{roomId}", (string? version, string roomId, HttpContext http, IGrainFactory grains) =>
            GetKeysAsync(version, roomId, null, http, grains));
        client.Get("/room_keys/keys/{roomId}/{sessionId}", (string? version, string roomId, string sessionId, HttpContext http, IGrainFactory grains) =>
            GetKeysAsync(version, roomId, sessionId, http, grains));
        client.Delete("/room_keys/keys", (string? version, HttpContext http, IGrainFactory grains) => DeleteKeysAsync(version, null, null, http, grains));
        client.Delete("/room_keys/keys/{roomId}", (string? version, string roomId, HttpContext http, IGrainFactory grains) =>
            DeleteKeysAsync(version, roomId, null, http, grains));
        client.Delete("/room_keys/keys/{roomId}/{sessionId}", (string? version, string roomId, string sessionId, HttpContext http, IGrainFactory grains) =>
            DeleteKeysAsync(version, roomId, sessionId, http, grains));
    }

    private static IKeyBackupGrain Backup(HttpContext http, IGrainFactory grains) =>
        grains.GetGrain<IKeyBackupGrain>(MatrixAuthentication.RequesterOf(http).User.Value);

    private static async Task<IResult> CreateVersionAsync(HttpContext http, IGrainFactory grains)
    {
        var body = await http.Request.ReadObjectAsync();
        var algorithm = body.RequiredString("algorithm");
        var authData = body.Object("auth_data") ?? throw MatrixResults.MissingParam("auth_data");
        return MatrixResults.Json(new { version = await Backup(http, grains).CreateVersionAsync(algorithm, authData) });
    }

    private static async Task<IResult> GetVersionAsync(string? version, HttpContext http, IGrainFactory grains)
    {
        var backup = await Backup(http, grains).GetVersionAsync(version);
        return MatrixResults.Json(new
        {
            algorithm = backup.Algorithm,
            auth_data = backup.AuthData,
            count = backup.Counts.Count,
            etag = backup.Counts.Etag,
            version = backup.Version,
        });
    }

    private static async Task<IResult> UpdateVersionAsync(string version, HttpContext http, IGrainFactory grains)
    {
        var body = await http.Request.ReadObjectAsync();
        var algorithm = body.RequiredString("algorithm");
        var authData = body.Object("auth_data") ?? throw MatrixResults.MissingParam("auth_data");
        var named = RouteValues.Unescape(version);
        if (body.String("version") is { } inBody && inBody != named)
            throw MatrixException.InvalidParam("the version in the body does not match the one in the path");
        await Backup(http, grains).UpdateVersionAsync(named, algorithm, authData);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> DeleteVersionAsync(string version, HttpContext http, IGrainFactory grains)
    {
        await Backup(http, grains).DeleteVersionAsync(RouteValues.Unescape(version));
        return MatrixResults.Empty();
    }

    private static async Task<IResult> PutKeysAsync(string? version, string? roomId, string? sessionId, HttpContext http, IGrainFactory grains)
    {
        var named = version ?? throw MatrixResults.MissingParam("version");
        var body = await http.Request.ReadObjectAsync();
        var keys = new List<BackedUpSessionKey>();
        if (roomId is null)
        {
            var rooms = body.Object("rooms") ?? throw MatrixResults.MissingParam("rooms");
            foreach (var room in rooms.EnumerateObject())
                keys.AddRange(RoomKeys(RoomInBody(room.Name), rooms.Object(room.Name) ?? throw MatrixException.BadJson($"rooms.{room.Name} must be an object")));
        }
        else if (sessionId is null)
        {
            keys.AddRange(RoomKeys(RouteValues.Room(roomId).Value, body));
        }
        else
        {
            keys.Add(SessionKey(RouteValues.Room(roomId).Value, RouteValues.Unescape(sessionId), body));
        }

        var result = await Backup(http, grains).PutKeysAsync(named, keys);
        if (result.Counts is not { } counts)
        {
            return MatrixResults.Error(403, ErrCode.WrongRoomKeysVersion, "that is not the current backup version",
                extra: new Dictionary<string, object?> { ["current_version"] = result.CurrentVersion });
        }

        return MatrixResults.Json(new { etag = counts.Etag, count = counts.Count });
    }

    private static string RoomInBody(string roomId) =>
        RoomId.Parse(roomId).IsOk ? roomId : throw MatrixException.InvalidParam($"'{roomId}' is not a room id");

    private static IEnumerable<BackedUpSessionKey> RoomKeys(string roomId, JsonElement room)
    {
        var sessions = room.Object("sessions") ?? throw MatrixResults.MissingParam("sessions");
        return sessions.EnumerateObject().Select(s => SessionKey(roomId, s.Name,
            sessions.Object(s.Name) ?? throw MatrixException.BadJson($"sessions.{s.Name} must be an object"))).ToList();
    }

    private static BackedUpSessionKey SessionKey(string roomId, string sessionId, JsonElement data) => new(
        roomId,
        sessionId,
        data.Long("first_message_index") ?? throw MatrixResults.MissingParam("first_message_index"),
        data.Long("forwarded_count") ?? throw MatrixResults.MissingParam("forwarded_count"),
        data.Bool("is_verified") ?? throw MatrixResults.MissingParam("is_verified"),
        data.Object("session_data") ?? throw MatrixResults.MissingParam("session_data"));

    private static async Task<IResult> GetKeysAsync(string? version, string? roomId, string? sessionId, HttpContext http, IGrainFactory grains)
    {
        var named = version ?? throw MatrixResults.MissingParam("version");
        var room = roomId is null ? null : RouteValues.Room(roomId).Value;
        var session = sessionId is null ? null : RouteValues.Unescape(sessionId);
        var keys = await Backup(http, grains).GetKeysAsync(named, room, session);
        if (session is not null)
            return keys.Count == 1 ? MatrixResults.Json(KeyData(keys[0])) : MatrixResults.Error(404, ErrCode.NotFound, "key not found");
        if (room is not null)
            return MatrixResults.Json(new { sessions = Sessions(keys) });
        return MatrixResults.Json(new
        {
            rooms = keys.GroupBy(k => k.RoomId).ToDictionary(g => g.Key, g => new { sessions = Sessions(g) }),
        });
    }

    private static Dictionary<string, object> Sessions(IEnumerable<BackedUpSessionKey> keys) => keys.ToDictionary(k => k.SessionId, KeyData);

    private static object KeyData(BackedUpSessionKey key) => new
    {
        first_message_index = key.FirstMessageIndex,
        forwarded_count = key.ForwardedCount,
        is_verified = key.IsVerified,
        session_data = key.SessionData,
    };

    private static async Task<IResult> DeleteKeysAsync(string? version, string? roomId, string? sessionId, HttpContext http, IGrainFactory grains)
    {
        var named = version ?? throw MatrixResults.MissingParam("version");
        var room = roomId is null ? null : RouteValues.Room(roomId).Value;
        var counts = await Backup(http, grains).DeleteKeysAsync(named, room, sessionId is null ? null : RouteValues.Unescape(sessionId));
        return MatrixResults.Json(new { etag = counts.Etag, count = counts.Count });
    }
}
