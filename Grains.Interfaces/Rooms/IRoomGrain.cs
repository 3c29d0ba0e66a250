using Orleans.Concurrency;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Rooms;

/// <summary>
/// One homeserver's replica of one room's event DAG (key: <see cref="RoomGrainKey"/>). The single
/// writer of that replica: every event is built or received here, checked against the auth rules,
/// persisted, and only then acknowledged and fanned out to the inboxes of local members.
/// Reads of in-memory facts interleave with writes (state changes only between awaits), so rooms can
/// ask each other about memberships without waiting on each other.
/// </summary>
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Starts the room from its create event and creates the rest of createRoom's events.</summary>
    Task<CreateRoomResult> InitializeAsync(Pdu createEvent, CreateRoomCommand command);

    /// <summary>Whether this replica holds the room (it has a create event).</summary>
    [AlwaysInterleave]
    Task<bool> ExistsAsync();

    /// <summary>Builds, authorises, persists and sends an event; idempotent per client transaction.</summary>
    Task<EventId> SendAsync(SendEventCommand command);

    /// <summary>Changes someone's membership (join, leave, invite, kick, ban, unban, knock).</summary>
    Task<EventId> SetMembershipAsync(MembershipCommand command);

    /// <summary>One event, if the requester may see it.</summary>
    Task<RoomEventView> GetEventAsync(Requester requester, EventId eventId);

    /// <summary>The current state (or the state when the requester left).</summary>
    Task<IReadOnlyList<RoomEventView>> GetStateAsync(Requester requester);

    /// <summary>One state event of the current state (or of the state when the requester left).</summary>
    Task<RoomEventView> GetStateEventAsync(Requester requester, string type, string stateKey);

    /// <summary>Membership events, at a position if given, filtered by membership.</summary>
    Task<IReadOnlyList<RoomEventView>> GetMembersAsync(Requester requester, long? at, string? membership, string? notMembership);

    /// <summary>The joined members with their profiles.</summary>
    Task<IReadOnlyList<JoinedMember>> GetJoinedMembersAsync(Requester requester);

    /// <summary>A page of history, in either direction.</summary>
    Task<MessagesPage> GetMessagesAsync(MessagesQuery query);

    /// <summary>Events around one event.</summary>
    Task<EventContext> GetContextAsync(Requester requester, EventId eventId, int limit, RoomEventFilter filter);

    /// <summary>The event closest to a timestamp in a direction.</summary>
    Task<RoomEventView?> TimestampToEventAsync(Requester requester, long timestamp, Direction direction);

    /// <summary>Events that relate to an event, optionally of one relation type and event type.</summary>
    Task<MessagesPage> GetRelationsAsync(Requester requester, EventId eventId, string? relType, string? eventType, MessagesQuery page, bool recurse);

    /// <summary>Thread roots, newest activity first.</summary>
    Task<MessagesPage> GetThreadsAsync(Requester requester, bool participatedOnly, long? from, int limit);

    /// <summary>One room's part of a user's sync.</summary>
    Task<SyncSlice> GetSyncSliceAsync(SyncSliceQuery query);

    /// <summary>The room as the outside sees it.</summary>
    [AlwaysInterleave]
    Task<RoomSummary> GetSummaryAsync();

    /// <summary>The users joined to the room that live on this server.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<UserId>> GetLocalJoinedMembersAsync();

    /// <summary>Every user joined to the room, local or remote.</summary>
    Task<IReadOnlyList<UserId>> GetJoinedUsersAsync();

    /// <summary>Sets or clears the requester's typing notification.</summary>
    Task SetTypingAsync(Requester requester, bool typing, int timeoutMs);

    /// <summary>Records a receipt (m.read, m.read.private, m.fully_read via read markers).</summary>
    Task SetReceiptAsync(Requester requester, string receiptType, EventId eventId, string? threadId);

    /// <summary>The requester's fully_read marker and read receipts, for /read_markers.</summary>
    Task SetReadMarkersAsync(Requester requester, EventId? fullyRead, EventId? read, EventId? readPrivate);

    /// <summary>The membership of a user in the current state, or null.</summary>
    [AlwaysInterleave]
    Task<string?> GetMembershipAsync(UserId user);

    /// <summary>The room position for the start of the room, for forward pagination.</summary>
    [AlwaysInterleave]
    Task<long> GetPositionAsync();
}
