using System.Text.Json.Serialization;
using Tangle.Sdk.Events;

namespace Tangle.Sdk.Sync;

/// <summary>A room the user is invited to, in <c>/sync</c>.</summary>
public sealed record InvitedRoom
{
    /// <summary>The stripped state of the room, including the invite itself.</summary>
    [JsonPropertyName("invite_state")]
    public EventBatch<StrippedStateEvent> InviteState { get; init; } = new();
}

/// <summary>A room the user has knocked on, in <c>/sync</c>.</summary>
public sealed record KnockedRoom
{
    /// <summary>The stripped state of the room, including the knock itself.</summary>
    [JsonPropertyName("knock_state")]
    public EventBatch<StrippedStateEvent> KnockState { get; init; } = new();
}

/// <summary>A room the user has left or been banned from, in <c>/sync</c>.</summary>
public sealed record LeftRoom
{
    /// <summary>State up to the start of the timeline.</summary>
    [JsonPropertyName("state")]
    public EventBatch<RoomEvent> State { get; init; } = new();

    /// <summary>State up to the end of the timeline, when <c>use_state_after</c> was requested.</summary>
    [JsonPropertyName("state_after")]
    public EventBatch<RoomEvent>? StateAfter { get; init; }

    /// <summary>The timeline up to the point the user left.</summary>
    [JsonPropertyName("timeline")]
    public Timeline Timeline { get; init; } = new();

    /// <summary>The user's account data for this room.</summary>
    [JsonPropertyName("account_data")]
    public EventBatch<BasicEvent> AccountData { get; init; } = new();
}
