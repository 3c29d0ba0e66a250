using System.Text;
using System.Text.Json;
using NSec.Cryptography;
using Tangle.Protocol.Crypto;
using Tangle.Protocol.Federation;
using Tangle.Protocol.Identifiers;
using Tangle.Protocol.Json;

namespace Tangle.Protocol.Tests.Federation;

/// <summary>Request authentication between servers: the X-Matrix Authorization header.</summary>
public sealed class XMatrixAuthorizationTests
{
    private const string Seed = "YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1";
    private static readonly ServerName Hs1 = ServerName.From("hs1.test");
    private static readonly ServerName Hs2 = ServerName.From("hs2.test");

    private static SigningKey Key()
    {
        Assert.True(UnpaddedBase64.TryDecode(Seed, out var seed));
        return SigningKey.FromSeed(seed, "1");
    }

    [Fact]
    public void The_signature_covers_the_canonical_request_object_built_by_hand()
    {
        using var key = Key();
        const string canonical =
            "{\"content\":{\"a\":1},\"destination\":\"hs2.test\",\"method\":\"PUT\",\"origin\":\"hs1.test\",\"uri\":\"/_matrix/federation/v1/send/t1?x=%20\"}";
        Assert.True(UnpaddedBase64.TryDecode(Seed, out var seed));
        using var raw = NSec.Cryptography.Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        var expected = UnpaddedBase64.Encode(SignatureAlgorithm.Ed25519.Sign(raw, Encoding.UTF8.GetBytes(canonical)));

        var header = XMatrixAuthorization.Sign("PUT", "/_matrix/federation/v1/send/t1?x=%20", Hs1, Hs2,
            StrictJson.Parse("{\"a\":1}").Value, key);

        Assert.Equal(expected, header.Signature);
        Assert.Equal($"X-Matrix origin=\"hs1.test\",destination=\"hs2.test\",key=\"ed25519:1\",sig=\"{expected}\"", header.ToHeaderValue());
    }

    [Fact]
    public void A_signed_request_verifies_at_its_destination()
    {
        using var key = Key();
        var body = StrictJson.Parse("{\"pdus\":[],\"edus\":[]}").Value;
        var header = XMatrixAuthorization.Parse(
            XMatrixAuthorization.Sign("PUT", "/_matrix/federation/v1/send/1", Hs1, Hs2, body, key).ToHeaderValue()).Value;

        Assert.True(header.Verify("PUT", "/_matrix/federation/v1/send/1", Hs2, body, key.VerifyKey).IsValid);
    }

    [Theory]
    [InlineData("POST", "/_matrix/federation/v1/send/1", "{\"pdus\":[],\"edus\":[]}")]
    [InlineData("PUT", "/_matrix/federation/v1/send/2", "{\"pdus\":[],\"edus\":[]}")]
    [InlineData("PUT", "/_matrix/federation/v1/send/1", "{\"pdus\":[],\"edus\":[{}]}")]
    public void Changing_the_method_target_or_body_breaks_the_signature(string method, string target, string body)
    {
        using var key = Key();
        var header = XMatrixAuthorization.Sign("PUT", "/_matrix/federation/v1/send/1", Hs1, Hs2,
            StrictJson.Parse("{\"pdus\":[],\"edus\":[]}").Value, key);

        var check = header.Verify(method, target, Hs2, StrictJson.Parse(body).Value, key.VerifyKey);

        Assert.Equal(SignatureOutcome.Invalid, check.Outcome);
    }

    [Fact]
    public void A_request_signed_for_another_destination_is_refused()
    {
        using var key = Key();
        var header = XMatrixAuthorization.Sign("GET", "/_matrix/federation/v1/version", Hs1, Hs2, null, key);

        Assert.Equal(SignatureOutcome.Invalid, header.Verify("GET", "/_matrix/federation/v1/version", ServerName.From("hs3.test"), null, key.VerifyKey).Outcome);
    }

    [Fact]
    public void A_header_without_destination_is_checked_as_if_it_named_the_receiver()
    {
        using var key = Key();
        var signed = XMatrixAuthorization.Sign("GET", "/_matrix/federation/v1/query/profile?user_id=%40a%3Ahs2.test", Hs1, Hs2, null, key);
        var header = XMatrixAuthorization.Parse($"X-Matrix origin=hs1.test,key=\"ed25519:1\",sig=\"{signed.Signature}\"").Value;

        Assert.Null(header.Destination);
        Assert.True(header.Verify("GET", "/_matrix/federation/v1/query/profile?user_id=%40a%3Ahs2.test", Hs2, null, key.VerifyKey).IsValid);
    }

    [Fact]
    public void Parsing_accepts_the_liberties_the_grammar_allows()
    {
        var header = XMatrixAuthorization.Parse(
            "X-Matrix   ORIGIN=hs1.test:8448 ,\tDestination=\"hs2.test\" , key=\"ed25519:a\\b\",sig=abc,extra=ignored").Value;

        Assert.Equal("hs1.test:8448", header.Origin.Value);
        Assert.Equal("hs2.test", header.Destination!.Value);
        Assert.Equal("ed25519:ab", header.KeyId);
        Assert.Equal("abc", header.Signature);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer abc")]
    [InlineData("X-Matrixorigin=a,key=\"ed25519:1\",sig=x")]
    [InlineData("X-Matrix key=\"ed25519:1\",sig=x")]
    [InlineData("X-Matrix origin=not_a_server!,key=\"ed25519:1\",sig=x")]
    [InlineData("X-Matrix origin=hs1.test,key=\"curve25519:1\",sig=x")]
    [InlineData("X-Matrix origin=hs1.test,key=\"ed25519:1\"")]
    [InlineData("X-Matrix origin=hs1.test,key=\"ed25519:1\",sig=\"unterminated")]
    [InlineData("X-Matrix origin=hs1.test key=\"ed25519:1\",sig=x")]
    [InlineData("X-Matrix origin=hs1.test,origin=hs3.test,key=\"ed25519:1\",sig=x")]
    [InlineData("X-Matrix origin=hs1.test,destination=\"bad server\",key=\"ed25519:1\",sig=x")]
    public void Malformed_headers_are_refused_with_a_reason(string? value)
    {
        var parsed = XMatrixAuthorization.Parse(value);

        Assert.False(parsed.IsOk);
        Assert.Equal(ProtocolErrorKind.BadSignature, parsed.Error!.Kind);
    }

    [Fact]
    public void The_request_object_omits_content_for_a_request_without_a_body()
    {
        var request = XMatrixAuthorization.RequestJson("GET", "/_matrix/key/v2/server", Hs1, Hs2, null);

        Assert.Equal("{\"destination\":\"hs2.test\",\"method\":\"GET\",\"origin\":\"hs1.test\",\"uri\":\"/_matrix/key/v2/server\"}",
            CanonicalJson.EncodeToString(request));
        Assert.False(request.TryGetProperty("content", out JsonElement _));
    }
}
