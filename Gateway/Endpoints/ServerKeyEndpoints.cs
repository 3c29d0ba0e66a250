using Tangle.Gateway.Http;
using Tangle.Grains.Homeserver;

namespace Tangle.Gateway.Endpoints;

/// <summary>The homeserver's published signing keys, for other servers and for clients that check them.</summary>
internal static class ServerKeyEndpoints
{
    public static void MapServerKeyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_matrix/key/v2/server", ServerKeysAsync);
        app.MapGet("/_matrix/key/v2/server/{keyId}", (IGrainFactory grains, LocalHomeservers homeservers) => ServerKeysAsync(grains, homeservers));
    }

    private static async Task<IResult> ServerKeysAsync(IGrainFactory grains, LocalHomeservers homeservers)
    {
        var keys = await grains.GetGrain<IHomeserverGrain>(homeservers.Default.Name.Value).GetServerKeysAsync();
        return MatrixResults.Write(w => keys.WriteTo(w));
    }
}
