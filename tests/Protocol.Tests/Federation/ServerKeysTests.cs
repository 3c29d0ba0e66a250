using System.Text.Json;
using System.Text.Json.Nodes;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Identifiers;

namespace Tangle.Protocol.Tests.Federation;

/// <summary>Reading and checking another server's published keys.</summary>
public sealed class ServerKeysTests
{
    private static readonly ServerName Remote = ServerName.From("remote.test");

    private static JsonElement Response(SigningKey[] current, SigningKey[] signers, string serverName = "remote.test",
        JsonObject? oldKeys = null)
    {
        var verifyKeys = new JsonObject();
        foreach (var key in current)
            verifyKeys[key.KeyId] = new JsonObject { ["key"] = key.PublicKeyBase64 };
        var body = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["server_name"] = serverName,
            ["valid_until_ts"] = 1_700_000_000_000,
            ["verify_keys"] = verifyKeys,
            ["old_verify_keys"] = oldKeys ?? new JsonObject(),
        });
        foreach (var signer in signers)
            body = JsonSignatures.Sign(body, serverName, signer);
        return body;
    }

    [Fact]
    public void A_self_signed_response_gives_its_keys_with_their_validity()
    {
        using var key = SigningKey.Generate("a");

        var keys = ServerKeys.Parse(Response([key], [key]), Remote).Value;

        var only = Assert.Single(keys.Keys);
        Assert.Equal("ed25519:a", only.KeyId);
        Assert.Equal(key.PublicKey, only.PublicKey);
        Assert.Equal(1_700_000_000_000, only.ValidUntilTs);
        Assert.Equal(1_700_000_000_000, keys.ValidUntilTs);
    }

    [Fact]
    public void Old_verify_keys_come_with_their_expiry()
    {
        using var key = SigningKey.Generate("new");
        using var old = SigningKey.Generate("old");
        var oldKeys = new JsonObject { [old.KeyId] = new JsonObject { ["key"] = old.PublicKeyBase64, ["expired_ts"] = 1_600_000_000_000 } };

        var keys = ServerKeys.Parse(Response([key], [key], oldKeys: oldKeys), Remote).Value;

        Assert.Equal(1_600_000_000_000, keys.Find("ed25519:old")!.ExpiredTs);
        Assert.Null(keys.Find("ed25519:new")!.ExpiredTs);
    }

    [Fact]
    public void A_response_missing_the_signature_of_one_verify_key_is_refused()
    {
        using var first = SigningKey.Generate("first");
        using var second = SigningKey.Generate("second");

        var parsed = ServerKeys.Parse(Response([first, second], [first]), Remote);

        Assert.Equal(ProtocolErrorKind.BadKey, parsed.Error!.Kind);
    }

    [Fact]
    public void A_response_signed_by_a_key_it_does_not_publish_is_refused()
    {
        using var published = SigningKey.Generate("a");
        using var impostor = SigningKey.Generate("a");

        Assert.False(ServerKeys.Parse(Response([published], [impostor]), Remote).IsOk);
    }

    [Fact]
    public void A_response_for_another_server_is_refused()
    {
        using var key = SigningKey.Generate("a");

        Assert.False(ServerKeys.Parse(Response([key], [key], serverName: "elsewhere.test"), Remote).IsOk);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"server_name\":\"remote.test\",\"verify_keys\":{}}")]
    [InlineData("{\"server_name\":\"remote.test\",\"valid_until_ts\":1,\"verify_keys\":{}}")]
    [InlineData("{\"server_name\":\"remote.test\",\"valid_until_ts\":1,\"verify_keys\":{\"ed25519:a\":{\"key\":\"!!\"}}}")]
    [InlineData("{\"server_name\":\"remote.test\",\"valid_until_ts\":\"1\",\"verify_keys\":{\"ed25519:a\":{\"key\":\"AAAA\"}}}")]
    [InlineData("{\"server_name\":\"remote.test\",\"valid_until_ts\":1,\"verify_keys\":{\"ed25519:a\":{\"key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}},\"x\":1.5,\"signatures\":{\"remote.test\":{\"ed25519:a\":\"AAAA\"}}}")]
    public void Malformed_responses_are_refused(string json)
    {
        var parsed = ServerKeys.Parse(JsonDocument.Parse(json).RootElement, Remote);

        Assert.Equal(ProtocolErrorKind.BadKey, parsed.Error!.Kind);
    }
}
