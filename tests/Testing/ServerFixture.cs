using Xunit;

namespace Tangle.Testing;

/// <summary>One Tangle server shared by the tests of a class.</summary>
public class ServerFixture : IAsyncLifetime
{
    public TangleServer Server { get; private set; } = null!;

    /// <summary>Settings for the server, beyond the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync() => Server = await TangleServer.StartAsync(Settings);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A client with no session.</summary>
    public RawClient Anonymous() => new(Server.CreateHttpClient());

    /// <summary>A freshly registered user with a unique name.</summary>
    public Task<RawClient> UserAsync(string prefix = "user") =>
        new RawClient(Server.CreateHttpClient()).RegisterAsync($"{prefix}-{Guid.NewGuid():N}"[..24].ToLowerInvariant());
}
