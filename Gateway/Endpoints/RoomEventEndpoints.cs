using System.Globalization;
using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Gateway.Json;
using Tangle.Grains;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Rooms;
using Tangle.Grains.Sync;
using Tangle.Protocol.Rooms;

namespace Tangle.Gateway.Endpoints;

/// <summary>Sending events and reading a room's events, state and members.</summary>
internal static class RoomEventEndpoints
{
    public static void MapRoomEventEndpoints(this IEndpointRouteBuilder client)
    {
        client.Put("/rooms/{roomId}/send/{eventType}/{txnId}", SendAsync, new AllowGuestsAttribute());
        client.Put("/rooms/{roomId}/state/{eventType}/{*stateKey}", SendStateAsync);
        client.Get("/rooms/{roomId}/state/{eventType}/{*stateKey}", GetStateEventAsync, new AllowGuestsAttribute());
        client.Get("/rooms/{roomId}/state", GetStateAsync, new AllowGuestsAttribute());
        client.Put("/rooms/{roomId}/redact/{eventId}/{txnId}", RedactAsync);
        client.Get("/rooms/{roomId}/event/{eventId}", GetEventAsync, new AllowGuestsAttribute());
        client.Get("/rooms/{roomId}/context/{eventId}", GetContextAsync, new AllowGuestsAttribute());
        client.Get("/rooms/{roomId}/messages", GetMessagesAsync, new AllowGuestsAttribute());
        client.Get("/rooms/{roomId}/members", GetMembersAsync, new AllowGuestsAttribute());
        client.Get("/rooms/{roomId}/joined_members", GetJoinedMembersAsync, new AllowGuestsAttribute());
        client.MapV1("GET", "/rooms/{roomId}/timestamp_to_event", TimestampToEventAsync);
        client.MapV1("GET", "/rooms/{roomId}/relations/{eventId}", (string roomId, string eventId, HttpContext http, IGrainFactory g, LocalHomeservers hs) =>
            RelationsAsync(roomId, eventId, null, null, http, g, hs));
        client.MapV1("GET", "/rooms/{roomId}/relations/{eventId}/{relType}", (string roomId, string eventId, string relType, HttpContext http, IGrainFactory g, LocalHomeservers hs) =>
            RelationsAsync(roomId, eventId, relType, null, http, g, hs));
        client.MapV1("GET", "/rooms/{roomId}/relations/{eventId}/{relType}/{eventType}", (string roomId, string eventId, string relType, string eventType, HttpContext http, IGrainFactory g, LocalHomeservers hs) =>
            RelationsAsync(roomId, eventId, relType, eventType, http, g, hs));
        client.MapV1("GET", "/rooms/{roomId}/threads", ThreadsAsync);
    }

    private static IRoomGrain Room(IGrainFactory grains, LocalHomeservers homeservers, string roomId) =>
        grains.Room(homeservers.Default.Name, RouteValues.Room(roomId));

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static async Task<IResult> SendAsync(string roomId, string eventType, string txnId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var content = await http.Request.ReadObjectAsync();
        var type = RouteValues.Unescape(eventType);
        EventId? redacts = null;
        if (type == EventTypes.Redaction && content.String("redacts") is { } target)
            redacts = RouteValues.Event(target);
        var id = await Room(grains, homeservers, roomId).SendAsync(new SendEventCommand
        {
            Sender = requester, Type = type, Content = content, Redacts = redacts,
            Transaction = new ClientTransaction(requester.DeviceId ?? "", RouteValues.Unescape(txnId), $"send/{type}"),
        });
        await grains.GetGrain<Grains.Presence.IPresenceGrain>(requester.User.Value).BumpActiveAsync();
        return MatrixResults.Json(new { event_id = id.Value });
    }

    private static async Task<IResult> SendStateAsync(string roomId, string eventType, string? stateKey, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var content = await http.Request.ReadObjectAsync();
        var id = await Room(grains, homeservers, roomId).SendAsync(new SendEventCommand
        {
            Sender = requester, Type = RouteValues.Unescape(eventType), StateKey = RouteValues.Unescape(stateKey ?? ""), Content = content,
        });
        return MatrixResults.Json(new { event_id = id.Value });
    }

    private static async Task<IResult> GetStateEventAsync(string roomId, string eventType, string? stateKey, string? format, HttpContext http,
        IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var view = await Room(grains, homeservers, roomId).GetStateEventAsync(requester, RouteValues.Unescape(eventType), RouteValues.Unescape(stateKey ?? ""));
        if (format == "event")
            return MatrixResults.Write(w => ClientEvents.Write(w, view, includeRoomId: true, Now));
        return MatrixResults.Write(w => view.Event.Content.WriteTo(w));
    }

    private static async Task<IResult> GetStateAsync(string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var state = await Room(grains, homeservers, roomId).GetStateAsync(requester);
        return MatrixResults.Write(w =>
        {
            w.WriteStartArray();
            foreach (var view in state)
                ClientEvents.Write(w, view, includeRoomId: true, Now);
            w.WriteEndArray();
        });
    }

    private static async Task<IResult> RedactAsync(string roomId, string eventId, string txnId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        var target = RouteValues.Event(eventId);
        var content = body.String("reason") is { } reason
            ? JsonSerializer.SerializeToElement(new { reason })
            : JsonSerializer.SerializeToElement(new { });
        var id = await Room(grains, homeservers, roomId).SendAsync(new SendEventCommand
        {
            Sender = requester, Type = EventTypes.Redaction, Content = content, Redacts = target,
            Transaction = new ClientTransaction(requester.DeviceId ?? "", RouteValues.Unescape(txnId), $"redact/{target.Value}"),
        });
        return MatrixResults.Json(new { event_id = id.Value });
    }

