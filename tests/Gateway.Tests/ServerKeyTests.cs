using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests;

public sealed class ServerKeyTests
{
    private static async Task<JsonElement> KeysAsync(TangleServer server) =>
        (await new RawClient(server.CreateHttpClient()).GetAsync("_matrix/key/v2/server")).Body;

    private static SignatureOutcome SelfSignature(JsonElement keys)
    {
        var (keyId, key) = keys.GetProperty("verify_keys").EnumerateObject().Select(p => (p.Name, p.Value.GetProperty("key").GetString()!)).Single();
        var verifyKey = VerifyKey.FromBase64(keyId, key).Value;
        return JsonSignatures.Verify(keys, keys.GetProperty("server_name").GetString()!, id => id == keyId ? verifyKey : null).Outcome;
    }

    [Fact]
    public async Task The_server_publishes_its_key_signed_by_itself()
    {
        await using var server = await TangleServer.StartAsync();

        var keys = await KeysAsync(server);

        Assert.Equal("localhost", keys.GetProperty("server_name").GetString());
        Assert.Equal(SignatureOutcome.Valid, SelfSignature(keys));
        Assert.True(keys.GetProperty("valid_until_ts").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_replaced_signing_key_is_published_as_an_old_key()
    {
        var server = await TangleServer.StartAsync();
        var before = await KeysAsync(server);
        var oldKeyId = before.GetProperty("verify_keys").EnumerateObject().Single().Name;
        await server.StopAsync();
        using (var replacement = SigningKey.Generate("rotated"))
            await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "signing.key"), replacement.ToKeyFile(), TestContext.Current.CancellationToken);

        var settings = server.Settings.ToDictionary(kv => kv.Key, kv => kv.Value);
        settings["Tangle:SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Tangle:GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var restarted = await TangleServer.StartAsync(settings, server.DataDirectory);
        var after = await KeysAsync(restarted);

        Assert.Equal("ed25519:rotated", after.GetProperty("verify_keys").EnumerateObject().Single().Name);
        Assert.True(after.GetProperty("old_verify_keys").TryGetProperty(oldKeyId, out var old));
        Assert.True(old.GetProperty("expired_ts").GetInt64() > 0);
        Assert.Equal(SignatureOutcome.Valid, SelfSignature(after));
        Assert.Equal(CanonicalJson.EncodeToString(before.GetProperty("verify_keys").GetProperty(oldKeyId).GetProperty("key")),
            CanonicalJson.EncodeToString(old.GetProperty("key")));
    }
}
