using System.Net;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Media;

/// <summary>Thumbnails: sizes for crop and scale, never upscaled, formats, caching and refusals.</summary>
public sealed class ThumbnailTests(MediaFixture fixture) : IClassFixture<MediaFixture>
{
    private async Task<(RawClient Client, string Path)> UploadAsync(byte[] content, string contentType)
    {
        var client = await fixture.UserAsync();
        return (client, MediaRequests.Path(await client.UploadAsync(content, contentType)));
    }

    private static async Task<(HttpResponseMessage Response, byte[] Body)> ThumbnailAsync(RawClient client, string path, string query, bool legacy = false)
    {
        var response = legacy
            ? await client.FetchAsync($"_matrix/media/v3/thumbnail/{path}?{query}", authenticated: false)
            : await client.FetchAsync($"_matrix/client/v1/media/thumbnail/{path}?{query}");
        return (response, await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Crop_returns_exactly_the_requested_size_from_the_middle()
    {
        var (client, path) = await UploadAsync(TestImages.Bands(300, 100), "image/png");

        var (response, body) = await ThumbnailAsync(client, path, "width=64&height=64&method=crop");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var thumbnail = Image.Load<Rgba32>(body);
        Assert.Equal((64, 64), (thumbnail.Width, thumbnail.Height));
        // The centre band is green; a crop from the middle has no red or blue at its edges.
        Assert.Equal(TestImages.Green, thumbnail[0, 32]);
        Assert.Equal(TestImages.Green, thumbnail[63, 32]);
    }

    [Fact]
    public async Task Scale_keeps_the_aspect_ratio_within_the_requested_size()
    {
        var (client, path) = await UploadAsync(TestImages.Png(200, 100), "image/png");

        var (_, body) = await ThumbnailAsync(client, path, "width=64&height=64&method=scale");

        using var thumbnail = Image.Load<Rgba32>(body);
        Assert.Equal((64, 32), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task Scale_is_the_default_method()
    {
        var (client, path) = await UploadAsync(TestImages.Png(100, 300), "image/png");

        var (_, body) = await ThumbnailAsync(client, path, "width=96&height=96");

        using var thumbnail = Image.Load<Rgba32>(body);
        Assert.Equal((32, 96), (thumbnail.Width, thumbnail.Height));
    }

    [Theory]
    [InlineData("crop")]
    [InlineData("scale")]
    public async Task An_image_smaller_than_requested_is_returned_as_it_is(string method)
    {
        var original = TestImages.Png(40, 30);
        var (client, path) = await UploadAsync(original, "image/png");

        var (response, body) = await ThumbnailAsync(client, path, $"width=320&height=240&method={method}");

        Assert.Equal(original, body);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Crop_never_upscales_the_part_it_cuts()
    {
        var (client, path) = await UploadAsync(TestImages.Png(200, 50), "image/png");

        var (_, body) = await ThumbnailAsync(client, path, "width=96&height=96&method=crop");

        using var thumbnail = Image.Load<Rgba32>(body);
        Assert.Equal((50, 50), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task A_jpeg_thumbnail_stays_a_jpeg()
    {
        var (client, path) = await UploadAsync(TestImages.Jpeg(320, 240), "image/jpeg");

        var (response, body) = await ThumbnailAsync(client, path, "width=32&height=32&method=crop");

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline; filename=\"thumbnail.jpg\"", MediaRequests.Header(response, "Content-Disposition"));
        using var thumbnail = Image.Load<Rgba32>(body);
        Assert.Equal((32, 32), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task A_webp_image_is_thumbnailed_as_png()
    {
        var (client, path) = await UploadAsync(TestImages.Webp(320, 240), "image/webp");

        var (response, body) = await ThumbnailAsync(client, path, "width=160&height=160&method=scale");

        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var thumbnail = Image.Load<Rgba32>(body);
        Assert.Equal((160, 120), (thumbnail.Width, thumbnail.Height));
    }

    [Fact]
    public async Task An_animated_gif_stays_animated_only_when_asked()
    {
        var (client, path) = await UploadAsync(TestImages.AnimatedGif(120, 120, 4), "image/gif");

        var (animatedResponse, animatedBody) = await ThumbnailAsync(client, path, "width=32&height=32&method=crop&animated=true");
        var (stillResponse, stillBody) = await ThumbnailAsync(client, path, "width=32&height=32&method=crop&animated=false");
        var (_, defaultBody) = await ThumbnailAsync(client, path, "width=32&height=32&method=crop");

        Assert.Equal("image/gif", animatedResponse.Content.Headers.ContentType!.MediaType);
        using var animated = Image.Load<Rgba32>(animatedBody);
        Assert.Equal((32, 32, 4), (animated.Width, animated.Height, animated.Frames.Count));
        Assert.Equal("image/png", stillResponse.Content.Headers.ContentType!.MediaType);
        using var still = Image.Load<Rgba32>(stillBody);
        Assert.Equal((32, 32, 1), (still.Width, still.Height, still.Frames.Count));
        Assert.Equal(stillBody, defaultBody);
    }

    [Fact]
    public async Task A_small_animated_gif_is_not_served_animated_unless_asked()
    {
        var (client, path) = await UploadAsync(TestImages.AnimatedGif(20, 20, 3), "image/gif");

        var (response, body) = await ThumbnailAsync(client, path, "width=96&height=96&method=scale");

        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var still = Image.Load<Rgba32>(body);
        Assert.Equal((20, 20, 1), (still.Width, still.Height, still.Frames.Count));
    }

    [Fact]
    public async Task Thumbnails_are_served_inline_sandboxed_and_cross_origin()
    {
        var (client, path) = await UploadAsync(TestImages.Png(200, 200), "image/png");

        var (response, _) = await ThumbnailAsync(client, path, "width=32&height=32&method=crop");

        Assert.Equal("inline; filename=\"thumbnail.png\"", MediaRequests.Header(response, "Content-Disposition"));
        Assert.StartsWith("sandbox;", MediaRequests.Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("cross-origin", MediaRequests.Header(response, "Cross-Origin-Resource-Policy"));
    }

    [Fact]
    public async Task A_generated_thumbnail_is_kept_on_disk_and_served_again()
    {
        var (client, path) = await UploadAsync(TestImages.Png(200, 200), "image/png");
        var mediaId = path[(path.IndexOf('/', StringComparison.Ordinal) + 1)..];

        var (_, first) = await ThumbnailAsync(client, path, "width=96&height=96&method=crop");
        var cached = System.IO.Path.Combine(fixture.Server.DataDirectory, "media", "thumbnails", mediaId[..2], mediaId[2..4], mediaId, "96x96-crop-static.png");
        var (_, second) = await ThumbnailAsync(client, path, "width=96&height=96&method=crop");

        Assert.Equal(first, await File.ReadAllBytesAsync(cached, TestContext.Current.CancellationToken));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task The_legacy_thumbnail_works_without_a_token()
    {
        var (client, path) = await UploadAsync(TestImages.Png(200, 100), "image/png");

        var (response, body) = await ThumbnailAsync(client, path, "width=50&height=50&method=crop", legacy: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var thumbnail = Image.Load<Rgba32>(body);
        Assert.Equal((50, 50), (thumbnail.Width, thumbnail.Height));
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png")]
    public async Task Content_that_is_not_an_image_cannot_be_thumbnailed(string contentType)
    {
        var (client, path) = await UploadAsync("%PDF-1.4 not an image"u8.ToArray(), contentType);

        var (response, _) = await ThumbnailAsync(client, path, "width=32&height=32");

        Assert.Equal((HttpStatusCode.BadRequest, "M_UNKNOWN"), (response.StatusCode, await MediaRequests.ErrCodeAsync(response)));
    }

    [Fact]
    public async Task An_image_with_too_many_pixels_is_too_large_to_thumbnail()
    {
        var (client, path) = await UploadAsync(TestImages.Png(600, 600), "image/png");

        var (response, _) = await ThumbnailAsync(client, path, "width=32&height=32");

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "M_TOO_LARGE"), (response.StatusCode, await MediaRequests.ErrCodeAsync(response)));
    }

    [Theory]
    [InlineData("height=32", "M_MISSING_PARAM")]
    [InlineData("width=32", "M_MISSING_PARAM")]
    [InlineData("width=-1&height=32", "M_INVALID_PARAM")]
    [InlineData("width=0&height=32", "M_INVALID_PARAM")]
    [InlineData("width=3.5&height=32", "M_INVALID_PARAM")]
    [InlineData("width=32&height=32&method=stretch", "M_INVALID_PARAM")]
    [InlineData("width=32&height=32&animated=yes", "M_INVALID_PARAM")]
    public async Task Nonsensical_parameters_are_refused(string query, string errcode)
    {
        var (client, path) = await UploadAsync(TestImages.Png(64, 64), "image/png");

        var (response, _) = await ThumbnailAsync(client, path, query);

        Assert.Equal((HttpStatusCode.BadRequest, errcode), (response.StatusCode, await MediaRequests.ErrCodeAsync(response)));
    }
}
