using System.Net;
using Microsoft.AspNetCore.Http;
using Tangle.Sdk.Presence;
using Tangle.Sdk.Sync;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Client;

/// <summary><c>/sync</c> requests and the long-polling sync loop.</summary>
public sealed class SyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MatrixClientOptions NoRetries => new() { Retry = RetryPolicy.None };

    /// <summary>A server whose n-th sync returns <c>next_batch: "s{n}"</c>, unless <paramref name="fail"/> answers first.</summary>
    private static Task<LoopbackHomeserver> Syncing(Func<int, HttpContext, Task>? fail = null)
    {
        var count = 0;
        return LoopbackHomeserver.StartAsync(async (context, _) =>
        {
            var n = Interlocked.Increment(ref count);
            if (fail is not null && !context.Response.HasStarted)
            {
                await fail(n, context);
                if (context.Response.HasStarted)
                    return;
            }

            await Respond.Ok(context, "{\"next_batch\":\"s" + n + "\",\"rooms\":{\"join\":{}}}");
        });
    }

    [Fact]
    public async Task A_sync_sends_every_parameter_in_the_query()
    {
        var (response, request) = await EndpointProbe.CallAsync(c => c.SyncAsync(new SyncRequest
        {
            Since = "s72594_4483_1934",
            Timeout = TimeSpan.FromSeconds(30),
            Filter = """{"room":{"timeline":{"limit":1}}}""",
            FullState = true,
            SetPresence = PresenceState.Offline,
            UseStateAfter = true,
        }, Ct), SpecExamples.Text("sync.get.sync.200.json"));

        EndpointProbe.Expect(request, "GET", "/_matrix/client/v3/sync?filter=%7B%22room%22%3A%7B%22timeline%22%3A%7B%22limit%22%3A1%7D%7D%7D" +
            "&since=s72594_4483_1934&full_state=true&set_presence=offline&timeout=30000&use_state_after=true");
        Assert.Equal("s72595_4483_1934", response.NextBatch);
    }

    [Fact]
    public async Task A_default_sync_has_no_query()
    {
        var (_, request) = await EndpointProbe.CallAsync(c => c.SyncAsync(cancellationToken: Ct), """{"next_batch":"s1"}""");

        EndpointProbe.Expect(request, "GET", "/_matrix/client/v3/sync");
    }

    [Fact]
    public async Task The_loop_carries_next_batch_and_long_polls_after_an_immediate_first_sync()
    {
        await using var server = await Syncing();
        using var client = server.CreateClient(NoRetries, EndpointProbe.Alice);
        var options = new SyncLoopOptions { Timeout = TimeSpan.FromMilliseconds(500), Filter = "f1", SetPresence = PresenceState.Unavailable };

        var batches = new List<string>();
        await foreach (var sync in client.SyncLoop(options, Ct))
        {
            batches.Add(sync.NextBatch);
            if (batches.Count == 3)
                break;
        }

        Assert.Equal(["s1", "s2", "s3"], batches);
        var requests = server.Requests;
        Assert.Equal([null, "s1", "s2"], requests.Select(r => r.QueryValue("since")));
        Assert.Equal(["0", "500", "500"], requests.Select(r => r.QueryValue("timeout")));
        Assert.All(requests, r => Assert.Equal(("f1", "unavailable"), (r.QueryValue("filter"), r.QueryValue("set_presence"))));
    }

    [Fact]
    public async Task The_loop_resumes_from_a_saved_token()
    {
        await using var server = await Syncing();
        using var client = server.CreateClient(NoRetries, EndpointProbe.Alice);

        await foreach (var _ in client.SyncLoop(new SyncLoopOptions { Since = "saved", FirstSyncImmediate = false, Timeout = TimeSpan.FromMilliseconds(100) }, Ct))
            break;

        var request = Assert.Single(server.Requests);
        Assert.Equal(("saved", "100"), (request.QueryValue("since"), request.QueryValue("timeout")));
    }

    [Fact]
    public async Task The_loop_backs_off_after_a_failure_and_retries_the_same_token()
    {
        await using var server = await Syncing((n, context) => n == 2 ? Respond.Error(context, 500, ErrorCodes.Unknown, "boom") : Task.CompletedTask);
        using var client = server.CreateClient(NoRetries, EndpointProbe.Alice);
        var options = new SyncLoopOptions { Timeout = TimeSpan.FromMilliseconds(100), InitialBackoff = TimeSpan.FromMilliseconds(300) };

        var batches = new List<string>();
        await foreach (var sync in client.SyncLoop(options, Ct))
        {
            batches.Add(sync.NextBatch);
            if (batches.Count == 2)
                break;
        }

        var requests = server.Requests;
        Assert.Equal(["s1", "s3"], batches);
        Assert.Equal([null, "s1", "s1"], requests.Select(r => r.QueryValue("since")));
        Assert.True(requests[2].ReceivedAt - requests[1].ReceivedAt >= TimeSpan.FromMilliseconds(270),
            $"retried after {(requests[2].ReceivedAt - requests[1].ReceivedAt).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task The_loop_rides_out_rate_limits_and_dropped_connections()
    {
        await using var server = await Syncing((n, context) => n switch
        {
            1 => Respond.Error(context, 429, ErrorCodes.LimitExceeded, "slow down", 50),
            2 => Abort(context),
            _ => Task.CompletedTask,
        });
        using var client = server.CreateClient(NoRetries, EndpointProbe.Alice);
        var options = new SyncLoopOptions { InitialBackoff = TimeSpan.FromMilliseconds(20) };

        await foreach (var sync in client.SyncLoop(options, Ct))
        {
            Assert.Equal("s3", sync.NextBatch);
            break;
        }

        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task An_invalid_token_ends_the_loop_with_the_error()
    {
        await using var server = await Syncing((n, context) => n == 2 ? Respond.Error(context, 401, ErrorCodes.UnknownToken, "Unrecognised access token.") : Task.CompletedTask);
        using var client = server.CreateClient(NoRetries, EndpointProbe.Alice);

        var seen = 0;
        var exception = await Assert.ThrowsAsync<MatrixException>(async () =>
        {
            await foreach (var _ in client.SyncLoop(new SyncLoopOptions { Timeout = TimeSpan.FromMilliseconds(50) }, Ct))
                seen++;
        });

        Assert.Equal(1, seen);
        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal(ErrorCodes.UnknownToken, exception.ErrCode);
    }

    [Fact]
    public async Task Cancelling_ends_a_long_poll_promptly()
    {
        await using var server = await Syncing((n, context) => n == 2 ? Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted) : Task.CompletedTask);
        using var client = server.CreateClient(NoRetries, EndpointProbe.Alice);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var started = DateTimeOffset.UtcNow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.SyncLoop(new SyncLoopOptions { Timeout = TimeSpan.FromSeconds(30) }, cancel.Token))
                cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
        });

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_long_poll_may_outlast_the_request_timeout_by_its_own_timeout()
    {
        await using var server = await Syncing((_, context) => Task.Delay(TimeSpan.FromMilliseconds(600), context.RequestAborted));
        var options = new MatrixClientOptions { RequestTimeout = TimeSpan.FromMilliseconds(300), Retry = RetryPolicy.None };
        using var client = server.CreateClient(options, EndpointProbe.Alice);

        var sync = await client.SyncAsync(timeout: TimeSpan.FromSeconds(1), cancellationToken: Ct);

        Assert.Equal("s1", sync.NextBatch);
    }

    [Fact]
    public async Task Sync_until_returns_the_first_matching_response()
    {
        var count = 0;
        await using var server = await LoopbackHomeserver.StartAsync((context, _) =>
        {
            var n = Interlocked.Increment(ref count);
            var join = n == 3 ? """{"!r:example.org":{"timeline":{"events":[]}}}""" : "{}";
            return Respond.Ok(context, "{\"next_batch\":\"s" + n + "\",\"rooms\":{\"join\":" + join + "}}");
        });
        using var client = server.CreateClient(NoRetries, EndpointProbe.Alice);

        var sync = await client.SyncUntilAsync(s => s.Rooms.Join.ContainsKey("!r:example.org"),
            new SyncLoopOptions { Timeout = TimeSpan.FromMilliseconds(50) }, cancellationToken: Ct);

        Assert.Equal("s3", sync.NextBatch);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Sync_until_times_out()
    {
        await using var server = await Syncing((_, context) => Task.Delay(TimeSpan.FromMilliseconds(50), context.RequestAborted));
        using var client = server.CreateClient(NoRetries, EndpointProbe.Alice);

        await Assert.ThrowsAsync<TimeoutException>(() =>
            // Two seconds, not less: with every test project running at once, a first request can take half a second.
            client.SyncUntilAsync(_ => false, new SyncLoopOptions { Timeout = TimeSpan.FromMilliseconds(50) }, TimeSpan.FromSeconds(2), Ct));

        Assert.True(server.Requests.Count >= 2);
    }

    private static Task Abort(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }
}
