using System.Net;
using System.Text.Json;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Encryption;

public sealed class CrossSigningTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string UploadPath = "_matrix/client/v3/keys/device_signing/upload";
    private const string SignaturesPath = "_matrix/client/v3/keys/signatures/upload";

    [Fact]
    public async Task The_first_upload_needs_no_password_and_others_see_all_but_the_user_signing_key()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);

        var upload = await alice.Client.PostAsync(UploadPath, identity.Upload());
        var own = await alice.QueryAsync(alice.UserId);
        var others = await bob.QueryAsync(alice.UserId);

        Assert.Equal(HttpStatusCode.OK, upload.Status);
        Assert.Equal(TestDevice.Canonical(identity.MasterKey()), TestDevice.Canonical(others.Body.GetProperty("master_keys").GetProperty(alice.UserId)));
        Assert.Equal(TestDevice.Canonical(identity.SelfSigningKey()),
            TestDevice.Canonical(others.Body.GetProperty("self_signing_keys").GetProperty(alice.UserId)));
        Assert.False(others.Body.GetProperty("user_signing_keys").TryGetProperty(alice.UserId, out _));
        Assert.Equal(TestDevice.Canonical(identity.UserSigningKey()),
            TestDevice.Canonical(own.Body.GetProperty("user_signing_keys").GetProperty(alice.UserId)));
    }

    [Fact]
    public async Task Replacing_keys_needs_the_password()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var first = new CrossSigningIdentity(alice.UserId);
        using var second = new CrossSigningIdentity(alice.UserId);
        await alice.Client.PostAsync(UploadPath, first.Upload());

        var challenged = await alice.Client.PostAsync(UploadPath, second.Upload());
        var authenticated = await alice.Client.PostAsync(UploadPath, second.Upload(alice.PasswordAuth));
        var held = await alice.QueryAsync(alice.UserId);

        Assert.Equal(HttpStatusCode.Unauthorized, challenged.Status);
        Assert.Equal("m.login.password", challenged.Body.GetProperty("flows")[0].GetProperty("stages")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, authenticated.Status);
        Assert.Equal(TestDevice.Canonical(second.MasterKey()), TestDevice.Canonical(held.Body.GetProperty("master_keys").GetProperty(alice.UserId)));
    }

    [Fact]
    public async Task Uploading_the_same_keys_again_needs_no_password()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);
        await alice.Client.PostAsync(UploadPath, identity.Upload());

        var again = await alice.Client.PostAsync(UploadPath, identity.Upload());
        var masterOnly = await alice.Client.PostAsync(UploadPath, new { master_key = identity.MasterKey() });

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(HttpStatusCode.OK, masterOnly.Status);
    }

    [Fact]
    public async Task A_key_not_signed_by_the_master_key_is_refused()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);
        using var impostor = new CrossSigningIdentity(alice.UserId);

        var response = await alice.Client.PostAsync(UploadPath, new { master_key = identity.MasterKey(), self_signing_key = impostor.SelfSigningKey() });
        var query = await alice.QueryAsync(alice.UserId);

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_SIGNATURE"), (response.Status, response.ErrCode));
        Assert.False(query.Body.GetProperty("master_keys").TryGetProperty(alice.UserId, out _));
    }

    [Fact]
    public async Task A_self_signing_key_without_any_master_key_is_refused()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);

        var response = await alice.Client.PostAsync(UploadPath, new { self_signing_key = identity.SelfSigningKey() });

        Assert.Equal((HttpStatusCode.BadRequest, "M_MISSING_PARAM"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Keys_must_belong_to_the_user_and_name_their_usage()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity("@someone:localhost");
        using var own = new CrossSigningIdentity(alice.UserId);

        var otherUser = await alice.Client.PostAsync(UploadPath, new { master_key = identity.MasterKey() });
        var wrongUsage = await alice.Client.PostAsync(UploadPath, new { master_key = own.KeyObject(own.Master, "self_signing", null) });
        var twoKeys = await alice.Client.PostAsync(UploadPath, new { master_key = KeysTests.With(own.MasterKey(), "keys", new Dictionary<string, string> { ["ed25519:a"] = "a", ["ed25519:b"] = "b" }) });

        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (otherUser.Status, otherUser.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (wrongUsage.Status, wrongUsage.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (twoKeys.Status, twoKeys.ErrCode));
    }

    [Fact]
    public async Task A_key_may_not_take_the_id_of_one_of_the_users_devices()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);
        using var device = await alice.LoginAgainAsync(fixture, identity.Master.PublicKeyBase64);

        var response = await alice.Client.PostAsync(UploadPath, identity.Upload());

        Assert.Equal((HttpStatusCode.Forbidden, "M_FORBIDDEN"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_self_signing_signature_on_a_device_is_shown_to_everyone()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);
        await alice.UploadKeysAsync();
        await alice.Client.PostAsync(UploadPath, identity.Upload());
        var signed = CrossSigningIdentity.SignedBy(alice.DeviceKeys(), alice.UserId, identity.SelfSigning);

        var response = await alice.Client.PostAsync(SignaturesPath, Signatures(alice.UserId, alice.DeviceId, signed));
        await alice.UploadAsync(new { device_keys = alice.DeviceKeys() });
        var seen = await bob.QueryAsync(alice.UserId);

        Assert.Empty(response.Body.GetProperty("failures").EnumerateObject());
        var signatures = seen.Body.GetProperty("device_keys").GetProperty(alice.UserId).GetProperty(alice.DeviceId).GetProperty("signatures").GetProperty(alice.UserId);
        Assert.Equal(
            signed.GetProperty("signatures").GetProperty(alice.UserId).GetProperty(CrossSigningIdentity.KeyId(identity.SelfSigning)).GetString(),
            signatures.GetProperty(CrossSigningIdentity.KeyId(identity.SelfSigning)).GetString());
        Assert.True(signatures.TryGetProperty($"ed25519:{alice.DeviceId}", out _));
    }

    [Fact]
    public async Task A_device_signature_on_the_master_key_is_shown_to_everyone()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);
        await alice.UploadKeysAsync();
        await alice.Client.PostAsync(UploadPath, identity.Upload());
        var master = identity.MasterKey();
        var signed = alice.Sign(master);

        var response = await alice.Client.PostAsync(SignaturesPath, Signatures(alice.UserId, identity.Master.PublicKeyBase64, signed));
        var seen = await bob.QueryAsync(alice.UserId);

        Assert.Empty(response.Body.GetProperty("failures").EnumerateObject());
        Assert.True(seen.Body.GetProperty("master_keys").GetProperty(alice.UserId).GetProperty("signatures").GetProperty(alice.UserId)
            .TryGetProperty($"ed25519:{alice.DeviceId}", out _));
    }

    [Fact]
    public async Task A_user_signing_signature_on_another_users_master_key_is_shown_only_to_the_signer()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var carol = await TestDevice.RegisterAsync(fixture);
        using var aliceIdentity = new CrossSigningIdentity(alice.UserId);
        using var bobIdentity = new CrossSigningIdentity(bob.UserId);
        await alice.Client.PostAsync(UploadPath, aliceIdentity.Upload());
        await bob.Client.PostAsync(UploadPath, bobIdentity.Upload());
        var signed = CrossSigningIdentity.SignedBy(bobIdentity.MasterKey(), alice.UserId, aliceIdentity.UserSigning);

        var response = await alice.Client.PostAsync(SignaturesPath, Signatures(bob.UserId, bobIdentity.Master.PublicKeyBase64, signed));
        var bySigner = await alice.QueryAsync(bob.UserId);
        var byOwner = await bob.QueryAsync(bob.UserId);
        var byThird = await carol.QueryAsync(bob.UserId);

        Assert.Empty(response.Body.GetProperty("failures").EnumerateObject());
        Assert.True(MasterSignatures(bySigner, bob.UserId).TryGetProperty(alice.UserId, out _));
        Assert.False(MasterSignatures(byOwner, bob.UserId).TryGetProperty(alice.UserId, out _));
        Assert.False(MasterSignatures(byThird, bob.UserId).TryGetProperty(alice.UserId, out _));
    }

    [Fact]
    public async Task Bad_signatures_are_reported_per_key()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);
        using var bobIdentity = new CrossSigningIdentity(bob.UserId);
        using var impostor = new CrossSigningIdentity(alice.UserId);
        await alice.UploadKeysAsync();
        await alice.Client.PostAsync(UploadPath, identity.Upload());
        await bob.Client.PostAsync(UploadPath, bobIdentity.Upload());
        var forged = Tangle.Protocol.Crypto.JsonSignatures.WithSignature(alice.DeviceKeys(), alice.UserId,
            CrossSigningIdentity.KeyId(identity.SelfSigning), Tangle.Protocol.Crypto.JsonSignatures.SignatureOf(alice.DeviceKeys(), impostor.SelfSigning));
        var altered = CrossSigningIdentity.SignedBy(KeysTests.With(alice.DeviceKeys(), "algorithms", new[] { "other" }), alice.UserId, identity.SelfSigning);
        var notMaster = CrossSigningIdentity.SignedBy(bobIdentity.SelfSigningKey(), alice.UserId, identity.UserSigning);

        var response = await alice.Client.PostAsync(SignaturesPath, new Dictionary<string, object>
        {
            [alice.UserId] = new Dictionary<string, object> { [alice.DeviceId] = forged, ["NOSUCHKEY"] = alice.DeviceKeys() },
            [bob.UserId] = new Dictionary<string, object> { [bobIdentity.SelfSigning.PublicKeyBase64] = notMaster },
        });
        var alteredResponse = await alice.Client.PostAsync(SignaturesPath, Signatures(alice.UserId, alice.DeviceId, altered));

        var failures = response.Body.GetProperty("failures");
        Assert.Equal("M_INVALID_SIGNATURE", failures.GetProperty(alice.UserId).GetProperty(alice.DeviceId).GetProperty("errcode").GetString());
        Assert.Equal("M_NOT_FOUND", failures.GetProperty(alice.UserId).GetProperty("NOSUCHKEY").GetProperty("errcode").GetString());
        Assert.Equal("M_NOT_FOUND", failures.GetProperty(bob.UserId).GetProperty(bobIdentity.SelfSigning.PublicKeyBase64).GetProperty("errcode").GetString());
        Assert.Equal("M_INVALID_PARAM",
            alteredResponse.Body.GetProperty("failures").GetProperty(alice.UserId).GetProperty(alice.DeviceId).GetProperty("errcode").GetString());
    }

    [Fact]
    public async Task Uploading_cross_signing_keys_is_a_device_list_change()
    {
        using var alice = await TestDevice.RegisterAsync(fixture);
        using var bob = await TestDevice.RegisterAsync(fixture);
        using var identity = new CrossSigningIdentity(alice.UserId);
        var (_, tokens) = await TestDevice.ShareSettledRoomAsync(alice, bob);

        await alice.Client.PostAsync(UploadPath, identity.Upload());

        await bob.SyncUntilAsync(tokens[1], s => TestDevice.Changed(s).Contains(alice.UserId));
    }

    private static Dictionary<string, object> Signatures(string user, string keyId, JsonElement signed) =>
        new() { [user] = new Dictionary<string, JsonElement> { [keyId] = signed } };

    private static JsonElement MasterSignatures(RawResponse query, string user) =>
        query.Body.GetProperty("master_keys").GetProperty(user).TryGetProperty("signatures", out var signatures) ? signatures : JsonDocument.Parse("{}").RootElement;
}
