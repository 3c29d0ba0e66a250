namespace Tangle.Sdk.Sync;

/// <summary>The parameters of one <c>/sync</c> request.</summary>
public sealed record SyncRequest
{
    /// <summary>The <c>next_batch</c> of an earlier sync; <c>null</c> for an initial sync.</summary>
    public string? Since { get; init; }

    /// <summary>How long the server may wait for new data; <c>null</c> or zero returns at once.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>A filter ID, or an inline filter as JSON (starting with <c>{</c>).</summary>
    public string? Filter { get; init; }

    /// <summary>Whether to return the full state of every room, even when <see cref="Since"/> is set.</summary>
    public bool FullState { get; init; }

    /// <summary>The presence to set by syncing: <c>online</c> (the default), <c>offline</c> or <c>unavailable</c>.</summary>
    public string? SetPresence { get; init; }

    /// <summary>Whether to receive state up to the end of the timeline in <c>state_after</c> (spec v1.16).</summary>
    public bool? UseStateAfter { get; init; }
}
