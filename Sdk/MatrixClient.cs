using System.Security.Cryptography;
using Tangle.Sdk.Http;

namespace Tangle.Sdk;

/// <summary>
/// A client of one homeserver's Client-Server API, for one session (one user on one device).
/// Every method is one spec endpoint, typed; all are safe to call concurrently. Create one, then
/// <see cref="LoginAsync(string, string, string?, string?, CancellationToken)"/>,
/// <see cref="RegisterAsync(string, string, string?, string?, CancellationToken)"/> or
/// <see cref="RestoreSession"/>; from then on requests carry the session's access token as an
/// <c>Authorization: Bearer</c> header.
/// </summary>
public sealed partial class MatrixClient : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly MatrixHttp _http;
    private readonly string _transactionPrefix;
    private volatile MatrixSession? _session;
    private long _transactionCounter;

    /// <summary>A client of the homeserver at <paramref name="homeserver"/>, with its own <see cref="HttpClient"/>.</summary>
    public MatrixClient(Uri homeserver, MatrixClientOptions? options = null)
        : this(new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, homeserver, options, ownsHttpClient: true)
    {
    }

    /// <summary>A client using <paramref name="httpClient"/>, whose <see cref="HttpClient.BaseAddress"/> is the homeserver.</summary>
    public MatrixClient(HttpClient httpClient, MatrixClientOptions? options = null)
        : this(httpClient, httpClient.BaseAddress ?? throw new ArgumentException("The HttpClient has no BaseAddress; pass the homeserver URI.", nameof(httpClient)), options, ownsHttpClient: false)
    {
    }

    /// <summary>A client of <paramref name="homeserver"/> using <paramref name="httpClient"/>, which stays the caller's to dispose.</summary>
    public MatrixClient(HttpClient httpClient, Uri homeserver, MatrixClientOptions? options = null)
        : this(httpClient, homeserver, options, ownsHttpClient: false)
    {
    }

    private MatrixClient(HttpClient httpClient, Uri homeserver, MatrixClientOptions? options, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(homeserver);
        if (!homeserver.IsAbsoluteUri)
            throw new ArgumentException("The homeserver URI must be absolute.", nameof(homeserver));
        _httpClient = httpClient;
        _ownsHttpClient = ownsHttpClient;
        Homeserver = homeserver;
        Options = options ?? new MatrixClientOptions();
        _http = new MatrixHttp(httpClient, homeserver, Options, () => _session);
        var random = Base64Url(RandomNumberGenerator.GetBytes(6));
        _transactionPrefix = $"tgl{Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds()}{random}";
    }

    /// <summary>The homeserver's base URI.</summary>
    public Uri Homeserver { get; }

    /// <summary>The settings this client was created with.</summary>
    public MatrixClientOptions Options { get; }

    /// <summary>The current session, or <c>null</c> before login.</summary>
    public MatrixSession? Session => _session;

    /// <summary>Whether the client has a session.</summary>
    public bool IsLoggedIn => _session is not null;

    /// <summary>The logged-in user's ID; throws before login.</summary>
    public string UserId => RequireSession().UserId;

    /// <summary>The logged-in device's ID; throws before login.</summary>
    public string DeviceId => RequireSession().DeviceId;

    /// <summary>The current access token; throws before login.</summary>
    public string AccessToken => RequireSession().AccessToken;

    /// <summary>Uses an existing session (e.g. one saved from an earlier login) for all further requests.</summary>
    public void RestoreSession(MatrixSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
    }

    /// <summary>Forgets the session locally, without telling the server (see <see cref="LogoutAsync"/>).</summary>
    public void ClearSession() => _session = null;

    /// <summary>
    /// A new transaction ID, unique to this client instance and across restarts. Pass one explicitly to
    /// a send method to make retries of the whole call idempotent: the server deduplicates by it.
    /// </summary>
    public string NewTransactionId() =>
        $"{_transactionPrefix}.{Interlocked.Increment(ref _transactionCounter)}";

    /// <summary>Disposes the <see cref="HttpClient"/> if this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
            _httpClient.Dispose();
    }

    private MatrixSession RequireSession() =>
        _session ?? throw new InvalidOperationException("The client is not logged in: log in, register or restore a session first.");

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
