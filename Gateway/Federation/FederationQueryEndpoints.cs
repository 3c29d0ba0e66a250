using System.Text.Json;
using Tangle.Gateway.Endpoints;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Federation;
using Tangle.Grains.RoomDirectory;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Federation;

/// <summary>What other servers may ask about this one: its version, its users' profiles, its aliases and public rooms.</summary>
internal static class FederationQueryEndpoints
{
    public static void MapFederationQueryEndpoints(this IEndpointRouteBuilder federation)
    {
        federation.MapGet("/v1/version", () => MatrixResults.Json(new { server = new { name = ServerVersion.Name, version = ServerVersion.Version } }))
            .WithMetadata(new AllowUnsignedFederationAttribute());
        federation.MapGet("/v1/query/profile", ProfileAsync);
        federation.MapGet("/v1/query/directory", DirectoryAsync);
        federation.MapGet("/v1/publicRooms", PublicRoomsAsync);
        federation.MapPost("/v1/publicRooms", SearchPublicRoomsAsync);
    }

    private static async Task<IResult> ProfileAsync(string? user_id, string? field, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var user = RouteValues.UserParameter(user_id, "user_id");
        if (user.Server != request.Destination.Name)
            throw MatrixException.NotFound("the user does not belong to this server");
        var account = grains.GetGrain<IAccountGrain>(user.Value);
        if (!(await account.GetInfoAsync()).Exists)
            throw MatrixException.NotFound("the user does not exist");
        var profile = await account.GetProfileAsync();
        var body = new Dictionary<string, string>();
        if (profile.DisplayName is not null && field is null or "displayname")
            body["displayname"] = profile.DisplayName;
        if (profile.AvatarUrl is not null && field is null or "avatar_url")
            body["avatar_url"] = profile.AvatarUrl;
        if (field is not null && body.Count == 0)
            throw MatrixException.NotFound($"the user has no {field}");
        return MatrixResults.Json(body);
    }

    private static async Task<IResult> DirectoryAsync(string? room_alias, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        if (room_alias is null)
            throw MatrixResults.MissingParam("room_alias");
        if (!RoomAlias.Parse(room_alias).TryGetValue(out var alias, out _))
            throw MatrixException.InvalidParam($"'{room_alias}' is not a room alias");
        if (alias.Server != request.Destination.Name)
            throw MatrixException.NotFound("the alias does not belong to this server");
        var target = await grains.GetGrain<IDirectoryGrain>(alias.Server.Value).ResolveAliasAsync(alias)
            ?? throw MatrixException.NotFound("room alias not found");
        return MatrixResults.Json(new { room_id = target.Room.Value, servers = target.Servers });
    }

    private static async Task<IResult> PublicRoomsAsync(int? limit, string? since, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var page = await grains.GetGrain<IDirectoryGrain>(request.Destination.Name.Value)
            .GetPublicRoomsAsync(Math.Clamp(limit ?? 0, 0, 500), since, null, null);
        return DirectoryEndpoints.PublicRooms(page);
    }

    private static async Task<IResult> SearchPublicRoomsAsync(HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var body = request.Body is { ValueKind: JsonValueKind.Object } b ? b : JsonDocument.Parse("{}").RootElement;
        var filter = body.Object("filter");
        IReadOnlyList<string?>? roomTypes = null;
        if (filter is { } f && f.TryGetProperty("room_types", out var types) && types.ValueKind == JsonValueKind.Array)
            roomTypes = types.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null).ToList();
        var page = await grains.GetGrain<IDirectoryGrain>(request.Destination.Name.Value).GetPublicRoomsAsync(
            (int)Math.Clamp(body.Long("limit") ?? 0, 0, 500), body.String("since"), filter?.String("generic_search_term"), roomTypes);
        return DirectoryEndpoints.PublicRooms(page);
    }
}
