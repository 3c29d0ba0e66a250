using System.Text.Json.Serialization;

namespace Tangle.Sdk.Presence;

/// <summary>The values of <c>presence</c>.</summary>
public static class PresenceState
{
    /// <summary>Online.</summary>
    public const string Online = "online";

    /// <summary>Offline.</summary>
    public const string Offline = "offline";

    /// <summary>Idle or away.</summary>
    public const string Unavailable = "unavailable";
}

/// <summary>A user's presence, from <c>GET /presence/{userId}/status</c>.</summary>
public sealed record PresenceStatus
{
    /// <summary>The presence: <c>online</c>, <c>offline</c> or <c>unavailable</c>.</summary>
    [JsonPropertyName("presence")]
    public string Presence { get; init; } = "";

    /// <summary>Milliseconds since the user was last active.</summary>
    [JsonPropertyName("last_active_ago")]
    public long? LastActiveAgo { get; init; }

    /// <summary>The user's status message.</summary>
    [JsonPropertyName("status_msg")]
    public string? StatusMsg { get; init; }

    /// <summary>Whether the user is currently active.</summary>
    [JsonPropertyName("currently_active")]
    public bool? CurrentlyActive { get; init; }
}

/// <summary>The body of <c>PUT /presence/{userId}/status</c>.</summary>
internal sealed record SetPresenceRequest
{
    [JsonPropertyName("presence")]
    public string Presence { get; init; } = "";

    [JsonPropertyName("status_msg")]
    public string? StatusMsg { get; init; }
}
