using Tangle.Testing;

namespace Tangle.Interop.Tests;

/// <summary>matrix-js-sdk on two federated Tangle servers: a client on one reads a room the other holds, history and all.</summary>
public sealed class FederatedJsSdkTests
{
    [Fact]
    public async Task A_js_sdk_client_scrolls_back_through_a_remote_rooms_history_from_before_it_joined()
    {
        await using var network = await FederatedServers.StartAsync(["hs1.test", "hs2.test"]);
        await ClientScripts.RequireJsSdkAsync();

        var run = await ChildProcess.RunAsync("node",
            ["federated-history.mjs", network["hs1.test"].BaseAddress.ToString(), network["hs2.test"].BaseAddress.ToString(), "hs1.test"],
            ClientScripts.JsFolder, TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASS: matrix-js-sdk read a federated room's history through Tangle", run.Output);
    }
}
