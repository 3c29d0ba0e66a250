using System.Text.Json;
using Tangle.Sdk.Events;
using Tangle.Sdk.Sync;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>POST /receipt and /read_markers: who sees which receipt, and the unread counts they reset.</summary>
public sealed class ReceiptTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_read_receipt_is_visible_to_other_members()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var eventId = await alice.SendTextAsync(roomId, "read me");
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;

        await bob.SendReceiptAsync(roomId, eventId);

        var sync = await alice.WaitForSyncAsync(since, s => HasReceipt(s, roomId, eventId, ReceiptTypes.Read, bob.UserId));
        var receipt = sync.EphemeralOf(roomId, EventTypes.Receipt).First();
        Assert.False(receipt.AdditionalProperties?.ContainsKey("room_id") ?? false);
        Assert.True(receipt.Content.GetProperty(eventId).GetProperty(ReceiptTypes.Read).GetProperty(bob.UserId).GetProperty("ts").GetInt64() > 0);
    }

    [Fact]
    public async Task A_private_read_receipt_is_visible_only_to_its_sender()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var first = await alice.SendTextAsync(roomId, "first");
        var second = await alice.SendTextAsync(roomId, "second");
        var aliceSince = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;
        var bobSince = (await bob.WaitForSyncAsync(null, s => s.TimelineHas(roomId, second))).NextBatch;

        await bob.SendReceiptAsync(roomId, first, ReceiptTypes.ReadPrivate);
        await bob.WaitForSyncAsync(bobSince, s => HasReceipt(s, roomId, first, ReceiptTypes.ReadPrivate, bob.UserId));
        await bob.SendReceiptAsync(roomId, second, ReceiptTypes.Read);

        var seen = new List<SyncResponse>();
        await alice.WaitForSyncAsync(aliceSince, s =>
        {
            seen.Add(s);
            return HasReceipt(s, roomId, second, ReceiptTypes.Read, bob.UserId);
        });
        Assert.DoesNotContain(seen, s => s.EphemeralOf(roomId, EventTypes.Receipt).Any(r => r.Content.ToString().Contains(ReceiptTypes.ReadPrivate, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_read_receipt_resets_the_readers_unread_count()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var sent = await alice.SendTextsAsync(roomId, 3);
        var unread = await bob.WaitForSyncAsync(null, s => s.TimelineHas(roomId, sent[^1]));
        Assert.Equal(3, unread.Joined(roomId)!.UnreadNotifications?.NotificationCount);

        await bob.SendReceiptAsync(roomId, sent[^1]);

        var read = await bob.WaitForSyncAsync(unread.NextBatch, s => HasReceipt(s, roomId, sent[^1], ReceiptTypes.Read, bob.UserId));
        Assert.Equal(0, read.Joined(roomId)!.UnreadNotifications?.NotificationCount);
    }

    [Fact]
    public async Task A_read_receipt_part_way_counts_only_the_later_messages()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var sent = await alice.SendTextsAsync(roomId, 4);
        var since = (await bob.WaitForSyncAsync(null, s => s.TimelineHas(roomId, sent[^1]))).NextBatch;

        await bob.SendReceiptAsync(roomId, sent[1]);

        var read = await bob.WaitForSyncAsync(since, s => HasReceipt(s, roomId, sent[1], ReceiptTypes.Read, bob.UserId));
        Assert.Equal(2, read.Joined(roomId)!.UnreadNotifications?.NotificationCount);
    }

    [Fact]
    public async Task A_private_read_receipt_also_resets_the_unread_count()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var sent = await alice.SendTextsAsync(roomId, 2);
        var since = (await bob.WaitForSyncAsync(null, s => s.TimelineHas(roomId, sent[^1]))).NextBatch;

        await bob.SendReceiptAsync(roomId, sent[^1], ReceiptTypes.ReadPrivate);

        var read = await bob.WaitForSyncAsync(since, s => HasReceipt(s, roomId, sent[^1], ReceiptTypes.ReadPrivate, bob.UserId));
        Assert.Equal(0, read.Joined(roomId)!.UnreadNotifications?.NotificationCount);
    }

    [Fact]
    public async Task Read_markers_move_the_fully_read_marker_and_the_read_receipt_together()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var eventId = await alice.SendTextAsync(roomId, "marker");

        await alice.SetReadMarkersAsync(roomId, fullyRead: eventId, read: eventId);

        await alice.WaitForSyncAsync(null, s => HasReceipt(s, roomId, eventId, ReceiptTypes.Read, alice.UserId));
        var sync = await alice.WaitForSyncAsync(null, s => s.Joined(roomId)?.AccountData.Events.Any(e => e.Type == EventTypes.FullyRead) == true);
        Assert.Equal(eventId, sync.Joined(roomId)!.AccountData.Events.Single(e => e.Type == EventTypes.FullyRead).ContentString("event_id"));
    }

    [Fact]
    public async Task A_threaded_receipt_keeps_its_thread_id()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var eventId = await alice.SendTextAsync(roomId, "main timeline");

        await bob.SendReceiptAsync(roomId, eventId, threadId: "main");

        var sync = await alice.WaitForSyncAsync(null, s => HasReceipt(s, roomId, eventId, ReceiptTypes.Read, bob.UserId));
        var receipt = ReceiptOf(sync, roomId, eventId, ReceiptTypes.Read, bob.UserId)!.Value;
        Assert.Equal("main", receipt.GetProperty("thread_id").GetString());
    }

    private static bool HasReceipt(SyncResponse sync, string roomId, string eventId, string type, string userId) =>
        ReceiptOf(sync, roomId, eventId, type, userId) is not null;

    private static JsonElement? ReceiptOf(SyncResponse sync, string roomId, string eventId, string type, string userId)
    {
        foreach (var receipt in sync.EphemeralOf(roomId, EventTypes.Receipt))
        {
            if (receipt.Content.TryGetProperty(eventId, out var byType) && byType.TryGetProperty(type, out var byUser)
                && byUser.TryGetProperty(userId, out var info))
                return info;
        }

        return null;
    }
}
