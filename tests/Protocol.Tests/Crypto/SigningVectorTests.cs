using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Events;
using Tangle.Protocol.Json;
using Tangle.Protocol.Rooms;

namespace Tangle.Protocol.Tests.Crypto;

/// <summary>The appendix's "Cryptographic Test Vectors", byte for byte.</summary>
public sealed class SigningVectorTests
{
    private const string Seed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";

    private static SigningKey Key()
    {
        Assert.True(UnpaddedBase64.TryDecode(Seed, out var seed));
        return SigningKey.FromSeed(seed, "1");
    }

    private static JsonElement Json(string text) => StrictJson.Parse(text).Value;

    [Fact]
    public void Signing_an_empty_object()
    {
        using var key = Key();

        var signed = JsonSignatures.Sign(Json("{}"), "domain", key);

        Assert.Equal(
            "K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ",
            signed.GetProperty("signatures").GetProperty("domain").GetProperty("ed25519:1").GetString());
    }

    [Fact]
    public void Signing_an_object_with_data()
    {
        using var key = Key();

        var signed = JsonSignatures.Sign(Json("{\"one\":1,\"two\":\"Two\"}"), "domain", key);

        Assert.Equal(
            "{\"one\":1,\"signatures\":{\"domain\":{\"ed25519:1\":\"KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw\"}},\"two\":\"Two\"}",
            CanonicalJson.EncodeToString(signed));
    }

    [Fact]
    public void A_signed_object_verifies_and_a_tampered_one_does_not()
    {
        using var key = Key();
        var signed = JsonSignatures.Sign(Json("{\"one\":1,\"two\":\"Two\"}"), "domain", key);
        var tampered = JsonSignatures.WithSignature(Json("{\"one\":2,\"two\":\"Two\"}"), "domain", key.KeyId,
            signed.GetProperty("signatures").GetProperty("domain").GetProperty("ed25519:1").GetString()!);

        Assert.Equal(SignatureOutcome.Valid, JsonSignatures.Verify(signed, "domain", _ => key.VerifyKey).Outcome);
        Assert.Equal(SignatureOutcome.Invalid, JsonSignatures.Verify(tampered, "domain", _ => key.VerifyKey).Outcome);
        Assert.Equal(SignatureOutcome.UnknownKey, JsonSignatures.Verify(signed, "domain", _ => null).Outcome);
        Assert.Equal(SignatureOutcome.Missing, JsonSignatures.Verify(signed, "elsewhere", _ => key.VerifyKey).Outcome);
    }

    [Fact]
    public void Unsigned_data_is_not_covered_by_the_signature()
    {
        using var key = Key();
        var signed = JsonSignatures.Sign(Json("{\"one\":1,\"unsigned\":{\"age_ts\":1}}"), "domain", key);
        var signature = signed.GetProperty("signatures").GetProperty("domain").GetProperty("ed25519:1").GetString()!;

        Assert.Equal(signature, JsonSignatures.SignatureOf(Json("{\"one\":1}"), key));
    }

    [Fact]
    public void Signing_a_minimal_event()
    {
        using var key = Key();
        var unsignedEvent = Json("""
            {"room_id":"!x:domain","sender":"@a:domain","origin":"domain","origin_server_ts":1000000,"signatures":{},
             "hashes":{},"type":"X","content":{},"prev_events":[],"auth_events":[],"depth":3,"unsigned":{"age_ts":1000000}}
            """);

        var (hash, signature) = HashAndSign(unsignedEvent, key);

        Assert.Equal("5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos", hash);
        Assert.Equal("KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg", signature);
    }

    [Fact]
    public void Signing_an_event_with_redactable_content()
    {
        using var key = Key();
        var unsignedEvent = Json("""
            {"content":{"body":"Here is the message content"},"event_id":"$0:domain","origin":"domain",
             "origin_server_ts":1000000,"type":"m.room.message","room_id":"!r:domain","sender":"@u:domain",
             "signatures":{},"unsigned":{"age_ts":1000000}}
            """);

        var (hash, signature) = HashAndSign(unsignedEvent, key);

        Assert.Equal("onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g", hash);
        Assert.Equal("Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA", signature);
    }

    /// <summary>The appendix's algorithm: hash the whole event, then sign its redacted form (room version 1 rules).</summary>
    private static (string Hash, string Signature) HashAndSign(JsonElement ev, SigningKey key)
    {
        var version = RoomVersions.V1;
        var hash = UnpaddedBase64.Encode(EventHashes.ContentHash(ev, version));
        var withHash = WithHashes(ev, hash);
        return (hash, EventSignatures.SignatureOf(withHash, version, key));
    }

    private static JsonElement WithHashes(JsonElement ev, string hash)
    {
        var members = ev.EnumerateObject().Where(p => p.Name != "hashes").ToDictionary(p => p.Name, p => (object)p.Value);
        members["hashes"] = new Dictionary<string, string> { ["sha256"] = hash };
        return JsonSerializer.SerializeToElement(members);
    }
}
