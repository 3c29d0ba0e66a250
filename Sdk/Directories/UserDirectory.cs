using System.Text.Json.Serialization;

namespace Tangle.Sdk.Directories;

/// <summary>The response of <c>POST /user_directory/search</c>.</summary>
public sealed record UserDirectoryResponse
{
    /// <summary>The users found, by rank.</summary>
    [JsonPropertyName("results")]
    public IReadOnlyList<UserDirectoryEntry> Results { get; init; } = [];

    /// <summary>Whether the results were cut off by the limit.</summary>
    [JsonPropertyName("limited")]
    public bool Limited { get; init; }
}

/// <summary>One user in a user directory search.</summary>
public sealed record UserDirectoryEntry
{
    /// <summary>The user ID.</summary>
    [JsonPropertyName("user_id")]
    public string UserId { get; init; } = "";

    /// <summary>The display name.</summary>
    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    /// <summary>The avatar.</summary>
    [JsonPropertyName("avatar_url")]
    public string? AvatarUrl { get; init; }
}
