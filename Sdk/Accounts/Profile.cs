using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>A user's profile from <c>GET /profile/{userId}</c>; custom profile fields are kept.</summary>
public sealed record Profile
{
    /// <summary>The user's display name.</summary>
    [JsonPropertyName("displayname")]
    public string? DisplayName { get; init; }

    /// <summary>The user's avatar, an <c>mxc://</c> URI.</summary>
    [JsonPropertyName("avatar_url")]
    public string? AvatarUrl { get; init; }

    /// <summary>Other profile fields (extended profiles, e.g. <c>m.tz</c>).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
