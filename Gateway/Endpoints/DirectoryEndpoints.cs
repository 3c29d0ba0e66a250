using Tangle.Gateway.Federation;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Homeserver;
using Tangle.Grains.RoomDirectory;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Rooms;

namespace Tangle.Gateway.Endpoints;

/// <summary>Room aliases and the public room list.</summary>
internal static class DirectoryEndpoints
{
    public static void MapDirectoryEndpoints(this IEndpointRouteBuilder client)
    {
        client.Get("/directory/room/{roomAlias}", ResolveAliasAsync, new AllowAnonymousMatrixAttribute());
        client.Put("/directory/room/{roomAlias}", CreateAliasAsync);
        client.Delete("/directory/room/{roomAlias}", DeleteAliasAsync);
        client.Get("/rooms/{roomId}/aliases", RoomAliasesAsync, new AllowGuestsAttribute());
        client.Get("/directory/list/room/{roomId}", VisibilityAsync, new AllowAnonymousMatrixAttribute());
        client.Put("/directory/list/room/{roomId}", SetVisibilityAsync);
        client.Get("/publicRooms", PublicRoomsAsync, new AllowAnonymousMatrixAttribute());
        client.Post("/publicRooms", SearchPublicRoomsAsync);
    }

    private static IDirectoryGrain Directory(IGrainFactory grains, LocalHomeservers homeservers) =>
        grains.GetGrain<IDirectoryGrain>(homeservers.Default.Name.Value);

    private static async Task<IResult> ResolveAliasAsync(string roomAlias, IGrainFactory grains, LocalHomeservers homeservers, RemoteQueries remote)
    {
        var alias = RouteValues.Alias(roomAlias);
        if (!homeservers.IsLocal(alias.Server))
        {
            var (room, servers) = await remote.AliasAsync(alias);
            return MatrixResults.Json(new { room_id = room.Value, servers });
        }

        var target = await grains.GetGrain<IDirectoryGrain>(alias.Server.Value).ResolveAliasAsync(alias)
            ?? throw MatrixException.NotFound("room alias not found");
        return MatrixResults.Json(new { room_id = target.Room.Value, servers = target.Servers });
    }

    private static async Task<IResult> CreateAliasAsync(string roomAlias, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var room = RouteValues.Room(body.RequiredString("room_id"));
        var alias = RouteValues.Alias(roomAlias);
        if (!homeservers.IsLocal(alias.Server))
            throw MatrixException.InvalidParam("aliases can only be created on this server");
        if (!await grains.Room(homeservers.Default.Name, room).ExistsAsync())
            throw MatrixException.NotFound("unknown room");
        await grains.GetGrain<IDirectoryGrain>(alias.Server.Value).CreateAliasAsync(alias, room, requester.User);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> DeleteAliasAsync(string roomAlias, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var alias = RouteValues.Alias(roomAlias);
        if (!homeservers.IsLocal(alias.Server))
            throw MatrixException.NotFound("room alias not found");
        var admin = (await grains.GetGrain<IAccountGrain>(requester.User.Value).GetInfoAsync()).Admin;
        await grains.GetGrain<IDirectoryGrain>(alias.Server.Value).DeleteAliasAsync(alias, requester.User, admin);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> RoomAliasesAsync(string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var room = RouteValues.Room(roomId);
        var grain = grains.Room(homeservers.Default.Name, room);
        var summary = await grain.GetSummaryAsync();
        if (await grain.GetMembershipAsync(requester.User) != Membership.Join && summary.HistoryVisibility != "world_readable")
            throw MatrixException.Forbidden("you are not joined to this room");
        var aliases = await Directory(grains, homeservers).GetAliasesAsync(room);
        return MatrixResults.Json(new { aliases = aliases.Select(a => a.Value) });
    }

    private static async Task<IResult> VisibilityAsync(string roomId, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var room = RouteValues.Room(roomId);
        if (!await grains.Room(homeservers.Default.Name, room).ExistsAsync())
            throw MatrixException.NotFound("unknown room");
        var published = await Directory(grains, homeservers).IsPublishedAsync(room);
        return MatrixResults.Json(new { visibility = published ? "public" : "private" });
    }

    private static async Task<IResult> SetVisibilityAsync(string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var visibility = body.String("visibility") ?? "public";
        if (visibility is not ("public" or "private"))
            throw MatrixException.InvalidParam("visibility must be public or private");
        var room = RouteValues.Room(roomId);
        var grain = grains.Room(homeservers.Default.Name, room);
        if (await grain.GetMembershipAsync(requester.User) != Membership.Join)
            throw MatrixException.Forbidden("only members may publish a room");
        await Directory(grains, homeservers).SetVisibilityAsync(room, visibility == "public");
        return MatrixResults.Empty();
    }

    private static async Task<IResult> PublicRoomsAsync(int? limit, string? since, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var page = await Directory(grains, homeservers).GetPublicRoomsAsync(limit ?? 0, since, null, null);
        return PublicRooms(page);
    }

    private static async Task<IResult> SearchPublicRoomsAsync(HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        var filter = body.Object("filter");
        IReadOnlyList<string?>? roomTypes = null;
        if (filter is { } f && f.TryGetProperty("room_types", out var types) && types.ValueKind == System.Text.Json.JsonValueKind.Array)
            roomTypes = types.EnumerateArray().Select(t => t.ValueKind == System.Text.Json.JsonValueKind.String ? t.GetString() : null).ToList();
        var page = await Directory(grains, homeservers).GetPublicRoomsAsync((int)Math.Min(body.Long("limit") ?? 0, 500), body.String("since"),
            filter?.String("generic_search_term"), roomTypes);
        return PublicRooms(page);
    }

    internal static IResult PublicRooms(PublicRoomsPage page) => MatrixResults.Json(new
    {
        chunk = page.Rooms.Select(Chunk),
        next_batch = page.NextBatch,
        prev_batch = page.PrevBatch,
        total_room_count_estimate = page.TotalEstimate,
    });

    internal static Dictionary<string, object?> Chunk(RoomSummary s)
    {
        var chunk = new Dictionary<string, object?>
        {
            ["room_id"] = s.RoomId.Value,
            ["num_joined_members"] = s.JoinedMembers,
            ["world_readable"] = s.HistoryVisibility == "world_readable",
            ["guest_can_join"] = s.GuestCanJoin,
            ["join_rule"] = s.JoinRule ?? "public",
        };
        if (s.Name is not null)
            chunk["name"] = s.Name;
        if (s.Topic is not null)
            chunk["topic"] = s.Topic;
        if (s.CanonicalAlias is not null)
            chunk["canonical_alias"] = s.CanonicalAlias;
        if (s.AvatarUrl is not null)
            chunk["avatar_url"] = s.AvatarUrl;
        if (s.RoomType is not null)
            chunk["room_type"] = s.RoomType;
        return chunk;
    }
}
