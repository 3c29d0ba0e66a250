using System.Text.Json.Serialization;
using Tangle.Sdk.Events;

namespace Tangle.Sdk.Sync;

/// <summary>A room's timeline in <c>/sync</c>.</summary>
public sealed record Timeline
{
    /// <summary>The events, oldest first.</summary>
    [JsonPropertyName("events")]
    public IReadOnlyList<RoomEvent> Events { get; init; } = [];

    /// <summary>True when the filter's limit cut the timeline short: there is a gap before <see cref="Events"/>.</summary>
    [JsonPropertyName("limited")]
    public bool Limited { get; init; }

    /// <summary>A token for <c>/messages</c> (<c>dir=b</c>) to fetch earlier events; absent when there are none.</summary>
    [JsonPropertyName("prev_batch")]
    public string? PrevBatch { get; init; }
}
