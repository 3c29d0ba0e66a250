using Microsoft.Extensions.Logging;
using Tangle.Grains.Storage;

namespace Tangle.Grains.Federation;

/// <summary>
/// Resumes delivery after a start: wakes the outbox of every (origin, destination) that still has something
/// queued, so nothing waits for the next event to the same destination. In a cluster every silo does this;
/// waking an outbox twice is harmless.
/// </summary>
public sealed partial class OutboxResumption(IFederationOutboxStore store, IGrainFactory grains, ILogger<OutboxResumption> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe<OutboxResumption>(ServiceLifecycleStage.Active, OnStartAsync, _ => Task.CompletedTask);

    private Task OnStartAsync(CancellationToken cancellationToken)
    {
        // In the background: the silo need not wait for every outbox to activate before it serves.
        ResumeAsync().Ignore();
        return Task.CompletedTask;
    }

    private async Task ResumeAsync()
    {
        try
        {
            var pending = await store.GetPendingOutboxesAsync();
            foreach (var (origin, destination) in pending)
                await grains.FederationOutbox(origin, destination).WakeAsync();

            if (pending.Count > 0)
                LogResumed(pending.Count);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogResumeFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "resumed {Count} federation outboxes with queued transactions")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not resume the federation outboxes; each resumes when something is next queued for it")]
    private partial void LogResumeFailed(Exception exception);
}
