using System.Text.Json.Serialization;

namespace Tangle.Sdk.Filters;

/// <summary>A sync filter, for <c>POST /user/{userId}/filter</c> or inline in <c>/sync</c>.</summary>
public sealed record Filter
{
    /// <summary>The event fields to include (dotted paths); all when omitted.</summary>
    [JsonPropertyName("event_fields")]
    public IReadOnlyList<string>? EventFields { get; init; }

    /// <summary>The event format: <c>client</c> (the default) or <c>federation</c>.</summary>
    [JsonPropertyName("event_format")]
    public string? EventFormat { get; init; }

    /// <summary>Which presence updates to include.</summary>
    [JsonPropertyName("presence")]
    public EventFilter? Presence { get; init; }

    /// <summary>Which global account data to include.</summary>
    [JsonPropertyName("account_data")]
    public EventFilter? AccountData { get; init; }

    /// <summary>Which room data to include.</summary>
    [JsonPropertyName("room")]
    public RoomFilter? Room { get; init; }

    /// <summary>This filter as compact JSON, for the <c>filter</c> query parameter of <c>/sync</c>.</summary>
    public string ToJson() => MatrixJson.Serialize(this);
}

/// <summary>The <c>room</c> part of a <see cref="Filter"/>.</summary>
public sealed record RoomFilter
{
    /// <summary>Rooms to exclude; takes precedence over <see cref="Rooms"/>.</summary>
    [JsonPropertyName("not_rooms")]
    public IReadOnlyList<string>? NotRooms { get; init; }

    /// <summary>Rooms to include; all when omitted.</summary>
    [JsonPropertyName("rooms")]
    public IReadOnlyList<string>? Rooms { get; init; }

    /// <summary>Which ephemeral events (typing, receipts) to include.</summary>
    [JsonPropertyName("ephemeral")]
    public RoomEventFilter? Ephemeral { get; init; }

    /// <summary>Whether to include rooms the user has left.</summary>
    [JsonPropertyName("include_leave")]
    public bool? IncludeLeave { get; init; }

    /// <summary>Which state events to include.</summary>
    [JsonPropertyName("state")]
    public RoomEventFilter? State { get; init; }

    /// <summary>Which timeline events to include, and how many.</summary>
    [JsonPropertyName("timeline")]
    public RoomEventFilter? Timeline { get; init; }

    /// <summary>Which per-room account data to include.</summary>
    [JsonPropertyName("account_data")]
    public RoomEventFilter? AccountData { get; init; }
}
