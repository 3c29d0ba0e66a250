using System.Globalization;

namespace Tangle.Load;

/// <summary>
/// CPU time a process has used, from /proc/&lt;pid&gt;/stat. On a machine shared with other work, the
/// server's CPU per message moves far less than wall-clock figures do, so it shows a change in the
/// server's own cost through the noise.
/// </summary>
internal static class ServerCpu
{
    /// <summary>Clock ticks per second of utime and stime; 100 on Linux.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds of a process; NaN where it cannot be read.</summary>
    public static double Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces; the fields after its closing parenthesis do not.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (user + system) / TicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
