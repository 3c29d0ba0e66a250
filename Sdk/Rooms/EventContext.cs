using System.Text.Json.Serialization;
using Tangle.Sdk.Events;

namespace Tangle.Sdk.Rooms;

/// <summary>The response of <c>GET /rooms/{roomId}/context/{eventId}</c>.</summary>
public sealed record EventContext
{
    /// <summary>A token to paginate backwards from the start of <see cref="EventsBefore"/>.</summary>
    [JsonPropertyName("start")]
    public string? Start { get; init; }

    /// <summary>A token to paginate forwards from the end of <see cref="EventsAfter"/>.</summary>
    [JsonPropertyName("end")]
    public string? End { get; init; }

    /// <summary>Events just before the requested one, newest first.</summary>
    [JsonPropertyName("events_before")]
    public IReadOnlyList<RoomEvent> EventsBefore { get; init; } = [];

    /// <summary>The requested event.</summary>
    [JsonPropertyName("event")]
    public RoomEvent? Event { get; init; }

    /// <summary>Events just after the requested one, oldest first.</summary>
    [JsonPropertyName("events_after")]
    public IReadOnlyList<RoomEvent> EventsAfter { get; init; } = [];

    /// <summary>The room state at the last event returned.</summary>
    [JsonPropertyName("state")]
    public IReadOnlyList<RoomEvent> State { get; init; } = [];
}
