using Tangle.Gateway.Endpoints;
using Tangle.Gateway.Http;
using Tangle.Gateway.Media;
using Tangle.Silo;

namespace Tangle.Gateway.Hosting;

/// <summary>Wires the standalone homeserver: a silo and the gateway in one process.</summary>
public static class TangleHosting
{
    /// <summary>The default listen address when neither --urls nor ASPNETCORE_URLS names one.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8008";

    public static WebApplicationBuilder AddTangle(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TangleOptions.Section);
        var options = section.Get<TangleOptions>() ?? new TangleOptions();
        builder.Services.Configure<TangleOptions>(section);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Math.Max(options.Media.MaxUploadBytes, RequestBodies.MaxJsonBytes) + 1);
        builder.UseOrleans(silo => silo.UseTangleStandalone(options));
        builder.Services.AddSingleton<RateLimiter>();
        builder.Services.AddSingleton<MatrixAuthentication>();
        builder.Services.AddSingleton<KnownRoutes>();
        builder.Services.AddTangleMedia(options);
        return builder;
    }

    public static WebApplication MapTangle(this WebApplication app)
    {
        app.UseMatrixErrors();
        app.UseMatrixCors();
        app.MapUnrecognized();

        var client = app.MapGroup("/_matrix/client").AddEndpointFilter<MatrixAuthentication>();
        client.MapAccountEndpoints();
        client.MapProfileEndpoints();
        client.MapRoomEndpoints();
        client.MapRoomEventEndpoints();
        client.MapSyncEndpoints();
        client.MapDirectoryEndpoints();
        client.MapTagEndpoints();
        client.MapKeysEndpoints();
        client.MapToDeviceEndpoints();
        client.MapPushRuleEndpoints();
        client.MapPresenceEndpoints();
        client.MapUserDirectoryEndpoints();
        app.MapServerInfoEndpoints(client);
        app.MapMediaEndpoints(client);
        app.MapAdminEndpoints();
        app.MapServerKeyEndpoints();
        return app;
    }
}
