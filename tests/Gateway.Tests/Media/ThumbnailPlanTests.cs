using Tangle.Gateway.Media;

namespace Tangle.Gateway.Tests.Media;

/// <summary>The geometry of thumbnails: what is cut, and the size it is shrunk to.</summary>
public sealed class ThumbnailPlanTests
{
    [Theory]
    // Crop: a centred square from a wide image, shrunk to the request.
    [InlineData(300, 100, 64, 64, "crop", 100, 0, 100, 100, 64, 64)]
    // Crop: a tall request from a wide image.
    [InlineData(400, 300, 32, 64, "crop", 125, 0, 150, 300, 32, 64)]
    // Crop: the region is smaller than the request, so it is kept at its own size.
    [InlineData(200, 50, 96, 96, "crop", 75, 0, 50, 50, 50, 50)]
    // Scale: the whole image, fitted within the request.
    [InlineData(200, 100, 64, 64, "scale", 0, 0, 200, 100, 64, 32)]
    [InlineData(100, 300, 96, 96, "scale", 0, 0, 100, 300, 32, 96)]
    // Scale: one side already fits, the other does not.
    [InlineData(100, 300, 200, 200, "scale", 0, 0, 100, 300, 67, 200)]
    // Scale: a sliver keeps at least one pixel.
    [InlineData(1000, 1, 10, 10, "scale", 0, 0, 1000, 1, 10, 1)]
    public void Plans_cut_and_shrink_without_upscaling(
        int width, int height, int requestWidth, int requestHeight, string method,
        int x, int y, int regionWidth, int regionHeight, int outWidth, int outHeight)
    {
        var request = new ThumbnailRequest(requestWidth, requestHeight, method == "crop" ? ThumbnailMethod.Crop : ThumbnailMethod.Scale, false);

        var plan = Thumbnailer.Plan(width, height, request);

        Assert.NotNull(plan);
        var (region, size) = plan.Value;
        Assert.Equal((x, y, regionWidth, regionHeight), (region.X, region.Y, region.Width, region.Height));
        Assert.Equal((outWidth, outHeight), (size.Width, size.Height));
    }

    [Theory]
    [InlineData(40, 30, "crop")]
    [InlineData(40, 30, "scale")]
    [InlineData(320, 240, "scale")]
    public void An_image_within_the_request_needs_no_thumbnail(int width, int height, string method)
    {
        var request = new ThumbnailRequest(320, 240, method == "crop" ? ThumbnailMethod.Crop : ThumbnailMethod.Scale, false);

        Assert.Null(Thumbnailer.Plan(width, height, request));
    }
}
