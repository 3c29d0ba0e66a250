using System.Text.Json;

namespace Tangle.Grains.Rooms;

/// <summary>What sync asks a room for one user: the events between two stream positions.</summary>
[GenerateSerializer, Immutable]
public sealed record SyncSliceQuery
{
    [Id(0)] public required Requester Requester { get; init; }
    /// <summary>The position the user has seen up to; null for an initial sync of this room.</summary>
    [Id(1)] public long? Since { get; init; }
    /// <summary>The position to sync up to (the room's position when the inbox was notified).</summary>
    [Id(2)] public long? Upto { get; init; }
    [Id(3)] public int TimelineLimit { get; init; } = 10;
    [Id(4)] public bool FullState { get; init; }
    [Id(5)] public RoomEventFilter TimelineFilter { get; init; } = RoomEventFilter.None;
    [Id(6)] public RoomEventFilter StateFilter { get; init; } = RoomEventFilter.None;
    /// <summary>Members whose events the client already has (lazy loading), to avoid resending them.</summary>
    [Id(7)] public IReadOnlyList<string> KnownMembers { get; init; } = [];
    /// <summary>Receipts newer than this serial are included.</summary>
    [Id(8)] public long ReceiptsSince { get; init; }
    /// <summary>Whether the room changed membership for the user after <see cref="Since"/> (so the whole state is due).</summary>
    [Id(9)] public bool MembershipChanged { get; init; }
}

/// <summary>One room's part of a sync response for one user.</summary>
[GenerateSerializer, Immutable]
public sealed record SyncSlice
{
    [Id(0)] public IReadOnlyList<RoomEventView> Timeline { get; init; } = [];
    [Id(1)] public IReadOnlyList<RoomEventView> State { get; init; } = [];
    [Id(2)] public bool Limited { get; init; }
    /// <summary>Token for /messages to fetch what precedes the timeline.</summary>
    [Id(3)] public long PrevBatch { get; init; }
    /// <summary>The room position this slice reaches.</summary>
    [Id(4)] public long Position { get; init; }
    [Id(5)] public RoomSummary? Summary { get; init; }
    [Id(6)] public IReadOnlyList<string> Typing { get; init; } = [];
    [Id(7)] public IReadOnlyList<Receipt> Receipts { get; init; } = [];
    [Id(8)] public long ReceiptSerial { get; init; }
    [Id(9)] public long NotificationCount { get; init; }
    [Id(10)] public long HighlightCount { get; init; }
    /// <summary>The user's membership in the room at the end of the slice.</summary>
    [Id(11)] public string? Membership { get; init; }
    /// <summary>For invites and knocks: the stripped state the user may see.</summary>
    [Id(12)] public IReadOnlyList<RoomEventView> StrippedState { get; init; } = [];
    /// <summary>For an invite from another server: the stripped state events it sent, as it sent them.</summary>
    [Id(14)] public IReadOnlyList<JsonElement> RemoteStrippedState { get; init; } = [];
    /// <summary>Per-thread notification counts, keyed by thread root.</summary>
    [Id(13)] public IReadOnlyDictionary<string, (long Notifications, long Highlights)> ThreadCounts { get; init; } =
        new Dictionary<string, (long, long)>();
}
