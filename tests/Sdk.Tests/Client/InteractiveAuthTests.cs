using System.Net;
using System.Text.Json;
using Tangle.Sdk.Accounts;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Client;

/// <summary>The user-interactive authentication dance: registration, device deletion, password and deactivation.</summary>
public sealed class InteractiveAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static Task<LoopbackHomeserver> Homeserver(Func<JsonElement, (int Status, string Body)> answer) =>
        LoopbackHomeserver.StartAsync((context, request) =>
        {
            var (status, body) = answer(request.Body.Length == 0 ? default : Json(request.Body));
            return Respond.Json(context, status, body);
        });

    private static bool HasAuth(JsonElement body) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty("auth", out _);

    private const string Registered = """{"user_id":"@cheeky_monkey:example.org","access_token":"syt_new","device_id":"GHTYAJCE"}""";

    [Fact]
    public async Task Register_completes_the_dummy_stage_with_the_servers_session()
    {
        await using var server = await Homeserver(body => HasAuth(body)
            ? (200, Registered)
            : (401, """{"flows":[{"stages":["m.login.dummy"]}],"params":{},"session":"sess-1"}"""));
        using var client = server.CreateClient();

        var response = await client.RegisterAsync("cheeky_monkey", "ilovebananas", "GHTYAJCE", "Jungle Phone", Ct);

        Assert.Equal(new MatrixSession("@cheeky_monkey:example.org", "GHTYAJCE", "syt_new"), client.Session);
        Assert.Equal("syt_new", response.AccessToken);
        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("POST", "/_matrix/client/v3/register", (string?)null), (r.Method, r.RawTarget, r.Authorization)));
        JsonAssert.Equal("""{"username":"cheeky_monkey","password":"ilovebananas","device_id":"GHTYAJCE","initial_device_display_name":"Jungle Phone"}""",
            requests[0].Body);
        JsonAssert.Equal("""
            {"auth":{"type":"m.login.dummy","session":"sess-1"},"username":"cheeky_monkey","password":"ilovebananas",
             "device_id":"GHTYAJCE","initial_device_display_name":"Jungle Phone"}
            """, requests[1].Body);
    }

    [Fact]
    public async Task Registration_without_login_leaves_the_client_logged_out()
    {
        await using var server = await Homeserver(body => HasAuth(body)
            ? (200, """{"user_id":"@quiet:example.org"}""")
            : (401, """{"flows":[{"stages":["m.login.dummy"]}],"session":"s"}"""));
        using var client = server.CreateClient();

        var response = await client.RegisterAsync(new RegisterRequest { Username = "quiet", Password = "pw", InhibitLogin = true }, cancellationToken: Ct);

        Assert.Equal("@quiet:example.org", response.UserId);
        Assert.False(client.IsLoggedIn);
        Assert.True(Json(server.Requests[1].Body).GetProperty("inhibit_login").GetBoolean());
    }

    [Fact]
    public async Task Multi_stage_flows_are_completed_stage_by_stage()
    {
        const string flows = "\"flows\":[{\"stages\":[\"m.login.registration_token\",\"m.login.dummy\"]}],\"session\":\"s2\"";
        await using var server = await Homeserver(body =>
            !HasAuth(body) ? (401, "{" + flows + "}")
            : body.GetProperty("auth").GetProperty("type").GetString() == AuthTypes.RegistrationToken ? (401, "{" + flows + ""","completed":["m.login.registration_token"]}""")
            : (200, Registered));
        using var client = server.CreateClient();

        await client.RegisterAsync(new RegisterRequest { Username = "cheeky_monkey", Password = "pw" }, "invite-only-token", Ct);

        var auths = server.Requests.Select(r => Json(r.Body)).Where(HasAuth).Select(b => b.GetProperty("auth").GetRawText()).ToList();
        Assert.Equal(3, server.Requests.Count);
        JsonAssert.Equal("""{"type":"m.login.registration_token","session":"s2","token":"invite-only-token"}""", auths[0]);
        JsonAssert.Equal("""{"type":"m.login.dummy","session":"s2"}""", auths[1]);
        Assert.True(client.IsLoggedIn);
    }

    [Fact]
    public async Task An_unsupported_flow_is_thrown_with_its_flows()
    {
        await using var server = await Homeserver(_ => (401, """{"flows":[{"stages":["m.login.recaptcha"]}],"session":"s3","params":{"m.login.recaptcha":{"public_key":"k"}}}"""));
        using var client = server.CreateClient();

        var exception = await Assert.ThrowsAsync<MatrixException>(() => client.RegisterAsync("monkey", "pw", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, exception.StatusCode);
        Assert.Equal("s3", exception.InteractiveAuth!.Session);
        Assert.True(exception.InteractiveAuth.OffersFlow("m.login.recaptcha"));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Deleting_a_device_authenticates_with_the_password()
    {
        await using var server = await Homeserver(body => HasAuth(body)
            ? (200, "{}")
            : (401, """{"flows":[{"stages":["m.login.password"]}],"session":"del-1"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        await client.DeleteDeviceAsync("OLDPHONE", "correct horse", Ct);

        var requests = server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("DELETE", "/_matrix/client/v3/devices/OLDPHONE", "Bearer syt_alice_token"), (r.Method, r.RawTarget, r.Authorization)));
        JsonAssert.Equal("{}", requests[0].Body);
        JsonAssert.Equal("""
            {"auth":{"type":"m.login.password","session":"del-1","identifier":{"type":"m.id.user","user":"@alice:example.org"},"password":"correct horse"}}
            """, requests[1].Body);
    }

    [Fact]
    public async Task A_wrong_password_is_thrown_not_retried()
    {
        await using var server = await Homeserver(body => HasAuth(body)
            ? (401, """{"errcode":"M_FORBIDDEN","error":"Invalid password","flows":[{"stages":["m.login.password"]}],"session":"del-2","completed":[]}""")
            : (401, """{"flows":[{"stages":["m.login.password"]}],"session":"del-2"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        var exception = await Assert.ThrowsAsync<MatrixException>(() => client.DeleteDevicesAsync(["A", "B"], "wrong", Ct));

        Assert.Equal(ErrorCodes.Forbidden, exception.ErrCode);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("/_matrix/client/v3/delete_devices", server.Requests[0].RawTarget);
        Assert.Equal(["A", "B"], Json(server.Requests[1].Body).GetProperty("devices").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task Changing_the_password_and_deactivating()
    {
        await using var server = await Homeserver(body => HasAuth(body)
            ? (200, """{"id_server_unbind_result":"no-support"}""")
            : (401, """{"flows":[{"stages":["m.login.password"]}],"session":"acct"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        await client.ChangePasswordAsync("ihatebananas", "ilovebananas", logoutDevices: true, Ct);
        await client.DeactivateAsync("ihatebananas", erase: true, Ct);

        var requests = server.Requests;
        Assert.Equal(["/_matrix/client/v3/account/password", "/_matrix/client/v3/account/password",
            "/_matrix/client/v3/account/deactivate", "/_matrix/client/v3/account/deactivate"], requests.Select(r => r.RawTarget));
        JsonAssert.Equal("""
            {"new_password":"ihatebananas","logout_devices":true,
             "auth":{"type":"m.login.password","session":"acct","identifier":{"type":"m.id.user","user":"@alice:example.org"},"password":"ilovebananas"}}
            """, requests[1].Body);
        JsonAssert.Equal("""
            {"erase":true,"auth":{"type":"m.login.password","session":"acct","identifier":{"type":"m.id.user","user":"@alice:example.org"},"password":"ihatebananas"}}
            """, requests[3].Body);
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public void Next_stage_follows_the_completed_prefix_and_prefers_supported_flows()
    {
        var flows = MatrixJsonOf("""
            {"flows":[{"stages":["m.login.recaptcha","m.login.dummy"]},{"stages":["m.login.email.identity","m.login.dummy"]},{"stages":["m.login.password"]}],
             "completed":[]}
            """);
        var afterEmail = flows with { Completed = ["m.login.email.identity"] };

        Assert.Equal(AuthTypes.Password, flows.NextStage([AuthTypes.Dummy, AuthTypes.Password]));
        Assert.Equal("m.login.recaptcha", flows.NextStage([AuthTypes.Dummy]));
        Assert.Equal(AuthTypes.Dummy, afterEmail.NextStage([AuthTypes.Dummy]));
        Assert.Null((flows with { Completed = ["m.login.password"] }).NextStage([AuthTypes.Dummy]));
    }

    private static InteractiveAuthFlows MatrixJsonOf(string json) => MatrixJson.Deserialize<InteractiveAuthFlows>(json);
}
