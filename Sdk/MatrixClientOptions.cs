namespace Tangle.Sdk;

/// <summary>Settings for a <see cref="MatrixClient"/>.</summary>
public sealed record MatrixClientOptions
{
    /// <summary>How requests are retried after rate limiting and transient failures.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>
    /// The time one HTTP attempt may take, on top of any long-poll timeout the request itself carries
    /// (a <c>/sync</c> with <c>timeout=30000</c> may take 30 s plus this). Default 60 s.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The <c>User-Agent</c> sent with every request; <c>null</c> sends none.</summary>
    public string? UserAgent { get; init; } = "Tangle.Sdk";

    /// <summary>The clock used for retry waits and backoff; replaceable in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
