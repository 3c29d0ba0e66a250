using System.Net;
using Microsoft.AspNetCore.Http;
using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Http;

/// <summary>Retrying: 429s after the server's wait, transient failures of idempotent requests with backoff.</summary>
public sealed class RetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan ClockSlack = TimeSpan.FromMilliseconds(30);

    /// <summary>A server answering each request with the next of <paramref name="answers"/> (the last repeats).</summary>
    private static Task<LoopbackHomeserver> Scripted(params Func<HttpContext, Task>[] answers)
    {
        var next = 0;
        return LoopbackHomeserver.StartAsync((context, _) => answers[Math.Min(Interlocked.Increment(ref next) - 1, answers.Length - 1)](context));
    }

    private static Func<HttpContext, Task> RateLimited(long? retryAfterMs) =>
        context => Respond.Error(context, 429, ErrorCodes.LimitExceeded, "Too many requests", retryAfterMs);

    private static Func<HttpContext, Task> Ok(string json) => context => Respond.Ok(context, json);

    private static Func<HttpContext, Task> Status(int status) => context => Respond.Error(context, status, ErrorCodes.Unknown, "unavailable");

    private static Func<HttpContext, Task> Drop() => context =>
    {
        context.Abort();
        return Task.CompletedTask;
    };

    private const string WhoAmI = """{"user_id":"@alice:example.org","device_id":"ALICEDEVICE"}""";

    [Fact]
    public async Task A_429_is_retried_after_retry_after_ms()
    {
        await using var server = await Scripted(RateLimited(400), Ok(WhoAmI));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        var whoAmI = await client.WhoAmIAsync(Ct);

        Assert.Equal("@alice:example.org", whoAmI.UserId);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(400) - ClockSlack,
            $"retried after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task The_Retry_After_header_takes_precedence_over_the_body()
    {
        await using var server = await Scripted(
            context =>
            {
                context.Response.Headers.RetryAfter = "1";
                return Respond.Error(context, 429, ErrorCodes.LimitExceeded, "slow down", 5);
            },
            Ok(WhoAmI));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        await client.WhoAmIAsync(Ct);

        var requests = server.Requests;
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(1) - ClockSlack);
    }

    [Fact]
    public async Task A_429_without_a_wait_uses_the_default_wait()
    {
        await using var server = await Scripted(RateLimited(null), Ok(WhoAmI));
        using var client = server.CreateClient(new MatrixClientOptions { Retry = new RetryPolicy { DefaultRateLimitWait = TimeSpan.FromMilliseconds(250) } }, EndpointProbe.Alice);

        await client.WhoAmIAsync(Ct);

        var requests = server.Requests;
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(250) - ClockSlack);
    }

    [Fact]
    public async Task Rate_limit_retries_are_bounded()
    {
        await using var server = await Scripted(RateLimited(10));
        using var client = server.CreateClient(new MatrixClientOptions { Retry = new RetryPolicy { MaxRateLimitRetries = 2 } }, EndpointProbe.Alice);

        var exception = await Assert.ThrowsAsync<MatrixException>(() => client.WhoAmIAsync(Ct));

        Assert.Equal(HttpStatusCode.TooManyRequests, exception.StatusCode);
        Assert.Equal(ErrorCodes.LimitExceeded, exception.ErrCode);
        Assert.Equal(10, exception.RetryAfterMs);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_wait_beyond_the_cap_is_thrown_at_once()
    {
        await using var server = await Scripted(RateLimited(120_000));
        using var client = server.CreateClient(new MatrixClientOptions { Retry = new RetryPolicy { MaxRateLimitWait = TimeSpan.FromSeconds(1) } }, EndpointProbe.Alice);

        var exception = await Assert.ThrowsAsync<MatrixException>(() => client.WhoAmIAsync(Ct));

        Assert.Equal(TimeSpan.FromMinutes(2), exception.RetryAfter);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_rate_limited_POST_is_retried_with_the_same_body()
    {
        await using var server = await Scripted(RateLimited(50), Ok("""{"room_id":"!new:example.org"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        var roomId = await client.CreateRoomAsync(new CreateRoomRequest { Name = "retry" }, Ct);

        Assert.Equal("!new:example.org", roomId);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task A_503_on_a_GET_is_retried_after_backoff()
    {
        await using var server = await Scripted(Status(503), Ok(WhoAmI));
        using var client = server.CreateClient(new MatrixClientOptions { Retry = new RetryPolicy { InitialBackoff = TimeSpan.FromMilliseconds(200) } }, EndpointProbe.Alice);

        await client.WhoAmIAsync(Ct);

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(200) - ClockSlack);
    }

    [Fact]
    public async Task Transient_failures_of_a_POST_are_not_retried()
    {
        await using var server = await Scripted(Status(503), Ok("""{"room_id":"!twice:example.org"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        var exception = await Assert.ThrowsAsync<MatrixException>(() => client.CreateRoomAsync(cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_dropped_connection_on_a_send_is_retried_with_the_same_transaction_id()
    {
        await using var server = await Scripted(Drop(), Ok("""{"event_id":"$sent"}"""));
        using var client = server.CreateClient(new MatrixClientOptions { Retry = new RetryPolicy { InitialBackoff = TimeSpan.FromMilliseconds(10) } }, EndpointProbe.Alice);

        var eventId = await client.SendMessageAsync(EndpointProbe.RoomId, MessageContent.Text("once"), cancellationToken: Ct);

        Assert.Equal("$sent", eventId);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].RawTarget, requests[1].RawTarget);
        Assert.Equal(requests[0].Body, requests[1].Body);
    }

    [Fact]
    public async Task Transient_retries_are_bounded()
    {
        await using var server = await Scripted(Drop());
        using var client = server.CreateClient(
            new MatrixClientOptions { Retry = new RetryPolicy { MaxTransientRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) } }, EndpointProbe.Alice);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.WhoAmIAsync(Ct));

        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_timed_out_GET_is_retried_and_a_timed_out_POST_is_not()
    {
        Func<HttpContext, Task> hang = context => Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        await using var server = await Scripted(hang, Ok(WhoAmI), hang);
        var options = new MatrixClientOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(300),
            Retry = new RetryPolicy { InitialBackoff = TimeSpan.FromMilliseconds(10) },
        };
        using var client = server.CreateClient(options, EndpointProbe.Alice);

        await client.WhoAmIAsync(Ct);
        await Assert.ThrowsAsync<TimeoutException>(() => client.CreateRoomAsync(cancellationToken: Ct));

        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Cancellation_stops_a_rate_limit_wait()
    {
        await using var server = await Scripted(RateLimited(30_000));
        using var client = server.CreateClient(session: EndpointProbe.Alice);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
        var started = DateTimeOffset.UtcNow;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WhoAmIAsync(cancel.Token));

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap()
    {
        var policy = new RetryPolicy { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(500) };

        Assert.Equal([100, 200, 400, 500, 500], Enumerable.Range(1, 5).Select(i => policy.BackoffFor(i).TotalMilliseconds));
    }
}
