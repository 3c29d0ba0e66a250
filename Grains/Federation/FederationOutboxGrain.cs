using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Storage;
using Tangle.Protocol.Events;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Grains.Federation;

/// <summary>
/// Delivers one origin's queue for one destination (see <see cref="IFederationOutboxGrain"/>). The queue is
/// in <see cref="IFederationOutboxStore"/>; this grain holds at most the transaction in flight. Delivery runs
/// in a timer callback that interleaves with calls, so queueing never waits for a slow destination, and only
/// that one callback ever sends, so one transaction at a time is in flight, in order.
/// </summary>
public sealed partial class FederationOutboxGrain(
    IFederationOutboxStore store,
    FederationClient federation,
    FederationOptions options,
    LocalHomeservers homeservers,
    TimeProvider time,
    ILogger<FederationOutboxGrain> logger) : Grain, IFederationOutboxGrain
{
    /// <summary>
    /// The longest a timer waits in one go: each tick keeps the activation alive, so a long backoff is
    /// waited out here rather than forgotten by idle collection.
    /// </summary>
    private static readonly TimeSpan KeepAliveTick = TimeSpan.FromMinutes(1);

    private ServerName _origin = null!;
    private ServerName _destination = null!;
    private IGrainTimer? _timer;
    private bool _delivering;
    private bool _queuedWhileDelivering;
    private OutboundTransaction? _inFlight;
    private int _failures;
    private TimeSpan? _backoff;
    private DateTimeOffset? _nextAttempt;
    private readonly CancellationTokenSource _deactivating = new();
    private long? _lastSuccessTs;
    private long? _lastFailureTs;
    private string? _lastError;
    private long _droppedPdus;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private long TypingStaleBefore => Now - (long)options.TypingEduLifetime.TotalMilliseconds;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_origin, _destination) = FederationOutboxKey.Parse(this.GetPrimaryKeyString());
        var counts = await store.GetCountsAsync(_origin, _destination);
        if (counts.Pdus + counts.Edus > 0)
            Schedule(TimeSpan.Zero);
        await base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _deactivating.Cancel();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public async Task EnqueuePdusAsync(IReadOnlyList<Pdu> pdus)
    {
        RequireLocalOrigin();
        if (pdus.Count == 0)
            return;
        var queued = pdus.Select(p => new OutboxPdu(p.RoomId, p.CanonicalBytes.ToArray())).ToList();
        var dropped = await store.EnqueuePdusAsync(_origin, _destination, queued, Now, options.MaxQueuedPdusPerRoom);
        if (dropped > 0)
        {
            _droppedPdus += dropped;
            LogCatchUpDrop(dropped, _destination.Value, options.MaxQueuedPdusPerRoom);
        }

        Kick();
    }

    public async Task EnqueueEduAsync(string eduType, JsonElement content)
    {
        RequireLocalOrigin();
        ArgumentException.ThrowIfNullOrEmpty(eduType);
        // The request is signed over its canonical JSON, so content without one could never be sent.
        if (content.ValueKind != JsonValueKind.Object || !CanonicalJson.TryEncode(content).IsOk)
            throw new ArgumentException("an EDU's content must be a JSON object with a canonical form", nameof(content));
        await store.EnqueueEduAsync(_origin, _destination, new OutboxEdu(eduType, JsonSerializer.SerializeToUtf8Bytes(content)), Now, TypingStaleBefore);
        Kick();
    }

    public async Task<OutboxStatus> GetStatusAsync()
    {
        var counts = await store.GetCountsAsync(_origin, _destination);
        return new OutboxStatus(counts.Pdus, counts.Edus, counts.InFlightTransactionId, _lastSuccessTs, _lastFailureTs, _lastError,
            _failures, _backoff, _nextAttempt?.ToUnixTimeMilliseconds(), _droppedPdus);
    }

    public Task WakeAsync()
    {
        _failures = 0;
        _backoff = null;
        _nextAttempt = null;
        if (_delivering)
            _queuedWhileDelivering = true;
        else
            Schedule(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    /// <summary>Something was queued: delivers it now unless a delivery is under way or the destination is in backoff.</summary>
    private void Kick()
    {
        if (_delivering)
            _queuedWhileDelivering = true;
        else if (_nextAttempt is null)
            Schedule(TimeSpan.Zero);
    }

    private void Schedule(TimeSpan due)
    {
        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(DeliverAsync,
            new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    /// <remarks>
    /// The token Orleans passes is cancelled when the timer is disposed, which happens to a firing timer when
    /// delivery re-arms, so the send is cancelled by deactivation only.
    /// </remarks>
    private async Task DeliverAsync(CancellationToken _)
    {
        var firing = _timer;
        _timer = null;
        try
        {
            if (_delivering)
                return;
            if (_nextAttempt is { } at && at > time.GetUtcNow())
            {
                Schedule(Min(at - time.GetUtcNow(), KeepAliveTick));
                return;
            }

            _delivering = true;
            await DeliverQueueAsync(_deactivating.Token);
        }
        finally
        {
            _delivering = false;
            firing?.Dispose();
        }
    }

    /// <summary>Sends transactions until the queue is empty or one fails.</summary>
    private async Task DeliverQueueAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                _queuedWhileDelivering = false;
                _inFlight ??= await store.NextTransactionAsync(_origin, _destination, Now, TypingStaleBefore, TransactionBodies.MaxPdus, TransactionBodies.MaxEdus);
                if (_inFlight is null)
                {
                    // What was queued while the queue was being read may not have been seen yet.
                    if (_queuedWhileDelivering)
                        continue;
                    _backoff = null;
                    _nextAttempt = null;
                    return;
                }

                if (!await SendAsync(_inFlight, cancellationToken))
                    return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivating: the queue is durable, and the next activation resumes it.
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            // The store failed: wait as if the destination had.
            Failed(e.Message);
        }
    }

    /// <summary>Sends the transaction once; false when delivery has to wait for a retry.</summary>
    private async Task<bool> SendAsync(OutboundTransaction transaction, CancellationToken cancellationToken)
    {
        string? refusal;
        try
        {
            var response = await federation.SendAsync(homeservers[_origin], _destination, HttpMethod.Put,
                "/_matrix/federation/v1/send/" + Uri.EscapeDataString(transaction.Id), TransactionBodies.Write(_origin, transaction), cancellationToken);
            if (response.IsSuccess)
            {
                await store.RemoveTransactionAsync(_origin, _destination, transaction.Id);
                _inFlight = null;
                _failures = 0;
                _backoff = null;
                _nextAttempt = null;
                _lastSuccessTs = Now;
                LogDelivered(transaction.Id, _destination.Value, transaction.Pdus.Count, transaction.Edus.Count);
                return true;
            }

            var reason = $"{(int)response.Status} {response.ErrCode}".TrimEnd();
            if (!IsRefusal(response.Status))
            {
                Failed(reason);
                return false;
            }

            refusal = reason;
        }
        catch (FederationUnavailableException e)
        {
            Failed(e.Message);
            return false;
        }
        catch (CanonicalJsonException e)
        {
            // A queued event of an old room version with no canonical form: the request cannot be signed.
            refusal = "cannot be signed: " + e.Message;
        }

        // Refused for good: retrying the same transaction would only be refused again.
        LogRefused(_destination.Value, transaction.Id, refusal, transaction.Pdus.Count, transaction.Edus.Count);
        await store.RemoveTransactionAsync(_origin, _destination, transaction.Id);
        _inFlight = null;
        _failures = 0;
        _droppedPdus += transaction.Pdus.Count;
        _lastFailureTs = Now;
        _lastError = refusal;
        return true;
    }

    /// <summary>
    /// A 4xx answer refuses the transaction itself, except for those that mean "not now": 408, 429, and 401,
    /// which a destination gives while it cannot yet fetch this server's keys.
    /// </summary>
    private static bool IsRefusal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.Unauthorized or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    private void Failed(string reason)
    {
        _failures++;
        _lastFailureTs = Now;
        _lastError = reason;
        var backoff = OutboxBackoff.After(_failures, options.RetryInitialDelay, options.RetryMaxDelay, Random.Shared.NextDouble());
        _backoff = backoff;
        _nextAttempt = time.GetUtcNow() + backoff;
        LogRetrying(_inFlight?.Id, _destination.Value, reason, backoff);
        Schedule(Min(backoff, KeepAliveTick));
    }

    private void RequireLocalOrigin()
    {
        if (!homeservers.IsLocal(_origin))
            throw new InvalidOperationException($"{_origin} is not hosted here, so nothing can be sent as it");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Debug, Message = "delivered transaction {TransactionId} to {Destination}: {Pdus} PDUs, {Edus} EDUs")]
    private partial void LogDelivered(string transactionId, string destination, int pdus, int edus);

    [LoggerMessage(Level = LogLevel.Information, Message = "transaction {TransactionId} to {Destination} failed ({Reason}); retrying in {Backoff}")]
    private partial void LogRetrying(string? transactionId, string destination, string reason, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Destination} refused transaction {TransactionId} ({Reason}); dropped its {Pdus} PDUs and {Edus} EDUs")]
    private partial void LogRefused(string destination, string transactionId, string reason, int pdus, int edus);

    // Debug: while a destination is down this happens for every event; the status counts them.
    [LoggerMessage(Level = LogLevel.Debug, Message = "dropped the {Count} oldest events queued for {Destination}, beyond {Max} per room; it will fetch them when back")]
    private partial void LogCatchUpDrop(int count, string destination, int max);
}
