using System.Text.Json;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Sync;

/// <summary>A /sync request, with its filter already resolved.</summary>
[GenerateSerializer, Immutable]
public sealed record SyncQuery
{
    [Id(0)] public required Requester Requester { get; init; }
    [Id(1)] public string? Since { get; init; }
    [Id(2)] public int TimeoutMs { get; init; }
    [Id(3)] public bool FullState { get; init; }
    [Id(4)] public SyncFilter Filter { get; init; } = SyncFilter.Default;
    [Id(5)] public string? SetPresence { get; init; }
}

/// <summary>The parts of a sync filter that shape the response.</summary>
[GenerateSerializer, Immutable]
public sealed record SyncFilter
{
    [Id(0)] public RoomEventFilter Timeline { get; init; } = new() { Limit = 10 };
    [Id(1)] public RoomEventFilter State { get; init; } = RoomEventFilter.None;
    [Id(2)] public RoomEventFilter Ephemeral { get; init; } = RoomEventFilter.None;
    [Id(3)] public RoomEventFilter RoomAccountData { get; init; } = RoomEventFilter.None;
    [Id(4)] public RoomEventFilter AccountData { get; init; } = RoomEventFilter.None;
    [Id(5)] public RoomEventFilter Presence { get; init; } = RoomEventFilter.None;
    [Id(6)] public IReadOnlyList<string>? Rooms { get; init; }
    [Id(7)] public IReadOnlyList<string> NotRooms { get; init; } = [];
    [Id(8)] public bool IncludeLeave { get; init; }

    public static SyncFilter Default { get; } = new();
}

/// <summary>A sync response, shaped as the specification's.</summary>
[GenerateSerializer, Immutable]
public sealed record SyncResult
{
    [Id(0)] public required string NextBatch { get; init; }
    [Id(1)] public IReadOnlyDictionary<RoomId, RoomSync> Join { get; init; } = new Dictionary<RoomId, RoomSync>();
    [Id(2)] public IReadOnlyDictionary<RoomId, RoomSync> Invite { get; init; } = new Dictionary<RoomId, RoomSync>();
    [Id(3)] public IReadOnlyDictionary<RoomId, RoomSync> Leave { get; init; } = new Dictionary<RoomId, RoomSync>();
    [Id(4)] public IReadOnlyDictionary<RoomId, RoomSync> Knock { get; init; } = new Dictionary<RoomId, RoomSync>();
    [Id(5)] public IReadOnlyList<(string Type, JsonElement Content)> AccountData { get; init; } = [];
    [Id(6)] public IReadOnlyList<ToDeviceMessage> ToDevice { get; init; } = [];
    [Id(7)] public IReadOnlyList<string> DeviceListsChanged { get; init; } = [];
    [Id(8)] public IReadOnlyList<string> DeviceListsLeft { get; init; } = [];
    [Id(9)] public IReadOnlyDictionary<string, int> OneTimeKeysCount { get; init; } = new Dictionary<string, int>();
    [Id(10)] public IReadOnlyList<string>? UnusedFallbackKeyTypes { get; init; }
    [Id(11)] public IReadOnlyList<PresenceState> Presence { get; init; } = [];
}

/// <summary>One room of a sync response.</summary>
[GenerateSerializer, Immutable]
public sealed record RoomSync(
    [property: Id(0)] SyncSlice Slice,
    [property: Id(1)] IReadOnlyList<(string Type, JsonElement Content)> AccountData);

/// <summary>A user's presence as sync and /presence report it.</summary>
[GenerateSerializer, Immutable]
public sealed record PresenceState(
    [property: Id(0)] string UserId,
    [property: Id(1)] string Presence,
    [property: Id(2)] string? StatusMessage,
    [property: Id(3)] long LastActiveTs,
    [property: Id(4)] bool CurrentlyActive);
