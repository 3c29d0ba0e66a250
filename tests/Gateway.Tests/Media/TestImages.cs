using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace Tangle.Gateway.Tests.Media;

/// <summary>Images made in memory for media tests.</summary>
internal static class TestImages
{
    public static readonly Rgba32 Red = new(255, 0, 0);
    public static readonly Rgba32 Green = new(0, 255, 0);
    public static readonly Rgba32 Blue = new(0, 0, 255);

    public static byte[] Png(int width, int height) => Encode(Solid(width, height, Green), i => i.SaveAsPng);

    public static byte[] Jpeg(int width, int height) => Encode(Solid(width, height, Green), i => i.SaveAsJpeg);

    public static byte[] Webp(int width, int height) => Encode(Solid(width, height, Green), i => i.SaveAsWebp);

    /// <summary>Three vertical bands, red | green | blue, so a centred crop is all green.</summary>
    public static byte[] Bands(int width, int height)
    {
        var image = new Image<Rgba32>(width, height);
        for (var x = 0; x < width; x++)
        {
            var colour = x < width / 3 ? Red : x < 2 * width / 3 ? Green : Blue;
            for (var y = 0; y < height; y++)
                image[x, y] = colour;
        }

        return Encode(image, i => i.SaveAsPng);
    }

    /// <summary>An animated GIF whose frames alternate red and blue.</summary>
    public static byte[] AnimatedGif(int width, int height, int frames)
    {
        var image = Solid(width, height, Red);
        for (var i = 1; i < frames; i++)
        {
            using var frame = Solid(width, height, i % 2 == 0 ? Red : Blue);
            image.Frames.AddFrame(frame.Frames.RootFrame);
        }

        return Encode(image, i => s => i.Save(s, new GifEncoder()));
    }

    private static Image<Rgba32> Solid(int width, int height, Rgba32 colour) => new(width, height, colour);

    private static byte[] Encode(Image<Rgba32> image, Func<Image<Rgba32>, Action<Stream>> save)
    {
        using (image)
        {
            using var output = new MemoryStream();
            save(image)(output);
            return output.ToArray();
        }
    }
}
