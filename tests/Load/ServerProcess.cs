using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tangle.Load;

/// <summary>
/// A standalone Tangle started as a process of its own from the built gateway, on loopback ports of
/// its own and a fresh data directory, so that its memory can be read from /proc and nothing of the
/// harness runs inside it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>Settings every started server gets: the load must not be throttled, and users must be able to register.</summary>
    public static readonly string[] Settings =
    [
        "--Tangle:RateLimits:Enabled=false",
        "--Tangle:Registration:Enabled=true",
    ];

    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, Uri baseAddress, string dataDirectory, StreamWriter log)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _log = log;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public int Pid => _process.Id;

    /// <summary>Starts a server; <paramref name="extra"/> settings (<c>--Tangle:X=Y</c>) come after, and so win over, <see cref="Settings"/>.</summary>
    public static async Task<ServerProcess> StartAsync(string? gatewayPath, IReadOnlyList<string>? extra = null)
    {
        var gateway = gatewayPath ?? FindGateway();
        if (!File.Exists(gateway))
            throw new FileNotFoundException($"no built gateway at {gateway}; build it (dotnet build -c Release tests/Load) or pass --gateway", gateway);
        var dataDirectory = Path.Combine(Path.GetTempPath(), "tangle-load-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var httpPort = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(gateway)!,
        };
        foreach (var argument in Arguments(gateway, dataDirectory, httpPort).Concat(extra ?? []))
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var log = new StreamWriter(Path.Combine(dataDirectory, "server.log")) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{httpPort}/"), dataDirectory, log);
        await server.WaitUntilServingAsync();
        return server;
    }

    /// <summary>The command line: the settings above, loopback ports of its own, a fresh data directory.</summary>
    public static IEnumerable<string> Arguments(string gateway, string dataDirectory, int httpPort)
    {
        yield return gateway;
        yield return "--urls";
        yield return $"http://127.0.0.1:{httpPort}";
        yield return $"--Tangle:DataDirectory={dataDirectory}";
        yield return $"--Tangle:SiloPort={FreePort()}";
        yield return $"--Tangle:GatewayPort={FreePort()}";
        yield return $"--Tangle:ClusterId=load-{Guid.NewGuid():N}";
        foreach (var setting in Settings)
            yield return setting;
    }

    /// <summary>Resident memory of the server now, in MiB.</summary>
    public double ResidentMiB() => ReadResidentMiB(Pid);

    /// <summary>VmRSS of a process from /proc, in MiB; NaN where it cannot be read.</summary>
    public static double ReadResidentMiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    continue;
                var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }

        return double.NaN;
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"the server exited with {_process.ExitCode} while starting; see {DataDirectory}/server.log");
            try
            {
                using var response = await http.GetAsync("_matrix/client/versions");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the server did not answer within two minutes; see {DataDirectory}/server.log");
    }

    /// <summary>The gateway built beside this harness, in the same configuration.</summary>
    private static string FindGateway()
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
                return Path.Combine(dir.FullName, "Gateway", "bin", configuration, "net10.0", "Tangle.Gateway.dll");
        }

        throw new FileNotFoundException("cannot find the repository (Cluster.sln) above the harness; pass --gateway");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
            return;
        lock (log)
            log.WriteLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        lock (_log)
            _log.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the operating system's temporary-file cleaning.
        }
    }
}
