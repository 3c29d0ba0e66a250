using Tangle.Testing;

namespace Tangle.Gateway.Tests.Media;

/// <summary>A server with small media limits, so tests can reach them cheaply.</summary>
public sealed class MediaFixture : ServerFixture
{
    public const int MaxUploadBytes = 300_000;
    public const int MaxThumbnailPixels = 250_000;
    public const int MaxPendingUploads = 3;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Tangle:Media:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tangle:Media:MaxThumbnailPixels"] = MaxThumbnailPixels.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tangle:Media:MaxPendingUploads"] = MaxPendingUploads.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
