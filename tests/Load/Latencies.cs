using System.Diagnostics;

namespace Tangle.Load;

/// <summary>Latency samples in milliseconds, safe to add to from several tasks.</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_samples)
                return _samples.Count;
        }
    }

    public void Add(double milliseconds)
    {
        lock (_samples)
            _samples.Add(milliseconds);
    }

    /// <summary>Adds the time since a <see cref="Stopwatch.GetTimestamp"/> reading.</summary>
    public void AddSince(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    /// <summary>The nearest-rank percentile (0 to 100); NaN without samples.</summary>
    public double Percentile(double percent)
    {
        lock (_samples)
            return Percentile(_samples, percent);
    }

    public static double Percentile(IReadOnlyCollection<double> values, double percent)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
