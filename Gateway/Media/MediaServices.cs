using Microsoft.Extensions.DependencyInjection.Extensions;
using Tangle.Silo;

namespace Tangle.Gateway.Media;

/// <summary>Registers the media repository of a standalone server: media on the local disk under the data directory.</summary>
internal static class MediaServices
{
    public static IServiceCollection AddTangleMedia(this IServiceCollection services, TangleOptions options)
    {
        var root = Path.Combine(Path.GetFullPath(options.DataDirectory), "media");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IMediaStore>(sp => new DiskMediaStore(
            root, options.Media.MaxUploadBytes, options.Media.MaxPendingUploads, options.Media.UnusedExpiry, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new Thumbnailer(options.Media.MaxThumbnailPixels));
        return services;
    }
}
