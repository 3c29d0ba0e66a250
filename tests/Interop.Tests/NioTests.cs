using Tangle.Testing;

namespace Tangle.Interop.Tests;

/// <summary>matrix-nio, with Olm and Megolm from libolm, talks through Tangle in plain and encrypted rooms.</summary>
public sealed class NioTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Two_nio_clients_exchange_plain_messages()
    {
        var run = await RunAsync("plain_chat.py");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASS: matrix-nio chatted through Tangle", run.Output);
    }

    [Fact]
    public async Task Two_nio_clients_decrypt_each_others_megolm_messages()
    {
        var run = await RunAsync("encrypted_chat.py");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASS: matrix-nio exchanged Megolm-encrypted messages through Tangle", run.Output);
    }

    private async Task<ProcessRun> RunAsync(string script)
    {
        await ClientScripts.RequireNioAsync();
        return await ChildProcess.RunAsync(ClientScripts.Python, [script, fixture.Server.BaseAddress.ToString()], ClientScripts.NioFolder, TimeSpan.FromSeconds(60));
    }
}
