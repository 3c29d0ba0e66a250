using Tangle.Gateway.Endpoints;
using Tangle.Gateway.Federation;
using Tangle.Gateway.Http;
using Tangle.Gateway.Media;
using Tangle.Grains.Federation;
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
        builder.ListenForClientsAndServers(options.Federation);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = Math.Max(options.Media.MaxUploadBytes, RequestBodies.MaxJsonBytes) + 1);
        builder.UseOrleans(silo => silo.UseTangleStandalone(options));
        builder.Services.AddSingleton<RateLimiter>();
        builder.Services.AddSingleton<MatrixAuthentication>();
        builder.Services.AddSingleton<KnownRoutes>();
        builder.Services.AddSingleton<FederationAuthentication>();
        builder.Services.AddSingleton<RemoteQueries>();
        builder.Services.AddTangleMedia(options);
        return builder;
    }

    public static WebApplication MapTangle(this WebApplication app)
    {
        var federationOptions = app.Services.GetRequiredService<FederationOptions>();
        if (federationOptions.Enabled && Listeners.FederationUrl(federationOptions) is null)
            app.Logger.LogWarning("Federation is not listening: set Tangle:Federation:CertificatePath, or Tangle:Federation:AllowPlainHttp on a test network");

        app.UseMatrixErrors();
        // Routing runs inside the error handler, so even a routing failure answers with Matrix JSON.
        app.UseRouting();
        app.UseMatrixCors();
        app.MapUnrecognized();

        var client = app.MapGroup("/_matrix/client").AddEndpointFilter<MatrixAuthentication>();
        client.MapAccountEndpoints();
        client.MapProfileEndpoints();
        client.MapTagEndpoints();
        client.MapRoomEndpoints();
        client.MapRoomEventEndpoints();
        client.MapSyncEndpoints();
        client.MapDirectoryEndpoints();
        client.MapKeysEndpoints();
        client.MapToDeviceEndpoints();
        client.MapPushRuleEndpoints();
        client.MapPresenceEndpoints();
        client.MapUserDirectoryEndpoints();
        app.MapServerInfoEndpoints(client);
        app.MapMediaEndpoints(client);
        app.MapAdminEndpoints();
        app.MapServerKeyEndpoints();

        var federation = app.MapGroup("/_matrix/federation").AddEndpointFilter<FederationAuthentication>();
        federation.MapFederationQueryEndpoints();
        federation.MapFederationRoomEndpoints();
        federation.MapFederationKeyEndpoints();
        federation.MapFederationSpaceEndpoints();
        return app;
    }
}
