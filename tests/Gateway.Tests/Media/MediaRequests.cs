using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Media;

/// <summary>Raw media requests: bytes in, bytes and headers out.</summary>
internal static class MediaRequests
{
    /// <summary>Uploads content and returns its mxc URI.</summary>
    public static async Task<string> UploadAsync(this RawClient client, byte[] content, string? contentType = "application/octet-stream", string? fileName = null)
    {
        using var response = await client.SendUploadAsync(HttpMethod.Post, UploadPath("v3", fileName), content, contentType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"upload failed: {response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("content_uri").GetString()!;
    }

    public static string UploadPath(string version, string? fileName) =>
        $"_matrix/media/{version}/upload" + (fileName is null ? "" : "?filename=" + Uri.EscapeDataString(fileName));

    public static async Task<HttpResponseMessage> SendUploadAsync(
        this RawClient client, HttpMethod method, string path, byte[] content, string? contentType, bool chunked = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Content = chunked ? new StreamContent(new MemoryStream(content)) : new ByteArrayContent(content);
        if (contentType is not null)
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (chunked)
            request.Headers.TransferEncodingChunked = true;
        Authorize(client, request);
        return await client.Http.SendAsync(request);
    }

    /// <summary>A GET with the client's token, or without any when <paramref name="authenticated"/> is false.</summary>
    public static async Task<HttpResponseMessage> FetchAsync(this RawClient client, string path, bool authenticated = true, string? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authenticated)
            Authorize(client, request);
        if (range is not null)
            request.Headers.Range = RangeHeaderValue.Parse(range);
        return await client.Http.SendAsync(request);
    }

    /// <summary>The path after mxc:// (server name / media id).</summary>
    public static string Path(string mxc) => mxc["mxc://".Length..];

    public static async Task<string?> ErrCodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return body.Length > 0 && JsonDocument.Parse(body).RootElement.TryGetProperty("errcode", out var code) ? code.GetString() : null;
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new InvalidOperationException($"no {name} header");

    private static void Authorize(RawClient client, HttpRequestMessage request)
    {
        if (client.AccessToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.AccessToken);
    }
}
