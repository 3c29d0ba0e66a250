using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Devices;

/// <summary>PUT /sendToDevice and the to_device section of /sync.</summary>
public sealed class ToDeviceTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_to_device_message_reaches_the_named_devices_of_other_users()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var bobSince = (await bob.SyncNowAsync()).NextBatch;
        var carolSince = (await carol.SyncNowAsync()).NextBatch;

        await alice.SendToDeviceAsync("org.example.hello", To((bob, bob.DeviceId), (carol, carol.DeviceId)));

        var toBob = await bob.WaitForSyncAsync(bobSince, s => s.ToDevice.Events.Count > 0);
        var toCarol = await carol.WaitForSyncAsync(carolSince, s => s.ToDevice.Events.Count > 0);
        foreach (var message in new[] { Assert.Single(toBob.ToDevice.Events), Assert.Single(toCarol.ToDevice.Events) })
        {
            Assert.Equal(("org.example.hello", alice.UserId), (message.Type, message.Sender));
            Assert.Equal("my_value", message.ContentString("my_key"));
        }
    }

    [Fact]
    public async Task A_to_device_message_for_every_device_reaches_each_of_them()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var bobLaptop = await fixture.LoginAgainAsync(bob);

        await alice.SendToDeviceAsync("org.example.hello", To((bob, "*")));

        await bob.WaitForSyncAsync(null, s => s.ToDevice.Events.Any(e => e.Type == "org.example.hello"));
        await bobLaptop.WaitForSyncAsync(null, s => s.ToDevice.Events.Any(e => e.Type == "org.example.hello"));
    }

    [Fact]
    public async Task A_to_device_message_reaches_only_the_named_device()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var bobLaptop = await fixture.LoginAgainAsync(bob);

        await alice.SendToDeviceAsync("org.example.private", To((bob, bob.DeviceId)));
        await alice.SendToDeviceAsync("org.example.marker", To((bob, "*")));

        var laptop = await Collect(bobLaptop, "org.example.marker");
        var phone = await Collect(bob, "org.example.marker");
        Assert.DoesNotContain(laptop, e => e.Type == "org.example.private");
        Assert.Equal(["org.example.private", "org.example.marker"], phone.Select(e => e.Type));
    }

    [Fact]
    public async Task A_to_device_message_is_delivered_once_the_next_sync_acknowledges_it()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var since = (await bob.SyncNowAsync()).NextBatch;

        await alice.SendToDeviceAsync("org.example.once", To((bob, bob.DeviceId)));
        var delivered = await bob.WaitForSyncAsync(since, s => s.ToDevice.Events.Count > 0);
        var repeated = await bob.SyncNowAsync(since);
        var after = await bob.SyncNowAsync(delivered.NextBatch);

        Assert.Single(delivered.ToDevice.Events);
        Assert.Single(repeated.ToDevice.Events);
        Assert.Empty(after.ToDevice.Events);
        Assert.Empty((await bob.SyncNowAsync(delivered.NextBatch)).ToDevice.Events);
    }

    [Fact]
    public async Task Resending_to_devices_with_the_same_transaction_id_delivers_once()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");

        await alice.SendToDeviceAsync("org.example.retry", To((bob, bob.DeviceId)), "txn-1");
        await alice.SendToDeviceAsync("org.example.retry", To((bob, bob.DeviceId)), "txn-1");
        await alice.SendToDeviceAsync("org.example.marker", To((bob, bob.DeviceId)));

        var received = await Collect(bob, "org.example.marker");
        Assert.Single(received, e => e.Type == "org.example.retry");
    }

    [Fact]
    public async Task To_device_messages_arrive_in_the_order_they_were_sent()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");

        for (var i = 0; i < 5; i++)
            await alice.SendToDeviceAsync("org.example.seq", To((bob, bob.DeviceId), i));

        var received = await Collect(bob, "org.example.seq", 5);
        Assert.Equal(["0", "1", "2", "3", "4"], received.Select(e => e.ContentString("my_key")));
    }

    private static Dictionary<string, IReadOnlyDictionary<string, object>> To(params (MatrixClient User, string Device)[] targets) =>
        To(targets, "my_value");

    private static Dictionary<string, IReadOnlyDictionary<string, object>> To((MatrixClient User, string Device) target, int n) =>
        To([target], n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static Dictionary<string, IReadOnlyDictionary<string, object>> To((MatrixClient User, string Device)[] targets, string value) =>
        targets.GroupBy(t => t.User.UserId).ToDictionary(g => g.Key,
            g => (IReadOnlyDictionary<string, object>)g.ToDictionary(t => t.Device, object (_) => new { my_key = value }));

    /// <summary>The device's to-device messages, in order, until <paramref name="count"/> of type <paramref name="last"/> have come.</summary>
    private static async Task<List<ToDeviceEvent>> Collect(MatrixClient device, string last, int count = 1)
    {
        var received = new List<ToDeviceEvent>();
        await device.WaitForSyncAsync(null, s =>
        {
            received.AddRange(s.ToDevice.Events);
            return received.Count(e => e.Type == last) >= count;
        });
        return received;
    }
}
