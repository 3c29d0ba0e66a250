using Tangle.Gateway.Http;
using Tangle.Gateway.Json;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Sync;

namespace Tangle.Gateway.Endpoints;

/// <summary>/sync, and the ephemeral room data that travels with it: typing, receipts, read markers.</summary>
internal static class SyncEndpoints
{
    public static void MapSyncEndpoints(this IEndpointRouteBuilder client)
    {
        client.Get("/sync", SyncAsync, new AllowGuestsAttribute());
        client.Put("/rooms/{roomId}/typing/{userId}", TypingAsync, new AllowGuestsAttribute());
        client.Post("/rooms/{roomId}/receipt/{receiptType}/{eventId}", ReceiptAsync, new AllowGuestsAttribute());
        client.Post("/rooms/{roomId}/read_markers", ReadMarkersAsync, new AllowGuestsAttribute());
    }

    private static async Task<IResult> SyncAsync(string? since, string? filter, int? timeout, string? full_state, string? set_presence,
        HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var syncFilter = await FilterParsing.SyncFilterAsync(filter, grains.GetGrain<IAccountGrain>(requester.User.Value));
        var result = await grains.GetGrain<IInboxGrain>(requester.User.Value).SyncAsync(new SyncQuery
        {
            Requester = requester,
            Since = since,
            TimeoutMs = Math.Max(timeout ?? 0, 0),
            FullState = full_state == "true",
            Filter = syncFilter,
            SetPresence = set_presence,
        }, http.RequestAborted);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return MatrixResults.Write(w => SyncResponses.Write(w, result, now));
    }

    private static async Task<IResult> TypingAsync(string roomId, string userId, HttpContext http, IGrainFactory grains, Grains.Homeserver.LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        RouteValues.RequireSelf(requester.User, RouteValues.User(userId));
        var body = await http.Request.ReadObjectAsync();
        var typing = body.Bool("typing") ?? throw MatrixResults.MissingParam("typing");
        await grains.Room(homeservers.Default.Name, RouteValues.Room(roomId))
            .SetTypingAsync(requester, typing, (int)Math.Min(body.Long("timeout") ?? 30_000, int.MaxValue));
        return MatrixResults.Empty();
    }

    private static async Task<IResult> ReceiptAsync(string roomId, string receiptType, string eventId, HttpContext http, IGrainFactory grains,
        Grains.Homeserver.LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        var type = RouteValues.Unescape(receiptType);
        var room = grains.Room(homeservers.Default.Name, RouteValues.Room(roomId));
        if (type == "m.fully_read")
        {
            await room.SetReadMarkersAsync(requester, RouteValues.Event(eventId), null, null);
            return MatrixResults.Empty();
        }

        if (type is not ("m.read" or "m.read.private"))
            throw MatrixException.InvalidParam("receipt type must be m.read, m.read.private or m.fully_read");
        await room.SetReceiptAsync(requester, type, RouteValues.Event(eventId), body.String("thread_id"));
        return MatrixResults.Empty();
    }

    private static async Task<IResult> ReadMarkersAsync(string roomId, HttpContext http, IGrainFactory grains, Grains.Homeserver.LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        EventId? Marker(string name) => body.String(name) is { } id ? RouteValues.Event(id) : null;
        await grains.Room(homeservers.Default.Name, RouteValues.Room(roomId))
            .SetReadMarkersAsync(requester, Marker("m.fully_read"), Marker("m.read"), Marker("m.read.private"));
        return MatrixResults.Empty();
    }
}
