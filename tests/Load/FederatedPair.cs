using System.Globalization;

namespace Tangle.Load;

/// <summary>
/// Two standalone Tangle servers, hs1.test and hs2.test, each a process of its own, federating over plain
/// HTTP on loopback. Each reaches the other through a <see cref="CountingProxy"/> (its Federation:Hosts entry
/// points at the proxy), so the harness sees every federation request and the size of every answer.
/// </summary>
internal sealed class FederatedPair : IAsyncDisposable
{
    public const string FirstName = "hs1.test";
    public const string SecondName = "hs2.test";

    /// <summary>Settings both servers get besides <see cref="ServerProcess.Settings"/> and their names and ports.</summary>
    public static readonly string[] Settings =
    [
        "--Tangle:Federation:AllowPlainHttp=true",
        "--Tangle:Federation:BindAddress=127.0.0.1",
        // Registration is part of building big rooms, not what is measured.
        "--Tangle:PasswordHashIterations=1000",
    ];

    private readonly List<IAsyncDisposable> _owned = [];

    private FederatedPair()
    {
    }

    /// <summary>hs1.test, where the rooms are made.</summary>
    public ServerProcess First { get; private set; } = null!;

    /// <summary>hs2.test, whose users join hs1's rooms.</summary>
    public ServerProcess Second { get; private set; } = null!;

    public HttpClient FirstHttp { get; private set; } = null!;

    public HttpClient SecondHttp { get; private set; } = null!;

    /// <summary>What hs2 asks of hs1 (make_join, send_join, keys, …).</summary>
    public CountingProxy ToFirst { get; private set; } = null!;

    /// <summary>What hs1 sends to hs2 (transactions, keys, …).</summary>
    public CountingProxy ToSecond { get; private set; } = null!;

    public IEnumerable<(string Name, ServerProcess Server)> Servers => [(FirstName, First), (SecondName, Second)];

    /// <summary>Where hs1's federation listener is, for a server the harness plays itself.</summary>
    public Uri FirstFederation { get; private set; } = null!;

    /// <summary>Starts both; <paramref name="others"/> pins further servers' names (ones the harness plays) on both.</summary>
    public static async Task<FederatedPair> StartAsync(string? gateway, IReadOnlyDictionary<string, Uri>? others = null)
    {
        var pair = new FederatedPair();
        try
        {
            var (federation1, federation2) = (ServerProcess.FreePort(), ServerProcess.FreePort());
            var (proxy1, proxy2) = (ServerProcess.FreePort(), ServerProcess.FreePort());
            pair.ToFirst = pair.Own(await CountingProxy.StartAsync(proxy1, Loopback(federation1)));
            pair.ToSecond = pair.Own(await CountingProxy.StartAsync(proxy2, Loopback(federation2)));
            var pinned = (others ?? new Dictionary<string, Uri>()).Select(o => $"--Tangle:Federation:Hosts:{o.Key}={o.Value}").ToList();
            pair.FirstFederation = Loopback(federation1);
            pair.First = pair.Own(await ServerProcess.StartAsync(gateway, [.. NetworkSettings(FirstName, federation1, SecondName, proxy2), .. pinned]));
            pair.Second = pair.Own(await ServerProcess.StartAsync(gateway, [.. NetworkSettings(SecondName, federation2, FirstName, proxy1), .. pinned]));
            pair.FirstHttp = Client(pair.First.BaseAddress);
            pair.SecondHttp = Client(pair.Second.BaseAddress);
            Console.WriteLine($"  {FirstName} {pair.First.BaseAddress} (pid {pair.First.Pid}), {SecondName} {pair.Second.BaseAddress} (pid {pair.Second.Pid})");
            return pair;
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    /// <summary>Each server's resident memory, CPU time since it started, and data directory size.</summary>
    public void RecordServers(RunFigures figures, string phase, string when)
    {
        foreach (var (name, server) in Servers)
        {
            figures.Add(phase, $"{name} resident memory (VmRSS), {when}", ServerProcess.ReadResidentMiB(server.Pid), "MiB");
            figures.Add(phase, $"{name} CPU time since start, {when}", ServerCpu.Seconds(server.Pid), "s");
            figures.Add(phase, $"{name} data directory, {when}", DirectoryMiB(server.DataDirectory), "MiB");
        }
    }

    /// <summary>Both servers' CPU seconds so far, to subtract from a later reading.</summary>
    public (double First, double Second) CpuSeconds() => (ServerCpu.Seconds(First.Pid), ServerCpu.Seconds(Second.Pid));

    /// <summary>
    /// Records each server's CPU seconds since <paramref name="before"/>, or with <paramref name="messages"/> its CPU
    /// milliseconds per message.
    /// </summary>
    public void RecordCpu(RunFigures figures, string phase, string during, (double First, double Second) before, int? messages = null)
    {
        var used = (First: ServerCpu.Seconds(First.Pid) - before.First, Second: ServerCpu.Seconds(Second.Pid) - before.Second);
        if (messages is { } count)
        {
            figures.Add(phase, $"{FirstName} CPU per message, {during}", used.First * 1000 / count, "ms");
            figures.Add(phase, $"{SecondName} CPU per message, {during}", used.Second * 1000 / count, "ms");
            return;
        }

        figures.Add(phase, $"{FirstName} CPU during {during}", used.First, "s");
        figures.Add(phase, $"{SecondName} CPU during {during}", used.Second, "s");
    }

    /// <summary>
    /// Records what each server spends doing nothing (timers, housekeeping), the floor under the CPU figures.
    /// It first lets both settle: the runtime keeps compiling for some seconds after a server starts.
    /// </summary>
    public async Task RecordIdleCpuAsync(RunFigures figures, string phase)
    {
        var idle = TimeSpan.FromSeconds(10);
        await Task.Delay(idle);
        var before = CpuSeconds();
        await Task.Delay(idle);
        figures.Add(phase, $"{FirstName} CPU while idle", (ServerCpu.Seconds(First.Pid) - before.First) * 1000 / idle.TotalSeconds, "ms/s");
        figures.Add(phase, $"{SecondName} CPU while idle", (ServerCpu.Seconds(Second.Pid) - before.Second) * 1000 / idle.TotalSeconds, "ms/s");
    }

    /// <summary>The last lines each server logged (warnings and errors), to show why a phase failed.</summary>
    public void PrintLogTails(int lines = 40)
    {
        foreach (var (name, server) in Servers)
        {
            var log = Path.Combine(server.DataDirectory, "server.log");
            if (!File.Exists(log))
                continue;
            Console.Error.WriteLine($"  --- last lines of {name}'s log ({log}) ---");
            using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            foreach (var line in reader.ReadToEnd().Split('\n').TakeLast(lines))
                Console.Error.WriteLine("  " + line);
        }
    }

    private static string[] NetworkSettings(string name, int federationPort, string other, int otherAddress) =>
    [
        .. Settings,
        $"--Tangle:ServerName={name}",
        $"--Tangle:Federation:Port={federationPort.ToString(CultureInfo.InvariantCulture)}",
        $"--Tangle:Federation:Hosts:{other}={Loopback(otherAddress)}",
    ];

    private static Uri Loopback(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

    private static HttpClient Client(Uri baseAddress) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(10),
        };

    private static double DirectoryMiB(string directory) => Directory.Exists(directory)
        ? new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1024.0 / 1024.0
        : double.NaN;

    private T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        FirstHttp?.Dispose();
        SecondHttp?.Dispose();
        // Servers first, so that no request is in flight through a proxy that stops.
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
    }
}
