using System.Text.Json.Serialization;
using Tangle.Sdk.Events;

namespace Tangle.Sdk.Rooms;

/// <summary>A joined member's profile, from <c>GET /rooms/{roomId}/joined_members</c>.</summary>
public sealed record JoinedMember
{
    /// <summary>The member's display name in the room.</summary>
    [JsonPropertyName("display_name")]
    public string? DisplayName { get; init; }

    /// <summary>The member's avatar in the room.</summary>
    [JsonPropertyName("avatar_url")]
    public string? AvatarUrl { get; init; }
}

/// <summary>The response of <c>GET /rooms/{roomId}/joined_members</c>.</summary>
internal sealed record JoinedMembersResponse
{
    [JsonPropertyName("joined")]
    public IReadOnlyDictionary<string, JoinedMember> Joined { get; init; } = new Dictionary<string, JoinedMember>();
}

/// <summary>The response of <c>GET /rooms/{roomId}/members</c>.</summary>
internal sealed record MembersResponse
{
    [JsonPropertyName("chunk")]
    public IReadOnlyList<RoomEvent> Chunk { get; init; } = [];
}

/// <summary>The response of <c>GET /joined_rooms</c>.</summary>
internal sealed record JoinedRoomsResponse
{
    [JsonPropertyName("joined_rooms")]
    public IReadOnlyList<string> JoinedRooms { get; init; } = [];
}
