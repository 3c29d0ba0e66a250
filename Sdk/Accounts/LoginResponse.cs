using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>The response of <c>POST /login</c>.</summary>
public sealed record LoginResponse
{
    /// <summary>The fully-qualified user ID that logged in.</summary>
    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = "";

    /// <summary>The new access token.</summary>
    [JsonPropertyName("access_token")]
    public string AccessToken { get; init; } = "";

    /// <summary>The device the token belongs to.</summary>
    [JsonPropertyName("device_id")]
    public string DeviceId { get; init; } = "";

    /// <summary>A refresh token, when the client asked for one and the server issues them.</summary>
    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    /// <summary>The access token's lifetime in milliseconds, if it expires.</summary>
    [JsonPropertyName("expires_in_ms")]
    public long? ExpiresInMs { get; init; }

    /// <summary>Deprecated: the server name of the homeserver.</summary>
    [JsonPropertyName("home_server")]
    public string? HomeServer { get; init; }

    /// <summary>Optional client configuration the server provides (<c>.well-known</c> content).</summary>
    [JsonPropertyName("well_known")]
    public JsonElement? WellKnown { get; init; }

    /// <summary>The session this login established.</summary>
    public MatrixSession ToSession() => new(UserId, DeviceId, AccessToken, RefreshToken);
}
