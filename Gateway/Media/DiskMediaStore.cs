using System.Security.Cryptography;
using System.Text.Json;
using Tangle.Grains;
using Tangle.Grains.Matrix;

namespace Tangle.Gateway.Media;

/// <summary>
/// Media in a directory tree (by default <c>&lt;data&gt;/media</c>):
/// <code>
/// local/ab/cd/abcdEFGH…        the bytes of media id abcdEFGH…
/// local/ab/cd/abcdEFGH….json   its metadata (content type, file name, size, uploader, created_ts, sha256)
/// pending/abcdEFGH….json       a media id made by /create that has no content yet
/// thumbnails/ab/cd/abcdEFGH…/96x96-crop-static.png   generated thumbnails
/// tmp/                         writes in progress (renamed into place when durable)
/// </code>
/// Content is renamed into place without overwriting before its metadata is written, so a media id
/// is uploaded exactly once even when several gateways share the directory, and media is visible
/// only once both are on the disk. Two-level fan-out keeps directories small.
/// </summary>
internal sealed class DiskMediaStore(string root, long maxUploadBytes, int maxPendingPerUser, TimeSpan unusedExpiry, TimeProvider clock) : IMediaStore
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly string[] ThumbnailTypes = ["image/png", "image/jpeg", "image/gif"];

    private readonly SemaphoreSlim _creating = new(1, 1);

    private string Temporary => Path.Combine(root, "tmp");

    public async Task<LocalMedia> UploadAsync(Stream content, MediaUpload upload, CancellationToken cancellationToken)
    {
        var mediaId = MediaIds.Generate();
        var (temporary, size, sha256) = await ReceiveAsync(content, cancellationToken);
        Commit(temporary, ContentPath(mediaId));
        var media = new LocalMedia(mediaId, upload.ContentType, upload.FileName, size, upload.Uploader, Now, sha256);
        await WriteJsonAsync(MetadataPath(mediaId), media, cancellationToken);
        return media;
    }

    public async Task<PendingMedia> CreateAsync(string uploader, CancellationToken cancellationToken)
    {
        // One creation at a time in this process, so a user's burst cannot slip past the limit.
        await _creating.WaitAsync(cancellationToken);
        try
        {
            var pending = 0;
            foreach (var reservation in await PendingReservationsAsync(cancellationToken))
                pending += reservation.Uploader == uploader ? 1 : 0;
            if (pending >= maxPendingPerUser)
                throw new MatrixException(ErrCode.LimitExceeded, "too many media ids are waiting for their upload", 429);
            var now = Now;
            var created = new PendingMedia(MediaIds.Generate(), uploader, now, now + (long)unusedExpiry.TotalMilliseconds);
            await WriteJsonAsync(PendingPath(created.MediaId), created, cancellationToken);
            return created;
        }
        finally
        {
            _creating.Release();
        }
    }

    public async Task<LocalMedia> UploadToAsync(string mediaId, Stream content, MediaUpload upload, CancellationToken cancellationToken)
    {
        if (File.Exists(MetadataPath(mediaId)))
            throw new MatrixException(ErrCode.CannotOverwriteMedia, "media already uploaded", 409);
        var pending = await ReadJsonAsync<PendingMedia>(PendingPath(mediaId), cancellationToken);
        if (pending is null || pending.IsExpired(Now))
            throw MatrixException.NotFound("unknown or expired media id");
        if (pending.Uploader != upload.Uploader)
            throw MatrixException.Forbidden("this media id was created by another user");
        var (temporary, size, sha256) = await ReceiveAsync(content, cancellationToken);
        Commit(temporary, ContentPath(mediaId));
        var media = new LocalMedia(mediaId, upload.ContentType, upload.FileName, size, upload.Uploader, Now, sha256);
        await WriteJsonAsync(MetadataPath(mediaId), media, cancellationToken);
        File.Delete(PendingPath(mediaId));
        return media;
    }

    public Task<LocalMedia?> FindAsync(string mediaId, CancellationToken cancellationToken) =>
        ReadJsonAsync<LocalMedia>(MetadataPath(mediaId), cancellationToken);

    public async Task<PendingMedia?> FindPendingAsync(string mediaId, CancellationToken cancellationToken)
    {
        var pending = await ReadJsonAsync<PendingMedia>(PendingPath(mediaId), cancellationToken);
        return pending is null || pending.IsExpired(Now) || File.Exists(MetadataPath(mediaId)) ? null : pending;
    }

    public Stream OpenContent(LocalMedia media) =>
        new FileStream(ContentPath(media.MediaId), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);

    public CachedThumbnail? FindThumbnail(string mediaId, string key)
    {
        foreach (var type in ThumbnailTypes)
        {
            var path = ThumbnailPath(mediaId, key, type);
            if (File.Exists(path))
                return new CachedThumbnail(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16 * 1024, FileOptions.Asynchronous), type);
        }

        return null;
    }

    public Task StoreThumbnailAsync(string mediaId, string key, ReadOnlyMemory<byte> bytes, string contentType, CancellationToken cancellationToken) =>
        DurableFiles.WriteAsync(ThumbnailPath(mediaId, key, contentType), bytes, Temporary, cancellationToken);

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Copies the body to a flushed temporary file, measuring and hashing it on the way.</summary>
    private async Task<(string Temporary, long Size, string Sha256)> ReceiveAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = DurableFiles.CreateTemporary(Temporary, out var temporary);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > maxUploadBytes)
                    throw new MatrixException(ErrCode.TooLarge, $"uploads are limited to {maxUploadBytes} bytes", 413);
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await DurableFiles.FlushAndCloseAsync(file);
            return (temporary, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        catch
        {
            await file.DisposeAsync();
            File.Delete(temporary);
            throw;
        }
    }

    private static void Commit(string temporary, string path)
    {
        try
        {
            DurableFiles.Commit(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            throw new MatrixException(ErrCode.CannotOverwriteMedia, "media already uploaded", 409);
        }
    }

    /// <summary>The unexpired reservations; expired ones are deleted on the way.</summary>
    private async Task<List<PendingMedia>> PendingReservationsAsync(CancellationToken cancellationToken)
    {
        var live = new List<PendingMedia>();
        var directory = Path.Combine(root, "pending");
        if (!Directory.Exists(directory))
            return live;
        var now = Now;
        foreach (var path in Directory.EnumerateFiles(directory, "*.json"))
        {
            var pending = await ReadJsonAsync<PendingMedia>(path, cancellationToken);
            if (pending is null)
                continue;
            if (pending.IsExpired(now) || File.Exists(MetadataPath(pending.MediaId)))
                File.Delete(path);
            else
                live.Add(pending);
        }

        return live;
    }

    private async Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken) =>
        await DurableFiles.WriteAsync(path, JsonSerializer.SerializeToUtf8Bytes(value, Json), Temporary, cancellationToken);

    private static async Task<T?> ReadJsonAsync<T>(string path, CancellationToken cancellationToken) where T : class
    {
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
            return await JsonSerializer.DeserializeAsync<T>(file, Json, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Callers check ids from URLs already; this makes sure no path ever leaves the media directory.</summary>
    private static string Checked(string mediaId) =>
        MediaIds.IsValid(mediaId) ? mediaId : throw new ArgumentException($"'{mediaId}' is not a media id", nameof(mediaId));

    private string Shard(string kind, string mediaId) =>
        Path.Combine(root, kind, Checked(mediaId)[..Math.Min(2, mediaId.Length)], mediaId.Length > 2 ? mediaId[2..Math.Min(4, mediaId.Length)] : "_");

    private string ContentPath(string mediaId) => Path.Combine(Shard("local", mediaId), mediaId);

    private string MetadataPath(string mediaId) => ContentPath(mediaId) + ".json";

    private string PendingPath(string mediaId) => Path.Combine(root, "pending", Checked(mediaId) + ".json");

    private string ThumbnailPath(string mediaId, string key, string contentType) =>
        Path.Combine(Shard("thumbnails", mediaId), mediaId, key + contentType switch
        {
            "image/jpeg" => ".jpg",
            "image/gif" => ".gif",
            _ => ".png",
        });
}
