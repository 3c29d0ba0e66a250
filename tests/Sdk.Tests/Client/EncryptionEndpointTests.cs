using System.Text.Json;
using Tangle.Sdk.Encryption;
using Tangle.Sdk.Tests.Infrastructure;
using static Tangle.Sdk.Tests.Infrastructure.EndpointProbe;

namespace Tangle.Sdk.Tests.Client;

/// <summary>Key upload, query, claim and changes, cross-signing, to-device and key backup endpoints.</summary>
public sealed class EncryptionEndpointTests
{
    private static string Spec(string name) => SpecExamples.Text(name);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keys_upload_sends_the_spec_request_unchanged()
    {
        var request = MatrixJson.Deserialize<KeysUploadRequest>(Spec("keys.post.keys_upload.request.json"));

        var (response, received) = await CallAsync(c => c.UploadKeysAsync(request, Ct), Spec("keys.post.keys_upload.200.json"));

        Expect(received, "POST", "/_matrix/client/v3/keys/upload", Spec("keys.post.keys_upload.request.json"));
        Assert.Equal(20, response.OneTimeKeyCounts["signed_curve25519"]);
    }

    [Fact]
    public async Task Keys_query_claim_and_changes()
    {
        var (keys, query) = await CallAsync(c => c.QueryKeysAsync(
            new Dictionary<string, IReadOnlyList<string>> { ["@alice:example.com"] = [] }, TimeSpan.FromSeconds(10), Ct), Spec("keys.post.keys_query.200.json"));
        var (_, queryUsers) = await CallAsync(c => c.QueryKeysAsync(["@bob:example.org", "@bob:example.org"], Ct), "{}");
        var wanted = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["@alice:example.com"] = new Dictionary<string, string> { ["JLAFKJWSCS"] = "signed_curve25519" },
        };
        var (claimed, claim) = await CallAsync(c => c.ClaimKeysAsync(wanted, TimeSpan.FromSeconds(10), Ct), Spec("keys.post.keys_claim.200.json"));
        var (changes, changesRequest) = await CallAsync(c => c.GetKeyChangesAsync("s72594_4483_1934", "s75689_5632_2435", Ct),
            Spec("keys.get.keys_changes.200.json"));

