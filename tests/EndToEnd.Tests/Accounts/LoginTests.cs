using System.Net;
using Tangle.Sdk;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Accounts;

/// <summary>GET and POST /login, and what a session's token allows afterwards.</summary>
public sealed class LoginTests(ServerFixture fixture)
{
    [Fact]
    public async Task Login_offers_the_password_flow()
    {
        using var anonymous = fixture.NewClient();

        var flows = await anonymous.GetLoginFlowsAsync();

        Assert.Contains(flows, f => f.Type == "m.login.password");
    }

    [Fact]
    public async Task Login_with_the_full_user_id_starts_a_new_session()
    {
        using var alice = await fixture.RegisterAsync("alice");
        using var again = fixture.NewClient();

        var login = await again.LoginAsync(alice.UserId, TestUsers.Password);
        var whoami = await again.WhoAmIAsync();

        Assert.Equal(alice.UserId, login.UserId);
        Assert.NotEqual(alice.DeviceId, login.DeviceId);
        Assert.NotEqual(alice.AccessToken, login.AccessToken);
        Assert.Equal((alice.UserId, login.DeviceId), (whoami.UserId, whoami.DeviceId));
    }

    [Fact]
    public async Task Login_with_just_the_localpart_works()
    {
        using var alice = await fixture.RegisterAsync("local");
        using var again = fixture.NewClient();

        var login = await again.LoginAsync(alice.UserId[1..alice.UserId.IndexOf(':')], TestUsers.Password);

        Assert.Equal(alice.UserId, login.UserId);
    }

    [Fact]
    public async Task Login_returns_the_device_id_given_in_the_request()
    {
        using var alice = await fixture.RegisterAsync("device");
        using var again = fixture.NewClient();

        var login = await again.LoginAsync(alice.UserId, TestUsers.Password, deviceId: "NAMEDDEVICE");

        Assert.Equal("NAMEDDEVICE", login.DeviceId);
        Assert.Contains(await alice.GetDevicesAsync(), d => d.DeviceId == "NAMEDDEVICE");
    }

    [Fact]
    public async Task Login_with_an_existing_device_id_replaces_that_devices_access_token()
    {
        using var alice = await fixture.RegisterAsync("replace");
        var oldSession = alice.Session!;
        using var again = fixture.NewClient();

        var login = await again.LoginAsync(alice.UserId, TestUsers.Password, deviceId: oldSession.DeviceId);
        var refused = await Assert.ThrowsAsync<MatrixException>(() => alice.WhoAmIAsync());

        Assert.Equal(oldSession.DeviceId, login.DeviceId);
        Assert.Equal(ErrorCodes.UnknownToken, refused.ErrCode);
        Assert.Equal(oldSession.DeviceId, (await again.WhoAmIAsync()).DeviceId);
        Assert.Single(await again.GetDevicesAsync(), d => d.DeviceId == oldSession.DeviceId);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_is_forbidden()
    {
        using var alice = await fixture.RegisterAsync("wrong");
        using var again = fixture.NewClient();

        var refused = await Assert.ThrowsAsync<MatrixException>(() => again.LoginAsync(alice.UserId, "not the password"));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
        Assert.False(again.IsLoggedIn);
    }

    [Fact]
    public async Task Login_as_a_user_who_does_not_exist_is_forbidden()
    {
        using var anonymous = fixture.NewClient();

        var refused = await Assert.ThrowsAsync<MatrixException>(() =>
            anonymous.LoginAsync(TestUsers.UniqueLocalpart("nobody"), TestUsers.Password));

        Assert.Equal((HttpStatusCode.Forbidden, ErrorCodes.Forbidden), (refused.StatusCode, refused.ErrCode));
    }

    [Fact]
    public async Task Logout_invalidates_the_access_token()
    {
        using var alice = await fixture.RegisterAsync("logout");
        var session = alice.Session!;

        await alice.LogoutAsync();
        using var stale = fixture.NewClient();
        stale.RestoreSession(session);
        var refused = await Assert.ThrowsAsync<MatrixException>(() => stale.WhoAmIAsync());

        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCodes.UnknownToken), (refused.StatusCode, refused.ErrCode));
    }

    [Fact]
    public async Task Logout_of_one_device_leaves_the_other_sessions_working()
    {
        using var alice = await fixture.RegisterAsync("twodev");
        using var laptop = await fixture.LoginAgainAsync(alice);
        var laptopDevice = laptop.DeviceId;

        await laptop.LogoutAsync();

        Assert.Equal(alice.UserId, (await alice.WhoAmIAsync()).UserId);
        Assert.DoesNotContain(await alice.GetDevicesAsync(), d => d.DeviceId == laptopDevice);
    }
}
