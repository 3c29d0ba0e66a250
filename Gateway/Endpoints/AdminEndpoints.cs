using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Tangle.Gateway.Http;
using Tangle.Grains.Accounts;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;
using Tangle.Silo;

namespace Tangle.Gateway.Endpoints;

/// <summary>
/// Shared-secret registration at <c>/_synapse/admin/v1/register</c>, the endpoint existing admin
/// tooling speaks: GET a nonce, then POST the account with an HMAC-SHA1 over
/// nonce\0username\0password\0admin|notadmin keyed by the configured secret.
/// </summary>
internal static class AdminEndpoints
{
    private static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(1);
    private static readonly ConcurrentDictionary<string, DateTimeOffset> Nonces = new(StringComparer.Ordinal);

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_synapse/admin/v1/register", GetNonce);
        app.MapPost("/_synapse/admin/v1/register", RegisterAsync);
    }

    private static IResult GetNonce(IOptions<TangleOptions> options)
    {
        if (string.IsNullOrEmpty(options.Value.Registration.SharedSecret))
            return MatrixResults.Error(400, ErrCode.Unknown, "shared secret registration is not enabled");
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var now = DateTimeOffset.UtcNow;
        foreach (var (old, issued) in Nonces)
        {
            if (now - issued > NonceLifetime)
                Nonces.TryRemove(old, out _);
        }

        Nonces[nonce] = now;
        return MatrixResults.Json(new { nonce });
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, IOptions<TangleOptions> options, IGrainFactory grains, LocalHomeservers homeservers)
    {
        var secret = options.Value.Registration.SharedSecret;
        if (string.IsNullOrEmpty(secret))
            return MatrixResults.Error(400, ErrCode.Unknown, "shared secret registration is not enabled");
        var body = await request.ReadObjectAsync();
        var nonce = body.RequiredString("nonce");
        if (!Nonces.TryRemove(nonce, out var issued) || DateTimeOffset.UtcNow - issued > NonceLifetime)
            return MatrixResults.Error(400, ErrCode.Unknown, "unrecognised nonce");
        var username = body.RequiredString("username");
        var password = body.RequiredString("password");
        var admin = body.Bool("admin") ?? false;
        var mac = body.RequiredString("mac");
        var expected = Mac(secret, nonce, username, password, admin);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(mac.ToLowerInvariant())))
            return MatrixResults.Error(403, ErrCode.Forbidden, "HMAC incorrect");

        var user = Accounts.NewUser(username, homeservers.Default.Name);
        var session = await grains.GetGrain<IAccountGrain>(user.Value).RegisterAsync(new RegisterCommand
        {
            Password = password, Admin = admin, DisplayName = body.String("displayname"),
        });
        return AccountEndpoints.SessionResult(session, homeservers.Default.Name.Value);
    }

    /// <summary>The HMAC-SHA1 the client computes over the registration, hex-encoded.</summary>
    public static string Mac(string secret, string nonce, string username, string password, bool admin)
    {
        var message = $"{nonce}\0{username}\0{password}\0{(admin ? "admin" : "notadmin")}";
        return Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
    }
}
