namespace Tangle.Sdk.Tests.Infrastructure;

/// <summary>
/// Calls one SDK method against a loopback server that answers with a given body, and returns what the
/// method returned together with the single request the server received.
/// </summary>
internal static class EndpointProbe
{
    public static readonly MatrixSession Alice = new("@alice:example.org", "ALICEDEVICE", "syt_alice_token");
    public const string AliceEscaped = "%40alice%3Aexample.org";
    public const string RoomId = "!room:example.org";
    public const string RoomEscaped = "%21room%3Aexample.org";

    /// <summary>A room version 4+ event ID: URL-safe base64 in the spec, but servers and tests may use any characters.</summary>
    public const string EventId = "$Rqnc-F+tvFzg/ZLQrasCLs0dHEFWUhMCvxQ=";
    public const string EventEscaped = "%24Rqnc-F%2BtvFzg%2FZLQrasCLs0dHEFWUhMCvxQ%3D";

    public static async Task<(T Result, ReceivedRequest Request)> CallAsync<T>(Func<MatrixClient, Task<T>> call, string response = "{}",
        MatrixSession? session = null)
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Respond.Ok(context, response));
        using var client = server.CreateClient(new MatrixClientOptions { Retry = RetryPolicy.None }, session ?? Alice);
        var result = await call(client);
        return (result, Assert.Single(server.Requests));
    }

    public static async Task<ReceivedRequest> CallAsync(Func<MatrixClient, Task> call, string response = "{}", MatrixSession? session = null) =>
        (await CallAsync(async c => { await call(c); return true; }, response, session)).Request;

    /// <summary>Asserts the method, the exact (still-encoded) target, the bearer token and the JSON body.</summary>
    public static void Expect(ReceivedRequest request, string method, string rawTarget, string? body = null, bool authenticated = true)
    {
        Assert.Equal(method, request.Method);
        Assert.Equal(rawTarget, request.RawTarget);
        Assert.Equal(authenticated ? "Bearer " + Alice.AccessToken : null, request.Authorization);
        if (body is null)
            Assert.Equal("", request.Body);
        else
            JsonAssert.Equal(body, request.Body);
    }
}
