using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Accounts;

/// <summary>The <c>capabilities</c> object of <c>GET /capabilities</c>; unknown capabilities are kept.</summary>
public sealed record Capabilities
{
    /// <summary><c>m.change_password</c>: whether the user can change their password.</summary>
    [JsonPropertyName("m.change_password")]
    public BooleanCapability? ChangePassword { get; init; }

    /// <summary><c>m.room_versions</c>: the default and available room versions.</summary>
    [JsonPropertyName("m.room_versions")]
    public RoomVersionsCapability? RoomVersions { get; init; }

    /// <summary><c>m.set_displayname</c>: whether the user can change their display name.</summary>
    [JsonPropertyName("m.set_displayname")]
    public BooleanCapability? SetDisplayName { get; init; }

    /// <summary><c>m.set_avatar_url</c>: whether the user can change their avatar.</summary>
    [JsonPropertyName("m.set_avatar_url")]
    public BooleanCapability? SetAvatarUrl { get; init; }

    /// <summary><c>m.3pid_changes</c>: whether the user can change their third-party identifiers.</summary>
    [JsonPropertyName("m.3pid_changes")]
    public BooleanCapability? ThirdPartyIdChanges { get; init; }

    /// <summary><c>m.get_login_token</c>: whether the user can use <c>/login/get_token</c>.</summary>
    [JsonPropertyName("m.get_login_token")]
    public BooleanCapability? GetLoginToken { get; init; }

    /// <summary>Every other capability, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>A capability that is simply enabled or not.</summary>
public sealed record BooleanCapability
{
    /// <summary>Whether the capability is enabled.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; init; }
}

/// <summary>The <c>m.room_versions</c> capability.</summary>
public sealed record RoomVersionsCapability
{
    /// <summary>The version the server uses for new rooms.</summary>
    [JsonPropertyName("default")]
    public string Default { get; init; } = "";

    /// <summary>Each available version and its stability, <c>stable</c> or <c>unstable</c>.</summary>
    [JsonPropertyName("available")]
    public IReadOnlyDictionary<string, string> Available { get; init; } = new Dictionary<string, string>();
}

/// <summary>The response envelope of <c>GET /capabilities</c>.</summary>
internal sealed record CapabilitiesResponse
{
    [JsonPropertyName("capabilities")]
    public Capabilities Capabilities { get; init; } = new();
}
