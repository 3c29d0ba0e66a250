using System.Text.Json.Serialization;

namespace Tangle.Sdk.Filters;

/// <summary>A filter on non-room events (presence, account data).</summary>
public record EventFilter
{
    /// <summary>The maximum number of events to return.</summary>
    [JsonPropertyName("limit")]
    public int? Limit { get; init; }

    /// <summary>Senders to exclude.</summary>
    [JsonPropertyName("not_senders")]
    public IReadOnlyList<string>? NotSenders { get; init; }

    /// <summary>Event types to exclude (<c>*</c> wildcards allowed).</summary>
    [JsonPropertyName("not_types")]
    public IReadOnlyList<string>? NotTypes { get; init; }

    /// <summary>Senders to include; all when omitted.</summary>
    [JsonPropertyName("senders")]
    public IReadOnlyList<string>? Senders { get; init; }

    /// <summary>Event types to include (<c>*</c> wildcards allowed); all when omitted.</summary>
    [JsonPropertyName("types")]
    public IReadOnlyList<string>? Types { get; init; }
}

/// <summary>A filter on room events, for a <see cref="RoomFilter"/> or <c>/messages</c>' <c>filter</c>.</summary>
public sealed record RoomEventFilter : EventFilter
{
    /// <summary>Whether to return notification counts per thread.</summary>
    [JsonPropertyName("unread_thread_notifications")]
    public bool? UnreadThreadNotifications { get; init; }

    /// <summary>Whether to lazy-load room members.</summary>
    [JsonPropertyName("lazy_load_members")]
    public bool? LazyLoadMembers { get; init; }

    /// <summary>With lazy loading: whether to resend members the client should already have.</summary>
    [JsonPropertyName("include_redundant_members")]
    public bool? IncludeRedundantMembers { get; init; }

    /// <summary>Rooms to exclude.</summary>
    [JsonPropertyName("not_rooms")]
    public IReadOnlyList<string>? NotRooms { get; init; }

    /// <summary>Rooms to include.</summary>
    [JsonPropertyName("rooms")]
    public IReadOnlyList<string>? Rooms { get; init; }

    /// <summary>Only events with (true) or without (false) a <c>url</c> in their content.</summary>
    [JsonPropertyName("contains_url")]
    public bool? ContainsUrl { get; init; }

    /// <summary>This filter as compact JSON, for the <c>filter</c> query parameter of <c>/messages</c>.</summary>
    public string ToJson() => MatrixJson.Serialize(this);
}
