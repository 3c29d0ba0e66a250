using System.Text.Json;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Rooms;

/// <summary>
/// An event as a client should see it: the PDU (redacted if it was redacted) and the unsigned data
/// the room knows about it. The gateway turns it into the client event format.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RoomEventView
{
    [Id(0)] public required Pdu Event { get; init; }
    /// <summary>Position in this room's stream; the basis of pagination tokens.</summary>
    [Id(1)] public long StreamPosition { get; init; }
    /// <summary>The client transaction that sent it, shown only to that device.</summary>
    [Id(2)] public ClientTransaction? Transaction { get; init; }
    /// <summary>For state events: the content and sender of the event this one replaced.</summary>
    [Id(3)] public JsonElement? PrevContent { get; init; }
    [Id(4)] public string? PrevSender { get; init; }
    [Id(5)] public EventId? ReplacesState { get; init; }
    /// <summary>The redaction that redacted this event, if any.</summary>
    [Id(6)] public Pdu? RedactedBecause { get; init; }
    /// <summary>The requesting user's membership at this event (unsigned.membership).</summary>
    [Id(7)] public string? MembershipAtEvent { get; init; }
    /// <summary>Bundled aggregations: the latest edit, thread summary and annotation counts.</summary>
    [Id(8)] public RelationsSummary? Relations { get; init; }
}

/// <summary>The bundled relations of an event (unsigned.m.relations).</summary>
[GenerateSerializer, Immutable]
public sealed record RelationsSummary
{
    [Id(0)] public Pdu? LatestEdit { get; init; }
    [Id(1)] public int ThreadCount { get; init; }
    [Id(2)] public Pdu? ThreadLatestEvent { get; init; }
    [Id(3)] public bool ThreadParticipated { get; init; }
    [Id(4)] public IReadOnlyList<EventId> References { get; init; } = [];
}

/// <summary>Which way to paginate.</summary>
public enum Direction
{
    Backwards,
    Forwards,
}

/// <summary>The parts of a room event filter that the room applies itself.</summary>
[GenerateSerializer, Immutable]
public sealed record RoomEventFilter
{
    [Id(0)] public IReadOnlyList<string>? Types { get; init; }
    [Id(1)] public IReadOnlyList<string> NotTypes { get; init; } = [];
    [Id(2)] public IReadOnlyList<string>? Senders { get; init; }
    [Id(3)] public IReadOnlyList<string> NotSenders { get; init; } = [];
    [Id(4)] public bool LazyLoadMembers { get; init; }
    [Id(5)] public bool IncludeRedundantMembers { get; init; }
    [Id(6)] public bool? ContainsUrl { get; init; }
    [Id(7)] public int? Limit { get; init; }
    [Id(8)] public bool UnreadThreadNotifications { get; init; }

    public static RoomEventFilter None { get; } = new();
}

/// <summary>GET /messages.</summary>
[GenerateSerializer, Immutable]
public sealed record MessagesQuery
{
    [Id(0)] public required Requester Requester { get; init; }
    /// <summary>Start position; null means the end of the room (backwards) or its start (forwards).</summary>
    [Id(1)] public long? From { get; init; }
    [Id(2)] public long? To { get; init; }
    [Id(3)] public Direction Direction { get; init; } = Direction.Backwards;
    [Id(4)] public int Limit { get; init; } = 10;
    [Id(5)] public RoomEventFilter Filter { get; init; } = RoomEventFilter.None;
}

/// <summary>A page of /messages.</summary>
[GenerateSerializer, Immutable]
public sealed record MessagesPage(
    [property: Id(0)] IReadOnlyList<RoomEventView> Chunk,
    [property: Id(1)] long Start,
    [property: Id(2)] long? End,
    [property: Id(3)] IReadOnlyList<RoomEventView> State);

/// <summary>GET /context.</summary>
[GenerateSerializer, Immutable]
public sealed record EventContext(
    [property: Id(0)] RoomEventView Event,
    [property: Id(1)] IReadOnlyList<RoomEventView> Before,
    [property: Id(2)] IReadOnlyList<RoomEventView> After,
    [property: Id(3)] long Start,
    [property: Id(4)] long End,
    [property: Id(5)] IReadOnlyList<RoomEventView> State);

/// <summary>A member as /joined_members lists it.</summary>
[GenerateSerializer, Immutable]
public sealed record JoinedMember([property: Id(0)] string UserId, [property: Id(1)] string? DisplayName, [property: Id(2)] string? AvatarUrl);

/// <summary>What a room looks like from outside: for sync summaries and the public room list.</summary>
[GenerateSerializer, Immutable]
public sealed record RoomSummary
{
    [Id(0)] public required RoomId RoomId { get; init; }
    [Id(1)] public required string RoomVersion { get; init; }
    [Id(2)] public string? Name { get; init; }
    [Id(3)] public string? Topic { get; init; }
    [Id(4)] public string? CanonicalAlias { get; init; }
    [Id(5)] public string? AvatarUrl { get; init; }
    [Id(6)] public int JoinedMembers { get; init; }
    [Id(7)] public int InvitedMembers { get; init; }
    [Id(8)] public IReadOnlyList<string> Heroes { get; init; } = [];
    [Id(9)] public string? JoinRule { get; init; }
    [Id(10)] public string? HistoryVisibility { get; init; }
    [Id(11)] public bool GuestCanJoin { get; init; }
    [Id(12)] public string? RoomType { get; init; }
    [Id(13)] public bool IsEncrypted { get; init; }
    [Id(14)] public long StreamPosition { get; init; }
}

/// <summary>A read receipt.</summary>
[GenerateSerializer, Immutable]
public sealed record Receipt(
    [property: Id(0)] string UserId,
    [property: Id(1)] string ReceiptType,
    [property: Id(2)] EventId EventId,
    [property: Id(3)] long Timestamp,
    [property: Id(4)] string? ThreadId,
    [property: Id(5)] long Serial);
