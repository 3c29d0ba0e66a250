using System.Net;
using System.Text.Json.Nodes;
using Tangle.Testing;
using static Tangle.Gateway.Tests.TestRooms;

namespace Tangle.Gateway.Tests;

/// <summary>unread_notifications in /sync: each user's push rules over the events after their read receipt.</summary>
public sealed class NotificationCountTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static Task ReceiptAsync(RawClient user, string room, string type, string eventId) =>
        user.PostAsync($"_matrix/client/v3/rooms/{Path(room)}/receipt/{type}/{Uri.EscapeDataString(eventId)}", new { });

    [Fact]
    public async Task Messages_in_a_one_to_one_room_notify_without_highlight()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);

        await alice.SendMessageAsync(room, "hi bob");
        var last = await alice.SendMessageAsync(room, "are you there?");

        Assert.Equal((2, 0), await UnreadAsync(bob, room, last));
    }

    [Fact]
    public async Task A_user_mention_highlights_and_other_messages_only_notify()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var carol = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob, carol);

        await SendAsync(alice, room, "m.room.message", Mentioning("bob, look", bob.UserId!));
        var last = await alice.SendMessageAsync(room, "everyone else");

        Assert.Equal((2, 1), await UnreadAsync(bob, room, last));
        Assert.Equal((2, 0), await UnreadAsync(carol, room, last));
    }

    [Fact]
    public async Task A_room_mention_highlights_only_from_a_sender_with_the_room_notification_level()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var carol = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob, carol);

        var fromCarol = await SendAsync(carol, room, "m.room.message", RoomMention("@room from carol"));
        Assert.Equal((1, 0), await UnreadAsync(bob, room, fromCarol));

        var fromAlice = await SendAsync(alice, room, "m.room.message", RoomMention("@room from the creator"));
        Assert.Equal((2, 1), await UnreadAsync(bob, room, fromAlice));
    }

    [Fact]
    public async Task The_notifications_power_level_decides_who_may_mention_the_room()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var carol = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob, carol);
        var levels = JsonNode.Parse((await alice.GetAsync($"_matrix/client/v3/rooms/{Path(room)}/state/m.room.power_levels/")).Body.GetRawText())!.AsObject();
        levels["notifications"] = new JsonObject { ["room"] = 0 };
        await SetStateAsync(alice, room, "m.room.power_levels", levels);

        var mention = await SendAsync(carol, room, "m.room.message", RoomMention("@room"));

        Assert.Equal((1, 1), await UnreadAsync(bob, room, mention));
    }

    [Fact]
    public async Task A_read_receipt_clears_the_counts_up_to_its_event()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        var first = await SendAsync(alice, room, "m.room.message", Mentioning("one", bob.UserId!));
        await alice.SendMessageAsync(room, "two");
        var third = await alice.SendMessageAsync(room, "three");
        Assert.Equal((3, 1), await UnreadAsync(bob, room, third));

        await ReceiptAsync(bob, room, "m.read", first);
        Assert.Equal((2, 0), await UnreadAsync(bob, room, third));

        await ReceiptAsync(bob, room, "m.read.private", third);
        Assert.Equal((0, 0), await UnreadAsync(bob, room, third));
    }

    [Fact]
    public async Task A_receipt_behind_the_other_one_does_not_bring_notifications_back()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        var first = await alice.SendMessageAsync(room, "one");
        var second = await alice.SendMessageAsync(room, "two");

        await ReceiptAsync(bob, room, "m.read", second);
        await ReceiptAsync(bob, room, "m.read.private", first);

        Assert.Equal((0, 0), await UnreadAsync(bob, room, second));
    }

    [Fact]
    public async Task Sending_a_message_reads_everything_before_it()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        await alice.SendMessageAsync(room, "one");
        await alice.SendMessageAsync(room, "two");

        await bob.SendMessageAsync(room, "reply");
        var last = await alice.SendMessageAsync(room, "three");

        Assert.Equal((1, 0), await UnreadAsync(bob, room, last));
        Assert.Equal((0, 0), await UnreadAsync(alice, room, last));
    }

    [Fact]
    public async Task Notices_reactions_edits_and_membership_do_not_notify()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        var message = await alice.SendMessageAsync(room, "original");
        await bob.SendMessageAsync(room, "read it");

        await SendAsync(alice, room, "m.room.message", new { msgtype = "m.notice", body = "bot notice" });
        await SendAsync(alice, room, "m.reaction", new Dictionary<string, object> { ["m.relates_to"] = new { rel_type = "m.annotation", event_id = message, key = "👍" } });
        await SendAsync(alice, room, "m.room.message", new Dictionary<string, object>
        {
            ["msgtype"] = "m.text",
            ["body"] = "* edited",
            ["m.new_content"] = new { msgtype = "m.text", body = "edited" },
            ["m.relates_to"] = new { rel_type = "m.replace", event_id = message },
        });
        await SetStateAsync(alice, room, "m.room.topic", new { topic = "new topic" });
        var carol = await fixture.UserAsync();
        await JoinAsync(carol, room);
        var last = await SendAsync(carol, room, "m.room.message", new { msgtype = "m.notice", body = "carol's bot" });

        Assert.Equal((0, 0), await UnreadAsync(bob, room, last));
    }

    [Fact]
    public async Task Encrypted_events_notify_without_highlight()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var carol = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob, carol);

        var encrypted = await SendAsync(alice, room, "m.room.encrypted",
            new { algorithm = "m.megolm.v1.aes-sha2", ciphertext = "AwgAEnAC...", session_id = "s", device_id = "D", sender_key = "k" });

        Assert.Equal((1, 0), await UnreadAsync(bob, room, encrypted));
    }

    [Fact]
    public async Task A_push_rule_that_silences_a_room_stops_its_notifications()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        var before = await alice.SendMessageAsync(room, "before");
        Assert.Equal((1, 0), await UnreadAsync(bob, room, before));

        var put = await bob.PutAsync($"_matrix/client/v3/pushrules/global/room/{Path(room)}", new { actions = Array.Empty<string>() });
        var after = await alice.SendMessageAsync(room, "after");

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal((0, 0), await UnreadAsync(bob, room, after));
    }

    [Fact]
    public async Task A_content_rule_can_highlight_a_keyword()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        await bob.PutAsync("_matrix/client/v3/pushrules/global/content/cake",
            new { pattern = "cake", actions = new object[] { "notify", new { set_tweak = "highlight" } } });

        await alice.SendMessageAsync(room, "There is CAKE in the kitchen");
        var last = await alice.SendMessageAsync(room, "cakes are different");

        Assert.Equal((2, 1), await UnreadAsync(bob, room, last));
    }

    [Fact]
    public async Task New_messages_reach_an_incremental_sync_with_their_counts()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var room = await SharedRoomAsync(alice, bob);
        var since = await SinceJoinedAsync(bob, room);

        var ping = await SendAsync(alice, room, "m.room.message", Mentioning("ping", bob.UserId!));
        var next = await SyncUntilAsync(bob, since, sync => HasEvent(sync, room, ping));

        var joined = Joined(next, room)!.Value;
        Assert.Equal(1, joined.GetProperty("timeline").GetProperty("events").GetArrayLength());
        Assert.Equal(1, joined.GetProperty("unread_notifications").GetProperty("notification_count").GetInt64());
        Assert.Equal(1, joined.GetProperty("unread_notifications").GetProperty("highlight_count").GetInt64());
    }
}
