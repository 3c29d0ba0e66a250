using System.Text.Json;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Accounts;

/// <summary>Create an account (and, unless inhibited, log its first device in).</summary>
[GenerateSerializer, Immutable]
public sealed record RegisterCommand
{
    [Id(0)] public required string Password { get; init; }
    [Id(1)] public string? DeviceId { get; init; }
    [Id(2)] public string? InitialDeviceDisplayName { get; init; }
    [Id(3)] public bool InhibitLogin { get; init; }
    [Id(4)] public bool Admin { get; init; }
    [Id(5)] public bool Guest { get; init; }
    [Id(6)] public string? DisplayName { get; init; }
}

/// <summary>Log a device in with the account's password.</summary>
[GenerateSerializer, Immutable]
public sealed record LoginCommand
{
    [Id(0)] public required string Password { get; init; }
    [Id(1)] public string? DeviceId { get; init; }
    [Id(2)] public string? InitialDeviceDisplayName { get; init; }
    [Id(3)] public string? ClientIp { get; init; }
}

/// <summary>A logged-in session: the access token is returned once and stored only as a hash.</summary>
[GenerateSerializer, Immutable]
public sealed record Session([property: Id(0)] UserId UserId, [property: Id(1)] string DeviceId, [property: Id(2)] string? AccessToken);

/// <summary>A device of an account, as /devices lists it.</summary>
[GenerateSerializer, Immutable]
public sealed record DeviceInfo(
    [property: Id(0)] string DeviceId,
    [property: Id(1)] string? DisplayName,
    [property: Id(2)] string? LastSeenIp,
    [property: Id(3)] long? LastSeenTs);

/// <summary>A user's profile.</summary>
[GenerateSerializer, Immutable]
public sealed record Profile([property: Id(0)] string? DisplayName, [property: Id(1)] string? AvatarUrl);

/// <summary>Facts about an account that requests are checked against.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountInfo(
    [property: Id(0)] bool Exists,
    [property: Id(1)] bool Deactivated,
    [property: Id(2)] bool Admin,
    [property: Id(3)] bool Guest,
    [property: Id(4)] long CreatedTs);

/// <summary>One piece of account data, global (no room) or for a room.</summary>
[GenerateSerializer, Immutable]
public sealed record AccountDataEntry([property: Id(0)] RoomId? Room, [property: Id(1)] string Type, [property: Id(2)] JsonElement Content, [property: Id(3)] long Serial);

/// <summary>What an access token stands for.</summary>
[GenerateSerializer, Immutable]
public sealed record AccessTokenInfo([property: Id(0)] UserId UserId, [property: Id(1)] string DeviceId, [property: Id(2)] bool IsGuest);
