namespace Tangle.Sdk.Sync;

/// <summary>How <see cref="MatrixClient.SyncLoop"/> polls.</summary>
public sealed record SyncLoopOptions
{
    /// <summary>The token to resume from; <c>null</c> starts with an initial sync.</summary>
    public string? Since { get; init; }

    /// <summary>The long-poll timeout of each incremental sync. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the first sync returns at once (timeout 0), so the caller gets a snapshot quickly. Default true.</summary>
    public bool FirstSyncImmediate { get; init; } = true;

    /// <summary>A filter ID or inline filter JSON.</summary>
    public string? Filter { get; init; }

    /// <summary>Whether the first sync asks for full state.</summary>
    public bool FullState { get; init; }

    /// <summary>The presence to set by syncing.</summary>
    public string? SetPresence { get; init; }

    /// <summary>Whether to request <c>state_after</c> (spec v1.16).</summary>
    public bool? UseStateAfter { get; init; }

    /// <summary>The first wait after a failed sync; it doubles per consecutive failure. Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between failed syncs. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
