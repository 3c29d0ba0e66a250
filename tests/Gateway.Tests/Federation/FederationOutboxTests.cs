using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Json;

namespace Tangle.Gateway.Tests.Federation;

/// <summary>
/// The federation outbox of a real Tangle delivering to a fake remote server: transactions in order, within
/// the spec's size limits, retried under the same id until accepted, and kept across a restart.
/// </summary>
public sealed class FederationOutboxTests
{
    private static JsonElement ToDevice(string messageId) => JsonSerializer.SerializeToElement(new
    {
        sender = "@alice:origin.test",
        type = "m.room_key_request",
        message_id = messageId,
        messages = new Dictionary<string, object> { ["@bob:remote.test"] = new Dictionary<string, object> { ["*"] = new { action = "request_cancellation" } } },
    });

    private static JsonElement Typing(bool typing) =>
        JsonSerializer.SerializeToElement(new { room_id = "!lobby:origin.test", user_id = "@alice:origin.test", typing });

    [Fact]
    public async Task Queued_events_reach_the_destination_in_order_in_signed_transactions()
    {
        await using var network = await OutboxNetwork.StartAsync();
        var first = network.Messages(3);
        var second = network.Messages(2);

        await network.Outbox.EnqueuePdusAsync(first);
        await network.Outbox.EnqueuePdusAsync(second);
        var received = await network.Remote.Transactions.WaitUntilAsync(r => r.Sum(t => t.Pdus.Count) >= 5);

        Assert.Equal(first.Concat(second).Select(OutboxNetwork.BodyOf), network.DeliveredBodies());
        // Sent as they are, signatures and hashes included.
        Assert.Equal(first.Concat(second).Select(p => CanonicalJson.EncodeToString(p.Json)), received.SelectMany(t => t.Pdus).Select(p => CanonicalJson.EncodeToString(p)));
        foreach (var transaction in received)
        {
            Assert.Equal("origin.test", transaction.Body.GetProperty("origin").GetString());
            Assert.True(transaction.Body.GetProperty("origin_server_ts").GetInt64() > 0);
            var authorization = XMatrixAuthorization.Parse(transaction.Authorization).Value;
            var check = authorization.Verify("PUT", "/_matrix/federation/v1/send/" + transaction.TxnId, network.Remote.Name, transaction.Body,
                network.Homeserver.SigningKey.VerifyKey);
            Assert.Equal(SignatureOutcome.Valid, check.Outcome);
        }

        Assert.Equal(received.Count, received.Select(t => t.TxnId).Distinct().Count());
    }

    [Fact]
    public async Task A_backlog_goes_out_in_transactions_of_at_most_50_events_and_100_ephemeral_events()
    {
        await using var network = await OutboxNetwork.StartAsync();
        network.Remote.Transactions.FailAll();
        var events = network.Messages(120);
        await network.Outbox.EnqueuePdusAsync(events);
        for (var i = 0; i < 230; i++)
            await network.Outbox.EnqueueEduAsync("m.direct_to_device", ToDevice($"m{i}"));

        network.Remote.Transactions.FailAll(null);
        await network.Outbox.WakeAsync();
        var received = await network.Remote.Transactions.WaitUntilAsync(r =>
            r.Where(t => t.Accepted).Sum(t => t.Pdus.Count) >= 120 && r.Where(t => t.Accepted).Sum(t => t.Edus.Count) >= 230);

        Assert.All(received, t => Assert.InRange(t.Pdus.Count, 0, 50));
        Assert.All(received, t => Assert.InRange(t.Edus.Count, 0, 100));
        Assert.Equal(events.Select(OutboxNetwork.BodyOf), network.DeliveredBodies());
        var messageIds = network.Remote.Transactions.Accepted.SelectMany(t => t.Edus).Select(e => e.GetProperty("content").GetProperty("message_id").GetString());
        Assert.Equal(Enumerable.Range(0, 230).Select(i => $"m{i}"), messageIds);
        await network.StatusWhenAsync(s => s is { QueuedPdus: 0, QueuedEdus: 0 });
    }

