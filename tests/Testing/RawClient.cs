using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tangle.Testing;

/// <summary>The status and JSON body of a response.</summary>
public sealed record RawResponse(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Message)
{
    public string? ErrCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("errcode", out var e) ? e.GetString() : null;

    public string String(string name) => Body.GetProperty(name).GetString()!;
}

/// <summary>
/// A deliberately thin Client-Server API client over raw HTTP, for tests of exact wire behaviour:
/// status codes, errcodes, headers and body shapes.
/// </summary>
public sealed class RawClient(HttpClient http, string? accessToken = null)
{
    public string? AccessToken { get; private set; } = accessToken;

    public string? UserId { get; private set; }

    public string? DeviceId { get; private set; }

    public HttpClient Http => http;

    public Task<RawResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<RawResponse> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    public Task<RawResponse> PutAsync(string path, object? body = null) => SendAsync(HttpMethod.Put, path, body);

    public Task<RawResponse> DeleteAsync(string path, object? body = null) => SendAsync(HttpMethod.Delete, path, body);

    /// <summary>Sends raw bytes as the body, for malformed-input tests.</summary>
    public async Task<RawResponse> SendRawAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await SendAsync(request);
    }

    public async Task<RawResponse> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body is string text ? text : JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await SendAsync(request);
    }

    private async Task<RawResponse> SendAsync(HttpRequestMessage request)
    {
        if (AccessToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new RawResponse(response.StatusCode, json, response);
    }

    /// <summary>Registers an account with the dummy flow and keeps its session.</summary>
    public async Task<RawClient> RegisterAsync(string username, string password = "correct horse")
    {
        var response = await PostAsync("_matrix/client/v3/register", new { username, password, auth = new { type = "m.login.dummy" } });
        if (response.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"registration failed: {response.Status} {response.Body}");
        AccessToken = response.String("access_token");
        UserId = response.String("user_id");
        DeviceId = response.String("device_id");
        return this;
    }

    public async Task<string> CreateRoomAsync(object? body = null)
    {
        var response = await PostAsync("_matrix/client/v3/createRoom", body ?? new { });
        return response.Status == HttpStatusCode.OK ? response.String("room_id") : throw new InvalidOperationException($"createRoom failed: {response.Body}");
    }

    public async Task<string> SendMessageAsync(string roomId, string body, string? txnId = null)
    {
        var response = await PutAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/send/m.room.message/{txnId ?? Guid.NewGuid().ToString("N")}",
            new { msgtype = "m.text", body });
        return response.Status == HttpStatusCode.OK ? response.String("event_id") : throw new InvalidOperationException($"send failed: {response.Body}");
    }
}
