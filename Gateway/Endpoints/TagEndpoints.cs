using System.Text;
using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Json;

namespace Tangle.Gateway.Endpoints;

/// <summary>Room tags (spec: Room Tagging): a user's labels for a room, kept in its m.tag account data.</summary>
internal static class TagEndpoints
{
    private const int MaxTagBytes = 255;

    public static void MapTagEndpoints(this IEndpointRouteBuilder client)
    {
        client.Get("/user/{userId}/rooms/{roomId}/tags", GetTagsAsync, new AllowGuestsAttribute());
        client.Put("/user/{userId}/rooms/{roomId}/tags/{tag}", PutTagAsync, new AllowGuestsAttribute());
        client.Delete("/user/{userId}/rooms/{roomId}/tags/{tag}", DeleteTagAsync, new AllowGuestsAttribute());
    }

    private static async Task<IResult> GetTagsAsync(string userId, string roomId, HttpContext http, IGrainFactory grains)
    {
        var account = OwnAccount(userId, http, grains);
        var data = await account.GetAccountDataAsync(RouteValues.Room(roomId), "m.tag");
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("tags");
            if (data is { ValueKind: JsonValueKind.Object } content && content.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
                tags.WriteTo(w);
            else
                w.WriteRawValue("{}");
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> PutTagAsync(string userId, string roomId, string tag, HttpContext http, IGrainFactory grains)
    {
        var account = OwnAccount(userId, http, grains);
        var content = await http.Request.ReadObjectAsync(numbers: NumberPolicy.Lenient);
        if (content.TryGetProperty("order", out var order) && order.ValueKind != JsonValueKind.Number)
            throw new MatrixException(ErrCode.BadJson, "order must be a number", 400);
        await account.SetRoomTagAsync(RouteValues.Room(roomId), TagName(tag), content);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> DeleteTagAsync(string userId, string roomId, string tag, HttpContext http, IGrainFactory grains)
    {
        await OwnAccount(userId, http, grains).SetRoomTagAsync(RouteValues.Room(roomId), TagName(tag), null);
        return MatrixResults.Empty();
    }

    private static IAccountGrain OwnAccount(string userId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        return grains.GetGrain<IAccountGrain>(requester.User.Value);
    }

    private static string TagName(string tag)
    {
        var name = RouteValues.Unescape(tag);
        return Encoding.UTF8.GetByteCount(name) <= MaxTagBytes ? name
            : throw new MatrixException(ErrCode.InvalidParam, $"a tag name is at most {MaxTagBytes} bytes", 400);
    }
}
