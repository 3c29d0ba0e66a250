using System.Text.Json.Serialization;
using Tangle.Sdk.Events;

namespace Tangle.Sdk.Rooms;

/// <summary>The response of <c>GET /rooms/{roomId}/relations/{eventId}</c> (and its typed variants).</summary>
public sealed record RelationsResponse
{
    /// <summary>The child events.</summary>
    [JsonPropertyName("chunk")]
    public IReadOnlyList<RoomEvent> Chunk { get; init; } = [];

    /// <summary>The token for the next page; absent at the end.</summary>
    [JsonPropertyName("next_batch")]
    public string? NextBatch { get; init; }

    /// <summary>The token for the previous page; absent on the first page.</summary>
    [JsonPropertyName("prev_batch")]
    public string? PrevBatch { get; init; }

    /// <summary>With <c>recurse</c>: how deep the server actually recursed.</summary>
    [JsonPropertyName("recursion_depth")]
    public int? RecursionDepth { get; init; }
}

/// <summary>The response of <c>GET /rooms/{roomId}/threads</c>.</summary>
public sealed record ThreadsResponse
{
    /// <summary>The thread roots, most recently active first.</summary>
    [JsonPropertyName("chunk")]
    public IReadOnlyList<RoomEvent> Chunk { get; init; } = [];

    /// <summary>The token for the next page; absent at the end.</summary>
    [JsonPropertyName("next_batch")]
    public string? NextBatch { get; init; }
}

/// <summary>The response of <c>GET /rooms/{roomId}/timestamp_to_event</c>.</summary>
public sealed record TimestampToEventResponse
{
    /// <summary>The event closest to the timestamp in the requested direction.</summary>
    [JsonPropertyName("event_id")]
    public string EventId { get; init; } = "";

    /// <summary>That event's timestamp.</summary>
    [JsonPropertyName("origin_server_ts")]
    public long OriginServerTs { get; init; }
}

/// <summary>Which thread roots <c>/threads</c> returns.</summary>
public enum ThreadsInclude
{
    /// <summary>Every thread in the room.</summary>
    All,

    /// <summary>Only threads the user has participated in.</summary>
    Participated,
}
