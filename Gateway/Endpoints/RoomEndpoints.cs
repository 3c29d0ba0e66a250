using System.Text.Json;
using Tangle.Gateway.Federation;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;
using Tangle.Grains.RoomDirectory;
using Tangle.Grains.Rooms;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Gateway.Endpoints;

/// <summary>Creating rooms, joining them, and changing memberships.</summary>
internal static class RoomEndpoints
{
    public static void MapRoomEndpoints(this IEndpointRouteBuilder client)
    {
        client.Post("/createRoom", CreateRoomAsync);
        client.Post("/join/{roomIdOrAlias}", JoinAsync, new AllowGuestsAttribute());
        client.Post("/rooms/{roomId}/join", (string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers hs) => JoinAsync(roomId, http, grains, hs));
        client.Post("/knock/{roomIdOrAlias}", KnockAsync);
        client.Post("/rooms/{roomId}/leave", (string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers hs) =>
            SelfMembershipAsync(roomId, Membership.Leave, http, grains, hs), new AllowGuestsAttribute());
        client.Post("/rooms/{roomId}/forget", ForgetAsync, new AllowGuestsAttribute());
        client.Post("/rooms/{roomId}/invite", (string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers hs) =>
            TargetMembershipAsync(roomId, Membership.Invite, http, grains, hs));
        client.Post("/rooms/{roomId}/kick", KickAsync);
        client.Post("/rooms/{roomId}/ban", (string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers hs) =>
            TargetMembershipAsync(roomId, Membership.Ban, http, grains, hs));
        client.Post("/rooms/{roomId}/unban", UnbanAsync);
        client.Get("/joined_rooms", JoinedRoomsAsync, new AllowGuestsAttribute());
    }

    private static async Task<IResult> CreateRoomAsync(HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        var server = homeservers.Default;
        var visibility = body.String("visibility") ?? "private";
        if (visibility is not ("public" or "private"))
            throw MatrixException.InvalidParam("visibility must be public or private");
        var preset = body.String("preset");
        if (preset is not (null or "public_chat" or "private_chat" or "trusted_private_chat"))
            throw MatrixException.InvalidParam("unknown preset");
        var version = body.String("room_version") ?? server.DefaultRoomVersion.Id;
        if (RoomVersions.Find(version) is null)
            throw new MatrixException(ErrCode.UnsupportedRoomVersion, $"room version {version} is not supported", 400);
        var invite = (body.StringArray("invite") ?? []).Select(u => RouteValues.UserParameter(u, "invite")).ToList();
        var initialState = new List<InitialStateEvent>();
        if (body.TryGetProperty("initial_state", out var states))
        {
            if (states.ValueKind != JsonValueKind.Array)
                throw MatrixException.BadJson("initial_state must be an array");
            foreach (var state in states.EnumerateArray())
            {
                if (state.ValueKind != JsonValueKind.Object)
                    throw MatrixException.BadJson("initial_state entries must be objects");
                initialState.Add(new InitialStateEvent(state.RequiredString("type"), state.String("state_key") ?? "",
                    state.Object("content") ?? throw MatrixResults.MissingParam("initial_state content")));
            }
        }

        var profile = await grains.GetGrain<IAccountGrain>(requester.User.Value).GetProfileAsync();
        var result = await grains.GetGrain<IRoomFactoryGrain>(server.Name.Value).CreateRoomAsync(new CreateRoomCommand
        {
            Creator = requester,
            RoomVersion = version,
            Preset = preset,
            Visibility = visibility,
            Name = body.String("name"),
            Topic = body.String("topic"),
            Invite = invite,
            InitialState = initialState,
            RoomAliasName = body.String("room_alias_name"),
            CreationContent = body.Object("creation_content"),
            PowerLevelContentOverride = body.Object("power_level_content_override"),
            IsDirect = body.Bool("is_direct") ?? false,
            CreatorDisplayName = profile.DisplayName,
            CreatorAvatarUrl = profile.AvatarUrl,
        });
        return result.Alias is null
            ? MatrixResults.Json(new { room_id = result.RoomId.Value })
            : MatrixResults.Json(new { room_id = result.RoomId.Value, room_alias = result.Alias.Value });
    }

    /// <summary>A room id, or an alias resolved through the local directory.</summary>
    internal static async Task<RoomId> ResolveAsync(string roomIdOrAlias, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var text = RouteValues.Unescape(roomIdOrAlias);
        if (text.StartsWith('!'))
            return RouteValues.Room(text);
        var alias = RouteValues.Alias(text);
        if (!homeservers.IsLocal(alias.Server))
            throw MatrixException.NotFound("room alias not found");
        var target = await grains.GetGrain<IDirectoryGrain>(alias.Server.Value).ResolveAliasAsync(alias);
        return target?.Room ?? throw MatrixException.NotFound("room alias not found");
    }

    private static async Task<IResult> JoinAsync(string roomIdOrAlias, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        var remote = http.RequestServices.GetRequiredService<RemoteQueries>();
        var (roomId, via) = await ResolveForJoinAsync(roomIdOrAlias, http, grains, homeservers, remote);
        var room = grains.Room(homeservers.Default.Name, roomId);
        var profile = await grains.GetGrain<IAccountGrain>(requester.User.Value).GetProfileAsync();
        if (!await room.ExistsAsync())
        {
            if (via.Count == 0)
                throw MatrixException.NotFound("this server does not know the room, and no server to join through was given");
            await grains.FederatedRoom(homeservers.Default.Name, roomId).JoinRemoteAsync(new RemoteJoinCommand
            {
                Requester = requester, Via = via, Reason = body.String("reason"), DisplayName = profile.DisplayName, AvatarUrl = profile.AvatarUrl,
            });
            return MatrixResults.Json(new { room_id = roomId.Value });
        }

        await room.SetMembershipAsync(new MembershipCommand
        {
            Sender = requester, Target = requester.User, Membership = Membership.Join, Reason = body.String("reason"),
            DisplayName = profile.DisplayName, AvatarUrl = profile.AvatarUrl,
        });
        return MatrixResults.Json(new { room_id = roomId.Value });
    }

