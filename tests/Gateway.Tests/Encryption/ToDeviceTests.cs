using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Encryption;

public sealed class ToDeviceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_message_reaches_the_named_device_through_sync()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var bobElsewhere = await bob.LoginAgainAsync(fixture);
        var since = await bob.NextBatchAsync();
        var otherSince = await bobElsewhere.NextBatchAsync();

        var send = await SendAsync(alice, "m.test", bob.UserId, bob.DeviceId, new { body = "hello" });
        var sync = await bob.SyncUntilAsync(since, s => TestDevice.ToDevice(s).Count > 0);
        var other = await bobElsewhere.SyncAsync(otherSince);

        Assert.Equal(HttpStatusCode.OK, send.Status);
        var message = Assert.Single(TestDevice.ToDevice(sync));
        Assert.Equal((alice.UserId, "m.test", "hello"),
            (message.GetProperty("sender").GetString(), message.GetProperty("type").GetString(), message.GetProperty("content").GetProperty("body").GetString()));
        Assert.Empty(TestDevice.ToDevice(other));
    }

    [Fact]
    public async Task A_star_reaches_every_device_of_the_user()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var bobElsewhere = await bob.LoginAgainAsync(fixture);

        await SendAsync(alice, "m.test", bob.UserId, "*", new { n = 1 });

        Assert.Single(TestDevice.ToDevice(await bob.SyncAsync()));
        Assert.Single(TestDevice.ToDevice(await bobElsewhere.SyncAsync()));
    }

    [Fact]
    public async Task Messages_arrive_in_order_and_are_deleted_once_the_next_token_acknowledges_them()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        var since = await bob.NextBatchAsync();
        for (var n = 1; n <= 3; n++)
            await SendAsync(alice, "m.test", bob.UserId, bob.DeviceId, new { n });

        var first = await bob.SyncAsync(since);
        var retried = await bob.SyncAsync(since);
        var acknowledged = await bob.SyncAsync(first.GetProperty("next_batch").GetString());

        Assert.Equal([1, 2, 3], TestDevice.ToDevice(first).Select(m => m.GetProperty("content").GetProperty("n").GetInt32()));
        Assert.Equal(3, TestDevice.ToDevice(retried).Count);
        Assert.Empty(TestDevice.ToDevice(acknowledged));
    }

    [Fact]
    public async Task A_transaction_id_is_delivered_once_per_sending_device()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var aliceElsewhere = await alice.LoginAgainAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);

        var first = await SendAsync(alice, "m.test", bob.UserId, bob.DeviceId, new { n = 1 }, "txn1");
        var repeated = await SendAsync(alice, "m.test", bob.UserId, bob.DeviceId, new { n = 2 }, "txn1");
        await SendAsync(alice, "m.test", bob.UserId, bob.DeviceId, new { n = 3 }, "txn2");
        await SendAsync(aliceElsewhere, "m.test", bob.UserId, bob.DeviceId, new { n = 4 }, "txn1");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.Status, repeated.Status));
        Assert.Equal([1, 3, 4], TestDevice.ToDevice(await bob.SyncAsync()).Select(m => m.GetProperty("content").GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task Messages_for_unknown_devices_users_and_remote_users_are_dropped_quietly()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);

        var response = await alice.Client.PutAsync("_matrix/client/v3/sendToDevice/m.test/drop1", new
        {
            messages = new Dictionary<string, object>
            {
                [bob.UserId] = new Dictionary<string, object> { ["NOSUCHDEVICE"] = new { n = 1 }, [bob.DeviceId] = new { n = 2 } },
                ["@ghost:localhost"] = new Dictionary<string, object> { ["*"] = new { n = 3 } },
                ["@carol:elsewhere.example"] = new Dictionary<string, object> { ["DEV"] = new { n = 4 } },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal([2], TestDevice.ToDevice(await bob.SyncAsync()).Select(m => m.GetProperty("content").GetProperty("n").GetInt32()));
    }

    [Fact]
    public async Task Deleting_a_device_drops_its_queued_messages()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var bobElsewhere = await bob.LoginAgainAsync(fixture, "REUSED");
        await SendAsync(alice, "m.test", bob.UserId, bobElsewhere.DeviceId, new { n = 1 });

        await bob.Client.DeleteAsync("_matrix/client/v3/devices/REUSED", new { auth = bob.PasswordAuth });
        using var again = await bob.LoginAgainAsync(fixture, "REUSED");

        Assert.Empty(TestDevice.ToDevice(await again.SyncAsync()));
    }

    [Fact]
    public async Task A_body_without_messages_is_refused()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);

        var missing = await alice.Client.PutAsync("_matrix/client/v3/sendToDevice/m.test/bad1", new { });
        var notObject = await alice.Client.PutAsync("_matrix/client/v3/sendToDevice/m.test/bad2",
            new { messages = new Dictionary<string, object> { [alice.UserId] = new Dictionary<string, object> { [alice.DeviceId] = "text" } } });
        var notUser = await alice.Client.PutAsync("_matrix/client/v3/sendToDevice/m.test/bad3",
            new { messages = new Dictionary<string, object> { ["alice"] = new Dictionary<string, object>() } });

        Assert.Equal((HttpStatusCode.BadRequest, "M_MISSING_PARAM"), (missing.Status, missing.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_BAD_JSON"), (notObject.Status, notObject.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (notUser.Status, notUser.ErrCode));
    }

    internal static Task<RawResponse> SendAsync(TestDevice from, string type, string user, string device, object content, string? txnId = null) =>
        from.Client.PutAsync($"_matrix/client/v3/sendToDevice/{type}/{txnId ?? Guid.NewGuid().ToString("N")}", new
        {
            messages = new Dictionary<string, object> { [user] = new Dictionary<string, object> { [device] = content } },
        });
}
