using System.Diagnostics;
using Tangle.Load;
using Tangle.Load.Phases;

// The load harness: drives a standalone Tangle over HTTP on loopback and prints a table of figures.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var runs = new List<RunFigures>();
for (var run = 1; run <= options.Runs; run++)
{
    Console.WriteLine($"run {run} of {options.Runs}");
    var figures = new RunFigures();
    var clock = Stopwatch.StartNew();
    if (options.NeedsOneServer)
        await RunOneServerAsync(options, figures);
    if (options.Phases.Contains("fed-messages"))
        await FederatedMessages.RunAsync(options, figures);
    if (options.Phases.Contains("fed-join"))
        await FederatedJoin.RunAsync(options, figures);
    Console.WriteLine($"  run {run} took {clock.Elapsed.TotalSeconds:0} s");
    runs.Add(figures);
}

var summary = Summary.Of(runs);
var setup = options.Url is null
    ? $"Server: standalone Tangle started by the harness for each run (fresh data directory, SQLite, loopback), with {string.Join(" ", ServerProcess.Settings)}. "
      + (options.Phases.Overlaps(LoadOptions.FederationPhases)
          ? $"Federation phases: two such servers, {FederatedPair.FirstName} and {FederatedPair.SecondName}, each started afresh for each phase, "
            + $"federating over plain HTTP on loopback through the harness's counting proxy, also with {string.Join(" ", FederatedPair.Settings)}. "
          : "")
      + $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}."
    : $"Server: {options.Url} (already running; rate limits must be off). Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}.";
Console.WriteLine();
Console.WriteLine(setup);
Console.WriteLine(options.Runs > 1 ? $"Median of {options.Runs} runs:" : "One run:");
Console.WriteLine(Report.Console(summary));
if (options.Out is { } file)
{
    await File.WriteAllTextAsync(file, Report.Markdown(summary, setup));
    Console.WriteLine($"written to {file}");
}

return 0;

static async Task RunOneServerAsync(LoadOptions options, RunFigures figures)
{
    await using var server = options.Url is null ? await ServerProcess.StartAsync(options.Gateway) : null;
    var baseAddress = server?.BaseAddress ?? options.Url!;
    var pid = server?.Pid ?? options.Pid;
    Console.WriteLine($"  server {baseAddress}{(pid is null ? "" : $" (pid {pid})")}");
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
    var load = new LoadRun(http, options, figures, pid, server?.DataDirectory);
    load.RecordMemory("0 idle server");
    if (options.Phases.Contains("romeo"))
        await RomeoAndJuliet.RunAsync(load);
    if (options.Phases.Contains("senders"))
        await ConcurrentSenders.RunAsync(load);
    if (options.Phases.Contains("delivery"))
        await DeliveryLatency.RunAsync(load);
    if (options.Phases.Contains("initial"))
        await InitialSync.RunAsync(load);
}
