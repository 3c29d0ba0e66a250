using Tangle.Sdk;
using Tangle.Testing;

namespace Tangle.EndToEnd.Tests;

/// <summary>Accounts on the server under test, each driven through its own SDK client.</summary>
internal static class TestUsers
{
    public const string Password = "correct horse battery staple";

    /// <summary>A client with no session yet.</summary>
    public static MatrixClient NewClient(this ServerFixture fixture) =>
        new(fixture.Server.BaseAddress, new MatrixClientOptions { RequestTimeout = TimeSpan.FromSeconds(30) });

    /// <summary>A client of a freshly registered user whose localpart starts with <paramref name="name"/>.</summary>
    public static async Task<MatrixClient> RegisterAsync(this ServerFixture fixture, string name = "user")
    {
        var client = fixture.NewClient();
        await client.RegisterAsync(UniqueLocalpart(name), Password);
        return client;
    }

    /// <summary>Another session of <paramref name="user"/>: a new login, on a new device unless one is named.</summary>
    public static async Task<MatrixClient> LoginAgainAsync(this ServerFixture fixture, MatrixClient user, string? deviceId = null)
    {
        var client = fixture.NewClient();
        await client.LoginAsync(user.UserId, Password, deviceId);
        return client;
    }

    /// <summary>A localpart no other test uses.</summary>
    public static string UniqueLocalpart(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 13)];
}
