using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tangle.Grains.Homeserver;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Federation;

/// <summary>What this server has learnt of another server's keys.</summary>
[GenerateSerializer]
public sealed class ServerKeysState
{
    /// <summary>Every key ever learnt, by key id, so events signed long ago stay verifiable.</summary>
    [Id(0)] public Dictionary<string, ServerKeyRecord> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The newest self-signed response, as the server sent it, for answering notary queries.</summary>
    [Id(1)] public string? LatestResponse { get; set; }
}

/// <summary>
/// Fetches and remembers another server's signing keys: directly from <c>/_matrix/key/v2/server</c>, or
/// through the trusted notaries when the server cannot be reached. A response is taken only when the server
/// signed it with every key it publishes, and a notary's answer only when the notary signed it too.
/// </summary>
public sealed class ServerKeysGrain(
    [PersistentState("serverKeys")] IPersistentState<ServerKeysState> state,
    FederationClient federation,
    FederationOptions options,
    LocalHomeservers homeservers,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<ServerKeysGrain> logger) : Grain, IServerKeysGrain
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    private ServerName Server => ServerName.From(this.GetPrimaryKeyString());

    public async Task<IReadOnlyList<ServerKeyRecord>> GetKeysAsync(string? keyId, long minimumValidUntilTs)
    {
        var known = keyId is null || state.State.Keys.ContainsKey(keyId);
        var fresh = state.State.Keys.Values.Any(k => k.ExpiredTs is null && k.ValidUntilTs >= minimumValidUntilTs);
        if (!known || !fresh)
            await RefreshAsync();
        return state.State.Keys.Values.ToList();
    }

    public async Task<IReadOnlyList<JsonElement>> GetSignedResponsesAsync(long minimumValidUntilTs)
    {
        if (homeservers.IsLocal(Server))
            return [await grains.GetGrain<IHomeserverGrain>(Server.Value).GetServerKeysAsync()];
        if (!state.State.Keys.Values.Any(k => k.ExpiredTs is null && k.ValidUntilTs >= minimumValidUntilTs))
            await RefreshAsync();
        return state.State.LatestResponse is { } latest ? [JsonDocument.Parse(latest).RootElement.Clone()] : [];
    }

    private async Task RefreshAsync()
    {
        var now = time.GetUtcNow();
        if (now - _lastAttempt < RetryAfter)
            return;
        _lastAttempt = now;

        if (homeservers.IsLocal(Server))
        {
            await RememberAsync(await grains.GetGrain<IHomeserverGrain>(Server.Value).GetServerKeysAsync());
            return;
        }

        if (await FetchDirectAsync() is { } direct)
        {
            await RememberAsync(direct);
            return;
        }

        foreach (var notary in options.TrustedKeyServers)
        {
            if (await FetchThroughNotaryAsync(notary) is { } viaNotary)
            {
                await RememberAsync(viaNotary);
                return;
            }
        }
    }

    private async Task<JsonElement?> FetchDirectAsync()
    {
        try
        {
            var response = await federation.SendAsync(homeservers.Default, Server, HttpMethod.Get, "/_matrix/key/v2/server");
            if (response is { IsSuccess: true, Body: { } body } && ServerKeys.Parse(body, Server).IsOk)
                return body;
            logger.LogInformation("{Server} answered its key request with {Status}", Server, response.Status);
        }
        catch (FederationUnavailableException e)
        {
            logger.LogInformation("Cannot fetch keys from {Server}: {Reason}", Server, e.Message);
        }

        return null;
    }

    private async Task<JsonElement?> FetchThroughNotaryAsync(TrustedKeyServer notary)
    {
        if (!ServerName.Parse(notary.ServerName).TryGetValue(out var notaryName, out _) || notaryName == Server)
            return null;
        try
        {
            var target = "/_matrix/key/v2/query/" + Uri.EscapeDataString(Server.Value);
            var response = await federation.SendAsync(homeservers.Default, notaryName, HttpMethod.Get, target);
            if (response is not { IsSuccess: true, Body: { ValueKind: JsonValueKind.Object } body }
                || !body.TryGetProperty("server_keys", out var list) || list.ValueKind != JsonValueKind.Array)
                return null;
            var notaryKeys = await NotaryKeysAsync(notary, notaryName);
            foreach (var candidate in list.EnumerateArray())
            {
                if (ServerKeys.Parse(candidate, Server).IsOk
                    && JsonSignatures.Verify(candidate, notaryName.Value, id => notaryKeys.FirstOrDefault(k => k.KeyId == id)).IsValid)
                    return WithoutSignaturesOf(candidate, notaryName);
            }
        }
        catch (FederationUnavailableException e)
        {
            logger.LogInformation("Cannot ask notary {Notary} for the keys of {Server}: {Reason}", notaryName, Server, e.Message);
        }

        return null;
    }

    private async Task<IReadOnlyList<VerifyKey>> NotaryKeysAsync(TrustedKeyServer notary, ServerName notaryName)
    {
        if (notary.VerifyKeys.Count > 0)
        {
            return notary.VerifyKeys
                .Select(k => VerifyKey.FromBase64(k.Key, k.Value))
                .Where(k => k.IsOk).Select(k => k.Value).ToList();
        }

        var records = await grains.GetGrain<IServerKeysGrain>(notaryName.Value)
            .GetKeysAsync(null, time.GetUtcNow().ToUnixTimeMilliseconds());
        return records.Where(r => r.ExpiredTs is null)
            .Select(r => VerifyKey.FromBase64(r.KeyId, r.PublicKey)).Where(k => k.IsOk).Select(k => k.Value).ToList();
    }

    private async Task RememberAsync(JsonElement response)
    {
        if (!ServerKeys.Parse(response, Server).TryGetValue(out var keys, out _))
            return;
        foreach (var key in keys.Keys)
        {
            var record = new ServerKeyRecord(key.KeyId, key.PublicKeyBase64, key.ValidUntilTs ?? 0, key.ExpiredTs);
            // A key's validity only grows; a stale notary answer does not shorten what the server itself said.
            if (state.State.Keys.TryGetValue(key.KeyId, out var known) && known.PublicKey == record.PublicKey
                && known.ExpiredTs is null && record.ExpiredTs is null && known.ValidUntilTs > record.ValidUntilTs)
                continue;
            state.State.Keys[key.KeyId] = record;
        }

        state.State.LatestResponse = response.GetRawText();
        await state.WriteStateAsync();
    }

    private static JsonElement WithoutSignaturesOf(JsonElement response, ServerName notary)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(response.GetRawText())!.AsObject();
        if (node["signatures"] is System.Text.Json.Nodes.JsonObject signatures)
            signatures.Remove(notary.Value);
        return JsonSerializer.SerializeToElement(node);
    }
}
