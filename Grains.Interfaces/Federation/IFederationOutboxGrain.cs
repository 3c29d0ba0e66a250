using System.Text.Json;
using Tangle.Protocol.Events;

namespace Tangle.Grains.Federation;

/// <summary>
/// The ordered, durable queue of what one local server (the origin) sends to one remote server (the
/// destination), keyed <c>origin|destination</c> (see <see cref="FederationOutboxKey"/>). It delivers the
/// queue as Server-Server transactions (<c>PUT /_matrix/federation/v1/send/{txnId}</c>), one at a time
/// and in order, retrying a failed transaction under the same id with exponential backoff until the
/// destination answers 200. The queue lives in the database, so it survives restarts and a destination
/// that is down for days; while one is down, only the newest PDUs of each room are kept (the destination
/// fetches the others with <c>get_missing_events</c> or backfill once it is back).
/// </summary>
public interface IFederationOutboxGrain : IGrainWithStringKey
{
    /// <summary>
    /// Queues events for the destination, in the order given and after everything queued before. Completes
    /// once they are durably queued: a crash afterwards does not lose them.
    /// </summary>
    Task EnqueuePdusAsync(IReadOnlyList<Pdu> pdus);

    /// <summary>
    /// Queues an ephemeral event (<c>edu_type</c> and its <c>content</c>, a JSON object), durably like a PDU so
    /// that to-device messages are not lost. Typing notifications (<c>m.typing</c>) that could not be sent
    /// while still fresh are dropped instead of being delivered late, unless they were already part of the
    /// transaction in flight, which every retry resends exactly as it was.
    /// </summary>
    Task EnqueueEduAsync(string eduType, JsonElement content);

    /// <summary>How much is queued and how delivery is going: for tests, operators and metrics.</summary>
    Task<OutboxStatus> GetStatusAsync();

    /// <summary>
    /// The destination is known to be reachable again (it just sent us a transaction, say): forgets the
    /// backoff and tries to deliver what is queued now.
    /// </summary>
    Task WakeAsync();
}

/// <summary>The state of one outbox.</summary>
/// <param name="QueuedPdus">Events waiting, including those of the transaction in flight.</param>
/// <param name="QueuedEdus">Ephemeral events waiting, including those of the transaction in flight.</param>
/// <param name="InFlightTransactionId">The id of the transaction being delivered (and retried), if any.</param>
/// <param name="LastSuccessTs">When the destination last accepted a transaction (ms since the epoch), since activation.</param>
/// <param name="LastFailureTs">When delivery last failed, since activation.</param>
/// <param name="LastError">Why it last failed.</param>
/// <param name="ConsecutiveFailures">Failed attempts since the last success.</param>
/// <param name="CurrentBackoff">How long delivery waits after the last failure; null when not backing off.</param>
/// <param name="NextAttemptTs">When the next attempt is due while backing off.</param>
/// <param name="DroppedPdus">Events dropped from the queue since activation: per-room catch-up bound, or refused transactions.</param>
[GenerateSerializer, Immutable]
public sealed record OutboxStatus(
    [property: Id(0)] int QueuedPdus,
    [property: Id(1)] int QueuedEdus,
    [property: Id(2)] string? InFlightTransactionId,
    [property: Id(3)] long? LastSuccessTs,
    [property: Id(4)] long? LastFailureTs,
    [property: Id(5)] string? LastError,
    [property: Id(6)] int ConsecutiveFailures,
    [property: Id(7)] TimeSpan? CurrentBackoff,
    [property: Id(8)] long? NextAttemptTs,
    [property: Id(9)] long DroppedPdus);
