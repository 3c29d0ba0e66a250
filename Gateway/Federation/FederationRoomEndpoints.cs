using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Federation;

/// <summary>
/// The room endpoints of the Server-Server API: joining through this server (make_join, send_join), the
/// transactions other servers push (/send), and what they may read of a room (event, state, state_ids,
/// event_auth, backfill, get_missing_events). The room grain checks the server ACL and every event.
/// </summary>
internal static class FederationRoomEndpoints
{
    /// <summary>The most PDUs and EDUs one transaction may carry.</summary>
    public const int MaxPdus = 50, MaxEdus = 100;

    public static void MapFederationRoomEndpoints(this IEndpointRouteBuilder federation)
    {
        federation.MapGet("/v1/make_join/{roomId}/{userId}", MakeJoinAsync);
        federation.MapPut("/v2/send_join/{roomId}/{eventId}", (string roomId, string eventId, HttpContext http, IGrainFactory grains) =>
            SendJoinAsync(roomId, eventId, http, grains, v1: false));
        federation.MapPut("/v1/send_join/{roomId}/{eventId}", (string roomId, string eventId, HttpContext http, IGrainFactory grains) =>
            SendJoinAsync(roomId, eventId, http, grains, v1: true));
        federation.MapPut("/v1/send/{txnId}", SendTransactionAsync);
        federation.MapPut("/v2/invite/{roomId}/{eventId}", InviteAsync);
        federation.MapGet("/v1/make_leave/{roomId}/{userId}", MakeLeaveAsync);
        federation.MapGet("/v1/make_knock/{roomId}/{userId}", MakeKnockAsync);
        federation.MapPut("/v1/send_knock/{roomId}/{eventId}", SendKnockAsync);
        federation.MapPut("/v2/send_leave/{roomId}/{eventId}", SendLeaveAsync);
        federation.MapGet("/v1/event/{eventId}", EventAsync);
        federation.MapGet("/v1/timestamp_to_event/{roomId}", TimestampToEventAsync);
        federation.MapGet("/v1/state/{roomId}", StateAsync);
        federation.MapGet("/v1/state_ids/{roomId}", StateIdsAsync);
        federation.MapGet("/v1/event_auth/{roomId}/{eventId}", EventAuthAsync);
        federation.MapGet("/v1/backfill/{roomId}", BackfillAsync);
        federation.MapPost("/v1/get_missing_events/{roomId}", MissingEventsAsync);
    }

    private static IRoomFederationGrain Room(HttpContext http, IGrainFactory grains, string roomId) =>
        grains.FederatedRoom(FederationAuthentication.RequestOf(http).Destination.Name, RouteValues.Room(roomId));

    private static async Task<IResult> MakeJoinAsync(string roomId, string userId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var versions = http.Request.Query["ver"].OfType<string>().ToList();
        if (versions.Count == 0)
            versions.Add("1");
        var template = await Room(http, grains, roomId).MakeJoinAsync(request.Origin, RouteValues.User(userId), versions);
        return Template(template);
    }

    private static async Task<IResult> SendJoinAsync(string roomId, string eventId, HttpContext http, IGrainFactory grains, bool v1)
    {
        var request = FederationAuthentication.RequestOf(http);
        if (request.Body is not { ValueKind: JsonValueKind.Object } body)
            throw MatrixException.BadJson("send_join takes the signed join event");
        if (body.TryGetProperty("event_id", out var claimed) && claimed.ValueKind == JsonValueKind.String && claimed.GetString() != RouteValues.Unescape(eventId))
            throw MatrixException.BadJson("the event id in the path does not match the event");
        var accepted = await Room(http, grains, roomId).SendJoinAsync(request.Origin, body);
        return MatrixResults.Write(w =>
        {
            if (v1)
            {
                w.WriteStartArray();
                w.WriteNumberValue(200);
            }

            w.WriteStartObject();
            w.WriteString("origin", request.Destination.Name.Value);
            WritePdus(w, "auth_chain", accepted.AuthChain);
            WritePdus(w, "state", accepted.State);
            if (!v1)
            {
                w.WritePropertyName("event");
                accepted.Event.Json.WriteTo(w);
                w.WriteBoolean("members_omitted", false);
                w.WriteStartArray("servers_in_room");
                foreach (var server in accepted.ServersInRoom)
                    w.WriteStringValue(server);
                w.WriteEndArray();
            }

            w.WriteEndObject();
            if (v1)
                w.WriteEndArray();
        });
    }

