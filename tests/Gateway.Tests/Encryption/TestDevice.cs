using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Tangle.Protocol.Crypto;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Encryption;

/// <summary>
/// A logged-in device of a test user with a real ed25519 identity key, so that what it uploads is
/// signed as a client would sign it, and helpers for the key endpoints and /sync.
/// </summary>
internal sealed class TestDevice : IDisposable
{
    public const string Password = "correct horse";

    private TestDevice(RawClient client, string userId, string deviceId)
    {
        Client = client;
        UserId = userId;
        DeviceId = deviceId;
        // Named apart from the device id, which a test may choose freely; signatures name it ed25519:DEVICEID.
        Ed25519 = SigningKey.Generate("device");
        Curve25519 = UnpaddedBase64.Encode(RandomNumberGenerator.GetBytes(32));
    }

    public RawClient Client { get; }

    public string UserId { get; }

    public string DeviceId { get; }

    /// <summary>The device's ed25519 key; its key id is <c>ed25519:DEVICEID</c>.</summary>
    public SigningKey Ed25519 { get; }

    public string Curve25519 { get; }

    public string Localpart => UserId[1..UserId.IndexOf(':')];

    /// <summary>Registers a new user; this is its first device.</summary>
    public static async Task<TestDevice> RegisterAsync(ServerFixture fixture, string prefix = "user")
    {
        var client = await fixture.UserAsync(prefix);
        return new TestDevice(client, client.UserId!, client.DeviceId!);
    }

    /// <summary>The device of a client already registered or logged in, on any server.</summary>
    public static TestDevice Of(RawClient client) => new(client, client.UserId!, client.DeviceId!);

    /// <summary>Logs the same user in again: a second device.</summary>
    public async Task<TestDevice> LoginAgainAsync(ServerFixture fixture, string? deviceId = null)
    {
        var login = await fixture.Anonymous().PostAsync("_matrix/client/v3/login", new
        {
            type = "m.login.password", identifier = new { type = "m.id.user", user = UserId }, password = Password, device_id = deviceId,
        });
        Assert.Equal(HttpStatusCode.OK, login.Status);
        return new TestDevice(new RawClient(fixture.Server.CreateHttpClient(), login.String("access_token")), UserId, login.String("device_id"));
    }

    /// <summary>The user-interactive auth block that confirms the password.</summary>
    public object PasswordAuth => new { type = "m.login.password", identifier = new { type = "m.id.user", user = UserId }, password = Password };

    /// <summary>The device's identity keys, signed by its ed25519 key.</summary>
    public JsonElement DeviceKeys() => Sign(JsonSerializer.SerializeToElement(new Dictionary<string, object>
    {
        ["user_id"] = UserId,
        ["device_id"] = DeviceId,
        ["algorithms"] = new[] { "m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2" },
        ["keys"] = new Dictionary<string, string> { [$"curve25519:{DeviceId}"] = Curve25519, [$"ed25519:{DeviceId}"] = Ed25519.PublicKeyBase64 },
    }));

    /// <summary>Signs a JSON object with the device's ed25519 key, as <c>ed25519:DEVICEID</c>.</summary>
    public JsonElement Sign(JsonElement obj) =>
        JsonSignatures.WithSignature(obj, UserId, $"ed25519:{DeviceId}", JsonSignatures.SignatureOf(obj, Ed25519));

    /// <summary>The canonical JSON text of a value, to compare objects whatever their key order.</summary>
    public static string Canonical(JsonElement value) => Tangle.Protocol.Json.CanonicalJson.EncodeToString(value);

    /// <summary>A signed curve25519 key object, as one-time and fallback keys are uploaded.</summary>
    public JsonElement SignedKey(string key, bool fallback = false)
    {
        var content = new Dictionary<string, object> { ["key"] = key };
        if (fallback)
            content["fallback"] = true;
        return Sign(JsonSerializer.SerializeToElement(content));
    }

    /// <summary><paramref name="count"/> one-time keys named <c>signed_curve25519:{prefix}{n}</c>.</summary>
    public Dictionary<string, JsonElement> OneTimeKeys(int count, string prefix = "otk") => Enumerable.Range(0, count)
        .ToDictionary(i => $"signed_curve25519:{prefix}{i}", i => SignedKey(NewKey()));

    public static string NewKey() => UnpaddedBase64.Encode(RandomNumberGenerator.GetBytes(32));

    public Task<RawResponse> UploadAsync(object body) => Client.PostAsync("_matrix/client/v3/keys/upload", body);

