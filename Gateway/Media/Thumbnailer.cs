using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Processing;
using Tangle.Grains;
using Tangle.Grains.Matrix;

namespace Tangle.Gateway.Media;

/// <summary>The answer to a thumbnail request.</summary>
internal abstract record ThumbnailOutcome;

/// <summary>The content is no larger than requested, so it is its own thumbnail (served as the image type it really is).</summary>
internal sealed record UseOriginal(string ContentType) : ThumbnailOutcome;

/// <summary>A newly made thumbnail.</summary>
internal sealed record GeneratedThumbnail(byte[] Bytes, string ContentType) : ThumbnailOutcome;

/// <summary>
/// Makes thumbnails of JPEG, PNG, GIF and WebP images. Never upscales: crop cuts the largest centred
/// region of the requested aspect ratio and shrinks it to the requested size; scale shrinks the
/// whole image to fit within the requested size. JPEG stays JPEG, animated GIFs stay animated when
/// asked, everything else becomes PNG. Metadata (EXIF: camera, location) is not carried over.
/// </summary>
internal sealed class Thumbnailer(long maxPixels)
{
    /// <summary>Only the formats clients send; other decoders are attack surface with no use here.</summary>
    private static readonly Configuration Formats = new(
        new JpegConfigurationModule(), new PngConfigurationModule(), new GifConfigurationModule(), new WebpConfigurationModule());

    /// <summary>Decoding is memory- and CPU-heavy: at most one image per core at a time.</summary>
    private readonly SemaphoreSlim _slots = new(Math.Max(1, Environment.ProcessorCount));

    public async Task<ThumbnailOutcome> CreateAsync(Stream source, ThumbnailRequest request, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return Create(source, request);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException)
        {
            throw CannotThumbnail();
        }
        catch (InvalidMemoryOperationException)
        {
            throw TooLarge();
        }
        finally
        {
            _slots.Release();
        }
    }

    private ThumbnailOutcome Create(Stream source, ThumbnailRequest request)
    {
        var info = Image.Identify(Formats, source, out var format);
        if (info is null || format is null)
            throw CannotThumbnail();
        var pixels = (long)info.Width * info.Height;
        if (pixels > maxPixels)
            throw TooLarge();
        source.Position = 0;

        var isGif = format is GifFormat;
        var animate = request.Animated && isGif;
        var decoder = isGif
            ? new GifDecoder
            {
                DecodingMode = animate ? FrameDecodingMode.All : FrameDecodingMode.First,
                // Every frame is decoded to full size: keep the total within the pixel budget.
                MaxFrames = (uint)Math.Max(1, maxPixels / Math.Max(1, pixels)),
            }
            : Formats.ImageFormatsManager.FindDecoder(format);
        using var image = Image.Load(Formats, source, decoder);
        image.Mutate(x => x.AutoOrient());

        var plan = Plan(image.Width, image.Height, request);
        // A GIF decoded for a still thumbnail may have been animated, which the client did not ask for.
        if (plan is null && !(isGif && !animate))
            return new UseOriginal(format.DefaultMimeType);
        if (plan is { } cut)
        {
            var whole = cut.Region.Size == image.Size();
            image.Mutate(x =>
            {
                if (!whole)
                    x.Crop(cut.Region);
                if (cut.Size != cut.Region.Size)
                    x.Resize(cut.Size);
            });
        }

        image.Metadata.ExifProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IptcProfile = null;
        using var output = new MemoryStream();
        var (encoder, contentType) = Encoder(format, animate);
        image.Save(output, encoder);
        return new GeneratedThumbnail(output.ToArray(), contentType);
    }

    /// <summary>What to cut and the size to shrink it to, or null when the image already fits.</summary>
    internal static (Rectangle Region, Size Size)? Plan(int width, int height, ThumbnailRequest request)
    {
        if (width <= request.Width && height <= request.Height)
            return null;
        if (request.Method == ThumbnailMethod.Scale)
        {
            var factor = Math.Min((double)request.Width / width, (double)request.Height / height);
            return (new Rectangle(0, 0, width, height), new Size(Scaled(width, factor), Scaled(height, factor)));
        }

        // Crop: the largest centred region with the requested aspect ratio…
        int regionWidth = width, regionHeight = height;
        if ((long)width * request.Height > (long)height * request.Width)
            regionWidth = Scaled(height, (double)request.Width / request.Height);
        else
            regionHeight = Scaled(width, (double)request.Height / request.Width);
        var region = new Rectangle((width - regionWidth) / 2, (height - regionHeight) / 2, regionWidth, regionHeight);
        // …shrunk to exactly the requested size, or kept as it is when it is smaller (never upscale).
        var fits = regionWidth >= request.Width && regionHeight >= request.Height;
        return (region, fits ? new Size(request.Width, request.Height) : region.Size);
    }

    private static int Scaled(int length, double factor) => Math.Max(1, (int)Math.Round(length * factor));

    private static (IImageEncoder Encoder, string ContentType) Encoder(IImageFormat source, bool animated) => source switch
    {
        GifFormat when animated => (new GifEncoder(), "image/gif"),
        JpegFormat => (new JpegEncoder { Quality = 85 }, "image/jpeg"),
        _ => (new PngEncoder(), "image/png"),
    };

    private static MatrixException CannotThumbnail() => new(ErrCode.Unknown, "cannot generate thumbnails for the requested content", 400);

    private static MatrixException TooLarge() => new(ErrCode.TooLarge, "content is too large to thumbnail", 413);
}
