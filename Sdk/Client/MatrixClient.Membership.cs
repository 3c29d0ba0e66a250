using System.Text.Json.Serialization;
using Tangle.Sdk.Events;
using Tangle.Sdk.Http;
using Tangle.Sdk.Rooms;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>POST /createRoom</c>: creates a room and returns its ID.</summary>
    public async Task<string> CreateRoomAsync(CreateRoomRequest? request = null, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<RoomIdResponse>(new(HttpMethod.Post, MatrixPath.V3($"/createRoom")) { Body = request ?? new CreateRoomRequest() }, cancellationToken)
            .ConfigureAwait(false)).RoomId;

    /// <summary>
    /// <c>POST /join/{roomIdOrAlias}</c>: joins a room by ID or alias, through the given servers (sent as
    /// <c>via</c> and, for servers older than v1.12, <c>server_name</c>). Returns the room ID.
    /// </summary>
    public async Task<string> JoinRoomAsync(string roomIdOrAlias, IEnumerable<string>? via = null, string? reason = null,
        CancellationToken cancellationToken = default)
    {
        var servers = via?.ToList();
        var request = new MatrixRequest(HttpMethod.Post, MatrixPath.V3($"/join/{roomIdOrAlias}"))
        {
            Query = new Query().AddEach("via", servers).AddEach("server_name", servers),
            Body = new ReasonRequest(reason),
        };
        return (await _http.SendAsync<RoomIdResponse>(request, cancellationToken).ConfigureAwait(false)).RoomId;
    }

    /// <summary><c>POST /rooms/{roomId}/join</c>: joins a room by ID. Returns the room ID.</summary>
    public async Task<string> JoinRoomByIdAsync(string roomId, string? reason = null, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<RoomIdResponse>(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/join")) { Body = new ReasonRequest(reason) }, cancellationToken)
            .ConfigureAwait(false)).RoomId;

    /// <summary><c>POST /knock/{roomIdOrAlias}</c>: asks to join a room. Returns the room ID.</summary>
    public async Task<string> KnockAsync(string roomIdOrAlias, IEnumerable<string>? via = null, string? reason = null,
        CancellationToken cancellationToken = default)
    {
        var servers = via?.ToList();
        var request = new MatrixRequest(HttpMethod.Post, MatrixPath.V3($"/knock/{roomIdOrAlias}"))
        {
            Query = new Query().AddEach("via", servers).AddEach("server_name", servers),
            Body = new ReasonRequest(reason),
        };
        return (await _http.SendAsync<RoomIdResponse>(request, cancellationToken).ConfigureAwait(false)).RoomId;
    }

    /// <summary><c>POST /rooms/{roomId}/leave</c>: leaves a room, or rejects an invite or retracts a knock.</summary>
    public Task LeaveRoomAsync(string roomId, string? reason = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/leave")) { Body = new ReasonRequest(reason) }, cancellationToken);

    /// <summary><c>POST /rooms/{roomId}/forget</c>: forgets a room the user has left.</summary>
    public Task ForgetRoomAsync(string roomId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/forget")) { Body = EmptyBody }, cancellationToken);

    /// <summary><c>POST /rooms/{roomId}/invite</c>: invites a user.</summary>
    public Task InviteAsync(string roomId, string userId, string? reason = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/invite")) { Body = new UserReasonRequest(userId, reason) }, cancellationToken);

    /// <summary><c>POST /rooms/{roomId}/kick</c>: removes a user from a room.</summary>
    public Task KickAsync(string roomId, string userId, string? reason = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/kick")) { Body = new UserReasonRequest(userId, reason) }, cancellationToken);

    /// <summary><c>POST /rooms/{roomId}/ban</c>: bans a user.</summary>
    public Task BanAsync(string roomId, string userId, string? reason = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/ban")) { Body = new UserReasonRequest(userId, reason) }, cancellationToken);

    /// <summary><c>POST /rooms/{roomId}/unban</c>: lifts a ban.</summary>
    public Task UnbanAsync(string roomId, string userId, string? reason = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Post, MatrixPath.V3($"/rooms/{roomId}/unban")) { Body = new UserReasonRequest(userId, reason) }, cancellationToken);

    /// <summary><c>GET /joined_rooms</c>: the rooms the user is joined to.</summary>
    public async Task<IReadOnlyList<string>> GetJoinedRoomsAsync(CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<JoinedRoomsResponse>(new(HttpMethod.Get, MatrixPath.V3($"/joined_rooms")), cancellationToken).ConfigureAwait(false)).JoinedRooms;

    /// <summary><c>GET /rooms/{roomId}/members</c>: the room's <c>m.room.member</c> events.</summary>
    /// <param name="roomId">The room.</param>
    /// <param name="at">A pagination token: the members at that point in the timeline.</param>
    /// <param name="membership">Only members with this membership.</param>
    /// <param name="notMembership">Only members without this membership.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<RoomEvent>> GetMembersAsync(string roomId, string? at = null, string? membership = null,
        string? notMembership = null, CancellationToken cancellationToken = default)
    {
        var request = new MatrixRequest(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/members"))
        {
            Query = new Query().Add("at", at).Add("membership", membership).Add("not_membership", notMembership),
        };
        return (await _http.SendAsync<MembersResponse>(request, cancellationToken).ConfigureAwait(false)).Chunk;
    }

    /// <summary><c>GET /rooms/{roomId}/joined_members</c>: joined users and their room profiles.</summary>
    public async Task<IReadOnlyDictionary<string, JoinedMember>> GetJoinedMembersAsync(string roomId, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<JoinedMembersResponse>(new(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/joined_members")), cancellationToken)
            .ConfigureAwait(false)).Joined;

    private sealed record ReasonRequest([property: JsonPropertyName("reason")] string? Reason);

    private sealed record UserReasonRequest(
        [property: JsonPropertyName("user_id")] string UserId,
        [property: JsonPropertyName("reason")] string? Reason);
}
