using System.Security.Cryptography;
using System.Text.Json;
using Tangle.Grains.Accounts;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Http;

/// <summary>
/// User-interactive authentication for the single-stage flows Tangle offers: m.login.dummy for
/// registration, m.login.password to confirm sensitive actions. A first request without auth gets
/// the spec's 401 with the flows and a session id.
/// </summary>
internal static class UserInteractiveAuth
{
    public const string Dummy = "m.login.dummy";
    public const string Password = "m.login.password";

    /// <summary>The 401 that starts (or restarts) user-interactive auth.</summary>
    public static IResult Challenge(string stage, string? session = null, string? errcode = null, string? error = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["flows"] = new[] { new { stages = new[] { stage } } },
            ["params"] = new Dictionary<string, object>(),
            ["session"] = session ?? NewSession(),
        };
        if (errcode is not null)
        {
            body["errcode"] = errcode;
            body["error"] = error;
        }

        return Results.Json(body, MatrixResults.Options, statusCode: 401);
    }

    public static string NewSession() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Requires the requester to re-enter their password in the body's auth; null means authorised,
    /// otherwise the 401 to return.
    /// </summary>
    public static async Task<IResult?> RequirePasswordAsync(JsonElement body, UserId user, IGrainFactory grains)
    {
        if (body.Object("auth") is not { } auth)
            return Challenge(Password);
        var session = auth.String("session");
        if (auth.String("type") != Password)
            return Challenge(Password, session, ErrCode.Unrecognized, "only m.login.password is supported");
        var named = auth.Object("identifier") is { } identifier ? identifier.String("user") : auth.String("user");
        if (named is not null && Accounts.ResolveUser(named, user.Server) != user)
            return Challenge(Password, session, ErrCode.Forbidden, "you can only authenticate as yourself");
        var password = auth.String("password");
        if (password is null || !await grains.GetGrain<IAccountGrain>(user.Value).CheckPasswordAsync(password))
            return Challenge(Password, session, ErrCode.Forbidden, "invalid password");
        return null;
    }
}