    /// <summary>Uploads identity keys and <paramref name="oneTimeKeys"/> one-time keys, and checks it worked.</summary>
    public async Task UploadKeysAsync(int oneTimeKeys = 0)
    {
        var response = await UploadAsync(new { device_keys = DeviceKeys(), one_time_keys = OneTimeKeys(oneTimeKeys) });
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    public Task<RawResponse> QueryAsync(params string[] users) =>
        Client.PostAsync("_matrix/client/v3/keys/query", new { device_keys = users.ToDictionary(u => u, _ => Array.Empty<string>()) });

    public Task<RawResponse> ClaimAsync(string user, string device, string algorithm = "signed_curve25519") =>
        Client.PostAsync("_matrix/client/v3/keys/claim",
            new { one_time_keys = new Dictionary<string, object> { [user] = new Dictionary<string, string> { [device] = algorithm } } });

    /// <summary>One /sync; returns the response body.</summary>
    public async Task<JsonElement> SyncAsync(string? since = null, int timeoutMs = 0)
    {
        var query = since is null ? $"?timeout={timeoutMs}" : $"?since={Uri.EscapeDataString(since)}&timeout={timeoutMs}";
        var response = await Client.GetAsync("_matrix/client/v3/sync" + query);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Body;
    }

    /// <summary>Syncs from <paramref name="since"/> until a response satisfies <paramref name="done"/>, or fails after a while.</summary>
    public async Task<JsonElement> SyncUntilAsync(string since, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var sync = await SyncAsync(since, 1000);
            if (done(sync))
                return sync;
            Assert.True(DateTime.UtcNow < deadline, $"sync never got there; last response: {sync}");
            since = sync.GetProperty("next_batch").GetString()!;
        }
    }

    /// <summary>Syncs from <paramref name="since"/> for a short while and gathers device_lists, for checks that something did not happen.</summary>
    public async Task<(List<string> Changed, List<string> Left, string NextBatch)> DeviceListsOverAsync(string since, int syncs = 3)
    {
        var changed = new List<string>();
        var left = new List<string>();
        for (var i = 0; i < syncs; i++)
        {
            var sync = await SyncAsync(since, 300);
            changed.AddRange(Changed(sync));
            left.AddRange(Left(sync));
            since = sync.GetProperty("next_batch").GetString()!;
        }

        return (changed, left, since);
    }

    public async Task<string> NextBatchAsync() => (await SyncAsync()).GetProperty("next_batch").GetString()!;

    public static IReadOnlyList<string> Changed(JsonElement sync) => DeviceList(sync, "changed");

    public static IReadOnlyList<string> Left(JsonElement sync) => DeviceList(sync, "left");

    private static List<string> DeviceList(JsonElement sync, string name) =>
        sync.TryGetProperty("device_lists", out var lists) && lists.TryGetProperty(name, out var users)
            ? users.EnumerateArray().Select(u => u.GetString()!).ToList()
            : [];

    public static IReadOnlyList<JsonElement> ToDevice(JsonElement sync) =>
        sync.GetProperty("to_device").GetProperty("events").EnumerateArray().ToList();

    public async Task<string> CreateRoomAsync() => await Client.CreateRoomAsync();

    public async Task JoinAsync(string roomId)
    {
        var response = await Client.PostAsync($"_matrix/client/v3/join/{Uri.EscapeDataString(roomId)}", new { });
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    public async Task LeaveAsync(string roomId)
    {
        var response = await Client.PostAsync($"_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/leave", new { });
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    /// <summary>Creates a public room and has <paramref name="others"/> join it.</summary>
    public async Task<string> ShareRoomWithAsync(params TestDevice[] others)
    {
        var room = await Client.CreateRoomAsync(new { preset = "public_chat" });
        foreach (var other in others)
            await other.JoinAsync(room);
        return room;
    }

    /// <summary>
    /// Creates a room that every one of <paramref name="members"/> joins (the first creates it), waits
    /// until each has been told of the others in device_lists, and returns a sync token per member
    /// taken after that, so that what a test does next is all that later syncs show.
    /// </summary>
    public static async Task<(string Room, string[] Tokens)> ShareSettledRoomAsync(params TestDevice[] members)
    {
        var before = new string[members.Length];
        for (var i = 0; i < members.Length; i++)
            before[i] = await members[i].NextBatchAsync();
        var room = await members[0].ShareRoomWithAsync(members[1..]);
        var tokens = new string[members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            var others = members.Where((_, j) => j != i).Select(m => m.UserId).ToList();
            await members[i].KeysChangesUntilAsync(before[i], c => others.All(c.Changed.Contains));
            tokens[i] = await members[i].NextBatchAsync();
        }

        return (room, tokens);
    }

    /// <summary>GET /keys/changes between two tokens.</summary>
    public async Task<(List<string> Changed, List<string> Left)> KeysChangesAsync(string from, string to)
    {
        var response = await Client.GetAsync($"_matrix/client/v3/keys/changes?from={from}&to={to}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return (response.Body.GetProperty("changed").EnumerateArray().Select(u => u.GetString()!).ToList(),
            response.Body.GetProperty("left").EnumerateArray().Select(u => u.GetString()!).ToList());
    }

    /// <summary>GET /keys/changes from a token to the latest one, until <paramref name="done"/>.</summary>
    public async Task<(List<string> Changed, List<string> Left)> KeysChangesUntilAsync(string from, Func<(List<string> Changed, List<string> Left), bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var lists = await KeysChangesAsync(from, await NextBatchAsync());
            if (done(lists))
                return lists;
            Assert.True(DateTime.UtcNow < deadline, "keys/changes never got there");
            await Task.Delay(50);
        }
    }

    public void Dispose() => Ed25519.Dispose();
}
