namespace Tangle.Sdk;

/// <summary>
/// How a <see cref="MatrixClient"/> retries. Rate-limited requests (<c>429 M_LIMIT_EXCEEDED</c>) are retried
/// after the wait the server asks for, whatever the method: the server did not act on them. Transient
/// failures (connection errors, timeouts, 502/503/504) are retried with exponential backoff only for
/// idempotent requests: GET, PUT (sends carry a transaction id, so a repeat is deduplicated) and DELETE.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>The default policy.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>A policy that never retries.</summary>
    public static RetryPolicy None { get; } = new() { MaxRateLimitRetries = 0, MaxTransientRetries = 0 };

    /// <summary>How many times one request is retried after a 429 before the error is thrown. Default 5.</summary>
    public int MaxRateLimitRetries { get; init; } = 5;

    /// <summary>The longest server-requested wait honoured; a longer one is thrown at once. Default 60 s.</summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait after a 429 that names no wait (no <c>retry_after_ms</c>, no <c>Retry-After</c>). Default 1 s.</summary>
    public TimeSpan DefaultRateLimitWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times an idempotent request is retried after a transient failure. Default 3.</summary>
    public int MaxTransientRetries { get; init; } = 3;

    /// <summary>The first backoff after a transient failure; it doubles on each further failure. Default 250 ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The cap on the transient-failure backoff. Default 10 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The backoff before transient retry number <paramref name="attempt"/> (1-based), doubled each time and capped.</summary>
    public TimeSpan BackoffFor(int attempt)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var ms = Math.Min(InitialBackoff.TotalMilliseconds * factor, MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }
}
