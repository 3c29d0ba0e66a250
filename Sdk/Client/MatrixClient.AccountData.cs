using System.Text.Json;
using System.Text.Json.Serialization;
using Tangle.Sdk.Filters;
using Tangle.Sdk.Http;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>GET /user/{userId}/account_data/{type}</c>: global account data, raw.</summary>
    public Task<JsonElement> GetAccountDataAsync(string type, CancellationToken cancellationToken = default) =>
        _http.SendAsync<JsonElement>(new(HttpMethod.Get, MatrixPath.V3($"/user/{UserId}/account_data/{type}")), cancellationToken);

    /// <summary><c>GET /user/{userId}/account_data/{type}</c>: global account data, typed.</summary>
    public Task<T> GetAccountDataAsync<T>(string type, CancellationToken cancellationToken = default) =>
        _http.SendAsync<T>(new(HttpMethod.Get, MatrixPath.V3($"/user/{UserId}/account_data/{type}")), cancellationToken);

    /// <summary><c>PUT /user/{userId}/account_data/{type}</c>: sets global account data.</summary>
    public Task SetAccountDataAsync(string type, object content, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/user/{UserId}/account_data/{type}")) { Body = content }, cancellationToken);

    /// <summary><c>GET /user/{userId}/rooms/{roomId}/account_data/{type}</c>: per-room account data, raw.</summary>
    public Task<JsonElement> GetRoomAccountDataAsync(string roomId, string type, CancellationToken cancellationToken = default) =>
        _http.SendAsync<JsonElement>(new(HttpMethod.Get, MatrixPath.V3($"/user/{UserId}/rooms/{roomId}/account_data/{type}")), cancellationToken);

    /// <summary><c>GET /user/{userId}/rooms/{roomId}/account_data/{type}</c>: per-room account data, typed.</summary>
    public Task<T> GetRoomAccountDataAsync<T>(string roomId, string type, CancellationToken cancellationToken = default) =>
        _http.SendAsync<T>(new(HttpMethod.Get, MatrixPath.V3($"/user/{UserId}/rooms/{roomId}/account_data/{type}")), cancellationToken);

    /// <summary><c>PUT /user/{userId}/rooms/{roomId}/account_data/{type}</c>: sets per-room account data.</summary>
    public Task SetRoomAccountDataAsync(string roomId, string type, object content, CancellationToken cancellationToken = default) =>
        _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/user/{UserId}/rooms/{roomId}/account_data/{type}")) { Body = content }, cancellationToken);

    /// <summary><c>POST /user/{userId}/filter</c>: stores a filter and returns its ID.</summary>
    public async Task<string> CreateFilterAsync(Filter filter, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<FilterIdResponse>(new(HttpMethod.Post, MatrixPath.V3($"/user/{UserId}/filter")) { Body = filter }, cancellationToken)
            .ConfigureAwait(false)).FilterId;

    /// <summary><c>GET /user/{userId}/filter/{filterId}</c>: a stored filter.</summary>
    public Task<Filter> GetFilterAsync(string filterId, CancellationToken cancellationToken = default) =>
        _http.SendAsync<Filter>(new(HttpMethod.Get, MatrixPath.V3($"/user/{UserId}/filter/{filterId}")), cancellationToken);

    private sealed record FilterIdResponse
    {
        [JsonPropertyName("filter_id")]
        public string FilterId { get; init; } = "";
    }
}
