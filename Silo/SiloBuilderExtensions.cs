using System.Net;
using DnsClient;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Presence;
using Tangle.Grains.Storage;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Rooms;

namespace Tangle.Silo;

/// <summary>Wires a silo for Tangle.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>
    /// Standalone mode: a single silo on loopback, the embedded SQLite store under the data directory,
    /// and the homeserver's signing key generated there on first start.
    /// </summary>
    public static ISiloBuilder UseTangleStandalone(this ISiloBuilder silo, TangleOptions options)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: "tangle", clusterId: options.ClusterId);
        silo.Configure<EndpointOptions>(endpoints => endpoints.AdvertisedIPAddress = IPAddress.Loopback);
        silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromMinutes(2));
        silo.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromMinutes(2));
        silo.Services.AddTangleSqliteStorage(Path.Combine(dataDirectory, "tangle.db"));
        silo.Services.AddTangleHomeserver(options, dataDirectory);
        return silo;
    }

    /// <summary>The embedded store: events, inboxes and grain state in one SQLite file.</summary>
    public static IServiceCollection AddTangleSqliteStorage(this IServiceCollection services, string databasePath)
    {
        services.AddSingleton(_ => new SqliteDatabase(databasePath));
        services.AddSingleton<IRoomStore, SqliteRoomStore>();
        services.AddSingleton<IInboxStore, SqliteInboxStore>();
        services.AddSingleton<IOneTimeKeyStore, SqliteOneTimeKeyStore>();
        services.AddSingleton<IKeyBackupStore, SqliteKeyBackupStore>();
        services.AddSingleton<IFederationOutboxStore, SqliteFederationOutboxStore>();
        services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) =>
            new SqliteGrainStorage(sp.GetRequiredService<SqliteDatabase>(), new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
        return services;
    }

    /// <summary>The hosted homeserver: its name, signing key, room version policy and password hashing.</summary>
    public static IServiceCollection AddTangleHomeserver(this IServiceCollection services, TangleOptions options, string dataDirectory)
    {
        var defaultVersion = RoomVersions.Find(options.DefaultRoomVersion)
            ?? throw new InvalidOperationException($"Tangle:DefaultRoomVersion '{options.DefaultRoomVersion}' is not a supported room version");
        var serverName = ServerName.Parse(options.ServerName) is { IsOk: true } parsed
            ? parsed.Value
            : throw new InvalidOperationException($"Tangle:ServerName '{options.ServerName}' is not a valid server name");
        var key = SigningKeyFile.LoadOrCreate(Path.Combine(dataDirectory, "signing.key"));
        services.AddSingleton(new LocalHomeservers([new LocalHomeserver(serverName, key, defaultVersion)]));
        services.AddSingleton(new PasswordHasher(options.PasswordHashIterations));
        services.AddSingleton(new PresenceTimeouts(options.Presence.OfflineAfter, options.Presence.IdleAfter));
        services.AddSingleton(TimeProvider.System);
        services.AddTangleFederation(options.Federation);
        return services;
    }

    /// <summary>How this server reaches others: server discovery, signed requests, remote keys.</summary>
    public static IServiceCollection AddTangleFederation(this IServiceCollection services, FederationOptions federation)
    {
        services.AddSingleton(federation);
        services.AddSingleton<ILookupClient>(_ => new LookupClient(new LookupClientOptions { UseCache = true, Timeout = TimeSpan.FromSeconds(3), Retries = 1 }));
        services.AddSingleton<IDiscoveryLookups>(sp => new NetworkDiscoveryLookups(
            new HttpClient(new SocketsHttpHandler { MaxAutomaticRedirections = 5, ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = TimeSpan.FromSeconds(10) },
            sp.GetRequiredService<ILookupClient>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<FederationClient>();
        services.AddSingleton<EventVerifier>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, OutboxResumption>();
        return services;
    }
}
