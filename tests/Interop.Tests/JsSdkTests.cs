using Tangle.Testing;

namespace Tangle.Interop.Tests;

/// <summary>matrix-js-sdk, the library behind Element Web, chats through Tangle using its own sync loop.</summary>
public sealed class JsSdkTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Two_js_sdk_clients_chat_type_read_and_redact_through_their_sync_loops()
    {
        await ClientScripts.RequireJsSdkAsync();

        var run = await ChildProcess.RunAsync("node", ["chat.mjs", fixture.Server.BaseAddress.ToString()], ClientScripts.JsFolder, TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASS: matrix-js-sdk chatted through Tangle", run.Output);
    }
}
