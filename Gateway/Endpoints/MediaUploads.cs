using Microsoft.Extensions.Options;
using Tangle.Gateway.Http;
using Tangle.Gateway.Media;
using Tangle.Grains;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;
using Tangle.Grains.Rooms;
using Tangle.Silo;

namespace Tangle.Gateway.Endpoints;

/// <summary>Uploads: in one request, or as a media id created first and uploaded to later.</summary>
internal static class MediaUploads
{
    /// <summary><c>POST /_matrix/media/v3/upload?filename=</c>: the body is the content, its Content-Type the type.</summary>
    public static async Task<IResult> UploadAsync(HttpContext http, IMediaStore store, IOptions<TangleOptions> options)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var upload = UploadOf(http, requester, options.Value.Media);
        var media = await store.UploadAsync(http.Request.Body, upload, http.RequestAborted);
        return MatrixResults.Json(new { content_uri = MediaIds.MxcUri(requester.User.Server.Value, media.MediaId) });
    }

    /// <summary><c>POST /_matrix/media/v1/create</c>: a media id to upload to later, and when it expires.</summary>
    public static async Task<IResult> CreateAsync(HttpContext http, IMediaStore store)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var pending = await store.CreateAsync(requester.User.Value, http.RequestAborted);
        return MatrixResults.Json(new
        {
            content_uri = MediaIds.MxcUri(requester.User.Server.Value, pending.MediaId),
            unused_expires_at = pending.ExpiresTs,
        });
    }

    /// <summary><c>PUT /_matrix/media/v3/upload/{serverName}/{mediaId}</c>: the content of a created media id, once, by its creator.</summary>
    public static async Task<IResult> UploadToAsync(HttpContext http, IMediaStore store, LocalHomeservers homeservers, IOptions<TangleOptions> options)
    {
        var requester = MatrixAuthentication.RequesterOf(http);
        var mediaId = MediaEndpoints.LocalMediaId(http, homeservers);
        var upload = UploadOf(http, requester, options.Value.Media);
        await store.UploadToAsync(mediaId, http.Request.Body, upload, http.RequestAborted);
        return MatrixResults.Empty();
    }

    /// <summary>The upload's description; a declared length over the limit is refused before reading anything.</summary>
    private static MediaUpload UploadOf(HttpContext http, Requester requester, MediaOptions options)
    {
        if (http.Request.ContentLength > options.MaxUploadBytes)
            throw new MatrixException(ErrCode.TooLarge, $"uploads are limited to {options.MaxUploadBytes} bytes", 413);
        var fileName = http.Request.Query["filename"].ToString();
        return new MediaUpload(
            MediaHeaders.NormalizeContentType(http.Request.ContentType),
            fileName.Length == 0 ? null : fileName,
            requester.User.Value);
    }
}
