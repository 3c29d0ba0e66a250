namespace Tangle.Load;

/// <summary>What every phase of one run shares: the server, the figures, and names unique to the run.</summary>
internal sealed class LoadRun(HttpClient http, LoadOptions options, RunFigures figures, int? serverPid, string? dataDirectory)
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
    private int _users;

    public HttpClient Http => http;

    public LoadOptions Options => options;

    public RunFigures Figures => figures;

    /// <summary>Registers a new user whose name no other run uses.</summary>
    public Task<LoadClient> UserAsync(string role) =>
        LoadClient.RegisterAsync(http, $"load-{_tag}-{role}-{Interlocked.Increment(ref _users)}");

    /// <summary>The server's CPU seconds so far, NaN when its process id is unknown.</summary>
    public double ServerCpuSeconds() => serverPid is { } pid ? ServerCpu.Seconds(pid) : double.NaN;

    /// <summary>Records the server's CPU time per message since <paramref name="cpuBefore"/>.</summary>
    public void RecordCpuPerMessage(string phase, double cpuBefore, int messages) =>
        figures.Add(phase, "server CPU per message", (ServerCpuSeconds() - cpuBefore) * 1000 / messages, "ms");

    /// <summary>Records the server's resident memory and, when it is ours, the size of its data directory.</summary>
    public void RecordMemory(string phase)
    {
        if (serverPid is { } pid)
            figures.Add(phase, "server resident memory (VmRSS)", ServerProcess.ReadResidentMiB(pid), "MiB");
        if (dataDirectory is not null && Directory.Exists(dataDirectory))
        {
            var bytes = new DirectoryInfo(dataDirectory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
            figures.Add(phase, "data directory size", bytes / 1024.0 / 1024.0, "MiB");
        }
    }
}
