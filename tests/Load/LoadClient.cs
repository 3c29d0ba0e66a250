using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tangle.Load;

/// <summary>
/// One logged-in user over raw HTTP. No retries, by design: a request that fails fails the run, so a
/// figure never hides a retried request inside its latency.
/// </summary>
internal sealed class LoadClient(HttpClient http, string userId, string accessToken)
{
    private static long _txn;

    public string UserId { get; } = userId;

    /// <summary>Registers a user with the dummy flow; the password is irrelevant to the load.</summary>
    public static async Task<LoadClient> RegisterAsync(HttpClient http, string username)
    {
        var body = await SendAsync(http, null, HttpMethod.Post, "_matrix/client/v3/register",
            new { username, password = "load-harness-password", auth = new { type = "m.login.dummy" }, initial_device_display_name = "load" });
        return new LoadClient(http, body.GetProperty("user_id").GetString()!, body.GetProperty("access_token").GetString()!);
    }

    public async Task<string> CreateRoomAsync(string name) =>
        (await SendAsync(http, accessToken, HttpMethod.Post, "_matrix/client/v3/createRoom", new { name, preset = "public_chat" }))
        .GetProperty("room_id").GetString()!;

    /// <summary>Joins a room; <paramref name="via"/> names the server to join through when the room is on another server.</summary>
    public Task JoinAsync(string roomId, string? via = null) => SendAsync(http, accessToken, HttpMethod.Post,
        $"_matrix/client/v3/join/{Uri.EscapeDataString(roomId)}" + (via is null ? "" : $"?server_name={Uri.EscapeDataString(via)}"), new { });

    public Task SendStateAsync(string roomId, string type, string stateKey, object content) => SendAsync(http, accessToken, HttpMethod.Put,
        $"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/state/{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(stateKey)}", content);

    /// <summary>Sends an m.text message; <paramref name="seq"/> travels in the content so a receiver can recognise it.</summary>
    public async Task<string> SendTextAsync(string roomId, string text, long seq)
    {
        var txn = $"load{Interlocked.Increment(ref _txn)}";
        var body = await SendAsync(http, accessToken, HttpMethod.Put,
            $"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/send/m.room.message/{txn}",
            new Dictionary<string, object> { ["msgtype"] = "m.text", ["body"] = text, [MessageSeq] = seq });
        return body.GetProperty("event_id").GetString()!;
    }

    /// <summary>The content key that numbers the harness's messages.</summary>
    public const string MessageSeq = "org.tangle.load.seq";

    /// <summary>A /sync; returns the raw body and how long the whole response took to arrive.</summary>
    public async Task<(byte[] Body, TimeSpan Elapsed)> SyncAsync(string? since, string? filter, int timeoutMs)
    {
        var query = new StringBuilder($"_matrix/client/v3/sync?timeout={timeoutMs}");
        if (since is not null)
            query.Append("&since=").Append(Uri.EscapeDataString(since));
        if (filter is not null)
            query.Append("&filter=").Append(Uri.EscapeDataString(filter));
        using var request = new HttpRequestMessage(HttpMethod.Get, query.ToString());
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed;
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"/sync failed: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return (bytes, elapsed);
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, string? accessToken, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        if (accessToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{method} {path} failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
