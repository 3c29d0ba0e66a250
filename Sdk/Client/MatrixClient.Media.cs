using Tangle.Sdk.Http;
using Tangle.Sdk.Media;

namespace Tangle.Sdk;

public sealed partial class MatrixClient
{
    /// <summary><c>POST /_matrix/media/v3/upload</c>: uploads content and returns its <c>mxc://</c> URI.</summary>
    /// <param name="content">The bytes to upload.</param>
    /// <param name="contentType">The content's MIME type.</param>
    /// <param name="fileName">A file name for the media.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<MxcUri> UploadMediaAsync(byte[] content, string contentType = "application/octet-stream", string? fileName = null,
        CancellationToken cancellationToken = default)
    {
        var request = new MatrixRequest(HttpMethod.Post, MatrixPath.MediaV3($"/upload"))
        {
            Query = new Query().Add("filename", fileName),
            RawBody = content,
            RawContentType = contentType,
        };
        var response = await _http.SendAsync<MediaUploadResponse>(request, cancellationToken).ConfigureAwait(false);
        return MxcUri.Parse(response.ContentUri);
    }

    /// <summary><c>GET /_matrix/client/v1/media/download/{serverName}/{mediaId}[/{fileName}]</c>: downloads media.</summary>
    /// <param name="uri">The media.</param>
    /// <param name="fileName">A file name for the server to put in <c>Content-Disposition</c>.</param>
    /// <param name="timeout">How long the server may wait for remote media to arrive.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<MediaDownload> DownloadMediaAsync(MxcUri uri, string? fileName = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var path = fileName is null
            ? MatrixPath.V1($"/media/download/{uri.ServerName}/{uri.MediaId}")
            : MatrixPath.V1($"/media/download/{uri.ServerName}/{uri.MediaId}/{fileName}");
        var request = new MatrixRequest(HttpMethod.Get, path)
        {
            Query = new Query().Add("timeout_ms", Milliseconds(timeout)),
            LongPoll = timeout ?? TimeSpan.Zero,
        };
        var raw = await _http.SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        return new MediaDownload(raw.Body, raw.ContentType, raw.FileName);
    }

    /// <summary><c>GET /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}</c>: a thumbnail of media.</summary>
    /// <param name="uri">The media.</param>
    /// <param name="width">The desired width in pixels.</param>
    /// <param name="height">The desired height in pixels.</param>
    /// <param name="method">Scale or crop; the server's choice when omitted.</param>
    /// <param name="animated">Whether an animated thumbnail is preferred.</param>
    /// <param name="timeout">How long the server may wait for remote media to arrive.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<MediaDownload> GetThumbnailAsync(MxcUri uri, int width, int height, ThumbnailMethod? method = null, bool? animated = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var request = new MatrixRequest(HttpMethod.Get, MatrixPath.V1($"/media/thumbnail/{uri.ServerName}/{uri.MediaId}"))
        {
            Query = new Query()
                .Add("width", width).Add("height", height)
                .Add("method", method switch { ThumbnailMethod.Crop => "crop", ThumbnailMethod.Scale => "scale", _ => null })
                .Add("animated", animated).Add("timeout_ms", Milliseconds(timeout)),
            LongPoll = timeout ?? TimeSpan.Zero,
        };
        var raw = await _http.SendRawAsync(request, cancellationToken).ConfigureAwait(false);
        return new MediaDownload(raw.Body, raw.ContentType, raw.FileName);
    }

    /// <summary><c>GET /_matrix/client/v1/media/config</c>: the server's media limits.</summary>
    public Task<MediaConfig> GetMediaConfigAsync(CancellationToken cancellationToken = default) =>
        _http.SendAsync<MediaConfig>(new(HttpMethod.Get, MatrixPath.V1($"/media/config")), cancellationToken);
}
