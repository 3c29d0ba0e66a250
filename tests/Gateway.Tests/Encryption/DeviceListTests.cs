using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Encryption;

public sealed class DeviceListTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task New_device_keys_reach_the_user_and_everyone_sharing_a_room_but_nobody_else()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var stranger = await TestDevice.RegisterAsync(fixture);
        var (_, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob);
        var strangerSince = await stranger.NextBatchAsync();

        await alice.UploadKeysAsync();

        await bob.SyncUntilAsync(tokens[1], s => TestDevice.Changed(s).Contains(alice.UserId));
        await alice.SyncUntilAsync(tokens[0], s => TestDevice.Changed(s).Contains(alice.UserId));
        Assert.DoesNotContain(alice.UserId, (await stranger.DeviceListsOverAsync(strangerSince)).Changed);
    }

    [Fact]
    public async Task Device_lists_appear_only_in_incremental_syncs()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        await alice.UploadKeysAsync();
        await alice.KeysChangesUntilAsync("s0_t0", c => c.Changed.Contains(alice.UserId));

        var initial = await alice.SyncAsync();

        Assert.Empty(TestDevice.Changed(initial));
    }

    [Fact]
    public async Task Uploading_only_one_time_keys_changes_no_device_list()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        var (_, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob);

        await alice.UploadAsync(new { one_time_keys = alice.OneTimeKeys(5) });

        Assert.DoesNotContain(alice.UserId, (await bob.DeviceListsOverAsync(tokens[1])).Changed);
    }

    [Fact]
    public async Task Deleting_a_device_with_keys_is_a_device_list_change()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var aliceElsewhere = await alice.LoginAgainAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        await aliceElsewhere.UploadKeysAsync();
        var (_, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob);

        await alice.Client.DeleteAsync($"_matrix/client/v3/devices/{aliceElsewhere.DeviceId}", new { auth = alice.PasswordAuth });

        await bob.SyncUntilAsync(tokens[1], s => TestDevice.Changed(s).Contains(alice.UserId));
    }

    [Fact]
    public async Task Joining_a_room_puts_each_side_in_the_others_changed_list()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        var room = await alice.Client.CreateRoomAsync(new { preset = "public_chat" });
        var (aliceSince, bobSince) = (await alice.NextBatchAsync(), await bob.NextBatchAsync());

        await bob.JoinAsync(room);

        await alice.SyncUntilAsync(aliceSince, s => TestDevice.Changed(s).Contains(bob.UserId));
        await bob.SyncUntilAsync(bobSince, s => TestDevice.Changed(s).Contains(alice.UserId));
    }

    [Fact]
    public async Task Leaving_the_last_shared_room_puts_each_side_in_the_others_left_list()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        var (room, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob);

        await bob.LeaveAsync(room);

        var aliceSync = await alice.SyncUntilAsync(tokens[0], s => TestDevice.Left(s).Contains(bob.UserId));
        var bobSync = await bob.SyncUntilAsync(tokens[1], s => TestDevice.Left(s).Contains(alice.UserId));
        Assert.DoesNotContain(bob.UserId, TestDevice.Changed(aliceSync));
        Assert.DoesNotContain(alice.UserId, TestDevice.Changed(bobSync));
    }

    [Fact]
    public async Task Leaving_one_of_two_shared_rooms_is_not_leaving()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        var (first, _) = await TestDevice.ShareSettledRoomAsync(alice, bob);
        var (_, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob);

        await bob.LeaveAsync(first);

        Assert.DoesNotContain(bob.UserId, (await alice.DeviceListsOverAsync(tokens[0])).Left);
        Assert.DoesNotContain(alice.UserId, (await bob.DeviceListsOverAsync(tokens[1])).Left);
    }

    [Fact]
    public async Task Leaving_tells_only_those_who_share_no_other_room()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var carol = await TestDevice.RegisterAsync(fixture);
        await TestDevice.ShareSettledRoomAsync(carol, bob);
        var (room, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob, carol);

        await bob.LeaveAsync(room);

        var bobSync = await bob.SyncUntilAsync(tokens[1], s => TestDevice.Left(s).Count > 0);
        Assert.Equal([alice.UserId], TestDevice.Left(bobSync));
        Assert.DoesNotContain(bob.UserId, (await carol.DeviceListsOverAsync(tokens[2])).Left);
    }

    [Fact]
    public async Task Being_kicked_from_the_last_shared_room_is_leaving()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        var (room, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob);

        var kick = await alice.Client.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/kick", new { user_id = bob.UserId });

        Assert.Equal(HttpStatusCode.OK, kick.Status);
        await bob.SyncUntilAsync(tokens[1], s => TestDevice.Left(s).Contains(alice.UserId));
    }

    [Fact]
    public async Task Rejoining_after_leaving_is_a_change_not_a_leave()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        var (room, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob);

        await bob.LeaveAsync(room);
        await alice.KeysChangesUntilAsync(tokens[0], c => c.Left.Contains(bob.UserId));
        await bob.JoinAsync(room);
        var lists = await alice.KeysChangesUntilAsync(tokens[0], c => c.Changed.Contains(bob.UserId));

        Assert.DoesNotContain(bob.UserId, lists.Left);
    }

    [Fact]
    public async Task Keys_changes_lists_the_users_whose_keys_changed_between_two_tokens()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var carol = await TestDevice.RegisterAsync(fixture);
        var (_, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob, carol);
        await bob.UploadKeysAsync();
        var afterBob = (await alice.SyncUntilAsync(tokens[0], s => TestDevice.Changed(s).Contains(bob.UserId))).GetProperty("next_batch").GetString()!;

        await carol.UploadKeysAsync();
        var bobsStretch = await alice.KeysChangesAsync(tokens[0], afterBob);
        var carolsStretch = await alice.KeysChangesUntilAsync(afterBob, c => c.Changed.Contains(carol.UserId));
        var backwards = await alice.KeysChangesAsync(afterBob, tokens[0]);

        Assert.Equal([bob.UserId], bobsStretch.Changed);
        Assert.Equal([carol.UserId], carolsStretch.Changed);
        Assert.Empty(backwards.Changed);
    }
}
