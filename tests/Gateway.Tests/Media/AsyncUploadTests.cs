using System.Net;
using System.Text;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Media;

/// <summary>Creating a media id first and uploading to it later (<c>/v1/create</c>, <c>PUT /v3/upload/…</c>).</summary>
public sealed class AsyncUploadTests(MediaFixture fixture) : IClassFixture<MediaFixture>
{
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("quarterly report");

    private static async Task<string> CreateAsync(RawClient client)
    {
        var response = await client.PostAsync("_matrix/media/v1/create", new { });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.String("content_uri");
    }

    private static Task<HttpResponseMessage> PutAsync(RawClient client, string mxc, byte[] content, string? fileName = null) =>
        client.SendUploadAsync(HttpMethod.Put, $"_matrix/media/v3/upload/{MediaRequests.Path(mxc)}" + (fileName is null ? "" : $"?filename={fileName}"), content, "text/plain");

    [Fact]
    public async Task A_created_media_id_expires_in_about_a_day()
    {
        var client = await fixture.UserAsync();

        var response = await client.PostAsync("_matrix/media/v1/create", new { });

        Assert.Matches("^mxc://localhost/[A-Za-z0-9_-]+$", response.String("content_uri"));
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(response.Body.GetProperty("unused_expires_at").GetInt64());
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddHours(23), DateTimeOffset.UtcNow.AddHours(25));
    }

    [Fact]
    public async Task Content_uploaded_to_a_created_id_downloads()
    {
        var client = await fixture.UserAsync();
        var mxc = await CreateAsync(client);

        using var put = await PutAsync(client, mxc, Report, "report.txt");
        using var download = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("{}", await put.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Report, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("inline; filename=\"report.txt\"", MediaRequests.Header(download, "Content-Disposition"));
    }

    [Fact]
    public async Task A_created_id_takes_content_only_once()
    {
        var client = await fixture.UserAsync();
        var mxc = await CreateAsync(client);
        using var first = await PutAsync(client, mxc, Report);

        using var second = await PutAsync(client, mxc, "changed"u8.ToArray());
        using var download = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}");

        Assert.Equal((HttpStatusCode.Conflict, "M_CANNOT_OVERWRITE_MEDIA"), (second.StatusCode, await MediaRequests.ErrCodeAsync(second)));
        Assert.Equal(Report, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Only_the_creator_may_upload_to_a_created_id()
    {
        var owner = await fixture.UserAsync();
        var other = await fixture.UserAsync();
        var mxc = await CreateAsync(owner);

        using var response = await PutAsync(other, mxc, Report);

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (response.StatusCode, await MediaRequests.ErrCodeAsync(response)));
    }

    [Fact]
    public async Task Uploading_to_an_id_that_was_never_created_is_not_found()
    {
        var client = await fixture.UserAsync();

        using var response = await PutAsync(client, "mxc://localhost/neverCreatedXXXXXXXXXXXXX", Report);
        using var uploaded = await PutAsync(client, await client.UploadAsync(Report), Report);

        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (response.StatusCode, await MediaRequests.ErrCodeAsync(response)));
        Assert.Equal((HttpStatusCode.Conflict, "M_CANNOT_OVERWRITE_MEDIA"), (uploaded.StatusCode, await MediaRequests.ErrCodeAsync(uploaded)));
    }

    [Fact]
    public async Task A_download_of_content_not_yet_uploaded_times_out_with_504()
    {
        var client = await fixture.UserAsync();
        var mxc = await CreateAsync(client);

        using var download = await client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}?timeout_ms=200");
        using var thumbnail = await client.FetchAsync($"_matrix/client/v1/media/thumbnail/{MediaRequests.Path(mxc)}?width=32&height=32&timeout_ms=0");

        Assert.Equal((HttpStatusCode.GatewayTimeout, "M_NOT_YET_UPLOADED"), (download.StatusCode, await MediaRequests.ErrCodeAsync(download)));
        Assert.Equal((HttpStatusCode.GatewayTimeout, "M_NOT_YET_UPLOADED"), (thumbnail.StatusCode, await MediaRequests.ErrCodeAsync(thumbnail)));
    }

    [Fact]
    public async Task A_waiting_download_returns_as_soon_as_the_content_arrives()
    {
        var client = await fixture.UserAsync();
        var mxc = await CreateAsync(client);

        var download = client.FetchAsync($"_matrix/client/v1/media/download/{MediaRequests.Path(mxc)}?timeout_ms=30000");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(download.IsCompleted);
        using var put = await PutAsync(client, mxc, Report);
        using var response = await download;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Report, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_user_may_have_only_a_few_ids_waiting_for_content()
    {
        var client = await fixture.UserAsync();
        for (var i = 0; i < MediaFixture.MaxPendingUploads; i++)
            await CreateAsync(client);

        var refused = await client.PostAsync("_matrix/media/v1/create", new { });
        var other = await client.PostAsync("_matrix/media/v1/create", new { });

        Assert.Equal((HttpStatusCode.TooManyRequests, "M_LIMIT_EXCEEDED"), (refused.Status, refused.ErrCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, other.Status);
        var someoneElse = await fixture.UserAsync();
        Assert.Equal(HttpStatusCode.OK, (await someoneElse.PostAsync("_matrix/media/v1/create", new { })).Status);
    }

    [Fact]
    public async Task Uploading_frees_a_waiting_slot()
    {
        var client = await fixture.UserAsync();
        var created = new List<string>();
        for (var i = 0; i < MediaFixture.MaxPendingUploads; i++)
            created.Add(await CreateAsync(client));

        using var put = await PutAsync(client, created[0], Report);
        var response = await client.PostAsync("_matrix/media/v1/create", new { });

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }
}
