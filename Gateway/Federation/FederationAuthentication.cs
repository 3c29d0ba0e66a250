using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Tangle.Grains;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;
using Tangle.Protocol;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Gateway.Federation;

/// <summary>Marks a federation endpoint that needs no signed request, such as /version.</summary>
internal sealed class AllowUnsignedFederationAttribute : Attribute;

/// <summary>A federation request that passed authentication: who sent it, to which of our servers, and its body.</summary>
internal sealed record FederationRequest(ServerName Origin, LocalHomeserver Destination, JsonElement? Body);

/// <summary>
/// Authenticates Server-Server API requests: parses the X-Matrix Authorization header, fetches the origin's
/// key, and checks the signature over method, target, origin, destination and body. Anything that does
/// not check out is answered 401 M_UNAUTHORIZED before the endpoint runs.
/// </summary>
internal sealed class FederationAuthentication(IGrainFactory grains, LocalHomeservers homeservers, TimeProvider time) : IEndpointFilter
{
    /// <summary>The largest request body another server may send (a full transaction is far smaller).</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    private const string RequestKey = "tangle.federation.request";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.GetEndpoint()?.Metadata.GetMetadata<AllowUnsignedFederationAttribute>() is not null)
            return await next(context);

        var headers = http.Request.Headers.Authorization;
        if (headers.Count == 0)
            return Unauthorized("missing X-Matrix Authorization header");

        var body = await ReadBodyAsync(http.Request);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path + http.Request.QueryString;
        string reason = "no valid X-Matrix Authorization header";
        foreach (var header in headers)
        {
            var parsed = XMatrixAuthorization.Parse(header);
            if (!parsed.TryGetValue(out var authorization, out var error))
            {
                reason = error.Message;
                continue;
            }

            var destination = authorization.Destination ?? homeservers.Default.Name;
            if (!homeservers.IsLocal(destination))
                return Unauthorized($"this server is not {destination}");
            if (homeservers.IsLocal(authorization.Origin))
            {
                reason = "a request cannot come from this server itself";
                continue;
            }

            var key = await OriginKeyAsync(authorization.Origin, authorization.KeyId);
            if (key is null)
            {
                reason = $"cannot find key {authorization.KeyId} of {authorization.Origin}";
                continue;
            }

            var check = authorization.Verify(http.Request.Method, target, destination, body, key);
            if (check.IsValid)
            {
                http.Items[RequestKey] = new FederationRequest(authorization.Origin, homeservers[destination], body);
                return await next(context);
            }

            reason = $"the request's signature does not verify: {check}";
        }

        return Unauthorized(reason);
    }

    /// <summary>The authenticated request of the current federation endpoint.</summary>
    public static FederationRequest RequestOf(HttpContext http) =>
        http.Items[RequestKey] as FederationRequest ?? throw new InvalidOperationException("the request was not authenticated");

    private async Task<VerifyKey?> OriginKeyAsync(ServerName origin, string keyId)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var keys = await grains.GetGrain<IServerKeysGrain>(origin.Value).GetKeysAsync(keyId, now);
        // Requests are signed with current keys only: an expired key signs nothing new.
        var record = keys.FirstOrDefault(k => k.KeyId == keyId && k.ExpiredTs is null);
        return record is not null && VerifyKey.FromBase64(record.KeyId, record.PublicKey).TryGetValue(out var key, out _) ? key : null;
    }

    private static async Task<JsonElement?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
            return null;
        if (request.ContentLength > MaxBodyBytes)
            throw new MatrixException(ErrCode.TooLarge, "request body is too large", 413);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                throw new MatrixException(ErrCode.TooLarge, "request body is too large", 413);
            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
            return null;
        var parsed = StrictJson.Parse(buffer.ToArray(), NumberPolicy.Lenient);
        if (parsed.TryGetValue(out var json, out var error))
            return json;
        throw new MatrixException(error.Kind == ProtocolErrorKind.NotJson ? ErrCode.NotJson : ErrCode.BadJson, error.Message, 400);
    }

    private static IResult Unauthorized(string message) => Http.MatrixResults.Error(401, ErrCode.Unauthorized, message);
}
