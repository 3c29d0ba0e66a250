using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>Transaction ids: a retransmission is the same request, scoped to one device and one request path.</summary>
public sealed class TransactionTests(ServerFixture fixture)
{
    private static readonly MessageContent First = MessageContent.Text("first");

    [Fact]
    public async Task Resending_with_the_same_transaction_id_returns_the_same_event()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var once = await alice.SendMessageAsync(roomId, First, "txn-1");
        var twice = await alice.SendMessageAsync(roomId, First, "txn-1");

        Assert.Equal(once, twice);
    }

    [Fact]
    public async Task Resending_with_the_same_transaction_id_and_other_content_still_returns_the_first_event()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var once = await alice.SendMessageAsync(roomId, First, "txn-1");
        var changed = await alice.SendMessageAsync(roomId, MessageContent.Text("second"), "txn-1");

        Assert.Equal(once, changed);
        Assert.Equal("first", (await alice.GetEventAsync(roomId, once)).Body);
    }

    [Fact]
    public async Task A_retransmitted_message_appears_once_in_the_timeline()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        await alice.SendMessageAsync(roomId, First, "txn-1");
        await alice.SendMessageAsync(roomId, First, "txn-1");
        await alice.SendMessageAsync(roomId, First, "txn-1");

        var page = await alice.GetMessagesAsync(roomId, Direction.Backward, limit: 50);
        Assert.Single(page.Chunk, e => e.Type == EventTypes.Message);
    }

    [Fact]
    public async Task The_same_transaction_id_in_another_room_sends_a_new_event()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var firstRoom = await alice.CreateRoomAsync();
        var secondRoom = await alice.CreateRoomAsync();

        var inFirst = await alice.SendMessageAsync(firstRoom, First, "txn-1");
        var inSecond = await alice.SendMessageAsync(secondRoom, First, "txn-1");

        Assert.NotEqual(inFirst, inSecond);
    }

    [Fact]
    public async Task The_same_transaction_id_for_another_event_type_sends_a_new_event()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var message = await alice.SendMessageAsync(roomId, First, "txn-1");
        var ping = await alice.SendEventAsync(roomId, "org.example.ping", new { n = 1 }, "txn-1");

        Assert.NotEqual(message, ping);
        Assert.Equal("org.example.ping", (await alice.GetEventAsync(roomId, ping)).Type);
    }

    [Fact]
    public async Task The_same_transaction_id_for_a_redaction_redacts()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var message = await alice.SendMessageAsync(roomId, First, "txn-1");
        var redaction = await alice.RedactAsync(roomId, message, transactionId: "txn-1");

        Assert.NotEqual(message, redaction);
        Assert.Equal(message, (await alice.GetEventAsync(roomId, redaction)).Redacts);
    }

    [Fact]
    public async Task The_same_transaction_id_from_another_device_sends_a_new_event()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var laptop = await fixture.LoginAgainAsync(alice);
        var roomId = await alice.CreateRoomAsync();

        var fromPhone = await alice.SendMessageAsync(roomId, First, "txn-1");
        var fromLaptop = await laptop.SendMessageAsync(roomId, First, "txn-1");

        Assert.NotEqual(fromPhone, fromLaptop);
    }

    [Fact]
    public async Task Two_sessions_on_the_same_device_share_transaction_ids()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var first = await alice.SendMessageAsync(roomId, First, "txn-1");

        using var again = await fixture.LoginAgainAsync(alice, alice.DeviceId);
        var second = await again.SendMessageAsync(roomId, First, "txn-1");

        Assert.Equal(alice.DeviceId, again.DeviceId);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_sending_device_sees_its_transaction_id_in_sync_and_other_devices_do_not()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var laptop = await fixture.LoginAgainAsync(alice);
        var roomId = await alice.CreateRoomAsync();

        var eventId = await alice.SendMessageAsync(roomId, First, "txn-echo");
        var own = await alice.WaitForSyncAsync(null, s => s.TimelineHas(roomId, eventId));
        var other = await laptop.WaitForSyncAsync(null, s => s.TimelineHas(roomId, eventId));

        Assert.Equal("txn-echo", own.TimelineOf(roomId).Single(e => e.EventId == eventId).Unsigned?.TransactionId);
        Assert.Null(other.TimelineOf(roomId).Single(e => e.EventId == eventId).Unsigned?.TransactionId);
    }

    [Fact]
    public async Task Fetching_an_event_shows_the_transaction_id_to_the_sending_device()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);

        var eventId = await alice.SendMessageAsync(roomId, First, "txn-get");

        Assert.Equal("txn-get", (await alice.GetEventAsync(roomId, eventId)).Unsigned?.TransactionId);
        Assert.Null((await bob.GetEventAsync(roomId, eventId)).Unsigned?.TransactionId);
    }

    [Fact]
    public async Task A_second_session_on_the_sending_device_sees_the_transaction_id()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var eventId = await alice.SendMessageAsync(roomId, First, "txn-device");

        using var again = await fixture.LoginAgainAsync(alice, alice.DeviceId);
        var sync = await again.WaitForSyncAsync(null, s => s.TimelineHas(roomId, eventId));

        Assert.Equal("txn-device", sync.TimelineOf(roomId).Single(e => e.EventId == eventId).Unsigned?.TransactionId);
    }
}
