using System.Text.Json;

namespace Tangle.Grains.Keys;

/// <summary>A backup version as GET /room_keys/version describes it.</summary>
[GenerateSerializer, Immutable]
public sealed record BackupVersion(
    [property: Id(0)] string Version,
    [property: Id(1)] string Algorithm,
    [property: Id(2)] JsonElement AuthData,
    [property: Id(3)] BackupCounts Counts);

/// <summary>How many keys a version holds, and the etag that changes whenever they do.</summary>
[GenerateSerializer, Immutable]
public sealed record BackupCounts([property: Id(0)] string Etag, [property: Id(1)] long Count);

/// <summary>The outcome of storing keys: counts, or the current version when another was named.</summary>
[GenerateSerializer, Immutable]
public sealed record BackupPutResult([property: Id(0)] BackupCounts? Counts, [property: Id(1)] string? CurrentVersion);

/// <summary>One backed-up megolm session key (KeyBackupData) of a room.</summary>
[GenerateSerializer, Immutable]
public sealed record BackedUpSessionKey(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string SessionId,
    [property: Id(2)] long FirstMessageIndex,
    [property: Id(3)] long ForwardedCount,
    [property: Id(4)] bool IsVerified,
    [property: Id(5)] JsonElement SessionData);
