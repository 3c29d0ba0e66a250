using Tangle.Grains.Federation;

namespace Tangle.Silo;

/// <summary>
/// Tangle's configuration, bound from the "Tangle" section (appsettings.json, environment variables
/// such as <c>Tangle__ServerName</c>, or the command line such as <c>--Tangle:ServerName=example.org</c>).
/// </summary>
public sealed class TangleOptions
{
    public const string Section = "Tangle";

    /// <summary>The homeserver's name: the part after ':' in its users' ids.</summary>
    public string ServerName { get; set; } = "localhost";

    /// <summary>Where the database, signing key and media live.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The room version of new rooms unless a client asks for another.</summary>
    public string DefaultRoomVersion { get; set; } = "11";

    public RegistrationOptions Registration { get; set; } = new();

    /// <summary>PBKDF2 iterations for password hashes.</summary>
    public int PasswordHashIterations { get; set; } = 210_000;

    /// <summary>Orleans silo-to-silo port (standalone binds it on loopback).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Orleans client gateway port (standalone binds it on loopback).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The Orleans cluster id; distinct ids keep several standalone servers on one machine apart.</summary>
    public string ClusterId { get; set; } = "tangle-standalone";

    public RateLimitOptions RateLimits { get; set; } = new();

    public MediaOptions Media { get; set; } = new();

    public PresenceOptions Presence { get; set; } = new();

    public FederationOptions Federation { get; set; } = new();
}

/// <summary>When presence changes by itself.</summary>
public sealed class PresenceOptions
{
    /// <summary>How long after a user's last sync ends they go offline.</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after their last activity an online user goes unavailable.</summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Who may create accounts.</summary>
public sealed class RegistrationOptions
{
    /// <summary>Open registration with m.login.dummy. Off unless configured (on in Development).</summary>
    public bool? Enabled { get; set; }

    /// <summary>Secret for the shared-secret admin registration endpoint; disabled when empty.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>Whether guests may register.</summary>
    public bool AllowGuests { get; set; }
}

/// <summary>Request rate limits, per user and per client address.</summary>
public sealed class RateLimitOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Sustained requests per second for one user.</summary>
    public double PerUserPerSecond { get; set; } = 200;

    /// <summary>Burst size for one user.</summary>
    public int PerUserBurst { get; set; } = 500;

    /// <summary>Sustained requests per second from one address (unauthenticated requests).</summary>
    public double PerAddressPerSecond { get; set; } = 50;

    public int PerAddressBurst { get; set; } = 200;

    /// <summary>Login and registration attempts per second from one address.</summary>
    public double LoginPerSecond { get; set; } = 5;

    public int LoginBurst { get; set; } = 30;
}

/// <summary>The media repository.</summary>
public sealed class MediaOptions
{
    /// <summary>The largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;

    /// <summary>Images with more pixels than this are not thumbnailed (decoding them costs too much memory).</summary>
    public long MaxThumbnailPixels { get; set; } = 32_000_000;

    /// <summary>How many media ids a user may have created with /create and not yet uploaded to.</summary>
    public int MaxPendingUploads { get; set; } = 5;

    /// <summary>How long a media id made with /create waits for its upload before it expires.</summary>
    public TimeSpan UnusedExpiry { get; set; } = TimeSpan.FromHours(24);
}
