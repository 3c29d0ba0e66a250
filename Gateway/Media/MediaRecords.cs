namespace Tangle.Gateway.Media;

/// <summary>What the uploader said about content: its type, its file name, who they are.</summary>
internal sealed record MediaUpload(string ContentType, string? FileName, string Uploader);

/// <summary>Content uploaded to this server, as recorded beside its bytes.</summary>
/// <param name="CreatedTs">When the upload completed, in milliseconds since the Unix epoch.</param>
/// <param name="Sha256">The SHA-256 of the bytes, hex encoded.</param>
internal sealed record LocalMedia(
    string MediaId, string ContentType, string? FileName, long Size, string Uploader, long CreatedTs, string Sha256);

/// <summary>A media id created by <c>POST /_matrix/media/v1/create</c> and not yet uploaded to.</summary>
internal sealed record PendingMedia(string MediaId, string Uploader, long CreatedTs, long ExpiresTs)
{
    public bool IsExpired(long nowMs) => nowMs >= ExpiresTs;
}

/// <summary>A generated thumbnail kept on disk.</summary>
internal sealed record CachedThumbnail(Stream Content, string ContentType);
