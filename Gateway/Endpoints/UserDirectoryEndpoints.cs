using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Homeserver;
using Tangle.Grains.UserDirectory;

namespace Tangle.Gateway.Endpoints;

/// <summary>Searching the user directory.</summary>
internal static class UserDirectoryEndpoints
{
    /// <summary>The specification's default number of results.</summary>
    private const int DefaultLimit = 10;

    public static void MapUserDirectoryEndpoints(this IEndpointRouteBuilder client) =>
        client.Post("/user_directory/search", SearchAsync);

    private static async Task<IResult> SearchAsync(HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var term = body.RequiredString("search_term");
        var limit = body.Long("limit") ?? DefaultLimit;
        if (limit < 0)
            throw MatrixException.InvalidParam("limit must not be negative");
        var page = await grains.GetGrain<IUserDirectoryGrain>(homeservers.Default.Name.Value)
            .SearchAsync(requester.User, term, (int)Math.Min(limit, int.MaxValue));
        return MatrixResults.Json(new
        {
            results = page.Results.Select(Result),
            limited = page.Limited,
        });
    }

    private static Dictionary<string, string> Result(DirectoryUser user)
    {
        var result = new Dictionary<string, string> { ["user_id"] = user.UserId };
        if (user.DisplayName is not null)
            result["display_name"] = user.DisplayName;
        if (user.AvatarUrl is not null)
            result["avatar_url"] = user.AvatarUrl;
        return result;
    }
}
