using System.Globalization;
using Microsoft.Net.Http.Headers;
using Tangle.Gateway.Media;
using Tangle.Grains;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;

namespace Tangle.Gateway.Endpoints;

/// <summary>Downloads and thumbnails, for the authenticated and the deprecated unauthenticated endpoints alike.</summary>
internal static class MediaDownloads
{
    /// <summary>How long a download waits for created media by default, and at most (<c>timeout_ms</c>).</summary>
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    /// <summary>How often a waiting download looks again: another gateway may complete the upload, so there is nothing to subscribe to.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary><c>GET …/download/{serverName}/{mediaId}[/{fileName}]</c>: the content, with a file name from the path if given.</summary>
    public static async Task<IResult> DownloadAsync(HttpContext http, IMediaStore store, LocalHomeservers homeservers, TimeProvider clock)
    {
        var media = await AwaitMediaAsync(http, store, homeservers, clock);
        // ASP.NET Core leaves an encoded '/' in route values; everything else arrives decoded.
        var fileName = (http.GetRouteValue("fileName") as string)?.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) ?? media.FileName;
        MediaHeaders.Apply(http.Response, MediaHeaders.Disposition(MediaHeaders.IsInline(media.ContentType), fileName));
        return Results.Stream(store.OpenContent(media), media.ContentType,
            lastModified: DateTimeOffset.FromUnixTimeMilliseconds(media.CreatedTs),
            entityTag: new EntityTagHeaderValue($"\"{media.Sha256}\""),
            enableRangeProcessing: true);
    }

    /// <summary><c>GET …/thumbnail/{serverName}/{mediaId}?width=&amp;height=&amp;method=&amp;animated=</c>.</summary>
    public static async Task<IResult> ThumbnailAsync(
        HttpContext http, IMediaStore store, Thumbnailer thumbnailer, LocalHomeservers homeservers, TimeProvider clock)
    {
        var request = ThumbnailRequest.Parse(http.Request.Query);
        var media = await AwaitMediaAsync(http, store, homeservers, clock);
        if (store.FindThumbnail(media.MediaId, request.CacheKey) is { } cached)
            return Thumbnail(http, cached.Content, cached.ContentType);

        ThumbnailOutcome outcome;
        await using (var source = store.OpenContent(media))
            outcome = await thumbnailer.CreateAsync(source, request, http.RequestAborted);
        switch (outcome)
        {
            case UseOriginal original:
                return Thumbnail(http, store.OpenContent(media), original.ContentType);
            case GeneratedThumbnail generated:
                await store.StoreThumbnailAsync(media.MediaId, request.CacheKey, generated.Bytes, generated.ContentType, http.RequestAborted);
                return Thumbnail(http, new MemoryStream(generated.Bytes, writable: false), generated.ContentType);
            default:
                throw new InvalidOperationException($"unexpected thumbnail outcome {outcome}");
        }
    }

    private static IResult Thumbnail(HttpContext http, Stream content, string contentType)
    {
        var extension = contentType switch
        {
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            "image/webp" => "webp",
            _ => "png",
        };
        MediaHeaders.Apply(http.Response, MediaHeaders.Disposition(inline: true, $"thumbnail.{extension}"));
        return Results.Stream(content, contentType);
    }

    /// <summary>
    /// The uploaded media the path names. Media created but not yet uploaded is waited for up to
    /// <c>timeout_ms</c>, then answered with 504 M_NOT_YET_UPLOADED; anything else unknown is 404.
    /// </summary>
    private static async Task<LocalMedia> AwaitMediaAsync(HttpContext http, IMediaStore store, LocalHomeservers homeservers, TimeProvider clock)
    {
        var mediaId = MediaEndpoints.LocalMediaId(http, homeservers);
        var wait = WaitOf(http.Request.Query);
        var started = clock.GetTimestamp();
        var cancellation = http.RequestAborted;
        while (true)
        {
            if (await store.FindAsync(mediaId, cancellation) is { } media)
                return media;
            if (await store.FindPendingAsync(mediaId, cancellation) is null)
                // The upload may have completed between the two looks.
                return await store.FindAsync(mediaId, cancellation) ?? throw MatrixException.NotFound("media not found");
            var remaining = wait - clock.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
                throw new MatrixException(ErrCode.NotYetUploaded, "content has not yet been uploaded", 504);
            await Task.Delay(remaining < PollInterval ? remaining : PollInterval, clock, cancellation);
        }
    }

    private static TimeSpan WaitOf(IQueryCollection query)
    {
        var text = query["timeout_ms"].ToString();
        if (text.Length == 0)
            return DefaultWait;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            throw MatrixException.InvalidParam("timeout_ms must be a non-negative integer");
        return ms > MaxWait.TotalMilliseconds ? MaxWait : TimeSpan.FromMilliseconds(ms);
    }
}
