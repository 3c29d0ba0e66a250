using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Media;

/// <summary>Media outlives the process that accepted it.</summary>
public sealed class MediaRestartTests
{
    [Fact]
    public async Task Media_and_thumbnails_survive_a_restart()
    {
        var server = await TangleServer.StartAsync();
        try
        {
            var client = await new RawClient(server.CreateHttpClient()).RegisterAsync("keeper");
            var image = TestImages.Png(200, 100);
            var path = MediaRequests.Path(await client.UploadAsync(image, "image/png", "kept.png"));
            using var before = await client.FetchAsync($"_matrix/client/v1/media/thumbnail/{path}?width=32&height=32&method=crop");
            var thumbnail = await before.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

            server = await server.RestartAsync();
            var again = new RawClient(server.CreateHttpClient(), client.AccessToken);
            using var download = await again.FetchAsync($"_matrix/client/v1/media/download/{path}");
            using var after = await again.FetchAsync($"_matrix/client/v1/media/thumbnail/{path}?width=32&height=32&method=crop");

            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(image, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
            Assert.Equal("inline; filename=\"kept.png\"", MediaRequests.Header(download, "Content-Disposition"));
            Assert.Equal(thumbnail, await after.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
