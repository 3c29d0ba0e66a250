using Tangle.Testing;

namespace Tangle.Interop.Tests;

/// <summary>matrix-js-sdk, the library behind Element Web, talks through Tangle using its own sync loop.</summary>
public sealed class JsSdkTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Two_js_sdk_clients_chat_type_read_and_redact_through_their_sync_loops()
    {
        var run = await RunAsync("chat.mjs");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASS: matrix-js-sdk chatted through Tangle", run.Output);
    }

    [Fact]
    public async Task Two_js_sdk_clients_with_rust_crypto_decrypt_each_others_megolm_messages()
    {
        var run = await RunAsync("encrypted-chat.mjs");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASS: matrix-js-sdk exchanged Megolm-encrypted messages through Tangle", run.Output);
    }

    private async Task<ProcessRun> RunAsync(string script)
    {
        await ClientScripts.RequireJsSdkAsync();
        return await ChildProcess.RunAsync("node", [script, fixture.Server.BaseAddress.ToString()], ClientScripts.JsFolder, TimeSpan.FromSeconds(60));
    }
}
