using System.Text.Json;
using Orleans.Concurrency;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Rooms;

/// <summary>A membership event for a remote user to sign, as make_join offers it.</summary>
[GenerateSerializer, Immutable]
public sealed record MembershipTemplate([property: Id(0)] string RoomVersion, [property: Id(1)] JsonElement Event);

/// <summary>The state of the room before an event, and the auth chain of that state.</summary>
[GenerateSerializer, Immutable]
public sealed record StateAndAuthChain([property: Id(0)] IReadOnlyList<Pdu> State, [property: Id(1)] IReadOnlyList<Pdu> AuthChain);

/// <summary>What send_join answers: the state before the join, its auth chain, the join as accepted, the servers in the room.</summary>
[GenerateSerializer, Immutable]
public sealed record JoinAccepted(
    [property: Id(0)] IReadOnlyList<Pdu> State,
    [property: Id(1)] IReadOnlyList<Pdu> AuthChain,
    [property: Id(2)] Pdu Event,
    [property: Id(3)] IReadOnlyList<string> ServersInRoom);

/// <summary>A room as a space hierarchy shows it: its summary and its m.space.child events.</summary>
[GenerateSerializer, Immutable]
public sealed record SpaceRoom([property: Id(0)] RoomSummary Summary, [property: Id(1)] IReadOnlyList<Pdu> Children);

/// <summary>The outcome of one PDU of a transaction: null error when it was taken (or already known).</summary>
[GenerateSerializer, Immutable]
public sealed record PduResult([property: Id(0)] string EventId, [property: Id(1)] string? Error);

/// <summary>
/// Where a replica stands: its forward extremities (the events nothing here builds on yet, in the order new
/// events cite them) and its current state map. Two servers that saw the same events hold the same state.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ReplicaSnapshot(
    [property: Id(0)] IReadOnlyList<EventId> ForwardExtremities,
    [property: Id(1)] IReadOnlyDictionary<StateMapKey, EventId> State,
    [property: Id(2)] long StreamPosition);

/// <summary>A local user joining a room this server is not in yet, through servers that are.</summary>
[GenerateSerializer, Immutable]
public sealed record RemoteJoinCommand
{
    [Id(0)] public required Requester Requester { get; init; }
    [Id(1)] public required IReadOnlyList<ServerName> Via { get; init; }
    [Id(2)] public string? DisplayName { get; init; }
    [Id(3)] public string? AvatarUrl { get; init; }
    [Id(4)] public string? Reason { get; init; }
}

/// <summary>
/// The same room replica as <see cref="IRoomGrain"/> (same key, same activation), seen from federation:
/// what other servers may ask of it, and the events they send into it. Every event from outside is
/// checked (format, signatures, content hash, auth against its auth events, the state before it, and the
/// current state) before it changes anything.
/// </summary>
public interface IRoomFederationGrain : IGrainWithStringKey
{
    /// <summary>make_join: a join event template for <paramref name="user"/> of <paramref name="origin"/>.</summary>
    Task<MembershipTemplate> MakeJoinAsync(ServerName origin, UserId user, IReadOnlyList<string> supportedVersions);

    /// <summary>send_join: takes a remote user's signed join and answers with the state the joiner needs.</summary>
    Task<JoinAccepted> SendJoinAsync(ServerName origin, JsonElement joinEvent);

    /// <summary>
    /// invite v2: <paramref name="origin"/> invites a user of this server; answers with the invite countersigned.
    /// Kept with its stripped state when this server has no replica of the room.
    /// </summary>
    Task<Pdu> ReceiveInviteAsync(ServerName origin, JsonElement inviteEvent, string roomVersion, JsonElement strippedState);

    /// <summary>make_leave: a leave event template for <paramref name="user"/> of <paramref name="origin"/>.</summary>
    Task<MembershipTemplate> MakeLeaveAsync(ServerName origin, UserId user);

    /// <summary>send_leave: takes a remote user's signed leave (such as an invite's rejection).</summary>
    Task SendLeaveAsync(ServerName origin, JsonElement leaveEvent);

    /// <summary>make_knock: a knock event template for <paramref name="user"/> of <paramref name="origin"/>.</summary>
    Task<MembershipTemplate> MakeKnockAsync(ServerName origin, UserId user, IReadOnlyList<string> supportedVersions);

    /// <summary>send_knock: takes a remote user's signed knock; answers with the room's stripped state.</summary>
    Task<JsonElement> SendKnockAsync(ServerName origin, JsonElement knockEvent);

    /// <summary>Knocks on a room this server does not hold, through make_knock and send_knock.</summary>
    Task<EventId> KnockRemoteAsync(RemoteJoinCommand command);

    /// <summary>Takes one PDU of a /send transaction from <paramref name="origin"/>.</summary>
    Task<PduResult> ReceivePduAsync(ServerName origin, JsonElement pdu);

    /// <summary>Joins a local user to a room this server does not hold yet, through make_join and send_join.</summary>
    Task<EventId> JoinRemoteAsync(RemoteJoinCommand command);

    /// <summary>One event, if <paramref name="origin"/> may see it.</summary>
    Task<Pdu> GetEventForServerAsync(ServerName origin, EventId eventId);

    /// <summary>The accepted event closest to <paramref name="timestamp"/> in a direction that <paramref name="origin"/> may see.</summary>
    Task<Pdu?> TimestampToEventForServerAsync(ServerName origin, long timestamp, Direction direction);

    /// <summary>The state before an event and its auth chain (/state and /state_ids).</summary>
    Task<StateAndAuthChain> GetStateForServerAsync(ServerName origin, EventId eventId);

    /// <summary>The full auth chain of an event (/event_auth).</summary>
    Task<IReadOnlyList<Pdu>> GetAuthChainForServerAsync(ServerName origin, EventId eventId);

    /// <summary>Up to <paramref name="limit"/> events preceding (and including) <paramref name="from"/>, newest first (/backfill).</summary>
    Task<IReadOnlyList<Pdu>> BackfillAsync(ServerName origin, IReadOnlyList<EventId> from, int limit);

    /// <summary>Events between <paramref name="earliest"/> and <paramref name="latest"/>, oldest first (/get_missing_events).</summary>
    Task<IReadOnlyList<Pdu>> GetMissingEventsAsync(ServerName origin, IReadOnlyList<EventId> earliest, IReadOnlyList<EventId> latest, int limit, long minDepth);

    /// <summary>
    /// The room for a space hierarchy asked by <paramref name="origin"/>: null when this server does not hold it,
    /// and M_FORBIDDEN when <paramref name="origin"/> could neither peek nor join it.
    /// </summary>
    Task<SpaceRoom?> GetSpaceRoomForServerAsync(ServerName origin, bool suggestedOnly);

    /// <summary>Whether the room's server ACL lets <paramref name="server"/> take part (true when there is none).</summary>
    [AlwaysInterleave]
    Task<bool> AllowsServerAsync(ServerName server);

    /// <summary>
    /// This replica's forward extremities and current state, for operators and convergence checks; empty when
    /// this server does not hold the room. Taken in a turn of its own, so it never shows an event half applied.
    /// </summary>
    Task<ReplicaSnapshot> GetReplicaSnapshotAsync();

    /// <summary>The servers with a joined member, as far as this replica knows.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<string>> GetServersInRoomAsync();
}
