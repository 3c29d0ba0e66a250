namespace Tangle.Grains.Federation;

/// <summary>How long an outbox waits before retrying a destination that keeps failing.</summary>
internal static class OutboxBackoff
{
    /// <summary>How far the wait strays either way, so that outboxes failing together do not retry in lockstep.</summary>
    public const double Jitter = 0.2;

    /// <summary>
    /// The wait after the <paramref name="failures"/>-th failure in a row: <paramref name="initial"/> doubled for
    /// each failure after the first, at most <paramref name="max"/>, then moved by up to ±20 % using
    /// <paramref name="random"/> (in [0, 1)).
    /// </summary>
    public static TimeSpan After(int failures, TimeSpan initial, TimeSpan max, double random)
    {
        var doublings = Math.Clamp(failures - 1, 0, 62);
        var ticks = Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, doublings));
        return TimeSpan.FromTicks((long)(ticks * (1 - Jitter + 2 * Jitter * random)));
    }
}
