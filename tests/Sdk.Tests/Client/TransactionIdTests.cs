using System.Collections.Concurrent;
using Tangle.Sdk.Events;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Client;

/// <summary>Transaction IDs: unique per send, stable across the retries of one send.</summary>
public sealed class TransactionIdTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Transaction_ids_are_unique_within_and_across_clients()
    {
        using var one = new MatrixClient(new Uri("http://127.0.0.1:9"));
        using var two = new MatrixClient(new Uri("http://127.0.0.1:9"));
        var seen = new ConcurrentDictionary<string, bool>();

        Parallel.For(0, 10_000, i => Assert.True(seen.TryAdd((i % 2 == 0 ? one : two).NewTransactionId(), true)));

        Assert.Equal(10_000, seen.Count);
        Assert.All(seen.Keys, id => Assert.Matches("^[A-Za-z0-9._-]+$", id));
    }

    [Fact]
    public async Task Each_send_gets_a_new_transaction_id()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Respond.Ok(context, """{"event_id":"$e"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        await client.SendTextAsync("!a:b", "one", Ct);
        await client.SendTextAsync("!a:b", "two", Ct);
        await client.RedactAsync("!a:b", "$e", cancellationToken: Ct);
        await client.SendToDeviceAsync("m.dummy", new Dictionary<string, IReadOnlyDictionary<string, object>>(), cancellationToken: Ct);

        var transactionIds = server.Requests.Select(r => r.RawTarget.Split('/')[^1]).ToList();
        Assert.Equal(4, transactionIds.Distinct().Count());
        Assert.All(server.Requests, r => Assert.Equal("PUT", r.Method));
    }

    [Fact]
    public async Task A_rate_limited_send_is_retried_under_the_same_transaction_id()
    {
        var calls = 0;
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Interlocked.Increment(ref calls) == 1
            ? Respond.Error(context, 429, ErrorCodes.LimitExceeded, "slow down", 20)
            : Respond.Ok(context, """{"event_id":"$e"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        await client.SendEventAsync("!a:b", "org.example.ping", new { n = 1 }, cancellationToken: Ct);

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].RawTarget, requests[1].RawTarget);
        Assert.StartsWith("/_matrix/client/v3/rooms/%21a%3Ab/send/org.example.ping/", requests[0].RawTarget);
    }

    [Fact]
    public async Task A_caller_supplied_transaction_id_is_used_verbatim_so_repeating_the_call_is_idempotent()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Respond.Ok(context, """{"event_id":"$e"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);
        var txnId = client.NewTransactionId();

        await client.SendMessageAsync("!a:b", MessageContent.Text("hi"), txnId, Ct);
        await client.SendMessageAsync("!a:b", MessageContent.Text("hi"), txnId, Ct);

        Assert.All(server.Requests, r => Assert.Equal($"/_matrix/client/v3/rooms/%21a%3Ab/send/m.room.message/{txnId}", r.RawTarget));
    }
}
