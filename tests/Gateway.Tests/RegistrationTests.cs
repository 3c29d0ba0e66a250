using System.Net;
using Tangle.Gateway.Endpoints;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

public sealed class RegistrationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Registering_without_auth_starts_the_dummy_flow()
    {
        var response = await fixture.Anonymous().PostAsync("_matrix/client/v3/register", new { username = "flowcheck", password = "pw" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("m.login.dummy", response.Body.GetProperty("flows")[0].GetProperty("stages")[0].GetString());
        Assert.False(string.IsNullOrEmpty(response.String("session")));
    }

    [Fact]
    public async Task Registering_with_the_dummy_stage_returns_a_session()
    {
        var client = await fixture.Anonymous().RegisterAsync("newcomer");

        Assert.Equal("@newcomer:localhost", client.UserId);
        var whoami = await client.GetAsync("_matrix/client/v3/account/whoami");
        Assert.Equal(("@newcomer:localhost", client.DeviceId), (whoami.String("user_id"), whoami.String("device_id")));
    }

    [Fact]
    public async Task A_taken_username_is_in_use()
    {
        await fixture.Anonymous().RegisterAsync("taken");

        var again = await fixture.Anonymous().PostAsync("_matrix/client/v3/register",
            new { username = "taken", password = "pw", auth = new { type = "m.login.dummy" } });
        var available = await fixture.Anonymous().GetAsync("_matrix/client/v3/register/available?username=taken");

        Assert.Equal((HttpStatusCode.BadRequest, "M_USER_IN_USE"), (again.Status, again.ErrCode));
        Assert.Equal("M_USER_IN_USE", available.ErrCode);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("with space")]
    [InlineData("colon:here")]
    [InlineData("")]
    public async Task An_invalid_username_is_refused(string username)
    {
        var response = await fixture.Anonymous().PostAsync("_matrix/client/v3/register",
            new { username, password = "pw", auth = new { type = "m.login.dummy" } });

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_USERNAME"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task An_unused_username_is_available()
    {
        var response = await fixture.Anonymous().GetAsync("_matrix/client/v3/register/available?username=nobodyyet");

        Assert.True(response.Body.GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Login_accepts_a_localpart_or_a_full_user_id()
    {
        await fixture.Anonymous().RegisterAsync("logger", "secret");

        var byLocalpart = await fixture.Anonymous().PostAsync("_matrix/client/v3/login",
            new { type = "m.login.password", identifier = new { type = "m.id.user", user = "logger" }, password = "secret" });
        var byUserId = await fixture.Anonymous().PostAsync("_matrix/client/v3/login",
            new { type = "m.login.password", identifier = new { type = "m.id.user", user = "@logger:localhost" }, password = "secret" });

        Assert.Equal("@logger:localhost", byLocalpart.String("user_id"));
        Assert.Equal("@logger:localhost", byUserId.String("user_id"));
        Assert.NotEqual(byLocalpart.String("access_token"), byUserId.String("access_token"));
    }

    [Fact]
    public async Task A_wrong_password_is_forbidden()
    {
        await fixture.Anonymous().RegisterAsync("guarded", "right");

        var response = await fixture.Anonymous().PostAsync("_matrix/client/v3/login",
            new { type = "m.login.password", identifier = new { type = "m.id.user", user = "guarded" }, password = "wrong" });

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Logging_out_revokes_the_token()
    {
        var client = await fixture.UserAsync();

        await client.PostAsync("_matrix/client/v3/logout");
        var after = await client.GetAsync("_matrix/client/v3/account/whoami");

        Assert.Equal((HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN"), (after.Status, after.ErrCode));
    }

    [Fact]
    public async Task Logging_out_everywhere_revokes_every_device()
    {
        var first = await fixture.Anonymous().RegisterAsync("everywhere", "pw");
        var login = await fixture.Anonymous().PostAsync("_matrix/client/v3/login",
            new { type = "m.login.password", identifier = new { type = "m.id.user", user = "everywhere" }, password = "pw" });
        var second = new RawClient(fixture.Server.CreateHttpClient(), login.String("access_token"));

        await first.PostAsync("_matrix/client/v3/logout/all");

        Assert.Equal("M_UNKNOWN_TOKEN", (await first.GetAsync("_matrix/client/v3/account/whoami")).ErrCode);
        Assert.Equal("M_UNKNOWN_TOKEN", (await second.GetAsync("_matrix/client/v3/account/whoami")).ErrCode);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_old_one()
    {
        var client = await fixture.Anonymous().RegisterAsync("changer", "old");

        var withoutAuth = await client.PostAsync("_matrix/client/v3/account/password", new { new_password = "new" });
        var withWrong = await client.PostAsync("_matrix/client/v3/account/password",
            new { new_password = "new", logout_devices = false, auth = new { type = "m.login.password", identifier = new { type = "m.id.user", user = "changer" }, password = "bad" } });
        var withRight = await client.PostAsync("_matrix/client/v3/account/password",
            new { new_password = "new", logout_devices = false, auth = new { type = "m.login.password", identifier = new { type = "m.id.user", user = "changer" }, password = "old" } });
        var login = await fixture.Anonymous().PostAsync("_matrix/client/v3/login",
            new { type = "m.login.password", identifier = new { type = "m.id.user", user = "changer" }, password = "new" });

        Assert.Equal(HttpStatusCode.Unauthorized, withoutAuth.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "M_FORBIDDEN"), (withWrong.Status, withWrong.ErrCode));
        Assert.Equal(HttpStatusCode.OK, withRight.Status);
        Assert.Equal(HttpStatusCode.OK, login.Status);
    }

    [Fact]
    public async Task A_deactivated_account_cannot_log_in()
    {
        var client = await fixture.Anonymous().RegisterAsync("leaving", "pw");

        var deactivate = await client.PostAsync("_matrix/client/v3/account/deactivate",
            new { auth = new { type = "m.login.password", identifier = new { type = "m.id.user", user = "leaving" }, password = "pw" } });
        var login = await fixture.Anonymous().PostAsync("_matrix/client/v3/login",
            new { type = "m.login.password", identifier = new { type = "m.id.user", user = "leaving" }, password = "pw" });

        Assert.Equal(HttpStatusCode.OK, deactivate.Status);
        Assert.Equal(HttpStatusCode.Forbidden, login.Status);
    }
}

public sealed class SharedSecretRegistrationTests(SharedSecretRegistrationTests.Fixture fixture) : IClassFixture<SharedSecretRegistrationTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Tangle:Registration:Enabled"] = "false",
            ["Tangle:Registration:SharedSecret"] = "s3cret",
        };
    }

    [Fact]
    public async Task Open_registration_is_disabled()
    {
        var response = await fixture.Anonymous().PostAsync("_matrix/client/v3/register",
            new { username = "nope", password = "pw", auth = new { type = "m.login.dummy" } });

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task An_admin_registers_with_a_nonce_and_the_shared_secret_mac()
    {
        var client = fixture.Anonymous();
        var nonce = (await client.GetAsync("_synapse/admin/v1/register")).String("nonce");
        // The MAC is HMAC-SHA1 over nonce NUL username NUL password NUL admin, computed here independently.
        var mac = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA1.HashData(
            "s3cret"u8.ToArray(), System.Text.Encoding.UTF8.GetBytes($"{nonce}\0operator\0pw\0admin")));

        var response = await client.PostAsync("_synapse/admin/v1/register", new { nonce, username = "operator", password = "pw", admin = true, mac });

        Assert.Equal("@operator:localhost", response.String("user_id"));
        Assert.Equal(mac, AdminEndpoints.Mac("s3cret", nonce, "operator", "pw", true));
    }

    [Fact]
    public async Task A_wrong_mac_is_forbidden_and_a_nonce_works_once()
    {
        var client = fixture.Anonymous();
        var nonce = (await client.GetAsync("_synapse/admin/v1/register")).String("nonce");

        var wrong = await client.PostAsync("_synapse/admin/v1/register", new { nonce, username = "intruder", password = "pw", admin = false, mac = "00" });
        var replay = await client.PostAsync("_synapse/admin/v1/register",
            new { nonce, username = "intruder", password = "pw", admin = false, mac = AdminEndpoints.Mac("s3cret", nonce, "intruder", "pw", false) });

        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
        Assert.Equal(HttpStatusCode.BadRequest, replay.Status);
    }
}
