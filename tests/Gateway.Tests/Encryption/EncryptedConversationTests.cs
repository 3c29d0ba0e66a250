using System.Net;
using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Encryption;

/// <summary>
/// Two users with two devices each set up Olm sessions the way real clients do: publish keys, find
/// each other's devices, claim one-time keys and send each device its own encrypted to-device message.
/// </summary>
public sealed class EncryptedConversationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Two_users_on_two_devices_exchange_keys_and_encrypted_to_device_messages()
    {
        using var alicePhone = await TestDevice.RegisterAsync(fixture, "alice");
        using var aliceLaptop = await alicePhone.LoginAgainAsync(fixture);
        using var bobPhone = await TestDevice.RegisterAsync(fixture, "bob");
        using var bobLaptop = await bobPhone.LoginAgainAsync(fixture);
        var devices = new[] { alicePhone, aliceLaptop, bobPhone, bobLaptop };
        var room = await alicePhone.Client.CreateRoomAsync(new
        {
            preset = "private_chat", invite = new[] { bobPhone.UserId },
            initial_state = new[] { new { type = "m.room.encryption", state_key = "", content = new { algorithm = "m.megolm.v1.aes-sha2" } } },
        });
        var bobSince = await bobPhone.NextBatchAsync();
        await bobPhone.JoinAsync(room);
        foreach (var device in devices)
            await device.UploadKeysAsync(oneTimeKeys: 5);

        // Bob's phone learns that Alice's devices need fetching, and fetches them.
        var bobSync = await bobPhone.SyncUntilAsync(bobSince, s => TestDevice.Changed(s).Contains(alicePhone.UserId));
        var aliceKeys = await bobPhone.QueryAsync(alicePhone.UserId);
        Assert.Equal(new[] { alicePhone.DeviceId, aliceLaptop.DeviceId }.Order(),
            aliceKeys.Body.GetProperty("device_keys").GetProperty(alicePhone.UserId).EnumerateObject().Select(d => d.Name).Order());

        // Alice's phone finds Bob's devices, checks their self-signatures and claims a one-time key for each.
        var bobKeys = (await alicePhone.QueryAsync(bobPhone.UserId)).Body.GetProperty("device_keys").GetProperty(bobPhone.UserId);
        var claim = await alicePhone.Client.PostAsync("_matrix/client/v3/keys/claim", new
        {
            one_time_keys = new Dictionary<string, object>
            {
                [bobPhone.UserId] = new Dictionary<string, string> { [bobPhone.DeviceId] = "signed_curve25519", [bobLaptop.DeviceId] = "signed_curve25519" },
            },
        });
        foreach (var bob in new[] { bobPhone, bobLaptop })
        {
            var deviceKeys = bobKeys.GetProperty(bob.DeviceId);
            var ed25519 = VerifyKey.FromBase64($"ed25519:{bob.DeviceId}", deviceKeys.GetProperty("keys").GetProperty($"ed25519:{bob.DeviceId}").GetString()!).Value;
            Assert.True(JsonSignatures.Verify(deviceKeys, bob.UserId, id => id == ed25519.KeyId ? ed25519 : null).IsValid);
            var oneTimeKey = Assert.Single(claim.Body.GetProperty("one_time_keys").GetProperty(bob.UserId).GetProperty(bob.DeviceId).EnumerateObject());
            Assert.True(JsonSignatures.Verify(oneTimeKey.Value, bob.UserId, id => id == ed25519.KeyId ? ed25519 : null).IsValid);

            var send = await alicePhone.Client.PutAsync($"_matrix/client/v3/sendToDevice/m.room.encrypted/olm-{bob.DeviceId}", new
            {
                messages = new Dictionary<string, object> { [bob.UserId] = new Dictionary<string, object> { [bob.DeviceId] = Encrypted(alicePhone, bob, oneTimeKey.Name) } },
            });
            Assert.Equal(HttpStatusCode.OK, send.Status);
        }

        // Each of Bob's devices receives its own message, and has one one-time key fewer.
        foreach (var bob in new[] { bobPhone, bobLaptop })
        {
            var sync = await bob.SyncAsync(bob == bobPhone ? bobSync.GetProperty("next_batch").GetString() : null);
            var message = Assert.Single(TestDevice.ToDevice(sync));
            Assert.Equal(("m.room.encrypted", alicePhone.UserId), (message.GetProperty("type").GetString(), message.GetProperty("sender").GetString()));
            Assert.True(message.GetProperty("content").GetProperty("ciphertext").TryGetProperty(bob.Curve25519, out _));
            Assert.Equal(4, sync.GetProperty("device_one_time_keys_count").GetProperty("signed_curve25519").GetInt32());
        }

        // Bob answers every one of Alice's devices at once.
        var since = (await aliceLaptop.SyncAsync()).GetProperty("next_batch").GetString()!;
        await bobPhone.Client.PutAsync("_matrix/client/v3/sendToDevice/m.room_key_request/reply1", new
        {
            messages = new Dictionary<string, object> { [alicePhone.UserId] = new Dictionary<string, object> { ["*"] = new { action = "request_cancellation", request_id = "1" } } },
        });
        var reply = await aliceLaptop.SyncUntilAsync(since, s => TestDevice.ToDevice(s).Count > 0);
        Assert.Equal(bobPhone.UserId, Assert.Single(TestDevice.ToDevice(reply)).GetProperty("sender").GetString());
    }

    /// <summary>An Olm pre-key message's shape; the ciphertext stands in for real Olm output.</summary>
    private static JsonElement Encrypted(TestDevice from, TestDevice to, string oneTimeKeyId) => JsonSerializer.SerializeToElement(new
    {
        algorithm = "m.olm.v1.curve25519-aes-sha2",
        sender_key = from.Curve25519,
        ciphertext = new Dictionary<string, object> { [to.Curve25519] = new { type = 0, body = $"pre-key message using {oneTimeKeyId}" } },
    });
}
