using Tangle.Gateway.Http;
using Tangle.Grains.Homeserver;
using Tangle.Protocol.Rooms;

namespace Tangle.Gateway.Endpoints;

/// <summary>What the server supports: versions, capabilities, discovery.</summary>
internal static class ServerInfoEndpoints
{
    /// <summary>The Client-Server API versions this server implements.</summary>
    public static readonly string[] Versions =
        ["r0.5.0", "r0.6.0", "r0.6.1", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10", "v1.11", "v1.12"];

    public static void MapServerInfoEndpoints(this IEndpointRouteBuilder app, IEndpointRouteBuilder client)
    {
        app.MapGet("/_matrix/client/versions", () => MatrixResults.Json(new
        {
            versions = Versions,
            unstable_features = new Dictionary<string, bool>(),
        })).WithMetadata(new AllowAnonymousMatrixAttribute());
        app.MapGet("/.well-known/matrix/client", (HttpRequest request) => MatrixResults.Json(new Dictionary<string, object>
        {
            ["m.homeserver"] = new { base_url = $"{request.Scheme}://{request.Host}" },
        }));
        client.Get("/capabilities", Capabilities, new AllowGuestsAttribute());
    }

    private static IResult Capabilities(LocalHomeservers homeservers) => MatrixResults.Json(new
    {
        capabilities = new Dictionary<string, object>
        {
            ["m.change_password"] = new { enabled = true },
            ["m.room_versions"] = new
            {
                @default = homeservers.Default.DefaultRoomVersion.Id,
                available = RoomVersions.All.ToDictionary(v => v.Id, v => v.Stability == RoomVersionStability.Stable ? "stable" : "unstable"),
            },
            ["m.set_displayname"] = new { enabled = true },
            ["m.set_avatar_url"] = new { enabled = true },
            ["m.3pid_changes"] = new { enabled = false },
            ["m.get_login_token"] = new { enabled = false },
        },
    });
}
