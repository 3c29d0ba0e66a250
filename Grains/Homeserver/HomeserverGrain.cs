using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Identifiers;

namespace Tangle.Grains.Homeserver;

/// <summary>Keys this homeserver signed with before its current key.</summary>
[GenerateSerializer]
public sealed class HomeserverState
{
    [Id(0)] public string? CurrentKeyId { get; set; }
    [Id(1)] public string? CurrentPublicKey { get; set; }
    [Id(2)] public Dictionary<string, OldVerifyKey> OldKeys { get; set; } = new(StringComparer.Ordinal);
}

[GenerateSerializer]
public sealed record OldVerifyKey([property: Id(0)] string PublicKey, [property: Id(1)] long ExpiredTs);

/// <summary>
/// Publishes a homeserver's keys. When the operator replaces the signing key, the previous one moves to
/// old_verify_keys with the time it stopped being used, so events it signed stay verifiable.
/// </summary>
public sealed class HomeserverGrain(
    [PersistentState("homeserver")] IPersistentState<HomeserverState> state,
    LocalHomeservers homeservers,
    TimeProvider time) : Grain, IHomeserverGrain
{
    /// <summary>How long other servers may cache the keys (the specification caps it at 7 days).</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    private LocalHomeserver Homeserver => homeservers[ServerName.From(this.GetPrimaryKeyString())];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = Homeserver.SigningKey;
        if (state.State.CurrentKeyId != key.KeyId || state.State.CurrentPublicKey != key.PublicKeyBase64)
        {
            if (state.State is { CurrentKeyId: { } oldId, CurrentPublicKey: { } oldKey })
                state.State.OldKeys[oldId] = new OldVerifyKey(oldKey, time.GetUtcNow().ToUnixTimeMilliseconds());
            state.State.CurrentKeyId = key.KeyId;
            state.State.CurrentPublicKey = key.PublicKeyBase64;
            state.State.OldKeys.Remove(key.KeyId);
            await state.WriteStateAsync();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public Task<JsonElement> GetServerKeysAsync()
    {
        var key = Homeserver.SigningKey;
        var oldKeys = new JsonObject();
        foreach (var (id, old) in state.State.OldKeys)
            oldKeys[id] = new JsonObject { ["key"] = old.PublicKey, ["expired_ts"] = old.ExpiredTs };
        var document = new JsonObject
        {
            ["server_name"] = Homeserver.Name.Value,
            ["verify_keys"] = new JsonObject { [key.KeyId] = new JsonObject { ["key"] = key.PublicKeyBase64 } },
            ["old_verify_keys"] = oldKeys,
            ["valid_until_ts"] = (time.GetUtcNow() + Validity).ToUnixTimeMilliseconds(),
        };
        return Task.FromResult(JsonSignatures.Sign(JsonSerializer.SerializeToElement(document), Homeserver.Name.Value, key));
    }
}
