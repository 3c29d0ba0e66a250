using System.Net;
using Tangle.Sdk;
using Tangle.Sdk.Accounts;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests.Accounts;

/// <summary>POST /register and GET /register/available, through the SDK.</summary>
public sealed class RegistrationTests(ServerFixture fixture)
{
    [Fact]
    public async Task Register_creates_a_user_and_logs_them_in()
    {
        using var client = fixture.NewClient();
        var localpart = TestUsers.UniqueLocalpart("reg");

        var registered = await client.RegisterAsync(localpart, TestUsers.Password);
        var whoami = await client.WhoAmIAsync();

        Assert.Equal($"@{localpart}:{fixture.Server.ServerName}", registered.UserId);
        Assert.Equal((registered.UserId, registered.DeviceId), (whoami.UserId, whoami.DeviceId));
        Assert.False(whoami.IsGuest);
    }

    [Fact]
    public async Task Register_returns_the_device_id_given_in_the_request()
    {
        using var client = fixture.NewClient();

        var registered = await client.RegisterAsync(TestUsers.UniqueLocalpart("dev"), TestUsers.Password, deviceId: "MYDEVICE");

        Assert.Equal("MYDEVICE", registered.DeviceId);
        Assert.Equal("MYDEVICE", (await client.WhoAmIAsync()).DeviceId);
    }

    [Fact]
    public async Task Register_rejects_a_username_that_is_taken()
    {
        using var first = await fixture.RegisterAsync("taken");
        using var second = fixture.NewClient();

        var refused = await Assert.ThrowsAsync<MatrixException>(() =>
            second.RegisterAsync(first.UserId[1..first.UserId.IndexOf(':')], "another password"));

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.UserInUse), (refused.StatusCode, refused.ErrCode));
    }

    [Theory]
    [InlineData("bad!name")]
    [InlineData("sp ace")]
    [InlineData("col:on")]
    public async Task Register_rejects_usernames_with_special_characters(string username)
    {
        using var client = fixture.NewClient();

        var refused = await Assert.ThrowsAsync<MatrixException>(() => client.RegisterAsync(username, TestUsers.Password));

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCodes.InvalidUsername), (refused.StatusCode, refused.ErrCode));
    }

    [Theory]
    [InlineData("under_score")]
    [InlineData("da-sh")]
    [InlineData("do.t")]
    [InlineData("equ=als")]
    [InlineData("sla/sh")]
    public async Task Register_allows_usernames_with_the_permitted_punctuation(string prefix)
    {
        using var client = fixture.NewClient();
        var localpart = TestUsers.UniqueLocalpart(prefix);

        var registered = await client.RegisterAsync(localpart, TestUsers.Password);

        Assert.Equal($"@{localpart}:{fixture.Server.ServerName}", registered.UserId);
    }

    [Fact]
    public async Task Register_accepts_a_non_ascii_password()
    {
        using var client = fixture.NewClient();
        var localpart = TestUsers.UniqueLocalpart("unicode");
        await client.RegisterAsync(localpart, "Pässwört ✓ 密码");
        using var again = fixture.NewClient();

        var login = await again.LoginAsync(localpart, "Pässwört ✓ 密码");

        Assert.Equal(client.UserId, login.UserId);
    }

    [Fact]
    public async Task Username_availability_reflects_registration()
    {
        using var anonymous = fixture.NewClient();
        var localpart = TestUsers.UniqueLocalpart("avail");

        var before = await anonymous.IsUsernameAvailableAsync(localpart);
        using var registered = fixture.NewClient();
        await registered.RegisterAsync(localpart, TestUsers.Password);
        var after = await anonymous.IsUsernameAvailableAsync(localpart);

        Assert.True(before);
        Assert.False(after);
    }

    [Fact]
    public async Task Username_availability_rejects_an_invalid_username()
    {
        using var anonymous = fixture.NewClient();

        var refused = await Assert.ThrowsAsync<MatrixException>(() => anonymous.IsUsernameAvailableAsync("not valid!"));

        Assert.Equal(ErrorCodes.InvalidUsername, refused.ErrCode);
    }

    [Fact]
    public async Task Register_with_inhibit_login_creates_the_user_without_a_session()
    {
        using var client = fixture.NewClient();
        var localpart = TestUsers.UniqueLocalpart("inhibit");

        var registered = await client.RegisterAsync(new RegisterRequest { Username = localpart, Password = TestUsers.Password, InhibitLogin = true });
        using var later = fixture.NewClient();
        var login = await later.LoginAsync(localpart, TestUsers.Password);

        Assert.Null(registered.AccessToken);
        Assert.False(client.IsLoggedIn);
        Assert.Equal(registered.UserId, login.UserId);
    }
}
