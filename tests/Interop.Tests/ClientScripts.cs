using System.Reflection;

namespace Tangle.Interop.Tests;

/// <summary>
/// Where the client scripts and their runtimes are. The scripts run from the source tree, where
/// `./test.sh` installed their modules, so the folder is recorded at build time; a missing runtime or
/// module fails the test with what to install rather than skipping it.
/// </summary>
public static class ClientScripts
{
    /// <summary>This project's folder in the source tree: it holds js/ and nio/.</summary>
    public static string Folder { get; } = typeof(ClientScripts).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ClientScripts").Value!;

    public static string JsFolder => Path.Combine(Folder, "js");

    public static string NioFolder => Path.Combine(Folder, "nio");

    /// <summary>
    /// Debian installs python3-matrix-nio and python3-olm for the system interpreter, which a
    /// version manager earlier on PATH would hide; TANGLE_INTEROP_PYTHON names another one.
    /// </summary>
    public static string Python =>
        Environment.GetEnvironmentVariable("TANGLE_INTEROP_PYTHON") is { Length: > 0 } chosen ? chosen
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
        : "python3";

    /// <summary>Fails unless node runs and matrix-js-sdk is installed beside the script.</summary>
    public static async Task RequireJsSdkAsync()
    {
        await RequireAsync("node", ["--version"], "Node.js (node) is not on PATH: install Node.js 20 or later.");
        if (!File.Exists(Path.Combine(JsFolder, "node_modules", "matrix-js-sdk", "package.json")))
            Assert.Fail($"matrix-js-sdk is not installed in {JsFolder}: run `npm ci` there (./test.sh does).");
    }

    /// <summary>Fails unless the Python that has Debian's packages can import nio and olm.</summary>
    public static Task RequireNioAsync() => RequireAsync(Python, ["-c", "import nio, olm"],
        $"{Python} cannot import nio and olm: run `apt-get install python3-matrix-nio python3-olm` (./test.sh does).");

    private static async Task RequireAsync(string program, string[] arguments, string remedy)
    {
        var run = await ChildProcess.RunAsync(program, arguments, Folder, TimeSpan.FromSeconds(30));
        if (run.ExitCode != 0)
            Assert.Fail($"{remedy}\n{run}");
    }
}