        Expect(query, "POST", "/_matrix/client/v3/keys/query", Spec("keys.post.keys_query.request.json"));
        Expect(queryUsers, "POST", "/_matrix/client/v3/keys/query", """{"device_keys":{"@bob:example.org":[]}}""");
        Expect(claim, "POST", "/_matrix/client/v3/keys/claim", Spec("keys.post.keys_claim.request.json"));
        Expect(changesRequest, "GET", "/_matrix/client/v3/keys/changes?from=s72594_4483_1934&to=s75689_5632_2435");
        Assert.Contains("JLAFKJWSCS", keys.DeviceKeys["@alice:example.com"].Keys);
        Assert.Single(claimed.OneTimeKeys["@alice:example.com"]["JLAFKJWSCS"]);
        Assert.Equal(2, changes.Left.Count);
    }

    [Fact]
    public async Task Cross_signing_and_signature_upload()
    {
        var keys = MatrixJson.Deserialize<CrossSigningKeysUpload>(Spec("cross_signing.post.keys_device_signing_upload.request.json"));
        var signatures = MatrixJson.Deserialize<Dictionary<string, IReadOnlyDictionary<string, object>>>(Spec("cross_signing.post.keys_signatures_upload.request.json"));

        var upload = await CallAsync(c => c.UploadCrossSigningKeysAsync(keys, cancellationToken: Ct));
        var (result, sign) = await CallAsync(c => c.UploadSignaturesAsync(signatures, Ct), Spec("cross_signing.post.keys_signatures_upload.200.json"));

        Expect(upload, "POST", "/_matrix/client/v3/keys/device_signing/upload", Spec("cross_signing.post.keys_device_signing_upload.request.json"));
        Expect(sign, "POST", "/_matrix/client/v3/keys/signatures/upload", Spec("cross_signing.post.keys_signatures_upload.request.json"));
        Assert.Equal("M_INVALID_SIGNATURE", JsonAssert.String(result.Failures["@alice:example.com"]["HIJKLMN"], "errcode"));
    }

    [Fact]
    public async Task Send_to_device_puts_with_a_transaction_id()
    {
        var messages = new Dictionary<string, IReadOnlyDictionary<string, object>>
        {
            ["@alice:example.com"] = new Dictionary<string, object> { ["TLLBEANAAG"] = new { example_content_key = "value" } },
        };

        var received = await CallAsync(c => c.SendToDeviceAsync("m.new_device", messages, "txn/1", Ct));

        Expect(received, "PUT", "/_matrix/client/v3/sendToDevice/m.new_device/txn%2F1", Spec("to_device.put.sendToDevice_eventType_txnId.request.json"));
    }

    [Fact]
    public async Task Key_backup_versions()
    {
        var authData = SpecExamples.Element("key_backup.post.room_keys_version.request.json").GetProperty("auth_data");
        const string algorithm = "m.megolm_backup.v1.curve25519-aes-sha2";

        var (version, create) = await CallAsync(c => c.CreateKeyBackupVersionAsync(algorithm, authData, Ct), Spec("key_backup.post.room_keys_version.200.json"));
        var (current, getCurrent) = await CallAsync(c => c.GetKeyBackupVersionAsync(cancellationToken: Ct), Spec("key_backup.get.room_keys_version.200.json"));
        var (named, getNamed) = await CallAsync(c => c.GetKeyBackupVersionAsync("1", Ct), Spec("key_backup.get.room_keys_version_version.200.json"));
        var update = await CallAsync(c => c.UpdateKeyBackupVersionAsync("1", algorithm, authData, Ct));
        var delete = await CallAsync(c => c.DeleteKeyBackupVersionAsync("1", Ct));

        Expect(create, "POST", "/_matrix/client/v3/room_keys/version", Spec("key_backup.post.room_keys_version.request.json"));
        Expect(getCurrent, "GET", "/_matrix/client/v3/room_keys/version");
        Expect(getNamed, "GET", "/_matrix/client/v3/room_keys/version/1");
        Expect(update, "PUT", "/_matrix/client/v3/room_keys/version/1", Spec("key_backup.put.room_keys_version_version.request.json"));
        Expect(delete, "DELETE", "/_matrix/client/v3/room_keys/version/1");
        Assert.Equal("1", version);
        Assert.Equal(42, current!.Count);
        Assert.Equal("1", named!.Version);
    }

    [Fact]
    public async Task Missing_backup_is_null()
    {
        await using var server = await LoopbackHomeserver.StartAsync((context, _) => Respond.Json(context, 404, Spec("key_backup.get.room_keys_version.404.json")));
        using var client = server.CreateClient(session: Alice);

        Assert.Null(await client.GetKeyBackupVersionAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Key_backup_keys_at_every_level()
    {
        var all = MatrixJson.Deserialize<KeyBackup>(Spec("key_backup.put.room_keys_keys.request.json"));
        var room = all.Rooms["!room:example.org"];
        var session = MatrixJson.Deserialize<KeyBackupData>(Spec("key_backup.put.room_keys_keys_roomId_sessionId.request.json"));
        const string roomPath = "/_matrix/client/v3/room_keys/keys/%21room%3Aexample.org";

        var (put, putAll) = await CallAsync(c => c.PutBackupKeysAsync("1", all, Ct), Spec("key_backup.put.room_keys_keys.200.json"));
        var (_, putRoom) = await CallAsync(c => c.PutBackupRoomKeysAsync("1", "!room:example.org", room, Ct), Spec("key_backup.put.room_keys_keys.200.json"));
        var (_, putSession) = await CallAsync(c => c.PutBackupSessionKeyAsync("1", "!room:example.org", "sessionid1", session, Ct), Spec("key_backup.put.room_keys_keys.200.json"));
        var (got, getAll) = await CallAsync(c => c.GetBackupKeysAsync("1", Ct), Spec("key_backup.get.room_keys_keys.200.json"));
        var (gotRoom, getRoom) = await CallAsync(c => c.GetBackupRoomKeysAsync("1", "!room:example.org", Ct), Spec("key_backup.get.room_keys_keys_roomId.200.json"));
        var (gotSession, getSession) = await CallAsync(c => c.GetBackupSessionKeyAsync("1", "!room:example.org", "sessionid1", Ct),
            Spec("key_backup.get.room_keys_keys_roomId_sessionId.200.json"));
        var (deleted, deleteAll) = await CallAsync(c => c.DeleteBackupKeysAsync("1", Ct), Spec("key_backup.delete.room_keys_keys.200.json"));
        var (_, deleteRoom) = await CallAsync(c => c.DeleteBackupRoomKeysAsync("1", "!room:example.org", Ct), Spec("key_backup.delete.room_keys_keys.200.json"));
        var (_, deleteSession) = await CallAsync(c => c.DeleteBackupSessionKeyAsync("1", "!room:example.org", "sessionid1", Ct),
            Spec("key_backup.delete.room_keys_keys.200.json"));

        Expect(putAll, "PUT", "/_matrix/client/v3/room_keys/keys?version=1", Spec("key_backup.put.room_keys_keys.request.json"));
        Expect(putRoom, "PUT", roomPath + "?version=1", Spec("key_backup.put.room_keys_keys_roomId.request.json"));
        Expect(putSession, "PUT", roomPath + "/sessionid1?version=1", Spec("key_backup.put.room_keys_keys_roomId_sessionId.request.json"));
        Expect(getAll, "GET", "/_matrix/client/v3/room_keys/keys?version=1");
        Expect(getRoom, "GET", roomPath + "?version=1");
        Expect(getSession, "GET", roomPath + "/sessionid1?version=1");
        Expect(deleteAll, "DELETE", "/_matrix/client/v3/room_keys/keys?version=1");
        Expect(deleteRoom, "DELETE", roomPath + "?version=1");
        Expect(deleteSession, "DELETE", roomPath + "/sessionid1?version=1");
        Assert.Equal("abcdefg", put.Etag);
        Assert.Equal(10, deleted.Count);
        Assert.True(got.Rooms["!room:example.org"].Sessions["sessionid1"].IsVerified);
        Assert.Single(gotRoom.Sessions);
        Assert.Equal(JsonValueKind.Object, gotSession.SessionData.ValueKind);
    }
}
