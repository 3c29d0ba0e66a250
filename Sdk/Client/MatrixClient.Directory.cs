using System.Text.Json.Serialization;
using Tangle.Sdk.Directories;
using Tangle.Sdk.Http;
using Tangle.Sdk.Rooms;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>PUT /directory/room/{roomAlias}</c>: maps an alias to a room.</summary>
    public Task CreateAliasAsync(string roomAlias, string roomId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/directory/room/{roomAlias}")) { Body = new AliasRequest(roomId) }, cancellationToken);

    /// <summary><c>GET /directory/room/{roomAlias}</c>: resolves an alias to a room ID and servers.</summary>
    public Task<RoomAliasInfo> ResolveAliasAsync(string roomAlias, CancellationToken cancellationToken = default) =>
        _http.SendAsync<RoomAliasInfo>(new(HttpMethod.Get, MatrixPath.V3($"/directory/room/{roomAlias}")) { Auth = AuthMode.IfAvailable }, cancellationToken);

    /// <summary><c>DELETE /directory/room/{roomAlias}</c>: removes an alias.</summary>
    public Task DeleteAliasAsync(string roomAlias, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Delete, MatrixPath.V3($"/directory/room/{roomAlias}")), cancellationToken);

    /// <summary><c>GET /rooms/{roomId}/aliases</c>: the local aliases of a room.</summary>
    public async Task<IReadOnlyList<string>> GetRoomAliasesAsync(string roomId, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<RoomAliasesResponse>(new(HttpMethod.Get, MatrixPath.V3($"/rooms/{roomId}/aliases")), cancellationToken)
            .ConfigureAwait(false)).Aliases;

    /// <summary><c>GET /directory/list/room/{roomId}</c>: whether a room is in the public directory.</summary>
    public async Task<RoomVisibility> GetRoomDirectoryVisibilityAsync(string roomId, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<RoomDirectoryVisibility>(new(HttpMethod.Get, MatrixPath.V3($"/directory/list/room/{roomId}")) { Auth = AuthMode.IfAvailable },
            cancellationToken).ConfigureAwait(false)).Visibility;

    /// <summary><c>PUT /directory/list/room/{roomId}</c>: publishes a room in, or removes it from, the public directory.</summary>
    public Task SetRoomDirectoryVisibilityAsync(string roomId, RoomVisibility visibility, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/directory/list/room/{roomId}"))
        {
            Body = new RoomDirectoryVisibility { Visibility = visibility },
        }, cancellationToken);

    /// <summary><c>GET /publicRooms</c>: a page of the public room directory.</summary>
    /// <param name="limit">The maximum number of rooms.</param>
    /// <param name="since">A pagination token.</param>
    /// <param name="server">Another server whose directory to list.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<PublicRoomsResponse> GetPublicRoomsAsync(int? limit = null, string? since = null, string? server = null,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync<PublicRoomsResponse>(new(HttpMethod.Get, MatrixPath.V3($"/publicRooms"))
        {
            Query = new Query().Add("limit", limit).Add("since", since).Add("server", server),
            Auth = AuthMode.IfAvailable,
        }, cancellationToken);

    /// <summary><c>POST /publicRooms</c>: searches the public room directory.</summary>
    public Task<PublicRoomsResponse> SearchPublicRoomsAsync(PublicRoomsRequest request, string? server = null,
        CancellationToken cancellationToken = default) =>
        _http.SendAsync<PublicRoomsResponse>(new(HttpMethod.Post, MatrixPath.V3($"/publicRooms"))
        {
            Query = new Query().Add("server", server),
            Body = request,
            Idempotent = true,
        }, cancellationToken);

    /// <summary><c>POST /user_directory/search</c>: searches for users.</summary>
    public Task<UserDirectoryResponse> SearchUsersAsync(string searchTerm, int? limit = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<UserDirectoryResponse>(new(HttpMethod.Post, MatrixPath.V3($"/user_directory/search"))
        {
            Body = new UserSearchRequest(searchTerm, limit),
            Idempotent = true,
        }, cancellationToken);

    private sealed record AliasRequest([property: JsonPropertyName("room_id")] string RoomId);

    private sealed record UserSearchRequest(
        [property: JsonPropertyName("search_term")] string SearchTerm,
        [property: JsonPropertyName("limit")] int? Limit);
}
