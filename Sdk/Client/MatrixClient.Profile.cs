using System.Text.Json;
using Tangle.Sdk.Accounts;
using Tangle.Sdk.Http;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>GET /profile/{userId}</c>: a user's whole profile.</summary>
    public Task<Profile> GetProfileAsync(string userId, CancellationToken cancellationToken = default) =>
        _http.SendAsync<Profile>(new(HttpMethod.Get, MatrixPath.V3($"/profile/{userId}")) { Auth = AuthMode.IfAvailable }, cancellationToken);

    /// <summary><c>GET /profile/{userId}/displayname</c>; <c>null</c> when the user has none set.</summary>
    public Task<string?> GetDisplayNameAsync(string userId, CancellationToken cancellationToken = default) =>
        GetProfileStringAsync(userId, "displayname", cancellationToken);

    /// <summary><c>PUT /profile/{userId}/displayname</c> for the logged-in user.</summary>
    public Task SetDisplayNameAsync(string? displayName, CancellationToken cancellationToken = default) =>
        SetProfileFieldAsync("displayname", displayName, cancellationToken);

    /// <summary><c>GET /profile/{userId}/avatar_url</c>; <c>null</c> when the user has none set.</summary>
    public Task<string?> GetAvatarUrlAsync(string userId, CancellationToken cancellationToken = default) =>
        GetProfileStringAsync(userId, "avatar_url", cancellationToken);

    /// <summary><c>PUT /profile/{userId}/avatar_url</c> for the logged-in user.</summary>
    public Task SetAvatarUrlAsync(string? avatarUrl, CancellationToken cancellationToken = default) =>
        SetProfileFieldAsync("avatar_url", avatarUrl, cancellationToken);

    /// <summary><c>GET /profile/{userId}/{keyName}</c>: one profile field, raw; <c>null</c> when the response lacks it.</summary>
    public async Task<JsonElement?> GetProfileFieldAsync(string userId, string keyName, CancellationToken cancellationToken = default)
    {
        var request = new MatrixRequest(HttpMethod.Get, MatrixPath.V3($"/profile/{userId}/{keyName}")) { Auth = AuthMode.IfAvailable };
        var body = await _http.SendAsync<JsonElement>(request, cancellationToken).ConfigureAwait(false);
        return body.ValueKind == JsonValueKind.Object && body.TryGetProperty(keyName, out var value) ? value : null;
    }

    /// <summary><c>PUT /profile/{userId}/{keyName}</c> for the logged-in user: <c>{keyName: value}</c>.</summary>
    public Task SetProfileFieldAsync<T>(string keyName, T value, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, object?> { [keyName] = value };
        return _http.SendAsync(new(HttpMethod.Put, MatrixPath.V3($"/profile/{UserId}/{keyName}")) { Body = body }, cancellationToken);
    }

    private async Task<string?> GetProfileStringAsync(string userId, string keyName, CancellationToken cancellationToken) =>
        await GetProfileFieldAsync(userId, keyName, cancellationToken).ConfigureAwait(false) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()
            : null;
}
