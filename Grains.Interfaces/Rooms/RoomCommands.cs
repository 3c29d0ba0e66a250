using System.Text.Json;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Rooms;

/// <summary>Who is asking: the user and, for requests made with an access token, their device.</summary>
[GenerateSerializer, Immutable]
public sealed record Requester([property: Id(0)] UserId User, [property: Id(1)] string? DeviceId = null, [property: Id(2)] bool IsGuest = false);

/// <summary>
/// A client's transaction id, which makes a request idempotent per device and per request path; the
/// scope names the endpoint within the room (e.g. <c>send/m.room.message</c>, <c>redact/$event</c>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ClientTransaction([property: Id(0)] string DeviceId, [property: Id(1)] string TxnId, [property: Id(2)] string Scope = "");

/// <summary>The body of POST /createRoom, already validated by the gateway.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateRoomCommand
{
    [Id(0)] public required Requester Creator { get; init; }
    [Id(1)] public required string RoomVersion { get; init; }
    [Id(2)] public string? Preset { get; init; }
    [Id(3)] public string Visibility { get; init; } = "private";
    [Id(4)] public string? Name { get; init; }
    [Id(5)] public string? Topic { get; init; }
    [Id(6)] public IReadOnlyList<UserId> Invite { get; init; } = [];
    [Id(7)] public IReadOnlyList<InitialStateEvent> InitialState { get; init; } = [];
    [Id(8)] public string? RoomAliasName { get; init; }
    [Id(9)] public JsonElement? CreationContent { get; init; }
    [Id(10)] public JsonElement? PowerLevelContentOverride { get; init; }
    [Id(11)] public bool IsDirect { get; init; }
    [Id(12)] public string? CreatorDisplayName { get; init; }
    [Id(13)] public string? CreatorAvatarUrl { get; init; }
    [Id(14)] public IReadOnlyList<UserId> AdditionalCreators { get; init; } = [];
}

/// <summary>A state event of createRoom's initial_state.</summary>
[GenerateSerializer, Immutable]
public sealed record InitialStateEvent([property: Id(0)] string Type, [property: Id(1)] string StateKey, [property: Id(2)] JsonElement Content);

/// <summary>The outcome of createRoom.</summary>
[GenerateSerializer, Immutable]
public sealed record CreateRoomResult([property: Id(0)] RoomId RoomId, [property: Id(1)] RoomAlias? Alias);

/// <summary>Send an event (PUT /send or PUT /state).</summary>
[GenerateSerializer, Immutable]
public sealed record SendEventCommand
{
    [Id(0)] public required Requester Sender { get; init; }
    [Id(1)] public required string Type { get; init; }
    [Id(2)] public string? StateKey { get; init; }
    [Id(3)] public required JsonElement Content { get; init; }
    [Id(4)] public ClientTransaction? Transaction { get; init; }
    [Id(5)] public EventId? Redacts { get; init; }
}

/// <summary>Change a membership: join, leave, invite, kick, ban, unban, knock.</summary>
[GenerateSerializer, Immutable]
public sealed record MembershipCommand
{
    [Id(0)] public required Requester Sender { get; init; }
    [Id(1)] public required UserId Target { get; init; }
    [Id(2)] public required string Membership { get; init; }
    [Id(3)] public string? Reason { get; init; }
    [Id(4)] public string? DisplayName { get; init; }
    [Id(5)] public string? AvatarUrl { get; init; }
    [Id(6)] public bool IsDirect { get; init; }
    [Id(7)] public ClientTransaction? Transaction { get; init; }
    /// <summary>Extra content from the client (for example third_party_signed or custom keys).</summary>
    [Id(8)] public JsonElement? ExtraContent { get; init; }
}
