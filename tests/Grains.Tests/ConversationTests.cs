using System.Text.Json;
using Tangle.Grains.Accounts;
using Tangle.Grains.Rooms;
using Tangle.Grains.Sync;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Grains.Tests;

/// <summary>
/// Conversations on a multi-silo cluster keep everything when their grains are deactivated, moved, or
/// lose the silo they lived on.
/// </summary>
public sealed class ConversationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private IGrainFactory Grains => fixture.Grains;

    private async Task<RoomId> CreateRoomAsync(Requester creator, params Requester[] joiners)
    {
        var result = await Grains.GetGrain<IRoomFactoryGrain>(ClusterFixture.ServerName).CreateRoomAsync(new CreateRoomCommand
        {
            Creator = creator, RoomVersion = "11", Preset = "public_chat", Name = "Cluster room",
        });
        foreach (var joiner in joiners)
        {
            await fixture.Room(result.RoomId).SetMembershipAsync(new MembershipCommand
            {
                Sender = joiner, Target = joiner.User, Membership = Membership.Join,
            });
        }

        return result.RoomId;
    }

    private Task<EventId> SayAsync(RoomId room, Requester sender, string body, string? txnId = null) =>
        fixture.Room(room).SendAsync(new SendEventCommand
        {
            Sender = sender, Type = "m.room.message",
            Content = JsonSerializer.SerializeToElement(new { msgtype = "m.text", body }),
            Transaction = new ClientTransaction(sender.DeviceId!, txnId ?? Guid.NewGuid().ToString("N")),
        });

    private async Task<List<string>> BodiesAsync(RoomId room, Requester reader)
    {
        var page = await fixture.Room(room).GetMessagesAsync(new MessagesQuery { Requester = reader, Limit = 100, Direction = Direction.Forwards });
        return page.Chunk.Where(v => v.Event.Type == "m.room.message").Select(v => v.Event.ContentString("body")!).ToList();
    }

    [Fact]
    public async Task A_room_grain_deactivated_mid_conversation_resumes_where_it_was()
    {
        var alice = await fixture.UserAsync("alice");
        var bob = await fixture.UserAsync("bob");
        var room = await CreateRoomAsync(alice, bob);
        await SayAsync(room, alice, "one");
        await SayAsync(room, bob, "two");

        await fixture.Cluster.DeactivateAsync(fixture.Room(room));
        await SayAsync(room, alice, "three");

        Assert.Equal(["one", "two", "three"], await BodiesAsync(room, bob));
        var summary = await fixture.Room(room).GetSummaryAsync();
        Assert.Equal((2, "Cluster room"), (summary.JoinedMembers, summary.Name));
    }

    [Fact]
    public async Task A_room_grain_moved_to_another_silo_keeps_its_state_and_history()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await CreateRoomAsync(alice);
        await SayAsync(room, alice, "before the move");

        var host = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(fixture.Room(room), TestContext.Current.CancellationToken);
        var target = fixture.Cluster.GetActiveSilos().First(s => s.SiloAddress != host).SiloAddress;
        await fixture.Cluster.MigrateAsync(fixture.Room(room), target);
        var after = await SayAsync(room, alice, "after the move");

        Assert.Equal(["before the move", "after the move"], await BodiesAsync(room, alice));
        Assert.Equal(after, (await fixture.Room(room).GetEventAsync(alice, after)).Event.EventId);
    }

    [Fact]
    public async Task An_account_grain_deactivated_keeps_its_sessions_and_profile()
    {
        var alice = await fixture.UserAsync("alice");
        var account = Grains.GetGrain<IAccountGrain>(alice.User.Value);
        var login = await account.LoginAsync(new LoginCommand { Password = "pw", DeviceId = "PHONE" });
        await account.SetDisplayNameAsync("Alice A.");

        await fixture.Cluster.DeactivateAsync(account);

        var token = await Grains.GetGrain<IAccessTokenGrain>(AccessTokens.Hash(login.AccessToken!)).ResolveAsync();
        Assert.Equal((alice.User, "PHONE"), (token!.UserId, token.DeviceId));
        Assert.Equal("Alice A.", (await account.GetProfileAsync()).DisplayName);
        Assert.Contains(await account.GetDevicesAsync(), d => d.DeviceId == "PHONE");
    }

    [Fact]
    public async Task A_sync_token_keeps_its_meaning_across_inbox_deactivation()
    {
        var alice = await fixture.UserAsync("alice");
        var bob = await fixture.UserAsync("bob");
        var room = await CreateRoomAsync(alice, bob);
        var inbox = Grains.GetGrain<IInboxGrain>(bob.User.Value);
        var first = await inbox.SyncAsync(new SyncQuery { Requester = bob }, TestContext.Current.CancellationToken);

        await fixture.Cluster.DeactivateAsync(inbox);
        await fixture.Cluster.DeactivateAsync(fixture.Room(room));
        await SayAsync(room, alice, "while you were away");
        // A sync also wakes for other news (presence, for one); keep syncing from each token, as a client would.
        var since = first.NextBatch;
        var timeline = new List<string?>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (timeline.Count == 0 && DateTime.UtcNow < deadline)
        {
            var next = await inbox.SyncAsync(new SyncQuery { Requester = bob, Since = since, TimeoutMs = 5_000 }, TestContext.Current.CancellationToken);
            since = next.NextBatch;
            if (next.Join.TryGetValue(room, out var joined))
                timeline.AddRange(joined.Slice.Timeline.Select(v => v.Event.ContentString("body")));
        }

        Assert.Equal(["while you were away"], timeline);
    }

    [Fact]
    public async Task Losing_a_silo_loses_no_acknowledged_event()
    {
        var alice = await fixture.UserAsync("alice");
        var room = await CreateRoomAsync(alice);
        var sent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await SayAsync(room, alice, $"message {i}");
            sent.Add($"message {i}");
        }

        var secondary = fixture.Cluster.SecondarySilos[^1];
        await fixture.Cluster.KillSiloAsync(secondary, TestContext.Current.CancellationToken);
        // Until the cluster declares the silo dead, calls to grains that lived there can fail; a client
        // retries with the same transaction id, so a send that did land is not sent twice.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await SayAsync(room, alice, "after the loss", txnId: "after-the-loss");
                break;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, TestContext.Current.CancellationToken);
            }
        }

        sent.Add("after the loss");

        Assert.Equal(sent, await BodiesAsync(room, alice));
        await fixture.Cluster.StartAdditionalSiloAsync();
    }
}
