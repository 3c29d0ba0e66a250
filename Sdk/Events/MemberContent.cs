using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Events;

/// <summary>The content of an <c>m.room.member</c> event.</summary>
public sealed record MemberContent
{
    /// <summary>The membership: join, invite, leave, ban or knock.</summary>
    [JsonPropertyName("membership")]
    public string Membership { get; init; } = "";

    /// <summary>The member's display name in this room.</summary>
    [JsonPropertyName("displayname")]
    public string? DisplayName { get; init; }

    /// <summary>The member's avatar in this room.</summary>
    [JsonPropertyName("avatar_url")]
    public string? AvatarUrl { get; init; }

    /// <summary>The reason given for the change (kick, ban, leave, knock, invite).</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>For invites: whether the room is meant to be a direct chat.</summary>
    [JsonPropertyName("is_direct")]
    public bool? IsDirect { get; init; }

    /// <summary>For restricted joins: the user whose server authorised the join.</summary>
    [JsonPropertyName("join_authorised_via_users_server")]
    public string? JoinAuthorisedViaUsersServer { get; init; }

    /// <summary>Every other content field (e.g. <c>third_party_invite</c>), raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
