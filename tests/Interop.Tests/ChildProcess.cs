using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Tangle.Interop.Tests;

/// <summary>What a finished child process said; ExitCode is null if it could not start or ran out of time.</summary>
public sealed record ProcessRun(string Command, int? ExitCode, string Output, string Errors, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"$ {Command}\nexit code: {(ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")} after {Elapsed.TotalSeconds:0.0} s\n" +
        $"--- stdout ---\n{Output}\n--- stderr ---\n{Errors}";
}

/// <summary>Runs a client program to completion, capturing its output, and kills it if it overruns.</summary>
public static class ChildProcess
{
    public static async Task<ProcessRun> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var command = string.Join(' ', [program, .. start.ArgumentList]);
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var clock = Stopwatch.StartNew();

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new ProcessRun(command, null, "", $"could not start {program}: {e.Message}", clock.Elapsed);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var overrun = new CancellationTokenSource(timeout);
        int? exitCode;
        try
        {
            await process.WaitForExitAsync(overrun.Token);
            exitCode = process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            errors.AppendLine($"killed: still running after {timeout.TotalSeconds:0} s");
            exitCode = null;
        }
        // The parameterless wait also drains the redirected streams.
        await process.WaitForExitAsync();
        ProcessRun run;
        lock (output) lock (errors)
            run = new ProcessRun(command, exitCode, output.ToString(), errors.ToString(), clock.Elapsed);
        // Passing runs keep their transcript too: a client's warnings can show a server quirk early.
        TestContext.Current.TestOutputHelper?.WriteLine(run.ToString());
        return run;
    }
}