    [Fact]
    public async Task A_failed_transaction_is_retried_under_the_same_id_and_with_the_same_events_until_accepted()
    {
        await using var network = await OutboxNetwork.StartAsync();
        network.Remote.Transactions.FailNext(3);
        var batch = network.Messages(2);

        await network.Outbox.EnqueuePdusAsync(batch);
        await network.Remote.Transactions.WaitUntilAsync(r => r.Count >= 1);
        var later = network.Message();
        await network.Outbox.EnqueuePdusAsync([later]);
        var received = await network.Remote.Transactions.WaitUntilAsync(r => r.Count(t => t.Accepted) >= 2);

        var attempts = received.Take(4).ToList();
        Assert.Equal([503, 503, 503, 200], attempts.Select(t => t.Status));
        Assert.Single(attempts.Select(t => t.TxnId).Distinct());
        Assert.All(attempts, t => Assert.Equal(batch.Select(OutboxNetwork.BodyOf), t.Pdus.Select(p => p.GetProperty("content").GetProperty("body").GetString())));
        Assert.NotEqual(attempts[0].TxnId, received[4].TxnId);
        Assert.Equal(batch.Append(later).Select(OutboxNetwork.BodyOf), network.DeliveredBodies());
        var status = await network.Outbox.GetStatusAsync();
        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.NotNull(status.LastSuccessTs);
        Assert.NotNull(status.LastFailureTs);
    }

    [Fact]
    public async Task A_transaction_the_destination_refuses_as_bad_is_dropped_and_the_queue_moves_on()
    {
        await using var network = await OutboxNetwork.StartAsync();
        network.Remote.Transactions.FailNext(1, 400);
        var refused = network.Message();
        var next = network.Message();

        await network.Outbox.EnqueuePdusAsync([refused]);
        await network.Remote.Transactions.WaitUntilAsync(r => r.Count >= 1);
        await network.Outbox.EnqueuePdusAsync([next]);
        var received = await network.Remote.Transactions.WaitUntilAsync(r => r.Any(t => t.Accepted));

        Assert.Equal([400, 200], received.Select(t => t.Status));
        Assert.Equal([OutboxNetwork.BodyOf(next)], network.DeliveredBodies());
        Assert.Equal(1, (await network.Outbox.GetStatusAsync()).DroppedPdus);
    }

    [Fact]
    public async Task Typing_that_went_stale_while_the_destination_was_down_is_dropped_but_to_device_is_not()
    {
        await using var network = await OutboxNetwork.StartAsync(new Dictionary<string, string?> { ["Tangle:Federation:TypingEduLifetime"] = "00:00:00.200" });
        network.Remote.Transactions.FailAll();
        await network.Outbox.EnqueuePdusAsync([network.Message()]);
        await network.Remote.Transactions.WaitUntilAsync(r => r.Count >= 1);

        await network.Outbox.EnqueueEduAsync("m.typing", Typing(true));
        await network.Outbox.EnqueueEduAsync("m.direct_to_device", ToDevice("kept"));
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        network.Remote.Transactions.FailAll(null);
        await network.Remote.Transactions.WaitUntilAsync(r => r.Where(t => t.Accepted).SelectMany(t => t.Edus).Any());
        // A typing notification sent while the destination is up still goes out.
        await network.Outbox.EnqueueEduAsync("m.typing", Typing(false));
        await network.Remote.Transactions.WaitUntilAsync(r => r.Where(t => t.Accepted).SelectMany(t => t.Edus).Any(e => e.GetProperty("edu_type").GetString() == "m.typing"));

        var edus = network.Remote.Transactions.Accepted.SelectMany(t => t.Edus).ToList();
        Assert.Equal(["m.direct_to_device", "m.typing"], edus.Select(e => e.GetProperty("edu_type").GetString()));
        Assert.False(edus[1].GetProperty("content").GetProperty("typing").GetBoolean());
    }

