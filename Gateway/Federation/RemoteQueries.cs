using System.Text.Json;
using Tangle.Grains;
using Tangle.Grains.Federation;
using Tangle.Grains.Homeserver;
using Tangle.Grains.Matrix;
using Tangle.Protocol.Identifiers;

namespace Tangle.Gateway.Federation;

/// <summary>
/// Client-Server lookups that another server answers: a remote user's profile, a remote room alias.
/// A remote "not found" stays 404; a server that cannot be reached gives 502.
/// </summary>
internal sealed class RemoteQueries(FederationClient federation, LocalHomeservers homeservers)
{
    /// <summary>The remote user's public profile fields (displayname, avatar_url), only <paramref name="field"/> if given.</summary>
    public async Task<Dictionary<string, string>> ProfileAsync(UserId user, string? field)
    {
        var target = "/_matrix/federation/v1/query/profile?user_id=" + Uri.EscapeDataString(user.Value)
            + (field is null ? "" : "&field=" + Uri.EscapeDataString(field));
        var body = await QueryAsync(user.Server, target, "profile not found");
        var profile = new Dictionary<string, string>();
        foreach (var name in (string[])["displayname", "avatar_url"])
        {
            if ((field is null || field == name) && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                profile[name] = value.GetString()!;
        }

        return profile;
    }

    /// <summary>The room a remote alias points to and the servers to join it through.</summary>
    public async Task<(RoomId Room, IReadOnlyList<string> Servers)> AliasAsync(RoomAlias alias)
    {
        var body = await QueryAsync(alias.Server, "/_matrix/federation/v1/query/directory?room_alias=" + Uri.EscapeDataString(alias.Value),
            "room alias not found");
        if (!body.TryGetProperty("room_id", out var roomText) || roomText.ValueKind != JsonValueKind.String
            || !RoomId.Parse(roomText.GetString()).TryGetValue(out var room, out _))
            throw new MatrixException(ErrCode.Unknown, $"{alias.Server} gave no valid room id for {alias}", 502);
        var servers = body.TryGetProperty("servers", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!)
                .Where(s => ServerName.Parse(s).IsOk).Distinct().ToList()
            : [];
        return (room, servers);
    }

    private async Task<JsonElement> QueryAsync(ServerName server, string target, string notFound)
    {
        FederationResponse response;
        try
        {
            response = await federation.SendAsync(homeservers.Default, server, HttpMethod.Get, target);
        }
        catch (FederationUnavailableException e)
        {
            throw new MatrixException(ErrCode.Unknown, $"cannot reach {server}: {e.InnerException?.Message ?? e.Message}", 502);
        }

        if (response.IsSuccess && response.Body is { ValueKind: JsonValueKind.Object } body)
            return body;
        if ((int)response.Status is 404 or 403)
            throw MatrixException.NotFound(notFound);
        throw new MatrixException(ErrCode.Unknown, $"{server} answered {(int)response.Status} {response.ErrCode}", 502);
    }
}
