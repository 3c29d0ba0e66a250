using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>One of the user's devices, from <c>GET /devices</c>.</summary>
public sealed record Device
{
    /// <summary>The device ID.</summary>
    [JsonPropertyName("device_id")]
    public string DeviceId { get; init; } = "";

    /// <summary>The device's display name, set by its owner.</summary>
    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    /// <summary>The IP address the device was last seen at.</summary>
    [JsonPropertyName("last_seen_ip")]
    public string? LastSeenIp { get; init; }

    /// <summary>When the device was last seen, in milliseconds since the Unix epoch.</summary>
    [JsonPropertyName("last_seen_ts")]
    public long? LastSeenTs { get; init; }
}
