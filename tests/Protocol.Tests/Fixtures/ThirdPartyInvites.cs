using System.Text.Json;
using Tangle.Protocol.Crypto;

namespace Tangle.Protocol.Tests.Fixtures;

/// <summary>
/// The pieces of a third-party invite: the m.room.third_party_invite event content with an identity
/// server's public key, and the signed object the identity server hands to the invited user.
/// </summary>
internal static class ThirdPartyInvites
{
    /// <summary>The identity server whose key signs the invites unless a test says otherwise.</summary>
    public const string IdentityServer = "id.example";

    public const string Token = "token-abc";

    /// <summary>m.room.third_party_invite content naming <paramref name="keyServer"/>'s key as public_key.</summary>
    public static string InviteEventContent(string keyServer = IdentityServer) =>
        $$"""{"display_name":"b...@example.org","key_validity_url":"https://{{keyServer}}/_matrix/identity/v2/pubkey/isvalid","public_key":"{{PublicKeyOf(keyServer)}}"}""";

    /// <summary>m.room.third_party_invite content listing <paramref name="keyServers"/>' keys only in public_keys.</summary>
    public static string InviteEventContentWithKeyList(params string[] keyServers)
    {
        var keys = string.Join(",", keyServers.Select(s =>
            $$"""{"key_validity_url":"https://{{s}}/isvalid","public_key":"{{PublicKeyOf(s)}}"}"""));
        return $$"""{"display_name":"b...@example.org","key_validity_url":"https://example.org/isvalid","public_key":"","public_keys":[{{keys}}]}""";
    }

    /// <summary>A signed object for <paramref name="mxid"/> and <paramref name="token"/>, signed by <paramref name="signer"/>.</summary>
    public static string Signed(string mxid, string token = Token, string signer = IdentityServer) =>
        SignedObject($$"""{"mxid":"{{mxid}}","token":"{{token}}"}""", signer);

    /// <summary>Signs an arbitrary object as <paramref name="signer"/> would, returning its JSON.</summary>
    public static string SignedObject(string json, string signer = IdentityServer)
    {
        using var key = TestEvents.KeyFor(signer);
        return JsonSignatures.Sign(TestEvents.Json(json), signer, key).GetRawText();
    }

    /// <summary>The third_party_invite member of an invite's content, as extra content for <see cref="TestRoom.Member"/>.</summary>
    public static string MemberContent(string signedJson) =>
        "\"third_party_invite\":{\"display_name\":\"b...@example.org\",\"signed\":" + signedJson + "}";

    public static string PublicKeyOf(string server)
    {
        using var key = TestEvents.KeyFor(server);
        return key.PublicKeyBase64;
    }

    /// <summary>Replaces <paramref name="name"/> in a signed object after signing, breaking the signature.</summary>
    public static string Tampered(string signedJson, string name, string value)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(signedJson)!;
        fields[name] = JsonSerializer.SerializeToElement(value);
        return JsonSerializer.Serialize(fields);
    }
}