    [Fact]
    public async Task While_the_destination_is_down_only_the_newest_events_of_each_room_are_kept()
    {
        await using var network = await OutboxNetwork.StartAsync(new Dictionary<string, string?> { ["Tangle:Federation:MaxQueuedPdusPerRoom"] = "5" });
        network.Remote.Transactions.FailAll();
        var inFlight = network.Message("lobby");
        await network.Outbox.EnqueuePdusAsync([inFlight]);
        await network.Remote.Transactions.WaitUntilAsync(r => r.Count >= 1);

        var lobby = network.Messages(12, "lobby");
        foreach (var pdu in lobby)
            await network.Outbox.EnqueuePdusAsync([pdu]);
        var garden = network.Messages(3, "garden");
        await network.Outbox.EnqueuePdusAsync(garden);
        var status = await network.Outbox.GetStatusAsync();
        network.Remote.Transactions.FailAll(null);
        await network.Outbox.WakeAsync();
        await network.Remote.Transactions.WaitUntilAsync(r => r.Where(t => t.Accepted).Sum(t => t.Pdus.Count) >= 9);

        Assert.Equal(1 + 5 + 3, status.QueuedPdus);
        Assert.Equal(7, status.DroppedPdus);
        var expected = new[] { inFlight }.Concat(lobby.Skip(7)).Concat(garden).Select(OutboxNetwork.BodyOf);
        Assert.Equal(expected, network.DeliveredBodies());
    }

    [Fact]
    public async Task Waking_an_outbox_in_backoff_retries_at_once()
    {
        await using var network = await OutboxNetwork.StartAsync(new Dictionary<string, string?>
        {
            ["Tangle:Federation:RetryInitialDelay"] = "01:00:00",
            ["Tangle:Federation:RetryMaxDelay"] = "01:00:00",
        });
        network.Remote.Transactions.FailNext(1);
        var pdu = network.Message();
        await network.Outbox.EnqueuePdusAsync([pdu]);
        var backingOff = await network.StatusWhenAsync(s => s.ConsecutiveFailures > 0);

        await network.Outbox.WakeAsync();
        await network.Remote.Transactions.WaitUntilAsync(r => r.Any(t => t.Accepted));

        Assert.True(backingOff.CurrentBackoff > TimeSpan.FromMinutes(30));
        Assert.NotNull(backingOff.InFlightTransactionId);
        Assert.Equal("503 M_UNKNOWN", backingOff.LastError);
        Assert.Equal([OutboxNetwork.BodyOf(pdu)], network.DeliveredBodies());
        Assert.Null((await network.StatusWhenAsync(s => s.QueuedPdus == 0)).CurrentBackoff);
    }

    [Fact]
    public async Task What_was_queued_before_a_restart_is_delivered_after_it_under_the_same_transaction_id()
    {
        await using var network = await OutboxNetwork.StartAsync();
        network.Remote.Transactions.FailAll();
        var events = network.Messages(3);
        await network.Outbox.EnqueuePdusAsync(events);
        await network.Outbox.EnqueueEduAsync("m.direct_to_device", ToDevice("across-restart"));
        var before = await network.Remote.Transactions.WaitUntilAsync(r => r.Count >= 1);

        await network.RestartAsync();
        network.Remote.Transactions.FailAll(null);
        await network.Remote.Transactions.WaitUntilAsync(r =>
            r.Where(t => t.Accepted).Sum(t => t.Pdus.Count) >= 3 && r.Where(t => t.Accepted).Sum(t => t.Edus.Count) >= 1);

        Assert.Equal(before[0].TxnId, network.Remote.Transactions.Accepted[0].TxnId);
        Assert.Equal(events.Select(OutboxNetwork.BodyOf), network.DeliveredBodies());
        var edu = Assert.Single(network.Remote.Transactions.Accepted.SelectMany(t => t.Edus));
        Assert.Equal("across-restart", edu.GetProperty("content").GetProperty("message_id").GetString());
    }
}
