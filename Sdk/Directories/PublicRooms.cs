using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Directories;

/// <summary>The response of <c>GET</c>/<c>POST /publicRooms</c>.</summary>
public sealed record PublicRoomsResponse
{
    /// <summary>A page of public rooms.</summary>
    [JsonPropertyName("chunk")]
    public IReadOnlyList<PublicRoom> Chunk { get; init; } = [];

    /// <summary>The token for the next page; absent at the end.</summary>
    [JsonPropertyName("next_batch")]
    public string? NextBatch { get; init; }

    /// <summary>The token for the previous page; absent on the first page.</summary>
    [JsonPropertyName("prev_batch")]
    public string? PrevBatch { get; init; }

    /// <summary>An estimate of the total number of public rooms.</summary>
    [JsonPropertyName("total_room_count_estimate")]
    public int? TotalRoomCountEstimate { get; init; }
}

/// <summary>One entry of the public room directory.</summary>
public sealed record PublicRoom
{
    /// <summary>The room ID.</summary>
    [JsonPropertyName("room_id")]
    public string RoomId { get; init; } = "";

    /// <summary>The canonical alias.</summary>
    [JsonPropertyName("canonical_alias")]
    public string? CanonicalAlias { get; init; }

    /// <summary>The name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The topic.</summary>
    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    /// <summary>The number of joined members.</summary>
    [JsonPropertyName("num_joined_members")]
    public int NumJoinedMembers { get; init; }

    /// <summary>Whether the history is world-readable.</summary>
    [JsonPropertyName("world_readable")]
    public bool WorldReadable { get; init; }

    /// <summary>Whether guests can join.</summary>
    [JsonPropertyName("guest_can_join")]
    public bool GuestCanJoin { get; init; }

    /// <summary>The avatar.</summary>
    [JsonPropertyName("avatar_url")]
    public string? AvatarUrl { get; init; }

    /// <summary>The join rule; <c>public</c> when absent.</summary>
    [JsonPropertyName("join_rule")]
    public string? JoinRule { get; init; }

    /// <summary>The room type, e.g. <c>m.space</c>.</summary>
    [JsonPropertyName("room_type")]
    public string? RoomType { get; init; }

    /// <summary>Every other field, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>The body of <c>POST /publicRooms</c>: a filtered directory search.</summary>
public sealed record PublicRoomsRequest
{
    /// <summary>The maximum number of rooms to return.</summary>
    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    /// <summary>A pagination token from an earlier response.</summary>
    [JsonPropertyName("since")]
    public string? Since { get; init; }

    /// <summary>What to search for.</summary>
    [JsonPropertyName("filter")]
    public PublicRoomsFilter? Filter { get; init; }

    /// <summary>Whether to include rooms from every third-party network.</summary>
    [JsonPropertyName("include_all_networks")]
    public bool? IncludeAllNetworks { get; init; }

    /// <summary>A specific third-party network to list.</summary>
    [JsonPropertyName("third_party_instance_id")]
    public string? ThirdPartyInstanceId { get; init; }
}

/// <summary>The <c>filter</c> of a public room search.</summary>
public sealed record PublicRoomsFilter
{
    /// <summary>A string to search for in names, topics and aliases.</summary>
    [JsonPropertyName("generic_search_term")]
    public string? GenericSearchTerm { get; init; }

    /// <summary>Room types to include; <c>null</c> in the list matches rooms without a type.</summary>
    [JsonPropertyName("room_types")]
    public IReadOnlyList<string?>? RoomTypes { get; init; }
}
