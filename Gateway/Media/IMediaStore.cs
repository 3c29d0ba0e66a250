namespace Tangle.Gateway.Media;

/// <summary>
/// Where this server's media lives. Standalone keeps it on the local disk; a cluster puts it on
/// storage every gateway can reach, which is why nothing here assumes one process.
/// Refusals (too large, already uploaded, not the uploader) are thrown as MatrixExceptions.
/// </summary>
internal interface IMediaStore
{
    /// <summary>Stores content under a new media id; returns once the bytes and metadata are durable.</summary>
    Task<LocalMedia> UploadAsync(Stream content, MediaUpload upload, CancellationToken cancellationToken);

    /// <summary>Reserves a media id for content that will be uploaded later.</summary>
    Task<PendingMedia> CreateAsync(string uploader, CancellationToken cancellationToken);

    /// <summary>Stores the content of a media id reserved by <see cref="CreateAsync"/>, once.</summary>
    Task<LocalMedia> UploadToAsync(string mediaId, Stream content, MediaUpload upload, CancellationToken cancellationToken);

    /// <summary>The uploaded media with this id, or null.</summary>
    Task<LocalMedia?> FindAsync(string mediaId, CancellationToken cancellationToken);

    /// <summary>The unexpired reservation with this id that has no content yet, or null.</summary>
    Task<PendingMedia?> FindPendingAsync(string mediaId, CancellationToken cancellationToken);

    /// <summary>Opens uploaded content for reading; the stream is seekable.</summary>
    Stream OpenContent(LocalMedia media);

    /// <summary>A thumbnail generated earlier under this key, or null.</summary>
    CachedThumbnail? FindThumbnail(string mediaId, string key);

    /// <summary>Keeps a generated thumbnail for later requests with the same key.</summary>
    Task StoreThumbnailAsync(string mediaId, string key, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken cancellationToken);
}