    /// <summary>
    /// The room to join and the servers to join it through, should this server not be in it: the via and
    /// server_name parameters, the servers a remote alias lists, and the server in the room id.
    /// </summary>
    private static async Task<(RoomId Room, IReadOnlyList<ServerName> Via)> ResolveForJoinAsync(string roomIdOrAlias, HttpContext http,
        IGrainFactory grains, LocalHomeservers homeservers, RemoteQueries remote)
    {
        var via = http.Request.Query["via"].Concat(http.Request.Query["server_name"]).OfType<string>()
            .Select(ServerName.Parse).Where(s => s.IsOk).Select(s => s.Value).ToList();
        var text = RouteValues.Unescape(roomIdOrAlias);
        RoomId room;
        if (!text.StartsWith('!') && RouteValues.Alias(text) is var alias && !homeservers.IsLocal(alias.Server))
        {
            var (resolved, servers) = await remote.AliasAsync(alias);
            room = resolved;
            via.AddRange(servers.Select(ServerName.From));
            via.Add(alias.Server);
        }
        else
        {
            room = await ResolveAsync(roomIdOrAlias, grains, homeservers);
        }

        if (room.Server is { } roomServer)
            via.Add(roomServer);
        return (room, via.Where(s => !homeservers.IsLocal(s)).Distinct().ToList());
    }

    private static async Task<IResult> KnockAsync(string roomIdOrAlias, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        var remote = http.RequestServices.GetRequiredService<RemoteQueries>();
        var (roomId, via) = await ResolveForJoinAsync(roomIdOrAlias, http, grains, homeservers, remote);
        if (!await grains.Room(homeservers.Default.Name, roomId).ExistsAsync() && via.Count == 0)
            throw MatrixException.NotFound("this server does not know the room, and no server to knock through was given");
        var profile = await grains.GetGrain<IAccountGrain>(requester.User.Value).GetProfileAsync();
        await grains.FederatedRoom(homeservers.Default.Name, roomId).KnockRemoteAsync(new RemoteJoinCommand
        {
            Requester = requester, Via = via, Reason = body.String("reason"), DisplayName = profile.DisplayName, AvatarUrl = profile.AvatarUrl,
        });
        return MatrixResults.Json(new { room_id = roomId.Value });
    }

    private static async Task<IResult> SelfMembershipAsync(string roomId, string membership, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync(allowEmpty: true);
        await grains.Room(homeservers.Default.Name, RouteValues.Room(roomId)).SetMembershipAsync(new MembershipCommand
        {
            Sender = requester, Target = requester.User, Membership = membership, Reason = body.String("reason"),
        });
        return MatrixResults.Empty();
    }

    /// <summary>An unban is a leave sent for someone else; for a user who is not banned it would be a kick, so it is refused.</summary>
    private static async Task<IResult> UnbanAsync(string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var target = RouteValues.UserParameter(body.String("user_id"), "user_id");
        var room = grains.Room(homeservers.Default.Name, RouteValues.Room(roomId));
        if (await room.GetMembershipAsync(target) != Membership.Ban)
            throw MatrixException.Forbidden($"{target} is not banned from this room");
        await room.SetMembershipAsync(new MembershipCommand
        {
            Sender = requester, Target = target, Membership = Membership.Leave, Reason = body.String("reason"),
        });
        return MatrixResults.Empty();
    }

    private static async Task<IResult> TargetMembershipAsync(string roomId, string membership, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var target = RouteValues.UserParameter(body.String("user_id"), "user_id");
        var room = grains.Room(homeservers.Default.Name, RouteValues.Room(roomId));
        await room.SetMembershipAsync(new MembershipCommand
        {
            Sender = requester, Target = target, Membership = membership, Reason = body.String("reason"),
        });
        return MatrixResults.Empty();
    }

    /// <summary>
    /// A kick is a leave sent for someone else, which the auth rules would allow for anyone; the
    /// endpoint refuses one for a user who is not in the room (joined, invited or knocking).
    /// </summary>
    private static async Task<IResult> KickAsync(string roomId, HttpContext http, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var body = await http.Request.ReadObjectAsync();
        var target = RouteValues.UserParameter(body.String("user_id"), "user_id");
        var room = grains.Room(homeservers.Default.Name, RouteValues.Room(roomId));
        if (await room.GetMembershipAsync(target) is not (Membership.Join or Membership.Invite or Membership.Knock))
            throw MatrixException.Forbidden("the user is not in the room");
        await room.SetMembershipAsync(new MembershipCommand
        {
            Sender = requester, Target = target, Membership = Membership.Leave, Reason = body.String("reason"),
        });
        return MatrixResults.Empty();
    }

    private static async Task<IResult> ForgetAsync(string roomId, HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        await grains.GetGrain<IInboxGrain>(requester.User.Value).ForgetRoomAsync(RouteValues.Room(roomId));
        return MatrixResults.Empty();
    }

    private static async Task<IResult> JoinedRoomsAsync(HttpContext http, IGrainFactory grains)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var rooms = await grains.GetGrain<IInboxGrain>(requester.User.Value).GetRoomsAsync();
        return MatrixResults.Json(new { joined_rooms = rooms.Where(r => r.Membership == Membership.Join).Select(r => r.Room.Value) });
    }
}
