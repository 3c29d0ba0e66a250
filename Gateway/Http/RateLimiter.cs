using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Tangle.Silo;

namespace Tangle.Gateway.Http;

/// <summary>
/// Token-bucket rate limits per user and per client address. Each gateway limits what passes through
/// it; the buckets live in gateway memory, which holds no room state.
/// </summary>
internal sealed class RateLimiter(IOptions<TangleOptions> options, TimeProvider time)
{
    public enum Kind
    {
        User,
        Address,
        Login,
    }

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one token; returns how long to wait if none is left, or null if the request may go ahead.</summary>
    public TimeSpan? TryAcquire(string key, Kind kind)
    {
        var limits = options.Value.RateLimits;
        if (!limits.Enabled)
            return null;
        var (rate, burst) = kind switch
        {
            Kind.User => (limits.PerUserPerSecond, limits.PerUserBurst),
            Kind.Login => (limits.LoginPerSecond, limits.LoginBurst),
            _ => (limits.PerAddressPerSecond, limits.PerAddressBurst),
        };
        var bucket = _buckets.GetOrAdd(kind + ":" + key, _ => new Bucket(burst, time.GetTimestamp()));
        return bucket.Take(rate, burst, time);
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        private readonly Lock _lock = new();
        private double _tokens = tokens;
        private long _stamp = stamp;

        public TimeSpan? Take(double rate, int burst, TimeProvider time)
        {
            lock (_lock)
            {
                var now = time.GetTimestamp();
                _tokens = Math.Min(burst, _tokens + time.GetElapsedTime(_stamp, now).TotalSeconds * rate);
                _stamp = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return null;
                }

                return TimeSpan.FromSeconds((1 - _tokens) / rate);
            }
        }
    }
}
