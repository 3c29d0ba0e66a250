namespace Tangle.Grains.Presence;

/// <summary>What a presence grain persists, written when the visible presence changes.</summary>
[GenerateSerializer]
public sealed class PresenceRecord
{
    [Id(0)] public string Presence { get; set; } = PresenceValues.Offline;
    [Id(1)] public string? StatusMessage { get; set; }
    /// <summary>The last pro-active event (message sent, presence set, back online); 0 if never.</summary>
    [Id(2)] public long LastActiveTs { get; set; }
    /// <summary>The last time a client was connected: the end of a sync, or a presence update.</summary>
    [Id(3)] public long LastSeenTs { get; set; }
    /// <summary>Whether the server made the user unavailable for idleness (a sync alone does not undo that).</summary>
    [Id(4)] public bool Idle { get; set; }
}
