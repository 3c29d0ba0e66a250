using Tangle.Sdk;
using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;

namespace Tangle.EndToEnd.Tests.Restart;

/// <summary>Nothing a client was told succeeded is lost when the server restarts.</summary>
public sealed class RestartTests(RestartedServer restarted) : IClassFixture<RestartedServer>
{
    [Fact]
    public async Task Accounts_can_log_in_after_a_restart()
    {
        using var client = new MatrixClient(restarted.Server.BaseAddress);

        var login = await client.LoginAsync(restarted.Alice.UserId, restarted.AlicePassword);

        Assert.Equal(restarted.Alice.UserId, login.UserId);
    }

    [Fact]
    public async Task Access_tokens_from_before_a_restart_still_work()
    {
        using var alice = restarted.ClientOf(restarted.Alice);

        var whoami = await alice.WhoAmIAsync();

        Assert.Equal((restarted.Alice.UserId, restarted.Alice.DeviceId), (whoami.UserId, whoami.DeviceId));
    }

    [Fact]
    public async Task Rooms_and_their_state_survive_a_restart()
    {
        using var alice = restarted.ClientOf(restarted.Alice);
        using var bob = restarted.ClientOf(restarted.Bob);

        Assert.Contains(restarted.RoomId, await bob.GetJoinedRoomsAsync());
        Assert.Equal("Durable", (await alice.GetStateEventAsync<RoomNameContent>(restarted.RoomId, EventTypes.Name)).Name);
        Assert.Equal(new[] { restarted.Alice.UserId, restarted.Bob.UserId }.Order(), (await alice.GetJoinedMembersAsync(restarted.RoomId)).Keys.Order());
    }

    [Fact]
    public async Task History_survives_a_restart()
    {
        using var bob = restarted.ClientOf(restarted.Bob);
        var known = restarted.EarlyMessages.Concat(restarted.LateMessages).ToHashSet();

        var page = await bob.GetMessagesAsync(restarted.RoomId, Direction.Backward, limit: 100);

        var history = page.Chunk.Where(e => known.Contains(e.EventId)).Select(e => e.EventId).Reverse();
        Assert.Equal(restarted.EarlyMessages.Concat(restarted.LateMessages), history);
        Assert.Equal("early 0", page.Chunk.Single(e => e.EventId == restarted.EarlyMessages[0]).Body);
    }

    [Fact]
    public async Task A_sync_token_from_before_a_restart_resumes_where_it_left_off()
    {
        using var alice = restarted.ClientOf(restarted.Alice);

        var sync = await alice.SyncNowAsync(restarted.SyncToken);

        var timeline = sync.TimelineOf(restarted.RoomId).Select(e => e.EventId).ToList();
        Assert.Equal(restarted.LateMessages, timeline.Intersect(restarted.LateMessages));
        Assert.Empty(timeline.Intersect(restarted.EarlyMessages));
        Assert.Contains(restarted.TransactionEvent, timeline);
    }

    [Fact]
    public async Task A_room_takes_new_messages_after_a_restart()
    {
        using var alice = restarted.ClientOf(restarted.Alice);
        using var bob = restarted.ClientOf(restarted.Bob);
        // Alice listens: syncing as bob would acknowledge the to-device message another test looks for.
        var since = (await alice.SyncNowAsync()).NextBatch;

        var eventId = await bob.SendTextAsync(restarted.RoomId, "after the restart");

        var sync = await alice.WaitForSyncAsync(since, s => s.TimelineHas(restarted.RoomId, eventId));
        Assert.Equal("after the restart", sync.TimelineOf(restarted.RoomId).Single(e => e.EventId == eventId).Body);
    }

    [Fact]
    public async Task Transaction_ids_from_before_a_restart_are_still_recognised()
    {
        using var alice = restarted.ClientOf(restarted.Alice);

        var again = await alice.SendMessageAsync(restarted.RoomId, MessageContent.Text("once"), "before-restart");

        Assert.Equal(restarted.TransactionEvent, again);
    }

    [Fact]
    public async Task Queued_to_device_messages_survive_a_restart()
    {
        using var bob = restarted.ClientOf(restarted.Bob);

        var sync = await bob.WaitForSyncAsync(null, s => s.ToDevice.Events.Count > 0);

        var message = Assert.Single(sync.ToDevice.Events);
        Assert.Equal(("org.example.durable", restarted.Alice.UserId), (message.Type, message.Sender));
    }
}
