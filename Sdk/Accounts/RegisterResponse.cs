using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>The response of <c>POST /register</c>.</summary>
public sealed record RegisterResponse
{
    /// <summary>The fully-qualified user ID registered.</summary>
    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = "";

    /// <summary>The access token; absent when <c>inhibit_login</c> was set.</summary>
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    /// <summary>The device the token belongs to; absent when <c>inhibit_login</c> was set.</summary>
    [JsonPropertyName("device_id")]
    public string? DeviceId { get; init; }

    /// <summary>A refresh token, when requested and issued.</summary>
    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    /// <summary>The access token's lifetime in milliseconds, if it expires.</summary>
    [JsonPropertyName("expires_in_ms")]
    public long? ExpiresInMs { get; init; }

    /// <summary>Deprecated: the server name of the homeserver.</summary>
    [JsonPropertyName("home_server")]
    public string? HomeServer { get; init; }

    /// <summary>The session this registration established, or <c>null</c> when login was inhibited.</summary>
    public MatrixSession? ToSession() =>
        AccessToken is { } token && DeviceId is { } device ? new MatrixSession(UserId, device, token, RefreshToken) : null;
}
