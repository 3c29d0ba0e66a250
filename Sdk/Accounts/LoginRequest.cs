using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>The body of <c>POST /_matrix/client/v3/login</c>.</summary>
public sealed record LoginRequest
{
    /// <summary>The login type, e.g. <c>m.login.password</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; init; } = AuthTypes.Password;

    /// <summary>Who is logging in.</summary>
    [JsonPropertyName("identifier")]
    public UserIdentifier? Identifier { get; init; }

    /// <summary>For <c>m.login.password</c>: the password.</summary>
    [JsonPropertyName("password")]
    public string? Password { get; init; }

    /// <summary>For <c>m.login.token</c>: the login token.</summary>
    [JsonPropertyName("token")]
    public string? Token { get; init; }

    /// <summary>The device to log in as; the server creates one when omitted or unknown.</summary>
    [JsonPropertyName("device_id")]
    public string? DeviceId { get; init; }

    /// <summary>A display name for a newly created device.</summary>
    [JsonPropertyName("initial_device_display_name")]
    public string? InitialDeviceDisplayName { get; init; }

    /// <summary>Whether the client supports refresh tokens.</summary>
    [JsonPropertyName("refresh_token")]
    public bool? RefreshToken { get; init; }

    /// <summary>Fields of other login types.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
