using Tangle.Sdk.Events;
using Tangle.Sdk.Rooms;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Devices;

/// <summary>device_lists in /sync and GET /keys/changes after key uploads and membership changes.</summary>
public sealed class DeviceListTests(ServerFixture fixture)
{
    [Fact]
    public async Task A_new_device_with_keys_shows_in_a_room_mates_device_lists_changed()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        await bob.UploadDeviceKeysAsync();
        var roomId = await alice.PublicRoomAsync(bob);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;

        using var bobLaptop = await fixture.LoginAgainAsync(bob);
        await bobLaptop.UploadDeviceKeysAsync();

        await alice.WaitForSyncAsync(since, s => s.DeviceLists?.Changed.Contains(bob.UserId) == true);
    }

    [Fact]
    public async Task Key_changes_between_two_tokens_names_the_user_who_added_a_device()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        await bob.UploadDeviceKeysAsync();
        var roomId = await alice.PublicRoomAsync(bob);
        var from = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;
        using var bobLaptop = await fixture.LoginAgainAsync(bob);
        await bobLaptop.UploadDeviceKeysAsync();
        var to = (await alice.WaitForSyncAsync(from, s => s.DeviceLists?.Changed.Contains(bob.UserId) == true)).NextBatch;

        var changes = await alice.GetKeyChangesAsync(from, to);
        var keys = await alice.QueryKeysAsync([bob.UserId]);

        Assert.Equal(new[] { bob.UserId }, changes.Changed);
        Assert.Empty(changes.Left);
        Assert.Equal(new[] { bob.DeviceId, bobLaptop.DeviceId }.Order(), keys.DeviceKeys[bob.UserId].Keys.Order());
    }

    [Fact]
    public async Task Key_changes_before_the_upload_name_nobody()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        var roomId = await alice.PublicRoomAsync(bob);
        var from = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;
        var marker = await bob.SendTextAsync(roomId, "nothing to do with keys");
        var to = (await alice.WaitForSyncAsync(from, s => s.TimelineHas(roomId, marker))).NextBatch;

        var changes = await alice.GetKeyChangesAsync(from, to);

        Assert.Empty(changes.Changed);
    }

    [Fact]
    public async Task Device_lists_leave_out_users_who_share_no_room()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        using var stranger = await fixture.RegisterAsync("stranger");
        var roomId = await alice.PublicRoomAsync(bob);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;

        await stranger.UploadDeviceKeysAsync();
        await bob.UploadDeviceKeysAsync();
        var sync = await alice.CatchUpAsync(since, s => s.DeviceLists?.Changed.Contains(bob.UserId) == true);

        Assert.DoesNotContain(stranger.UserId, sync.DeviceLists!.Changed);
    }

    [Fact]
    public async Task Joining_a_shared_encrypted_room_shows_the_joiner_in_device_lists_changed()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        await bob.UploadDeviceKeysAsync();
        var roomId = await EncryptedPublicRoomAsync(alice);
        var since = (await alice.WaitForSyncAsync(null, s => s.Joined(roomId) is not null)).NextBatch;

        await bob.JoinRoomAsync(roomId);

        await alice.WaitForSyncAsync(since, s => s.DeviceLists?.Changed.Contains(bob.UserId) == true);
    }

    [Fact]
    public async Task Leaving_the_last_shared_encrypted_room_shows_the_leaver_in_device_lists_left()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        await bob.UploadDeviceKeysAsync();
        var roomId = await EncryptedPublicRoomAsync(alice);
        await bob.JoinRoomAsync(roomId);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;

        await bob.LeaveRoomAsync(roomId);

        var sync = await alice.WaitForSyncAsync(since, s => s.DeviceLists?.Left.Contains(bob.UserId) == true);
        Assert.DoesNotContain(bob.UserId, sync.DeviceLists!.Changed);
    }

    [Fact]
    public async Task Key_changes_name_a_user_who_left_the_last_shared_encrypted_room_as_left()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        await bob.UploadDeviceKeysAsync();
        var roomId = await EncryptedPublicRoomAsync(alice);
        await bob.JoinRoomAsync(roomId);
        var from = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;
        await bob.LeaveRoomAsync(roomId);
        var to = (await alice.WaitForSyncAsync(from, s => s.DeviceLists?.Left.Contains(bob.UserId) == true)).NextBatch;

        var changes = await alice.GetKeyChangesAsync(from, to);

        Assert.Equal(new[] { bob.UserId }, changes.Left);
        Assert.DoesNotContain(bob.UserId, changes.Changed);
    }

    [Fact]
    public async Task Deleting_a_device_with_keys_shows_in_device_lists_changed()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var bob = await fixture.RegisterAsync("bob");
        await bob.UploadDeviceKeysAsync();
        using var bobLaptop = await fixture.LoginAgainAsync(bob);
        await bobLaptop.UploadDeviceKeysAsync();
        var roomId = await alice.PublicRoomAsync(bob);
        var since = (await alice.WaitForSyncAsync(null, s => s.ShowsMembership(roomId, bob.UserId, Membership.Join))).NextBatch;

        await bobLaptop.LogoutAsync();

        await alice.WaitForSyncAsync(since, s => s.DeviceLists?.Changed.Contains(bob.UserId) == true);
        Assert.Equal(new[] { bob.DeviceId }, (await alice.QueryKeysAsync([bob.UserId])).DeviceKeys[bob.UserId].Keys);
    }

    [Fact]
    public async Task Uploaded_one_time_keys_are_counted_in_the_devices_sync()
    {
        using var alice = await fixture.RegisterAsync("alice");

        var uploaded = await alice.UploadDeviceKeysAsync();
        var sync = await alice.SyncNowAsync();

        Assert.Equal(1, uploaded.OneTimeKeyCounts["curve25519"]);
        Assert.Equal(1, sync.DeviceOneTimeKeysCount?["curve25519"]);
    }

    private static Task<string> EncryptedPublicRoomAsync(Tangle.Sdk.MatrixClient creator) => creator.CreateRoomAsync(new CreateRoomRequest
    {
        Preset = RoomPreset.PublicChat,
        InitialState = [new InitialStateEvent(EventTypes.Encryption, "", new EncryptionContent())],
    });
}
