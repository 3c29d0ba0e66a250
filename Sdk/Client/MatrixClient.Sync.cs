using System.Net;
using System.Runtime.CompilerServices;
using Tangle.Sdk.Http;
using Tangle.Sdk.Sync;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>GET /sync</c>: one sync.</summary>
    /// <param name="since">The <c>next_batch</c> of the previous sync; <c>null</c> for an initial sync.</param>
    /// <param name="timeout">How long the server may wait for new data.</param>
    /// <param name="filter">A filter ID or inline filter JSON.</param>
    /// <param name="fullState">Whether to return full state even with <paramref name="since"/>.</param>
    /// <param name="setPresence">The presence to set by syncing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<SyncResponse> SyncAsync(string? since = null, TimeSpan? timeout = null, string? filter = null, bool fullState = false,
        string? setPresence = null, CancellationToken cancellationToken = default) =>
        SyncAsync(new SyncRequest { Since = since, Timeout = timeout, Filter = filter, FullState = fullState, SetPresence = setPresence },
            cancellationToken);

    /// <summary><c>GET /sync</c>: one sync, with every parameter.</summary>
    public Task<SyncResponse> SyncAsync(SyncRequest request, CancellationToken cancellationToken = default)
    {
        var timeout = request.Timeout ?? TimeSpan.Zero;
        return _http.SendAsync<SyncResponse>(new(HttpMethod.Get, MatrixPath.V3($"/sync"))
        {
            Query = new Query()
                .Add("filter", request.Filter)
                .Add("since", request.Since)
                .Add("full_state", request.FullState ? true : null)
                .Add("set_presence", request.SetPresence)
                .Add("timeout", request.Timeout is null ? null : (long)timeout.TotalMilliseconds)
                .Add("use_state_after", request.UseStateAfter),
            LongPoll = timeout,
        }, cancellationToken);
    }

    /// <summary>
    /// Syncs forever: an initial sync, then long-polls, each resuming from the last <c>next_batch</c>.
    /// Failed syncs are retried with exponential backoff; errors that retrying cannot fix (4xx other than
    /// 429, e.g. an invalid access token) end the loop by being thrown. Cancelling
    /// <paramref name="cancellationToken"/> ends it with an <see cref="OperationCanceledException"/>;
    /// breaking out of the <c>await foreach</c> ends it quietly.
    /// </summary>
    public async IAsyncEnumerable<SyncResponse> SyncLoop(SyncLoopOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new SyncLoopOptions();
        var since = options.Since;
        var first = true;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = new SyncRequest
            {
                Since = since,
                Timeout = first && options.FirstSyncImmediate ? TimeSpan.Zero : options.Timeout,
                Filter = options.Filter,
                FullState = first && options.FullState,
                SetPresence = options.SetPresence,
                UseStateAfter = options.UseStateAfter,
            };
            SyncResponse? response;
            try
            {
                response = await SyncAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsRetryableSyncFailure(e, cancellationToken))
            {
                failures++;
                var factor = Math.Pow(2, Math.Min(failures - 1, 16));
                var wait = TimeSpan.FromMilliseconds(Math.Min(options.InitialBackoff.TotalMilliseconds * factor, options.MaxBackoff.TotalMilliseconds));
                if (e is MatrixException { RetryAfter: { } asked } && asked > wait)
                    wait = asked;
                await Task.Delay(wait, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            failures = 0;
            first = false;
            since = response.NextBatch;
            yield return response;
        }
    }

    /// <summary>
    /// Runs <see cref="SyncLoop"/> until a response satisfies <paramref name="until"/>, and returns that
    /// response (its <see cref="SyncResponse.NextBatch"/> resumes from there). Throws a
    /// <see cref="TimeoutException"/> if none does within <paramref name="timeout"/> (default 30 s).
    /// </summary>
    public async Task<SyncResponse> SyncUntilAsync(Func<SyncResponse, bool> until, SyncLoopOptions? options = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(until);
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var deadline = new CancellationTokenSource(limit, Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await foreach (var sync in SyncLoop(options, linked.Token).ConfigureAwait(false))
            {
                if (until(sync))
                    return sync;
            }
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No sync matched the condition within {limit}.", e);
        }

        throw new InvalidOperationException("The sync loop ended without a response.");
    }

    private static bool IsRetryableSyncFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        MatrixException m => (int)m.StatusCode >= 500 || m.StatusCode == HttpStatusCode.TooManyRequests,
        HttpRequestException or TimeoutException or System.Text.Json.JsonException => true,
        _ => false,
    };
}
