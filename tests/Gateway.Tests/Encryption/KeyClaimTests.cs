using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Encryption;

public sealed class KeyClaimTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Claiming_hands_out_each_one_time_key_once_oldest_upload_first()
    {
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var alice = await TestDevice.RegisterAsync(fixture);
        var older = bob.OneTimeKeys(1, "old");
        await bob.UploadAsync(new { one_time_keys = older });
        await bob.UploadAsync(new { one_time_keys = bob.OneTimeKeys(1, "new") });

        var first = ClaimedKey(await alice.ClaimAsync(bob.UserId, bob.DeviceId), bob);
        var second = ClaimedKey(await alice.ClaimAsync(bob.UserId, bob.DeviceId), bob);
        var third = await alice.ClaimAsync(bob.UserId, bob.DeviceId);

        Assert.Equal("signed_curve25519:old0", first.Name);
        Assert.Equal(TestDevice.Canonical(older["signed_curve25519:old0"]), TestDevice.Canonical(first.Value));
        Assert.Equal("signed_curve25519:new0", second.Name);
        Assert.Empty(third.Body.GetProperty("one_time_keys").EnumerateObject());
        Assert.Equal(0, (await bob.UploadAsync(new { })).Body.GetProperty("one_time_key_counts").GetProperty("signed_curve25519").GetInt32());
    }

    [Fact]
    public async Task When_one_time_keys_run_out_the_fallback_key_is_claimed_and_kept()
    {
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var alice = await TestDevice.RegisterAsync(fixture);
        var fallback = bob.SignedKey(TestDevice.NewKey(), fallback: true);
        await bob.UploadAsync(new { one_time_keys = bob.OneTimeKeys(1), fallback_keys = new Dictionary<string, object> { ["signed_curve25519:fb"] = fallback } });

        var claims = new List<JsonProperty>();
        for (var i = 0; i < 3; i++)
            claims.Add(ClaimedKey(await alice.ClaimAsync(bob.UserId, bob.DeviceId), bob));

        Assert.Equal(["signed_curve25519:otk0", "signed_curve25519:fb", "signed_curve25519:fb"], claims.Select(c => c.Name));
        Assert.Equal(TestDevice.Canonical(fallback), TestDevice.Canonical(claims[2].Value));
    }

    [Fact]
    public async Task Sync_reports_a_fallback_key_unused_until_it_is_claimed_and_again_once_replaced()
    {
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var alice = await TestDevice.RegisterAsync(fixture);
        var before = await bob.SyncAsync();
        await bob.UploadAsync(new { fallback_keys = new Dictionary<string, object> { ["signed_curve25519:fb1"] = bob.SignedKey(TestDevice.NewKey(), true) } });
        var uploaded = await bob.SyncAsync();

        await alice.ClaimAsync(bob.UserId, bob.DeviceId);
        var used = await bob.SyncAsync();
        await bob.UploadAsync(new { fallback_keys = new Dictionary<string, object> { ["signed_curve25519:fb2"] = bob.SignedKey(TestDevice.NewKey(), true) } });
        var replaced = await bob.SyncAsync();
        var claimed = ClaimedKey(await alice.ClaimAsync(bob.UserId, bob.DeviceId), bob);

        Assert.Empty(UnusedFallback(before));
        Assert.Equal(["signed_curve25519"], UnusedFallback(uploaded));
        Assert.Empty(UnusedFallback(used));
        Assert.Equal(["signed_curve25519"], UnusedFallback(replaced));
        Assert.Equal("signed_curve25519:fb2", claimed.Name);
    }

    [Fact]
    public async Task Sync_counts_the_syncing_devices_one_time_keys()
    {
        using var first = await TestDevice.RegisterAsync(fixture);
        using var second = await first.LoginAgainAsync(fixture);
        await first.UploadAsync(new { one_time_keys = first.OneTimeKeys(4) });
        await second.UploadAsync(new { one_time_keys = second.OneTimeKeys(1) });

        await second.ClaimAsync(first.UserId, first.DeviceId);
        var sync = await first.SyncAsync();

        Assert.Equal(3, sync.GetProperty("device_one_time_keys_count").GetProperty("signed_curve25519").GetInt32());
    }

    [Fact]
    public async Task Claims_for_remote_users_are_failures_and_unknown_devices_are_left_out()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        var response = await alice.Client.PostAsync("_matrix/client/v3/keys/claim", new
        {
            one_time_keys = new Dictionary<string, object>
            {
                ["@bob:elsewhere.example"] = new Dictionary<string, string> { ["DEV"] = "signed_curve25519" },
                [alice.UserId] = new Dictionary<string, string> { ["NOSUCHDEVICE"] = "signed_curve25519" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Body.GetProperty("failures").TryGetProperty("elsewhere.example", out _));
        Assert.Empty(response.Body.GetProperty("one_time_keys").EnumerateObject());
    }

    /// <summary>The one key claimed for a device: its key id and key.</summary>
    private static JsonProperty ClaimedKey(RawResponse claim, TestDevice device) =>
        Assert.Single(claim.Body.GetProperty("one_time_keys").GetProperty(device.UserId).GetProperty(device.DeviceId).EnumerateObject());

    private static List<string> UnusedFallback(JsonElement sync) =>
        sync.GetProperty("device_unused_fallback_key_types").EnumerateArray().Select(t => t.GetString()!).ToList();
}
