using System.Net;
using System.Text;
using Tangle.Sdk.Http;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Http;

/// <summary>Error responses become <see cref="MatrixException"/>s carrying the spec's error fields.</summary>
public sealed class ErrorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("capabilities.get.capabilities.429.json", HttpStatusCode.TooManyRequests, "M_LIMIT_EXCEEDED", "Too many requests", 2000L)]
    [InlineData("whoami.get.account_whoami.401.json", HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN", "Unrecognised access token.", null)]
    [InlineData("room_state.put.rooms_roomId_state_eventType_stateKey.400.json", HttpStatusCode.BadRequest, "M_BAD_ALIAS",
        "The alias '#hello:example.org' does not point to this room.", null)]
    public void Spec_error_examples_are_parsed(string example, HttpStatusCode status, string errCode, string error, long? retryAfterMs)
    {
        var exception = MatrixErrors.FromBody(status, Encoding.UTF8.GetBytes(SpecExamples.Text(example)));

        Assert.Equal(status, exception.StatusCode);
        Assert.Equal(errCode, exception.ErrCode);
        Assert.Equal(error, exception.Error);
        Assert.Equal(retryAfterMs, exception.RetryAfterMs);
        Assert.Null(exception.InteractiveAuth);
        Assert.Equal(errCode, JsonAssert.String(exception.Body!.Value, "errcode"));
        Assert.Contains(errCode, exception.Message);
    }

    [Fact]
    public void An_error_without_a_message_falls_back_to_the_reason_phrase()
    {
        var exception = MatrixErrors.FromBody(HttpStatusCode.Forbidden, Encoding.UTF8.GetBytes(SpecExamples.Text("login.post.login.403.json")), reason: "Forbidden");

        Assert.Equal(ErrorCodes.Forbidden, exception.ErrCode);
        Assert.Equal("Forbidden", exception.Error);
    }

    [Fact]
    public void A_body_that_is_not_json_keeps_its_text_under_M_UNKNOWN()
    {
        var exception = MatrixErrors.FromBody(HttpStatusCode.BadGateway, "<html>Bad gateway</html>"u8.ToArray());

        Assert.Equal(ErrorCodes.Unknown, exception.ErrCode);
        Assert.Equal("<html>Bad gateway</html>", exception.Error);
        Assert.Null(exception.Body);
    }

    [Fact]
    public void A_401_with_flows_carries_the_interactive_auth_state()
    {
        var exception = MatrixErrors.FromBody(HttpStatusCode.Unauthorized, Encoding.UTF8.GetBytes(SpecExamples.Text("registration.post.register.401.json")));

        Assert.Equal("xxxxxxyz", exception.InteractiveAuth!.Session);
        Assert.Equal(ErrorCodes.Unknown, exception.ErrCode);
    }

    [Fact]
    public async Task Server_errors_are_thrown_with_status_and_body()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) =>
            Respond.Json(context, 403, """{"errcode":"M_FORBIDDEN","error":"You are not invited to this room.","org.example.detail":7}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        var exception = await Assert.ThrowsAsync<MatrixException>(() => client.JoinRoomAsync("!r:example.org", cancellationToken: Ct));

        Assert.Equal(HttpStatusCode.Forbidden, exception.StatusCode);
        Assert.Equal(ErrorCodes.Forbidden, exception.ErrCode);
        Assert.Equal("You are not invited to this room.", exception.Error);
        Assert.Equal(7, exception.Body!.Value.GetProperty("org.example.detail").GetInt32());
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Requests_needing_a_session_fail_before_sending_without_one()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Respond.Ok(context));
        using var client = server.CreateClient();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.WhoAmIAsync(Ct));
        Assert.Throws<InvalidOperationException>(() => client.UserId);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_token_goes_in_the_authorization_header_never_the_query()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Respond.Ok(context, """{"user_id":"@alice:example.org"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        await client.WhoAmIAsync(Ct);
        await client.GetPublicRoomsAsync(cancellationToken: Ct);

        Assert.All(server.Requests, r =>
        {
            Assert.Equal("Bearer syt_alice_token", r.Authorization);
            Assert.DoesNotContain("access_token", r.RawTarget);
        });
    }

    [Fact]
    public async Task Malformed_success_bodies_are_reported_with_the_endpoint()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Respond.Ok(context, """{"devices":"not a list"}"""));
        using var client = server.CreateClient(session: EndpointProbe.Alice);

        var exception = await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => client.GetDevicesAsync(Ct));

        Assert.Contains("/_matrix/client/v3/devices", exception.Message);
    }
}
