using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Filters;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Rooms;

/// <summary>GET /rooms/{roomId}/messages: both directions, from, to, limit, and lazy-loaded members.</summary>
public sealed class MessagesTests(ServerFixture fixture)
{
    private static readonly RoomEventFilter OnlyMessages = new() { Types = [EventTypes.Message] };

    [Fact]
    public async Task Messages_backwards_from_the_end_gives_the_newest_first()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var sent = await alice.SendTextsAsync(roomId, 5);

        var page = await alice.GetMessagesAsync(roomId, Direction.Backward, limit: 3);

        Assert.Equal(sent[^3..].AsEnumerable().Reverse(), page.Chunk.Select(e => e.EventId));
        Assert.NotNull(page.End);
        Assert.All(page.Chunk, e => Assert.Equal(roomId, e.RoomId));
    }

    [Fact]
    public async Task Messages_forwards_from_the_start_gives_the_oldest_first()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var page = await alice.GetMessagesAsync(roomId, Direction.Forward, limit: 2);

        Assert.Equal(EventTypes.Create, page.Chunk[0].Type);
        Assert.Equal((alice.UserId, Membership.Join), page.Chunk.Memberships().Single());
    }

    [Fact]
    public async Task Messages_end_token_continues_where_the_page_ended()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var sent = await alice.SendTextsAsync(roomId, 7);

        var seen = new List<string>();
        string? from = null;
        do
        {
            var page = await alice.GetMessagesAsync(roomId, Direction.Backward, from: from, limit: 2, filter: OnlyMessages);
            seen.AddRange(page.Chunk.Select(e => e.EventId));
            from = page.End;
        }
        while (from is not null && seen.Count < 20);

        Assert.Equal(sent.AsEnumerable().Reverse(), seen);
    }

    [Fact]
    public async Task Messages_forwards_pages_through_everything_in_order()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var sent = await alice.SendTextsAsync(roomId, 5);

        var first = await alice.GetMessagesAsync(roomId, Direction.Forward, limit: 3, filter: OnlyMessages);
        var second = await alice.GetMessagesAsync(roomId, Direction.Forward, from: first.End, limit: 3, filter: OnlyMessages);

        Assert.Equal(sent, first.Chunk.Concat(second.Chunk).Select(e => e.EventId));
    }

    [Fact]
    public async Task Messages_backwards_from_a_sync_token_starts_at_that_point()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var early = await alice.SendTextsAsync(roomId, 3, "early");
        var token = (await alice.WaitForSyncAsync(null, s => s.TimelineHas(roomId, early[^1]))).NextBatch;
        await alice.SendTextsAsync(roomId, 2, "late");

        var page = await alice.GetMessagesAsync(roomId, Direction.Backward, from: token, limit: 3);

        Assert.Equal(early.AsEnumerable().Reverse(), page.Chunk.Select(e => e.EventId));
    }

    [Fact]
    public async Task Messages_forwards_between_two_sync_tokens_gives_what_happened_between()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var before = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;
        var between = await bob.SendTextsAsync(roomId, 4, "between");
        var after = (await alice.CatchUpAsync(before, s => s.TimelineHas(roomId, between[^1]))).NextBatch;
        await bob.SendTextsAsync(roomId, 2, "later");

        var page = await alice.GetMessagesAsync(roomId, Direction.Forward, from: before, to: after, limit: 50);

        Assert.Equal(between, page.Chunk.Select(e => e.EventId));
    }

    [Fact]
    public async Task Messages_backwards_stops_at_the_to_token()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var early = await alice.SendTextsAsync(roomId, 2, "early");
        var stop = (await alice.WaitForSyncAsync(null, s => s.TimelineHas(roomId, early[^1]))).NextBatch;
        var late = await alice.SendTextsAsync(roomId, 3, "late");

        var page = await alice.GetMessagesAsync(roomId, Direction.Backward, to: stop, limit: 50);

        Assert.Equal(late.AsEnumerable().Reverse(), page.Chunk.Select(e => e.EventId));
    }

    [Fact]
    public async Task Messages_can_be_filtered_by_event_type()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        await alice.SendTextAsync(roomId, "text");
        await alice.SendEventAsync(roomId, "org.example.ping", new { n = 1 });

        var page = await alice.GetMessagesAsync(roomId, Direction.Backward, limit: 50, filter: new RoomEventFilter { Types = ["org.example.ping"] });

        Assert.Equal("org.example.ping", Assert.Single(page.Chunk).Type);
    }

    [Fact]
    public async Task Messages_with_lazy_loading_gives_the_member_events_of_the_senders()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var carol = await fixture.RegisterAsync("carol");
        var roomId = await alice.PublicRoomAsync(bob, carol);
        await bob.SendTextAsync(roomId, "from bob, before the window");
        var before = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, carol.UserId, Membership.Join))).NextBatch;
        var fromCarol = await carol.SendTextAsync(roomId, "from carol");
        var after = (await alice.CatchUpAsync(before, s => s.TimelineHas(roomId, fromCarol))).NextBatch;

        var page = await alice.GetMessagesAsync(roomId, Direction.Forward, from: before, to: after, filter: new RoomEventFilter { LazyLoadMembers = true });

        var member = Assert.Single(page.State);
        Assert.Equal((EventTypes.Member, carol.UserId, Membership.Join), (member.Type, member.StateKey, member.Membership));
    }

    [Fact]
    public async Task Messages_with_lazy_loading_includes_the_requesters_own_member_event_when_they_sent()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        var token = (await alice.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;
        await alice.SendTextAsync(roomId, "my own");

        var page = await alice.GetMessagesAsync(roomId, Direction.Backward, from: token, filter: new RoomEventFilter { LazyLoadMembers = true });

        var member = Assert.Single(page.State);
        Assert.Equal((alice.UserId, Membership.Join), (member.StateKey, member.Membership));
    }

    [Fact]
    public async Task Messages_without_lazy_loading_has_no_state()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();
        await alice.SendTextAsync(roomId, "hello");

        var page = await alice.GetMessagesAsync(roomId, Direction.Backward, limit: 5);

        Assert.Empty(page.State);
    }

    [Fact]
    public async Task Messages_of_a_departed_room_stop_at_the_leave()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var seen = await alice.SendTextAsync(roomId, "bob sees this");
        await bob.LeaveRoomAsync(roomId);
        var unseen = await alice.SendTextAsync(roomId, "bob does not");

        var backwards = await bob.GetMessagesAsync(roomId, Direction.Backward, limit: 50);
        var forwards = await bob.GetMessagesAsync(roomId, Direction.Forward, limit: 50);

        Assert.Equal((bob.UserId, Membership.Leave), backwards.Chunk.Memberships()[0]);
        Assert.Contains(backwards.Chunk, e => e.EventId == seen);
        Assert.DoesNotContain(backwards.Chunk, e => e.EventId == unseen);
        Assert.DoesNotContain(forwards.Chunk, e => e.EventId == unseen);
    }

    [Fact]
    public async Task Messages_are_forbidden_to_someone_never_in_a_private_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var eve = await fixture.RegisterAsync("eve");
        var roomId = await alice.CreateRoomAsync(new CreateRoomRequest { Preset = RoomPreset.PrivateChat });
        await alice.SendTextAsync(roomId, "private");

        var refused = await Assert.ThrowsAsync<MatrixException>(() => eve.GetMessagesAsync(roomId));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }

    [Fact]
    public async Task A_sent_message_can_be_fetched_with_its_content()
    {
        using var alice = await fixture.RegisterAsync("alice");
        var roomId = await alice.CreateRoomAsync();

        var eventId = await alice.SendMessageAsync(roomId, MessageContent.Html("plain *bold*", "plain <b>bold</b>"));
        var fetched = await alice.GetEventAsync(roomId, eventId);

        var message = fetched.AsMessage()!;
        Assert.Equal((alice.UserId, roomId, EventTypes.Message), (fetched.Sender, fetched.RoomId, fetched.Type));
        Assert.Equal(("plain *bold*", "plain <b>bold</b>", MessageContent.HtmlFormat), (message.Body, message.FormattedBody, message.Format));
    }
}
