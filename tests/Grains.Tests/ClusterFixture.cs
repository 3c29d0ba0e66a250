using Orleans.Configuration;
using Orleans.TestingHost;
using Tangle.Grains.Accounts;
using Tangle.Grains.Rooms;
using Tangle.Protocol.Identifiers;
using Tangle.Silo;

namespace Tangle.Grains.Tests;

/// <summary>
/// Orleans' in-process test cluster of three silos sharing one Tangle data directory, as a cluster
/// sharing one database would.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string ServerName = "cluster.test";

    public TestCluster Cluster { get; private set; } = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "tangle-cluster-" + Guid.NewGuid().ToString("N"));

    public IGrainFactory Grains => Cluster.Client;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        var builder = new TestClusterBuilder(3);
        builder.Properties["Tangle:DataDirectory"] = DataDirectory;
        builder.AddSiloBuilderConfigurator<TangleSiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Registers a user and returns the requester acting as them.</summary>
    public async Task<Requester> UserAsync(string localpart)
    {
        var user = UserId.From($"@{localpart}-{Guid.NewGuid().ToString("N")[..8]}:{ServerName}");
        var session = await Grains.GetGrain<IAccountGrain>(user.Value).RegisterAsync(new RegisterCommand { Password = "pw" });
        return new Requester(user, session.DeviceId);
    }

    public IRoomGrain Room(RoomId room) => Grains.Room(Protocol.Identifiers.ServerName.From(ServerName), room);

    private sealed class TangleSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var dataDirectory = silo.Configuration["Tangle:DataDirectory"]!;
            var options = new TangleOptions { ServerName = ServerName, DataDirectory = dataDirectory, PasswordHashIterations = 1000 };
            // Declare a killed silo dead within seconds rather than the production minute.
            silo.Configure<ClusterMembershipOptions>(membership =>
            {
                membership.ProbeTimeout = TimeSpan.FromSeconds(1);
                membership.NumMissedProbesLimit = 2;
                membership.NumVotesForDeathDeclaration = 1;
                membership.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            });
            silo.Services.AddTangleSqliteStorage(Path.Combine(dataDirectory, "tangle.db"));
            silo.Services.AddTangleHomeserver(options, dataDirectory);
        }
    }
}
