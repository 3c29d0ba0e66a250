using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tangle.Sdk.Media;

/// <summary>Downloaded media: its bytes, type and file name.</summary>
/// <param name="Content">The media bytes.</param>
/// <param name="ContentType">The <c>Content-Type</c> the server gave.</param>
/// <param name="FileName">The file name from <c>Content-Disposition</c>, if any.</param>
public sealed record MediaDownload(byte[] Content, string? ContentType, string? FileName);

/// <summary>The response of <c>GET /_matrix/client/v1/media/config</c>.</summary>
public sealed record MediaConfig
{
    /// <summary>The largest upload the server accepts, in bytes.</summary>
    [JsonPropertyName("m.upload.size")]
    public long? UploadSize { get; init; }

    /// <summary>Every other field, raw.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>How a thumbnail is fitted to the requested size.</summary>
public enum ThumbnailMethod
{
    /// <summary>Scale to fit within the size, keeping the aspect ratio.</summary>
    Scale,

    /// <summary>Crop to exactly the size.</summary>
    Crop,
}

/// <summary>The response of <c>POST /_matrix/media/v3/upload</c>.</summary>
internal sealed record MediaUploadResponse
{
    [JsonPropertyName("content_uri")]
    public string ContentUri { get; init; } = "";
}
