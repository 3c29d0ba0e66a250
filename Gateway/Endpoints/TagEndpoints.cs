using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;

namespace Tangle.Gateway.Endpoints;

/// <summary>Room tags (favourites, low priority, custom), kept as the room's m.tag account data.</summary>
internal static class TagEndpoints
{
    private const string TagType = "m.tag";

    public static void MapTagEndpoints(this IEndpointRouteBuilder client)
    {
        client.Get("/user/{userId}/rooms/{roomId}/tags", GetTagsAsync, new AllowGuestsAttribute());
        client.Put("/user/{userId}/rooms/{roomId}/tags/{tag}", PutTagAsync, new AllowGuestsAttribute());
        client.Delete("/user/{userId}/rooms/{roomId}/tags/{tag}", DeleteTagAsync, new AllowGuestsAttribute());
    }

    private static async Task<JsonObject> TagsAsync(IAccountGrain account, Protocol.Identifiers.RoomId room)
    {
        var data = await account.GetAccountDataAsync(room, TagType);
        var tags = data is { ValueKind: JsonValueKind.Object } content && content.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object
            ? JsonNode.Parse(t.GetRawText())!.AsObject()
            : [];
        return tags;
    }

    private static async Task<IResult> GetTagsAsync(string userId, string roomId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var tags = await TagsAsync(grains.GetGrain<IAccountGrain>(requester.User.Value), RouteValues.Room(roomId));
        return MatrixResults.Write(w => new JsonObject { ["tags"] = tags }.WriteTo(w));
    }

    private static async Task<IResult> PutTagAsync(string userId, string roomId, string tag, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        if (body.TryGetProperty("order", out var order) && order.ValueKind != JsonValueKind.Number)
            throw MatrixException.BadJson("order must be a number");
        var name = RouteValues.Unescape(tag);
        if (name.Length is 0 or > 255)
            throw MatrixException.InvalidParam("a tag is 1 to 255 characters");
        await SetAsync(grains.GetGrain<IAccountGrain>(requester.User.Value), RouteValues.Room(roomId), tags =>
            tags[name] = JsonNode.Parse(body.GetRawText()));
        return MatrixResults.Empty();
    }

    private static async Task<IResult> DeleteTagAsync(string userId, string roomId, string tag, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        await SetAsync(grains.GetGrain<IAccountGrain>(requester.User.Value), RouteValues.Room(roomId), tags => tags.Remove(RouteValues.Unescape(tag)));
        return MatrixResults.Empty();
    }

    private static async Task SetAsync(IAccountGrain account, Protocol.Identifiers.RoomId room, Action<JsonObject> change)
    {
        var tags = await TagsAsync(account, room);
        change(tags);
        await account.SetAccountDataAsync(room, TagType, JsonSerializer.SerializeToElement(new JsonObject { ["tags"] = tags }));
    }
}
