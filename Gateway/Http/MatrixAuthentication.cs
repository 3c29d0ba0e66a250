using Tangle.Grains;
using Tangle.Grains.Accounts;
using Tangle.Grains.Matrix;
using Tangle.Grains.Rooms;

namespace Tangle.Gateway.Http;

/// <summary>Marks an endpoint that works without an access token (and uses one if given).</summary>
internal sealed class AllowAnonymousMatrixAttribute : Attribute;

/// <summary>Marks an endpoint guests may use.</summary>
internal sealed class AllowGuestsAttribute : Attribute;

/// <summary>
/// Authenticates Client-Server API requests by access token (Authorization: Bearer, or the
/// deprecated access_token query parameter that older clients still send) and applies rate limits.
/// </summary>
internal sealed class MatrixAuthentication(IGrainFactory grains, RateLimiter limiter) : IEndpointFilter
{
    private const string RequesterKey = "tangle.requester";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var endpoint = http.GetEndpoint();
        var anonymous = endpoint?.Metadata.GetMetadata<AllowAnonymousMatrixAttribute>() is not null;
        var token = TokenOf(http.Request);
        if (token is null)
        {
            if (!anonymous)
                return MatrixResults.Error(401, ErrCode.MissingToken, "missing access token");
            if (limiter.TryAcquire("ip:" + ClientAddress(http), RateLimiter.Kind.Address) is { } wait)
                return Limited(wait);
            return await next(context);
        }

        var info = await grains.GetGrain<IAccessTokenGrain>(AccessTokens.Hash(token)).ResolveAsync();
        if (info is null)
            return MatrixResults.Error(401, ErrCode.UnknownToken, "unknown or revoked access token", extra: new Dictionary<string, object?> { ["soft_logout"] = false });
        if (info.IsGuest && endpoint?.Metadata.GetMetadata<AllowGuestsAttribute>() is null)
            return MatrixResults.Error(403, ErrCode.GuestAccessForbidden, "guests cannot use this endpoint");
        if (limiter.TryAcquire("user:" + info.UserId.Value, RateLimiter.Kind.User) is { } userWait)
            return Limited(userWait);
        http.Items[RequesterKey] = new Requester(info.UserId, info.DeviceId, info.IsGuest);
        return await next(context);
    }

    private static IResult Limited(TimeSpan wait)
    {
        var ms = (long)Math.Ceiling(wait.TotalMilliseconds);
        return MatrixResults.Error(429, ErrCode.LimitExceeded, "too many requests", ms);
    }

    internal static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return header["Bearer ".Length..].Trim();
        return request.Query.TryGetValue("access_token", out var query) && !string.IsNullOrEmpty(query) ? query.ToString() : null;
    }

    internal static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>The authenticated requester of this request.</summary>
    public static Requester RequesterOf(HttpContext http) =>
        http.Items[RequesterKey] as Requester ?? throw new MatrixException(ErrCode.MissingToken, "missing access token", 401);

    /// <summary>The requester, if the request carried a valid token.</summary>
    public static Requester? OptionalRequesterOf(HttpContext http) => http.Items[RequesterKey] as Requester;
}
