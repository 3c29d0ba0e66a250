using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Presence;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Gateway.Endpoints;

/// <summary>Setting and reading a user's presence.</summary>
internal static class PresenceEndpoints
{
    public static void MapPresenceEndpoints(this IEndpointRouteBuilder client)
    {
        client.Put("/presence/{userId}/status", SetPresenceAsync, new AllowGuestsAttribute());
        client.Get("/presence/{userId}/status", GetPresenceAsync, new AllowGuestsAttribute());
    }

    private static async Task<IResult> SetPresenceAsync(string userId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var body = await http.Request.ReadObjectAsync();
        var presence = body.RequiredString("presence");
        if (!PresenceValues.IsValid(presence))
            throw MatrixException.InvalidParam("presence must be online, unavailable or offline");
        await grains.GetGrain<IPresenceGrain>(requester.User.Value).SetAsync(presence, body.String("status_msg"));
        return MatrixResults.Empty();
    }

    private static async Task<IResult> GetPresenceAsync(string userId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var user = RouteValues.User(userId);
        if (!homeservers.IsLocal(user.Server) || !(await grains.GetGrain<IAccountGrain>(user.Value).GetInfoAsync()).Exists)
            throw MatrixException.NotFound("no presence for this user");
        if (user != requester.User && !await ShareARoomAsync(grains, requester.User, user))
            throw MatrixException.Forbidden("you are not allowed to see their presence");
        var presence = await grains.GetGrain<IPresenceGrain>(user.Value).GetAsync();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var response = new Dictionary<string, object?> { ["presence"] = presence.Presence, ["currently_active"] = presence.CurrentlyActive };
        if (presence.LastActiveTs > 0)
            response["last_active_ago"] = Math.Max(0, now - presence.LastActiveTs);
        if (presence.StatusMessage is not null)
            response["status_msg"] = presence.StatusMessage;
        return MatrixResults.Json(response);
    }

    /// <summary>Presence is visible to users who share a joined room.</summary>
    private static async Task<bool> ShareARoomAsync(IGrainFactory grains, UserId a, UserId b)
    {
        static async Task<HashSet<RoomId>> JoinedAsync(IGrainFactory grains, UserId user) =>
            (await grains.GetGrain<IInboxGrain>(user.Value).GetRoomsAsync()).Where(r => r.Membership == Membership.Join).Select(r => r.Room).ToHashSet();
        var rooms = await JoinedAsync(grains, a);
        return rooms.Overlaps(await JoinedAsync(grains, b));
    }
}
