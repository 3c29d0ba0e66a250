using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tangle.Gateway.Tests.Media;

/// <summary>Upload, download, headers, limits and configuration of the content repository.</summary>
public sealed class MediaTests(MediaFixture fixture) : IClassFixture<MediaFixture>
{
    private static readonly byte[] Notes = Encoding.UTF8.GetBytes("remember the milk");

    [Fact]
    public async Task An_upload_gets_an_mxc_uri_of_this_server()
    {
        var client = await fixture.UserAsync();

        var mxc = await client.UploadAsync(Notes, "text/plain");

        Assert.Matches("^mxc://localhost/[A-Za-z0-9_-]+$", mxc);
    }

    [Fact]
    public async Task A_download_returns_the_uploaded_bytes_with_the_type_and_file_name()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "text/plain", "notes.txt");

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Notes, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline; filename=\"notes.txt\"", MediaRequests.Header(response, "Content-Disposition"));
    }

    [Fact]
    public async Task Served_media_is_sandboxed_and_readable_cross_origin()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "text/plain");

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal(
            "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; object-src 'self';",
            MediaRequests.Header(response, "Content-Security-Policy"));
        Assert.Equal("cross-origin", MediaRequests.Header(response, "Cross-Origin-Resource-Policy"));
        Assert.Equal("nosniff", MediaRequests.Header(response, "X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("text/html", "attachment")]
    [InlineData("image/svg+xml", "attachment")]
    [InlineData("application/octet-stream", "attachment")]
    [InlineData("image/png", "inline")]
    [InlineData("text/plain; charset=utf-8", "inline")]
    [InlineData("video/mp4", "inline")]
    public async Task Only_the_specifications_safe_types_are_served_inline(string contentType, string disposition)
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, contentType);

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal(disposition, MediaRequests.Header(response, "Content-Disposition"));
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Content_without_a_type_is_served_as_octet_stream()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, contentType: null);

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_file_name_in_the_path_replaces_the_uploaded_one()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "text/plain", "notes.txt");

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}/shopping%20list.txt");

        Assert.Equal("inline; filename=\"shopping list.txt\"", MediaRequests.Header(response, "Content-Disposition"));
    }

    [Fact]
    public async Task Non_ascii_file_names_are_percent_encoded_as_rfc_6266_says()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "application/pdf", "café ☕.pdf");

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        var header = MediaRequests.Header(response, "Content-Disposition");
        Assert.Equal("attachment; filename*=utf-8''caf%C3%A9%20%E2%98%95.pdf", header);
        Assert.Equal("café ☕.pdf", ContentDispositionHeaderValue.Parse(header).FileNameStar);
    }

    [Fact]
    public async Task Quotes_in_file_names_are_escaped()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "text/plain", "say \"hi\".txt");

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal("inline; filename=\"say \\\"hi\\\".txt\"", MediaRequests.Header(response, "Content-Disposition"));
    }

    [Fact]
    public async Task Media_uploaded_without_a_file_name_is_served_without_one()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "application/zip");

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal("attachment", MediaRequests.Header(response, "Content-Disposition"));
    }

    [Fact]
    public async Task A_range_of_the_content_can_be_downloaded()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "video/mp4");

        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}", range: "bytes=0-7");

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("remember"u8.ToArray(), await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_authenticated_download_needs_a_token()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "text/plain");

        using var download = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}", authenticated: false);
        using var thumbnail = await client.FetchAsync($"_matrix/client/v1/media/thumbnail/{MediaRequests.Path(mxc)}?width=32&height=32", authenticated: false);

        Assert.Equal((HttpStatusCode.Unauthorized, "M_MISSING_TOKEN"), (download.StatusCode, await MediaRequests.ErrCodeAsync(download)));
        Assert.Equal((HttpStatusCode.Unauthorized, "M_MISSING_TOKEN"), (thumbnail.StatusCode, await MediaRequests.ErrCodeAsync(thumbnail)));
    }

    [Theory]
    [InlineData("v3")]
    [InlineData("r0")]
    public async Task The_legacy_download_works_without_a_token(string version)
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "text/plain", "notes.txt");

        using var response = await client.FetchAsync($"_matrix/media/{version}/download/{MediaRequests.Path(mxc)}", authenticated: false);
        using var renamed = await client.FetchAsync($"_matrix/media/{version}/download/{MediaRequests.Path(mxc)}/list.txt", authenticated: false);

        Assert.Equal(Notes, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("inline; filename=\"notes.txt\"", MediaRequests.Header(response, "Content-Disposition"));
        Assert.Equal("cross-origin", MediaRequests.Header(response, "Cross-Origin-Resource-Policy"));
        Assert.Equal("inline; filename=\"list.txt\"", MediaRequests.Header(renamed, "Content-Disposition"));
    }

    [Fact]
    public async Task Uploading_under_r0_works_too()
    {
        var client = await fixture.UserAsync();

        using var response = await client.SendUploadAsync(HttpMethod.Post, MediaRequests.UploadPath("r0", "old.txt"), Notes, "text/plain");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Uploading_needs_a_token()
    {
        using var response = await fixture.Anonymous().SendUploadAsync(HttpMethod.Post, MediaRequests.UploadPath("v3", null), Notes, "text/plain");

        Assert.Equal((HttpStatusCode.Unauthorized, "M_MISSING_TOKEN"), (response.StatusCode, await MediaRequests.ErrCodeAsync(response)));
    }

    [Theory]
    [InlineData("localhost/doesNotExist123")]
    [InlineData("elsewhere.example/abcdefghijklmnopqrstuvwx")]
    [InlineData("localhost/bad.id")]
    [InlineData("localhost/..%2F..%2Fetc%2Fpasswd")]
    public async Task Unknown_media_is_not_found(string path)
    {
        var client = await fixture.UserAsync();

        using var authenticated = await client.FetchAsync($"_matrix/client/v1/media/download/{path}");
        using var legacy = await client.FetchAsync($"_matrix/media/v3/download/{path}", authenticated: false);
        using var thumbnail = await client.FetchAsync($"_matrix/client/v1/media/thumbnail/{path}?width=32&height=32");

        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (authenticated.StatusCode, await MediaRequests.ErrCodeAsync(authenticated)));
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (legacy.StatusCode, await MediaRequests.ErrCodeAsync(legacy)));
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (thumbnail.StatusCode, await MediaRequests.ErrCodeAsync(thumbnail)));
    }

    [Fact]
    public async Task An_upload_declared_over_the_limit_is_too_large()
    {
        var client = await fixture.UserAsync();

        using var response = await client.SendUploadAsync(HttpMethod.Post, MediaRequests.UploadPath("v3", null), new byte[MediaFixture.MaxUploadBytes + 1], "application/octet-stream");

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "M_TOO_LARGE"), (response.StatusCode, await MediaRequests.ErrCodeAsync(response)));
    }

    [Fact]
    public async Task A_streamed_upload_that_grows_over_the_limit_is_too_large_and_leaves_nothing_behind()
    {
        var client = await fixture.UserAsync();

        using var response = await client.SendUploadAsync(
            HttpMethod.Post, MediaRequests.UploadPath("v3", null), new byte[MediaFixture.MaxUploadBytes + 1], "application/octet-stream", chunked: true);

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "M_TOO_LARGE"), (response.StatusCode, await MediaRequests.ErrCodeAsync(response)));
        var temporary = System.IO.Path.Combine(fixture.Server.DataDirectory, "media", "tmp");
        Assert.Empty(Directory.Exists(temporary) ? Directory.GetFiles(temporary) : []);
    }

    [Fact]
    public async Task An_upload_of_exactly_the_limit_is_accepted()
    {
        var client = await fixture.UserAsync();
        var content = new byte[MediaFixture.MaxUploadBytes];
        Random.Shared.NextBytes(content);

        var mxc = await client.UploadAsync(content);
        using var response = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("_matrix/client/v1/media/config")]
    [InlineData("_matrix/media/v3/config")]
    [InlineData("_matrix/media/r0/config")]
    public async Task The_configuration_gives_the_upload_limit(string path)
    {
        var client = await fixture.UserAsync();

        var response = await client.GetAsync(path);

        Assert.Equal(MediaFixture.MaxUploadBytes, response.Body.GetProperty("m.upload.size").GetInt64());
    }

    [Fact]
    public async Task The_metadata_is_kept_beside_the_content()
    {
        var client = await fixture.UserAsync();
        var mxc = await client.UploadAsync(Notes, "text/plain", "notes.txt");
        var mediaId = mxc[(mxc.LastIndexOf('/') + 1)..];

        var directory = System.IO.Path.Combine(fixture.Server.DataDirectory, "media", "local", mediaId[..2], mediaId[2..4]);
        using var metadata = JsonDocument.Parse(await File.ReadAllBytesAsync(System.IO.Path.Combine(directory, mediaId + ".json"), TestContext.Current.CancellationToken));

        Assert.Equal(Notes, await File.ReadAllBytesAsync(System.IO.Path.Combine(directory, mediaId), TestContext.Current.CancellationToken));
        var root = metadata.RootElement;
        Assert.Equal("text/plain", root.GetProperty("content_type").GetString());
        Assert.Equal("notes.txt", root.GetProperty("file_name").GetString());
        Assert.Equal(Notes.Length, root.GetProperty("size").GetInt64());
        Assert.Equal(client.UserId, root.GetProperty("uploader").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Notes)), root.GetProperty("sha256").GetString());
        Assert.InRange(root.GetProperty("created_ts").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }
}
