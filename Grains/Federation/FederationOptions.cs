namespace Tangle.Grains.Federation;

/// <summary>The Server-Server API: the federation listener and how this server reaches others.</summary>
public sealed class FederationOptions
{
    /// <summary>Whether to serve and speak federation at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The federation listener's port.</summary>
    public int Port { get; set; } = 8448;

    /// <summary>The address the federation listener binds (all interfaces unless configured).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>The TLS certificate of the federation listener, a PEM file (the full chain).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate's private key, a PEM file; may be omitted when the certificate file holds it.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>Serve federation over plain HTTP, without TLS. For loopback test networks only.</summary>
    public bool AllowPlainHttp { get; set; }

    /// <summary>
    /// Server names pinned to addresses, bypassing discovery: <c>"hs2.test": "127.0.0.1:8448"</c> for HTTPS, or a
    /// URL such as <c>"http://127.0.0.1:18448"</c> for a plain-HTTP test server.
    /// </summary>
    public Dictionary<string, string> Hosts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Accept remote certificates that do not chain to a trusted authority (test networks).</summary>
    public bool AcceptSelfSignedCertificates { get; set; }

    /// <summary>Notary servers asked for a server's keys when that server cannot be reached itself.</summary>
    public List<TrustedKeyServer> TrustedKeyServers { get; set; } = [];

    /// <summary>How long one outgoing federation request may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the outbox waits before retrying a failed transaction; the wait doubles with each failure.</summary>
    public TimeSpan RetryInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between retries to a destination that stays unreachable.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a queued typing notification stays worth sending; older ones are dropped, not sent late.</summary>
    public TimeSpan TypingEduLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most events of one room queued for one destination; beyond it the oldest are dropped, and the
    /// destination fetches them with get_missing_events or backfill once it is back.
    /// </summary>
    public int MaxQueuedPdusPerRoom { get; set; } = 1000;

    /// <summary>
    /// The most events one incoming event may pull in through get_missing_events to close the gap before it;
    /// beyond that, the state before the event is asked for instead (/state_ids) and the gap is left open.
    /// </summary>
    public int MissingEventsBudget { get; set; } = 200;
}

/// <summary>A notary and the keys its answers must be signed with.</summary>
public sealed class TrustedKeyServer
{
    public string ServerName { get; set; } = "";

    /// <summary>Key id to unpadded base64 public key; when empty, the notary's own published keys are fetched.</summary>
    public Dictionary<string, string> VerifyKeys { get; set; } = new(StringComparer.Ordinal);
}
