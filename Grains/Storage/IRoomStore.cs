using Tangle.Grains.Rooms;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Storage;

/// <summary>How an event stands in its room.</summary>
public enum EventStatus
{
    /// <summary>Passed every check; part of the timeline and, if a state event, able to be in state.</summary>
    Accepted = 0,

    /// <summary>Passed auth against its own state but not the current state: kept, not shown.</summary>
    SoftFailed = 1,

    /// <summary>Failed the auth rules; remembered so the same answer is given again.</summary>
    Rejected = 2,

    /// <summary>Known without its place in the DAG (an auth event fetched on its own).</summary>
    Outlier = 3,
}

/// <summary>What a room replica's single writer needs to resume after activation.</summary>
public sealed record RoomRecord(
    RoomId RoomId,
    RoomVersion Version,
    EventId CreateEventId,
    long CurrentStateGroup,
    IReadOnlyList<EventId> ForwardExtremities,
    long StreamPosition,
    long MaxDepth,
    long ReceiptSerial);

/// <summary>An event as stored, with where it sits in the room.</summary>
public sealed record StoredEvent(
    Pdu Pdu,
    long StreamPosition,
    long? StateGroupBefore,
    long? StateGroupAfter,
    EventStatus Status,
    EventId? RedactedBy,
    ClientTransaction? Transaction);

/// <summary>An event to append, and what appending it changes.</summary>
/// <param name="Pdu">The event.</param>
/// <param name="StateGroupBefore">The state group of the state before it (null for the create event).</param>
/// <param name="StateChanges">For a state event that becomes state: the keys it sets; a new state group is stored.</param>
/// <param name="Redacts">An event this one redacts, to mark as redacted in the same transaction.</param>
public sealed record NewEvent(
    Pdu Pdu,
    long? StateGroupBefore,
    IReadOnlyDictionary<StateMapKey, EventId>? StateChanges,
    EventStatus Status = EventStatus.Accepted,
    ClientTransaction? Transaction = null,
    EventId? Redacts = null);

/// <summary>An event fetched with backfill, with the states before and after it.</summary>
public sealed record BackfilledEvent(Pdu Pdu, long StateGroupBefore, long StateGroupAfter);

/// <summary>
/// The append-only store of room replicas: events by id and by (room, stream position), state as
/// snapshots with bounded delta chains, and receipts. SQLite now; PostgreSQL with the cluster.
/// </summary>
public interface IRoomStore
{
    /// <summary>The replica's resume point, or null if this server does not hold the room.</summary>
    Task<RoomRecord?> GetRoomAsync(ServerName server, RoomId room);

    /// <summary>
    /// Appends an event at the next stream position, stores the state group after it (when it changes
    /// state), and updates the room record, in one durable transaction. Returns the stored event.
    /// </summary>
    /// <param name="updateRoom">Builds the new room record from the event's stream position and state group after.</param>
    Task<StoredEvent> AppendAsync(ServerName server, NewEvent newEvent, Func<long, long, RoomRecord> updateRoom);

    /// <summary>
    /// Stores a state group: <paramref name="changes"/> over <paramref name="baseGroup"/> (a full snapshot when
    /// null). Used for states no single event produced, such as the resolution of forks.
    /// </summary>
    Task<long> PutStateGroupAsync(ServerName server, RoomId room, long? baseGroup, IReadOnlyDictionary<StateMapKey, EventId> changes);

    /// <summary>
    /// Stores events outside the timeline in one durable transaction: outliers (auth events and state known
    /// without their place in the DAG) and rejected events. The room record does not move.
    /// </summary>
    Task AppendOutsideTimelineAsync(ServerName server, IReadOnlyList<(Pdu Pdu, EventStatus Status)> events);

    /// <summary>
    /// Places history fetched with backfill below everything the room holds, oldest lowest, in one durable
    /// transaction; an event known as an outlier takes its place there, one already in the timeline is left
    /// out. The room record does not move. Returns the events placed.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> PrependBackfilledAsync(ServerName server, RoomId room, IReadOnlyList<BackfilledEvent> oldestFirst);

    /// <summary>
    /// Keeps an invite of a local user to a room this server has no replica of: the invite event as an outlier,
    /// and the stripped state the inviting server sent with it.
    /// </summary>
    Task PutRemoteInviteAsync(ServerName server, Pdu invite, byte[] strippedState);

    /// <summary>The remote invites of local users to <paramref name="room"/>, with their stripped state.</summary>
    Task<IReadOnlyList<(Pdu Invite, byte[] StrippedState)>> GetRemoteInvitesAsync(ServerName server, RoomId room);

    /// <summary>Forgets a remote invite once it is answered (joined, rejected or withdrawn).</summary>
    Task DeleteRemoteInviteAsync(ServerName server, RoomId room, UserId user);

    /// <summary>An event this server holds, by id.</summary>
    Task<StoredEvent?> GetEventAsync(ServerName server, EventId eventId);

    /// <summary>Several events by id; unknown ids are left out.</summary>
    Task<IReadOnlyList<StoredEvent>> GetEventsAsync(ServerName server, IEnumerable<EventId> eventIds);

    /// <summary>
    /// Accepted events with stream positions in (<paramref name="after"/>, <paramref name="upto"/>],
    /// newest first when <paramref name="backwards"/>, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<StoredEvent>> GetRangeAsync(ServerName server, RoomId room, long after, long upto, bool backwards, int limit, RoomEventFilter? filter = null);

    /// <summary>The event a client transaction created, if any.</summary>
    Task<EventId?> FindTransactionAsync(ServerName server, RoomId room, UserId sender, ClientTransaction transaction);

    /// <summary>The full state map of a state group.</summary>
    Task<IReadOnlyDictionary<StateMapKey, EventId>> GetStateGroupAsync(long groupId);

    /// <summary>Accepted events relating to <paramref name="relatesTo"/>, oldest first.</summary>
    Task<IReadOnlyList<StoredEvent>> GetRelationsAsync(ServerName server, RoomId room, EventId relatesTo);

    /// <summary>The accepted event nearest to a timestamp in a direction.</summary>
    Task<StoredEvent?> FindByTimestampAsync(ServerName server, RoomId room, long timestamp, Direction direction);

    /// <summary>Stores a receipt with a new serial; returns the serial.</summary>
    Task<long> PutReceiptAsync(ServerName server, RoomId room, Receipt receipt);

    /// <summary>Receipts with serials above <paramref name="since"/>.</summary>
    Task<IReadOnlyList<Receipt>> GetReceiptsSinceAsync(ServerName server, RoomId room, long since);

    /// <summary>The event at or before a stream position (its state is the state at that position).</summary>
    Task<StoredEvent?> GetEventAtOrBeforeAsync(ServerName server, RoomId room, long position);
}
