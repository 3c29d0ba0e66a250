using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>The response of <c>GET /account/whoami</c>.</summary>
public sealed record WhoAmIResponse
{
    /// <summary>The user ID that owns the access token.</summary>
    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = "";

    /// <summary>The device the token belongs to, when it belongs to one.</summary>
    [JsonPropertyName("device_id")]
    public string? DeviceId { get; init; }

    /// <summary>Whether the user is a guest.</summary>
    [JsonPropertyName("is_guest")]
    public bool IsGuest { get; init; }
}
