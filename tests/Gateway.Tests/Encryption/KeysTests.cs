using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Encryption;

public sealed class KeysTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Uploading_one_time_keys_returns_their_count()
    {
        using var device = await TestDevice.RegisterAsync(fixture);

        var first = await device.UploadAsync(new { one_time_keys = device.OneTimeKeys(3, "a") });
        var second = await device.UploadAsync(new { one_time_keys = device.OneTimeKeys(2, "b") });

        Assert.Equal(3, first.Body.GetProperty("one_time_key_counts").GetProperty("signed_curve25519").GetInt32());
        Assert.Equal(5, second.Body.GetProperty("one_time_key_counts").GetProperty("signed_curve25519").GetInt32());
    }

    [Fact]
    public async Task An_empty_upload_reports_no_signed_curve25519_keys()
    {
        using var device = await TestDevice.RegisterAsync(fixture);

        var response = await device.UploadAsync(new { });

        Assert.Equal(0, response.Body.GetProperty("one_time_key_counts").GetProperty("signed_curve25519").GetInt32());
    }

    [Fact]
    public async Task Query_returns_uploaded_device_keys_with_the_display_name()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        await alice.Client.PutAsync($"_matrix/client/v3/devices/{alice.DeviceId}", new { display_name = "Alice's phone" });
        var uploaded = alice.DeviceKeys();
        await alice.UploadAsync(new { device_keys = uploaded });

        var response = await bob.QueryAsync(alice.UserId);

        var keys = response.Body.GetProperty("device_keys").GetProperty(alice.UserId).GetProperty(alice.DeviceId);
        Assert.Equal(alice.Ed25519.PublicKeyBase64, keys.GetProperty("keys").GetProperty($"ed25519:{alice.DeviceId}").GetString());
        Assert.Equal(TestDevice.Canonical(uploaded.GetProperty("signatures")), TestDevice.Canonical(keys.GetProperty("signatures")));
        Assert.Equal("Alice's phone", keys.GetProperty("unsigned").GetProperty("device_display_name").GetString());
        Assert.Empty(response.Body.GetProperty("failures").EnumerateObject());
    }

    [Fact]
    public async Task Query_can_name_devices_and_leaves_out_the_others()
    {
        using var first = await TestDevice.RegisterAsync(fixture);
        using var second = await first.LoginAgainAsync(fixture);
        await first.UploadKeysAsync();
        await second.UploadKeysAsync();

        var all = await first.QueryAsync(first.UserId);
        var one = await first.Client.PostAsync("_matrix/client/v3/keys/query",
            new { device_keys = new Dictionary<string, string[]> { [first.UserId] = [second.DeviceId] } });

        Assert.Equal(new[] { first.DeviceId, second.DeviceId }.Order(),
            all.Body.GetProperty("device_keys").GetProperty(first.UserId).EnumerateObject().Select(d => d.Name).Order());
        Assert.Equal([second.DeviceId], one.Body.GetProperty("device_keys").GetProperty(first.UserId).EnumerateObject().Select(d => d.Name));
    }

    [Fact]
    public async Task Query_reports_remote_servers_as_failures_and_unknown_users_as_empty()
    {
        using var device = await TestDevice.RegisterAsync(fixture);

        var response = await device.QueryAsync("@someone:elsewhere.example", "@nobody:localhost");

        Assert.True(response.Body.GetProperty("failures").TryGetProperty("elsewhere.example", out _));
        Assert.Empty(response.Body.GetProperty("device_keys").GetProperty("@nobody:localhost").EnumerateObject());
    }

    [Fact]
    public async Task Device_keys_must_name_the_requester_and_their_device()
    {
        using var device = await TestDevice.RegisterAsync(fixture);
        var keys = device.DeviceKeys();

        var otherUser = await device.UploadAsync(new { device_keys = With(keys, "user_id", "@mallory:localhost") });
        var otherDevice = await device.UploadAsync(new { device_keys = With(keys, "device_id", "SOMEOTHER") });

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (otherUser.Status, otherUser.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (otherDevice.Status, otherDevice.ErrCode));
        Assert.Empty((await device.QueryAsync(device.UserId)).Body.GetProperty("device_keys").GetProperty(device.UserId).EnumerateObject());
    }

    [Fact]
    public async Task A_device_cannot_change_its_identity_keys_but_may_upload_them_again()
    {
        using var device = await TestDevice.RegisterAsync(fixture);
        var keys = device.DeviceKeys();
        await device.UploadAsync(new { device_keys = keys });

        var again = await device.UploadAsync(new { device_keys = keys });
        var changed = With(keys, "keys", new Dictionary<string, string>
        {
            [$"curve25519:{device.DeviceId}"] = TestDevice.NewKey(), [$"ed25519:{device.DeviceId}"] = device.Ed25519.PublicKeyBase64,
        });
        var refused = await device.UploadAsync(new { device_keys = changed });

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (refused.Status, refused.ErrCode));
        var held = (await device.QueryAsync(device.UserId)).Body.GetProperty("device_keys").GetProperty(device.UserId).GetProperty(device.DeviceId);
        Assert.Equal(device.Curve25519, held.GetProperty("keys").GetProperty($"curve25519:{device.DeviceId}").GetString());
    }

    [Fact]
    public async Task A_refused_upload_stores_none_of_its_keys()
    {
        using var device = await TestDevice.RegisterAsync(fixture);

        var response = await device.UploadAsync(new { device_keys = With(device.DeviceKeys(), "user_id", "@x:localhost"), one_time_keys = device.OneTimeKeys(2) });
        var counts = await device.UploadAsync(new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(0, counts.Body.GetProperty("one_time_key_counts").GetProperty("signed_curve25519").GetInt32());
    }

    [Fact]
    public async Task A_one_time_key_id_cannot_be_reused_for_another_key()
    {
        using var device = await TestDevice.RegisterAsync(fixture);
        var keys = device.OneTimeKeys(1);
        await device.UploadAsync(new { one_time_keys = keys });

        var same = await device.UploadAsync(new { one_time_keys = keys });
        var different = await device.UploadAsync(new { one_time_keys = device.OneTimeKeys(1) });

        Assert.Equal(1, same.Body.GetProperty("one_time_key_counts").GetProperty("signed_curve25519").GetInt32());
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (different.Status, different.ErrCode));
    }

    [Theory]
    [InlineData("signed_curve25519")]
    [InlineData(":AAAA")]
    [InlineData("signed_curve25519:")]
    public async Task A_key_name_must_be_algorithm_colon_key_id(string name)
    {
        using var device = await TestDevice.RegisterAsync(fixture);

        var response = await device.UploadAsync(new { one_time_keys = new Dictionary<string, object> { [name] = device.SignedKey(TestDevice.NewKey()) } });

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Only_one_fallback_key_per_algorithm_may_be_uploaded()
    {
        using var device = await TestDevice.RegisterAsync(fixture);

        var response = await device.UploadAsync(new
        {
            fallback_keys = new Dictionary<string, object>
            {
                ["signed_curve25519:f1"] = device.SignedKey(TestDevice.NewKey(), fallback: true),
                ["signed_curve25519:f2"] = device.SignedKey(TestDevice.NewKey(), fallback: true),
            },
        });

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Deleting_a_device_deletes_its_keys()
    {
        using var first = await TestDevice.RegisterAsync(fixture);
        using var second = await first.LoginAgainAsync(fixture);
        await second.UploadKeysAsync(oneTimeKeys: 2);

        var delete = await first.Client.DeleteAsync($"_matrix/client/v3/devices/{second.DeviceId}", new { auth = first.PasswordAuth });
        var query = await first.QueryAsync(first.UserId);
        var claim = await first.ClaimAsync(first.UserId, second.DeviceId);

        Assert.Equal(HttpStatusCode.OK, delete.Status);
        Assert.Empty(query.Body.GetProperty("device_keys").GetProperty(first.UserId).EnumerateObject());
        Assert.Empty(claim.Body.GetProperty("one_time_keys").EnumerateObject());
    }

    [Theory]
    [InlineData("_matrix/client/v3/keys/query")]
    [InlineData("_matrix/client/v3/keys/claim")]
    public async Task Query_and_claim_need_their_map(string path)
    {
        using var device = await TestDevice.RegisterAsync(fixture);

        var response = await device.Client.PostAsync(path, new { timeout = 10_000 });

        Assert.Equal((HttpStatusCode.BadRequest, "M_MISSING_PARAM"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Malformed_key_requests_are_bad_json()
    {
        using var device = await TestDevice.RegisterAsync(fixture);

        var upload = await device.UploadAsync(new { one_time_keys = new[] { "not", "a", "map" } });
        var query = await device.Client.PostAsync("_matrix/client/v3/keys/query", new { device_keys = new Dictionary<string, object> { [device.UserId] = "all" } });
        var claim = await device.Client.PostAsync("_matrix/client/v3/keys/claim",
            new { one_time_keys = new Dictionary<string, object> { [device.UserId] = new Dictionary<string, int> { [device.DeviceId] = 1 } } });
        var notUser = await device.QueryAsync("not-a-user-id");

        Assert.Equal("M_BAD_JSON", upload.ErrCode);
        Assert.Equal("M_BAD_JSON", query.ErrCode);
        Assert.Equal("M_BAD_JSON", claim.ErrCode);
        Assert.Equal("M_INVALID_PARAM", notUser.ErrCode);
    }

    [Fact]
    public async Task Keys_changes_needs_two_sync_tokens()
    {
        using var device = await TestDevice.RegisterAsync(fixture);
        var token = await device.NextBatchAsync();

        var missing = await device.Client.GetAsync($"_matrix/client/v3/keys/changes?from={token}");
        var invalid = await device.Client.GetAsync($"_matrix/client/v3/keys/changes?from=nonsense&to={token}");

        Assert.Equal((HttpStatusCode.BadRequest, "M_MISSING_PARAM"), (missing.Status, missing.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (invalid.Status, invalid.ErrCode));
    }

    /// <summary>A copy of a JSON object with one property replaced.</summary>
    internal static JsonElement With(JsonElement obj, string name, object value)
    {
        var copy = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(obj.GetRawText())!;
        copy[name] = JsonSerializer.SerializeToElement(value);
        return JsonSerializer.SerializeToElement(copy);
    }
}
