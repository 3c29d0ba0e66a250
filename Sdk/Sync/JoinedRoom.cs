using System.Text.Json;
using System.Text.Json.Serialization;
using Tangle.Sdk.Events;

namespace Tangle.Sdk.Sync;

/// <summary>A joined room's update in <c>/sync</c>.</summary>
public sealed record JoinedRoom
{
    /// <summary>What a client needs to name and describe the room (heroes, member counts).</summary>
    [JsonPropertyName("summary")]
    public RoomSummary? Summary { get; init; }

    /// <summary>State between <c>since</c> and the <b>start</b> of <see cref="Timeline"/> (absent with <c>use_state_after</c>).</summary>
    [JsonPropertyName("state")]
    public EventBatch<RoomEvent> State { get; init; } = new();

    /// <summary>State between <c>since</c> and the <b>end</b> of the timeline, when <c>use_state_after</c> was requested.</summary>
    [JsonPropertyName("state_after")]
    public EventBatch<RoomEvent>? StateAfter { get; init; }

    /// <summary>The timeline of messages and state changes.</summary>
    [JsonPropertyName("timeline")]
    public Timeline Timeline { get; init; } = new();

    /// <summary>Ephemeral events: typing notifications and receipts.</summary>
    [JsonPropertyName("ephemeral")]
    public EventBatch<BasicEvent> Ephemeral { get; init; } = new();

    /// <summary>The user's account data for this room.</summary>
    [JsonPropertyName("account_data")]
    public EventBatch<BasicEvent> AccountData { get; init; } = new();

    /// <summary>Unread notification counts for the room (the main timeline, with threaded counts on).</summary>
    [JsonPropertyName("unread_notifications")]
    public UnreadNotificationCounts? UnreadNotifications { get; init; }

    /// <summary>Unread notification counts per thread root, when requested in the filter.</summary>
    [JsonPropertyName("unread_thread_notifications")]
    public IReadOnlyDictionary<string, UnreadNotificationCounts>? UnreadThreadNotifications { get; init; }

    /// <summary>Every other field, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>The <c>summary</c> of a joined room.</summary>
public sealed record RoomSummary
{
    /// <summary>Users to name the room after when it has no name or alias.</summary>
    [JsonPropertyName("m.heroes")]
    public IReadOnlyList<string>? Heroes { get; init; }

    /// <summary>The number of joined members, when it changed.</summary>
    [JsonPropertyName("m.joined_member_count")]
    public int? JoinedMemberCount { get; init; }

    /// <summary>The number of invited members, when it changed.</summary>
    [JsonPropertyName("m.invited_member_count")]
    public int? InvitedMemberCount { get; init; }
}

/// <summary>Counts of unread notifications.</summary>
public sealed record UnreadNotificationCounts
{
    /// <summary>Unread notifications with the highlight flag.</summary>
    [JsonPropertyName("highlight_count")]
    public int HighlightCount { get; init; }

    /// <summary>All unread notifications.</summary>
    [JsonPropertyName("notification_count")]
    public int NotificationCount { get; init; }
}
