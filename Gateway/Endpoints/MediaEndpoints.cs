using Microsoft.Extensions.Options;
using Tangle.Gateway.Http;
using Tangle.Gateway.Media;
using Tangle.Grains;
using Tangle.Grains.Homeserver;
using Tangle.Protocol.Identifiers;
using Tangle.Silo;

namespace Tangle.Gateway.Endpoints;

/// <summary>
/// The content repository. Since v1.11 downloads, thumbnails and the configuration live under
/// <c>/_matrix/client/v1/media</c> and need a token; upload and create stay under
/// <c>/_matrix/media</c>, where the deprecated download and thumbnail endpoints still answer without one.
/// </summary>
internal static class MediaEndpoints
{
    public static void MapMediaEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder client)
    {
        var guests = new AllowGuestsAttribute();
        client.MapV1("GET", "/media/config", Config, guests);
        client.MapV1("GET", "/media/download/{serverName}/{mediaId}", MediaDownloads.DownloadAsync, guests);
        client.MapV1("GET", "/media/download/{serverName}/{mediaId}/{fileName}", MediaDownloads.DownloadAsync, guests);
        client.MapV1("GET", "/media/thumbnail/{serverName}/{mediaId}", MediaDownloads.ThumbnailAsync, guests);

        var media = app.MapGroup("/_matrix/media").AddEndpointFilter<MatrixAuthentication>();
        var anonymous = new AllowAnonymousMatrixAttribute();
        foreach (var version in new[] { "v3", "r0" })
        {
            media.MapPost($"/{version}/upload", MediaUploads.UploadAsync);
            media.MapGet($"/{version}/config", Config).WithMetadata(guests);
            media.MapGet($"/{version}/download/{{serverName}}/{{mediaId}}", MediaDownloads.DownloadAsync).WithMetadata(anonymous, guests);
            media.MapGet($"/{version}/download/{{serverName}}/{{mediaId}}/{{fileName}}", MediaDownloads.DownloadAsync).WithMetadata(anonymous, guests);
            media.MapGet($"/{version}/thumbnail/{{serverName}}/{{mediaId}}", MediaDownloads.ThumbnailAsync).WithMetadata(anonymous, guests);
        }

        media.MapPost("/v1/create", MediaUploads.CreateAsync);
        media.MapPut("/v3/upload/{serverName}/{mediaId}", MediaUploads.UploadToAsync);
    }

    private static IResult Config(IOptions<TangleOptions> options) =>
        MatrixResults.Json(new Dictionary<string, object> { ["m.upload.size"] = options.Value.Media.MaxUploadBytes });

    /// <summary>
    /// The media id of an <c>mxc://</c> URI in the path, if it names media of this server; anything else
    /// cannot exist here (remote media comes with federation), so it is not found.
    /// </summary>
    internal static string LocalMediaId(HttpContext http, LocalHomeservers homeservers)
    {
        var serverName = http.GetRouteValue("serverName") as string;
        var mediaId = http.GetRouteValue("mediaId") as string;
        if (ServerName.Parse(serverName) is not { IsOk: true } server || !homeservers.IsLocal(server.Value) || !MediaIds.IsValid(mediaId))
            throw MatrixException.NotFound("media not found");
        return mediaId!;
    }
}
