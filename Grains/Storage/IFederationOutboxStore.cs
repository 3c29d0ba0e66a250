using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Storage;

/// <summary>An event to queue: its room, for the per-room bound, and its canonical JSON as sent.</summary>
public sealed record OutboxPdu(RoomId Room, byte[] Json);

/// <summary>An ephemeral event: its <c>edu_type</c> and the JSON of its content.</summary>
public sealed record OutboxEdu(string Type, byte[] Content);

/// <summary>
/// A transaction to deliver: once made, its id, timestamp and contents stay fixed until it is removed, so
/// every retry sends the same transaction.
/// </summary>
public sealed record OutboundTransaction(string Id, long OriginServerTs, IReadOnlyList<byte[]> Pdus, IReadOnlyList<OutboxEdu> Edus);

/// <summary>What one outbox holds.</summary>
public sealed record OutboxCounts(int Pdus, int Edus, string? InFlightTransactionId);

/// <summary>
/// The persistent federation outboxes, one queue per (origin, destination). Only the outbox grain of a pair
/// writes its queue.
/// </summary>
public interface IFederationOutboxStore
{
    /// <summary>The EDU type that goes stale: typing notifications are worthless once late.</summary>
    public const string TypingEduType = "m.typing";

    /// <summary>
    /// Appends events after everything queued, durably. Then keeps at most <paramref name="maxPerRoom"/> queued
    /// events (outside the transaction in flight) of each room they belong to, dropping the oldest.
    /// </summary>
    /// <returns>How many queued events were dropped.</returns>
    Task<int> EnqueuePdusAsync(ServerName origin, ServerName destination, IReadOnlyList<OutboxPdu> pdus, long queuedTs, int maxPerRoom);

    /// <summary>
    /// Appends an ephemeral event, durably; drops typing notifications queued before
    /// <paramref name="typingStaleBeforeTs"/> that are not in flight.
    /// </summary>
    Task EnqueueEduAsync(ServerName origin, ServerName destination, OutboxEdu edu, long queuedTs, long typingStaleBeforeTs);

    /// <summary>
    /// The transaction in flight; or, when there is none, a new one made of the oldest queued events (at most
    /// <paramref name="maxPdus"/> PDUs and <paramref name="maxEdus"/> EDUs, each kind in queue order) under a
    /// transaction id the origin never used, after dropping typing notifications queued before
    /// <paramref name="typingStaleBeforeTs"/>. Null when nothing is queued.
    /// </summary>
    Task<OutboundTransaction?> NextTransactionAsync(ServerName origin, ServerName destination, long nowTs, long typingStaleBeforeTs, int maxPdus, int maxEdus);

    /// <summary>Removes a transaction and everything in it: the destination accepted it, or refused it for good.</summary>
    Task RemoveTransactionAsync(ServerName origin, ServerName destination, string transactionId);

    /// <summary>How many events and ephemeral events are queued, and the transaction in flight.</summary>
    Task<OutboxCounts> GetCountsAsync(ServerName origin, ServerName destination);

    /// <summary>Every (origin, destination) with something queued: the outboxes to resume after a restart.</summary>
    Task<IReadOnlyList<(ServerName Origin, ServerName Destination)>> GetPendingOutboxesAsync();
}