    private static async Task<IResult> MakeKnockAsync(string roomId, string userId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var versions = http.Request.Query["ver"].OfType<string>().ToList();
        var template = await Room(http, grains, roomId).MakeKnockAsync(request.Origin, RouteValues.User(userId), versions);
        return Template(template);
    }

    private static async Task<IResult> SendKnockAsync(string roomId, string eventId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        if (request.Body is not { ValueKind: JsonValueKind.Object } body)
            throw MatrixException.BadJson("send_knock takes the signed knock event");
        var stripped = await Room(http, grains, roomId).SendKnockAsync(request.Origin, body);
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("knock_room_state");
            stripped.WriteTo(w);
            w.WriteEndObject();
        });
    }

    private static IResult Template(MembershipTemplate template) => MatrixResults.Write(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("event");
        template.Event.WriteTo(w);
        w.WriteString("room_version", template.RoomVersion);
        w.WriteEndObject();
    });

    private static async Task<IResult> MakeLeaveAsync(string roomId, string userId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var template = await Room(http, grains, roomId).MakeLeaveAsync(request.Origin, RouteValues.User(userId));
        return Template(template);
    }

    private static async Task<IResult> SendLeaveAsync(string roomId, string eventId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        if (request.Body is not { ValueKind: JsonValueKind.Object } body)
            throw MatrixException.BadJson("send_leave takes the signed leave event");
        await Room(http, grains, roomId).SendLeaveAsync(request.Origin, body);
        return MatrixResults.Empty();
    }

    private static async Task<IResult> InviteAsync(string roomId, string eventId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        if (request.Body is not { ValueKind: JsonValueKind.Object } body || body.Object("event") is not { } invite)
            throw MatrixException.BadJson("invite takes the event, the room version and the stripped state");
        var version = body.String("room_version") ?? "1";
        var stripped = body.TryGetProperty("invite_room_state", out var state) ? state : default;
        var signed = await Room(http, grains, roomId).ReceiveInviteAsync(request.Origin, invite, version, stripped);
        if (signed.EventId.Value != RouteValues.Unescape(eventId))
            throw MatrixException.BadJson("the event id in the path does not match the event");
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("event");
            signed.Json.WriteTo(w);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> SendTransactionAsync(string txnId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        if (request.Body is not { ValueKind: JsonValueKind.Object } body)
            throw MatrixException.BadJson("a transaction must be a JSON object");
        if (body.String("origin") is { } origin && origin != request.Origin.Value)
            throw MatrixException.BadJson("the transaction's origin is not the server that signed the request");
        var pdus = body.TryGetProperty("pdus", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToList()
            : throw MatrixException.BadJson("a transaction needs a pdus array");
        var edus = body.TryGetProperty("edus", out var e) && e.ValueKind == JsonValueKind.Array ? e.GetArrayLength() : 0;
        if (pdus.Count > MaxPdus || edus > MaxEdus)
            throw MatrixException.BadJson($"a transaction carries at most {MaxPdus} PDUs and {MaxEdus} EDUs");

        var results = new List<PduResult>();
        foreach (var pdu in pdus)
        {
            var roomText = pdu.ValueKind == JsonValueKind.Object && pdu.TryGetProperty("room_id", out var r) && r.ValueKind == JsonValueKind.String
                ? r.GetString() : null;
            var claimedId = pdu.ValueKind == JsonValueKind.Object && pdu.TryGetProperty("event_id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()! : "";
            if (!RoomId.Parse(roomText).TryGetValue(out var room, out _))
            {
                results.Add(new PduResult(claimedId, "the PDU names no valid room"));
                continue;
            }

            try
            {
                results.Add(await grains.FederatedRoom(request.Destination.Name, room).ReceivePduAsync(request.Origin, pdu));
            }
            catch (MatrixException refused)
            {
                results.Add(new PduResult(claimedId, refused.Message));
            }
        }

        // The origin is evidently reachable: whatever waits for it here need not wait out its backoff.
        grains.FederationOutbox(request.Destination.Name, request.Origin).WakeAsync().Ignore();
        if (body.TryGetProperty("edus", out var eduList) && eduList.ValueKind == JsonValueKind.Array)
            await Edus.ApplyAsync(request, eduList, grains, http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tangle.Federation"));

        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("pdus");
            foreach (var result in results.Where(x => x.EventId.Length > 0))
            {
                w.WriteStartObject(result.EventId);
                if (result.Error is not null)
                    w.WriteString("error", result.Error);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> EventAsync(string eventId, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var request = FederationAuthentication.RequestOf(http);
        var id = RouteValues.Event(eventId);
        var room = await grains.GetGrain<IEventLocatorGrain>(0).RoomOfEventAsync(request.Destination.Name, id)
            ?? throw MatrixException.NotFound("event not found");
        var pdu = await grains.FederatedRoom(request.Destination.Name, room).GetEventForServerAsync(request.Origin, id);
        return Transaction(request, [pdu], time);
    }

    private static async Task<IResult> TimestampToEventAsync(string roomId, long? ts, string? dir, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        if (ts is null)
            throw MatrixResults.MissingParam("ts");
        var direction = dir switch
        {
            "f" => Direction.Forwards,
            "b" => Direction.Backwards,
            _ => throw MatrixException.InvalidParam("dir must be f or b"),
        };
        var found = await Room(http, grains, roomId).TimestampToEventForServerAsync(request.Origin, ts.Value, direction)
            ?? throw MatrixException.NotFound("no event in that direction");
        return MatrixResults.Json(new { event_id = found.EventId.Value, origin_server_ts = found.OriginServerTs });
    }

    private static async Task<IResult> StateAsync(string roomId, string? event_id, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var state = await Room(http, grains, roomId).GetStateForServerAsync(request.Origin, RequiredEvent(event_id));
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            WritePdus(w, "auth_chain", state.AuthChain);
            WritePdus(w, "pdus", state.State);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> StateIdsAsync(string roomId, string? event_id, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var state = await Room(http, grains, roomId).GetStateForServerAsync(request.Origin, RequiredEvent(event_id));
        return MatrixResults.Json(new
        {
            auth_chain_ids = state.AuthChain.Select(p => p.EventId.Value),
            pdu_ids = state.State.Select(p => p.EventId.Value),
        });
    }

    private static async Task<IResult> EventAuthAsync(string roomId, string eventId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        var chain = await Room(http, grains, roomId).GetAuthChainForServerAsync(request.Origin, RouteValues.Event(eventId));
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            WritePdus(w, "auth_chain", chain);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> BackfillAsync(string roomId, int? limit, HttpContext http, IGrainFactory grains, TimeProvider time)
    {
        var request = FederationAuthentication.RequestOf(http);
        var from = http.Request.Query["v"].OfType<string>().Select(v => EventId.Parse(v)).Where(v => v.IsOk).Select(v => v.Value).ToList();
        if (from.Count == 0)
            throw MatrixResults.MissingParam("v");
        var events = await Room(http, grains, roomId).BackfillAsync(request.Origin, from, limit ?? 10);
        return Transaction(request, events, time);
    }

    private static async Task<IResult> MissingEventsAsync(string roomId, HttpContext http, IGrainFactory grains)
    {
        var request = FederationAuthentication.RequestOf(http);
        if (request.Body is not { ValueKind: JsonValueKind.Object } body)
            throw MatrixException.BadJson("get_missing_events takes a JSON object");
        var earliest = EventIds(body, "earliest_events");
        var latest = EventIds(body, "latest_events");
        var limit = (int)Math.Clamp(body.Long("limit") ?? 10, 1, 20);
        var events = await Room(http, grains, roomId).GetMissingEventsAsync(request.Origin, earliest, latest, limit, body.Long("min_depth") ?? 0);
        return MatrixResults.Write(w =>
        {
            w.WriteStartObject();
            WritePdus(w, "events", events);
            w.WriteEndObject();
        });
    }

    private static IResult Transaction(FederationRequest request, IReadOnlyList<Pdu> pdus, TimeProvider time) => MatrixResults.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("origin", request.Destination.Name.Value);
        w.WriteNumber("origin_server_ts", time.GetUtcNow().ToUnixTimeMilliseconds());
        WritePdus(w, "pdus", pdus);
        w.WriteEndObject();
    });

    private static void WritePdus(Utf8JsonWriter w, string name, IEnumerable<Pdu> pdus)
    {
        w.WriteStartArray(name);
        foreach (var pdu in pdus)
            pdu.Json.WriteTo(w);
        w.WriteEndArray();
    }

    private static EventId RequiredEvent(string? eventId) =>
        eventId is null ? throw MatrixResults.MissingParam("event_id") : RouteValues.Event(eventId);

    private static IReadOnlyList<EventId> EventIds(JsonElement body, string name) =>
        body.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => EventId.Parse(e.GetString()))
                .Where(e => e.IsOk).Select(e => e.Value).ToList()
            : throw MatrixException.BadJson($"{name} must be an array of event ids");
}
