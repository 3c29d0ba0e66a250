using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

/// <summary>Bad requests get the specification's error JSON and status, never a 500.</summary>
public sealed class ErrorResponseTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task An_unknown_endpoint_is_unrecognized()
    {
        var response = await fixture.Anonymous().GetAsync("_matrix/client/v3/no/such/endpoint");

        Assert.Equal((HttpStatusCode.NotFound, "M_UNRECOGNIZED"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_known_endpoint_with_the_wrong_method_is_unrecognized()
    {
        var response = await fixture.Anonymous().SendAsync(HttpMethod.Delete, "_matrix/client/v3/login", null);

        Assert.Equal((HttpStatusCode.MethodNotAllowed, "M_UNRECOGNIZED"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_request_without_a_token_is_missing_one()
    {
        var response = await fixture.Anonymous().GetAsync("_matrix/client/v3/account/whoami");

        Assert.Equal((HttpStatusCode.Unauthorized, "M_MISSING_TOKEN"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task An_unknown_token_is_unknown_and_not_a_soft_logout()
    {
        var client = new RawClient(fixture.Server.CreateHttpClient(), "tng_not_a_real_token");

        var response = await client.GetAsync("_matrix/client/v3/account/whoami");

        Assert.Equal((HttpStatusCode.Unauthorized, "M_UNKNOWN_TOKEN"), (response.Status, response.ErrCode));
        Assert.False(response.Body.GetProperty("soft_logout").GetBoolean());
    }

    [Theory]
    [InlineData("not json", "M_NOT_JSON")]
    [InlineData("{\"a\":1,\"a\":2}", "M_BAD_JSON")]
    [InlineData("{\"body\":\"\\ud800\"}", "M_BAD_JSON")]
    [InlineData("{\"n\":1.5}", "M_BAD_JSON")]
    [InlineData("{\"n\":9007199254740992}", "M_BAD_JSON")]
    [InlineData("[1,2]", "M_BAD_JSON")]
    public async Task A_malformed_body_gets_a_json_error(string body, string errcode)
    {
        var client = await fixture.UserAsync();
        var room = await client.CreateRoomAsync();

        var response = await client.SendRawAsync(HttpMethod.Put, $"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/send/m.room.message/bad-{Guid.NewGuid():N}", body);

        Assert.Equal((HttpStatusCode.BadRequest, errcode), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task An_event_over_64_kib_is_too_large()
    {
        var client = await fixture.UserAsync();
        var room = await client.CreateRoomAsync();

        var response = await client.PutAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(room)}/send/m.room.message/big",
            new { msgtype = "m.text", body = new string('x', 70_000) });

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "M_TOO_LARGE"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_field_of_the_wrong_type_is_bad_json()
    {
        var client = await fixture.UserAsync();

        var response = await client.PostAsync("_matrix/client/v3/createRoom", new { name = 5 });

        Assert.Equal((HttpStatusCode.BadRequest, "M_BAD_JSON"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Reading_an_unknown_room_is_forbidden_so_room_ids_do_not_leak()
    {
        var client = await fixture.UserAsync();

        var response = await client.GetAsync("_matrix/client/v3/rooms/!nowhere:localhost/state");

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_malformed_room_id_is_an_invalid_parameter()
    {
        var client = await fixture.UserAsync();

        var response = await client.GetAsync("_matrix/client/v3/rooms/not-a-room/state");

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Every_response_carries_the_cors_headers_and_preflight_succeeds()
    {
        var client = fixture.Anonymous();

        var versions = await client.GetAsync("_matrix/client/versions");
        var preflight = await client.SendAsync(HttpMethod.Options, "_matrix/client/v3/sync", null);

        Assert.Equal("*", versions.Message.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(preflight.Message.IsSuccessStatusCode);
        Assert.Contains("Authorization", preflight.Message.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }
}

public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    public sealed class Fixture : ServerFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Tangle:RateLimits:Enabled"] = "true",
            ["Tangle:RateLimits:PerUserPerSecond"] = "1",
            ["Tangle:RateLimits:PerUserBurst"] = "3",
            ["Tangle:RateLimits:LoginPerSecond"] = "100",
            ["Tangle:RateLimits:LoginBurst"] = "100",
        };
    }

    [Fact]
    public async Task A_user_over_the_limit_is_told_when_to_retry()
    {
        var client = await fixture.UserAsync();

        RawResponse? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await client.GetAsync("_matrix/client/v3/account/whoami");
            if (response.Status == HttpStatusCode.TooManyRequests)
                limited = response;
        }

        Assert.NotNull(limited);
        Assert.Equal("M_LIMIT_EXCEEDED", limited.ErrCode);
        Assert.InRange(limited.Body.GetProperty("retry_after_ms").GetInt64(), 1, 1_000);
    }
}
