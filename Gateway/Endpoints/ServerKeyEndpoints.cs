using System.Text.Json;
using Tangle.Gateway.Http;
using Tangle.Grains;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Endpoints;

/// <summary>
/// The homeserver's published signing keys, and the notary API that vouches for other servers' keys: each
/// key response as the server signed it, countersigned by this server.
/// </summary>
internal static class ServerKeyEndpoints
{
    /// <summary>How many servers one batch query may ask about.</summary>
    private const int MaxServersPerQuery = 100;

    public static void MapServerKeyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/_matrix/key/v2/server", ServerKeysAsync);
        app.MapGet("/_matrix/key/v2/server/{keyId}", (IGrainFactory grains, LocalHomeservers homeservers) => ServerKeysAsync(grains, homeservers));
        app.MapGet("/_matrix/key/v2/query/{serverName}", QueryOneAsync);
        app.MapPost("/_matrix/key/v2/query", QueryManyAsync);
    }

    private static async Task<IResult> ServerKeysAsync(IGrainFactory grains, LocalHomeservers homeservers)
    {
        var keys = await grains.GetGrain<IHomeserverGrain>(homeservers.Default.Name.Value).GetServerKeysAsync();
        return MatrixResults.Write(w => keys.WriteTo(w));
    }

    private static async Task<IResult> QueryOneAsync(string serverName, long? minimum_valid_until_ts, IGrainFactory grains,
        LocalHomeservers homeservers, TimeProvider time)
    {
        var server = ServerName.Parse(RouteValues.Unescape(serverName)) is { IsOk: true } parsed
            ? parsed.Value
            : throw MatrixException.InvalidParam($"'{serverName}' is not a server name");
        var minimum = minimum_valid_until_ts ?? time.GetUtcNow().ToUnixTimeMilliseconds();
        return Answer(await CountersignedAsync(server, minimum, grains, homeservers));
    }

    private static async Task<IResult> QueryManyAsync(HttpContext http, IGrainFactory grains, LocalHomeservers homeservers, TimeProvider time)
    {
        var body = await http.Request.ReadObjectAsync();
        if (!body.TryGetProperty("server_keys", out var query) || query.ValueKind != JsonValueKind.Object)
            throw MatrixException.BadJson("server_keys must be an object");
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var answers = new List<JsonElement>();
        foreach (var entry in query.EnumerateObject().Take(MaxServersPerQuery))
        {
            if (!ServerName.Parse(entry.Name).TryGetValue(out var server, out _) || entry.Value.ValueKind != JsonValueKind.Object)
                continue;
            // Criteria may be given per key id; the notary answers with every key it holds, at the strictest minimum.
            var minimum = now;
            foreach (var criteria in entry.Value.EnumerateObject())
            {
                if (criteria.Value.ValueKind == JsonValueKind.Object && criteria.Value.TryGetProperty("minimum_valid_until_ts", out var ts)
                    && ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var value))
                    minimum = Math.Max(minimum, value);
            }

            answers.AddRange(await CountersignedAsync(server, minimum, grains, homeservers));
        }

        return Answer(answers);
    }

    private static async Task<IReadOnlyList<JsonElement>> CountersignedAsync(ServerName server, long minimum, IGrainFactory grains,
        LocalHomeservers homeservers)
    {
        var notary = homeservers.Default;
        var responses = await grains.GetGrain<IServerKeysGrain>(server.Value).GetSignedResponsesAsync(minimum);
        return responses.Select(r => JsonSignatures.Sign(r, notary.Name.Value, notary.SigningKey)).ToList();
    }

    private static IResult Answer(IReadOnlyList<JsonElement> keys) => MatrixResults.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("server_keys");
        foreach (var key in keys)
            key.WriteTo(w);
        w.WriteEndArray();
        w.WriteEndObject();
    });
}
