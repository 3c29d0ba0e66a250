using System.Text.Json.Serialization;
using Tangle.Sdk.Events;

namespace Tangle.Sdk.Rooms;

/// <summary>The response of <c>GET /rooms/{roomId}/messages</c>.</summary>
public sealed record MessagesResponse
{
    /// <summary>The token the page starts at (the <c>from</c> given, or where the server started).</summary>
    [JsonPropertyName("start")]
    public string Start { get; init; } = "";

    /// <summary>The token to continue from; absent when there are no more events in this direction.</summary>
    [JsonPropertyName("end")]
    public string? End { get; init; }

    /// <summary>The events, in the order of the requested direction (newest first for backwards).</summary>
    [JsonPropertyName("chunk")]
    public IReadOnlyList<RoomEvent> Chunk { get; init; } = [];

    /// <summary>State relevant to the chunk, e.g. lazy-loaded members.</summary>
    [JsonPropertyName("state")]
    public IReadOnlyList<RoomEvent> State { get; init; } = [];
}