    private static async Task<IResult> GetEventAsync(string roomId, string eventId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var view = await Room(grains, homeservers, roomId).GetEventAsync(requester, RouteValues.Event(eventId));
        return MatrixResults.Write(w => ClientEvents.Write(w, view, includeRoomId: true, Now));
    }

    private static async Task<IResult> GetContextAsync(string roomId, string eventId, int? limit, string? filter, HttpContext http,
        IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var context = await Room(grains, homeservers, roomId).GetContextAsync(requester, RouteValues.Event(eventId),
            Math.Clamp(limit ?? 10, 0, 100), FilterParsing.ParseRoomEventFilter(filter));
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("event");
            ClientEvents.Write(w, context.Event, includeRoomId: true, Now);
            ClientEvents.WriteArray(w, "events_before", context.Before, includeRoomId: true, Now);
            ClientEvents.WriteArray(w, "events_after", context.After, includeRoomId: true, Now);
            ClientEvents.WriteArray(w, "state", context.State, includeRoomId: true, Now);
            w.WriteString("start", RoomTokens.Format(context.Start));
            w.WriteString("end", RoomTokens.Format(context.End));
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> GetMessagesAsync(string roomId, string? from, string? to, string? dir, int? limit, string? filter,
        HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var room = RouteValues.Room(roomId);
        var direction = dir switch
        {
            "b" => Direction.Backwards,
            "f" => Direction.Forwards,
            null => throw MatrixResults.MissingParam("dir"),
            _ => throw MatrixException.InvalidParam("dir must be b or f"),
        };
        var page = await grains.Room(homeservers.Default.Name, room).GetMessagesAsync(new MessagesQuery
        {
            Requester = requester,
            From = await PositionAsync(from, requester, room, grains),
            To = await PositionAsync(to, requester, room, grains),
            Direction = direction,
            Limit = Math.Clamp(limit ?? 10, 1, 1000),
            Filter = FilterParsing.ParseRoomEventFilter(filter),
        });
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            ClientEvents.WriteArray(w, "chunk", page.Chunk, includeRoomId: true, Now);
            w.WriteString("start", RoomTokens.Format(page.Start));
            if (page.End is { } end)
                w.WriteString("end", RoomTokens.Format(end));
            if (page.State.Count > 0)
                ClientEvents.WriteArray(w, "state", page.State, includeRoomId: true, Now);
            w.WriteEndObject();
        });
    }

    /// <summary>A pagination token: a room token, or a sync token (next_batch/prev_batch) resolved through the inbox.</summary>
    private static async Task<long?> PositionAsync(string? token, Requester requester, Protocol.Identifiers.RoomId room, IGrainFactory grains)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        if (RoomTokens.TryParse(token, out var position))
            return position;
        if (token.StartsWith('s'))
            return await grains.GetGrain<IInboxGrain>(requester.User.Value).GetRoomPositionAsync(token, room) ?? 0;
        throw MatrixException.InvalidParam("unknown pagination token");
    }

    private static async Task<IResult> GetMembersAsync(string roomId, string? at, string? membership, string? not_membership, HttpContext http,
        IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var room = RouteValues.Room(roomId);
        var members = await grains.Room(homeservers.Default.Name, room)
            .GetMembersAsync(requester, await PositionAsync(at, requester, room, grains), membership, not_membership);
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            ClientEvents.WriteArray(w, "chunk", members, includeRoomId: true, Now);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> GetJoinedMembersAsync(string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var members = await Room(grains, homeservers, roomId).GetJoinedMembersAsync(requester);
        return MatrixResults.Json(new
        {
            joined = members.ToDictionary(m => m.UserId, m => new { display_name = m.DisplayName, avatar_url = m.AvatarUrl }),
        });
    }

    private static async Task<IResult> TimestampToEventAsync(string roomId, long? ts, string? dir, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var direction = dir switch
        {
            "f" => Direction.Forwards,
            "b" => Direction.Backwards,
            _ => throw MatrixException.InvalidParam("dir must be f or b"),
        };
        var found = await Room(grains, homeservers, roomId).TimestampToEventAsync(requester, ts ?? throw MatrixResults.MissingParam("ts"), direction);
        if (found is null)
            throw MatrixException.NotFound("no event found in that direction");
        return MatrixResults.Json(new { event_id = found.Event.EventId.Value, origin_server_ts = found.Event.OriginServerTs });
    }

    private static async Task<IResult> RelationsAsync(string roomId, string eventId, string? relType, string? eventType, HttpContext http,
        IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var query = http.Request.Query;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 50;
        var direction = query["dir"] == "f" ? Direction.Forwards : Direction.Backwards;
        long? from = RoomTokens.TryParse(query["from"], out var position) ? position : null;
        var page = await Room(grains, homeservers, roomId).GetRelationsAsync(requester, RouteValues.Event(eventId),
            relType is null ? null : RouteValues.Unescape(relType), eventType is null ? null : RouteValues.Unescape(eventType),
            new MessagesQuery { Requester = requester, From = from, Direction = direction, Limit = limit }, query["recurse"] == "true");
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            ClientEvents.WriteArray(w, "chunk", page.Chunk, includeRoomId: true, Now);
            if (page.End is { } end)
                w.WriteString("next_batch", RoomTokens.Format(end));
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> ThreadsAsync(string roomId, string? include, string? from, int? limit, HttpContext http,
        IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        long? start = RoomTokens.TryParse(from, out var position) ? position : null;
        var page = await Room(grains, homeservers, roomId).GetThreadsAsync(requester, include == "participated", start, limit ?? 50);
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            ClientEvents.WriteArray(w, "chunk", page.Chunk, includeRoomId: true, Now);
            if (page.End is { } end)
                w.WriteString("next_batch", RoomTokens.Format(end));
            w.WriteEndObject();
        });
    }
}
