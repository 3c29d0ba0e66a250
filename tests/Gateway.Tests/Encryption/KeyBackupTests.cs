using System.Net;
using Tangle.Testing;

namespace Tangle.Gateway.Tests.Encryption;

public sealed class KeyBackupTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Algorithm = "m.megolm_backup.v1.curve25519-aes-sha2";
    private const string Room = "!room:localhost";

    [Fact]
    public async Task Without_a_backup_there_is_no_current_version()
    {
        var client = await fixture.UserAsync();

        var response = await client.GetAsync("_matrix/client/v3/room_keys/version");

        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_created_version_is_the_current_one()
    {
        var client = await fixture.UserAsync();

        var first = await CreateAsync(client);
        var second = await CreateAsync(client, "other");
        var current = await client.GetAsync("_matrix/client/v3/room_keys/version");
        var older = await client.GetAsync($"_matrix/client/v3/room_keys/version/{first}");

        Assert.NotEqual(first, second);
        Assert.Equal((second, Algorithm, "other", 0), (current.String("version"), current.String("algorithm"),
            current.Body.GetProperty("auth_data").GetProperty("public_key").GetString(), current.Body.GetProperty("count").GetInt32()));
        Assert.False(string.IsNullOrEmpty(current.String("etag")));
        Assert.Equal(first, older.String("version"));
    }

    [Fact]
    public async Task Creating_a_version_needs_an_algorithm_and_auth_data()
    {
        var client = await fixture.UserAsync();

        var noAlgorithm = await client.PostAsync("_matrix/client/v3/room_keys/version", new { auth_data = new { } });
        var noAuthData = await client.PostAsync("_matrix/client/v3/room_keys/version", new { algorithm = Algorithm });

        Assert.Equal("M_MISSING_PARAM", noAlgorithm.ErrCode);
        Assert.Equal("M_MISSING_PARAM", noAuthData.ErrCode);
    }

    [Fact]
    public async Task Updating_a_version_replaces_its_auth_data_but_not_its_algorithm()
    {
        var client = await fixture.UserAsync();
        var version = await CreateAsync(client);

        var updated = await client.PutAsync($"_matrix/client/v3/room_keys/version/{version}", new { algorithm = Algorithm, auth_data = new { public_key = "new" }, version });
        var otherAlgorithm = await client.PutAsync($"_matrix/client/v3/room_keys/version/{version}", new { algorithm = "m.other", auth_data = new { } });
        var otherVersion = await client.PutAsync($"_matrix/client/v3/room_keys/version/{version}", new { algorithm = Algorithm, auth_data = new { }, version = "999" });
        var unknown = await client.PutAsync("_matrix/client/v3/room_keys/version/999", new { algorithm = Algorithm, auth_data = new { } });
        var after = await client.GetAsync($"_matrix/client/v3/room_keys/version/{version}");

        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (otherAlgorithm.Status, otherAlgorithm.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (otherVersion.Status, otherVersion.ErrCode));
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (unknown.Status, unknown.ErrCode));
        Assert.Equal("new", after.Body.GetProperty("auth_data").GetProperty("public_key").GetString());
    }

    [Fact]
    public async Task Deleting_a_version_removes_it_and_its_keys_and_may_be_repeated()
    {
        var client = await fixture.UserAsync();
        var old = await CreateAsync(client);
        var version = await CreateAsync(client);
        await PutSessionAsync(client, version, "s1", Key(1, 0, false));

        var deleted = await client.DeleteAsync($"_matrix/client/v3/room_keys/version/{version}");
        var again = await client.DeleteAsync($"_matrix/client/v3/room_keys/version/{version}");
        var unknown = await client.DeleteAsync("_matrix/client/v3/room_keys/version/999");
        var get = await client.GetAsync($"_matrix/client/v3/room_keys/version/{version}");
        var keys = await client.GetAsync($"_matrix/client/v3/room_keys/keys?version={version}");
        var current = await client.GetAsync("_matrix/client/v3/room_keys/version");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (deleted.Status, again.Status));
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (unknown.Status, unknown.ErrCode));
        Assert.Equal(HttpStatusCode.NotFound, get.Status);
        Assert.Equal(HttpStatusCode.NotFound, keys.Status);
        Assert.Equal(old, current.String("version"));
    }

    [Fact]
    public async Task Keys_go_only_into_the_current_version()
    {
        var client = await fixture.UserAsync();
        var old = await CreateAsync(client);
        var current = await CreateAsync(client);

        var response = await PutSessionAsync(client, old, "s1", Key(1, 0, false));

        Assert.Equal((HttpStatusCode.Forbidden, "M_WRONG_ROOM_KEYS_VERSION"), (response.Status, response.ErrCode));
        Assert.Equal(current, response.String("current_version"));
    }

    [Fact]
    public async Task Keys_cannot_be_stored_without_a_backup()
    {
        var client = await fixture.UserAsync();

        var response = await PutSessionAsync(client, "1", "s1", Key(1, 0, false));

        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Keys_are_stored_and_read_for_all_rooms_one_room_and_one_session()
    {
        var client = await fixture.UserAsync();
        var version = await CreateAsync(client);

        var all = await client.PutAsync($"_matrix/client/v3/room_keys/keys?version={version}", new
        {
            rooms = new Dictionary<string, object>
            {
                [Room] = new { sessions = new Dictionary<string, object> { ["s1"] = Key(0, 0, true), ["s2"] = Key(5, 1, false) } },
                ["!second:localhost"] = new { sessions = new Dictionary<string, object> { ["s3"] = Key(0, 0, false) } },
            },
        });
        var room = await client.PutAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}?version={version}",
            new { sessions = new Dictionary<string, object> { ["s4"] = Key(2, 0, false) } });
        var session = await PutSessionAsync(client, version, "s5", Key(3, 0, true));

        var everything = await client.GetAsync($"_matrix/client/v3/room_keys/keys?version={version}");
        var oneRoom = await client.GetAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}?version={version}");
        var oneSession = await client.GetAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}/s2?version={version}");
        var info = await client.GetAsync($"_matrix/client/v3/room_keys/version/{version}");

        Assert.Equal((3, 4, 5), (all.Body.GetProperty("count").GetInt32(), room.Body.GetProperty("count").GetInt32(), session.Body.GetProperty("count").GetInt32()));
        Assert.Equal([Room, "!second:localhost"], everything.Body.GetProperty("rooms").EnumerateObject().Select(r => r.Name).Order());
        Assert.Equal(["s1", "s2", "s4", "s5"], oneRoom.Body.GetProperty("sessions").EnumerateObject().Select(s => s.Name).Order());
        Assert.Equal((5, 1, false, "ciphertext5"), (oneSession.Body.GetProperty("first_message_index").GetInt32(),
            oneSession.Body.GetProperty("forwarded_count").GetInt32(), oneSession.Body.GetProperty("is_verified").GetBoolean(),
            oneSession.Body.GetProperty("session_data").GetProperty("ciphertext").GetString()));
        Assert.Equal((5, session.String("etag")), (info.Body.GetProperty("count").GetInt32(), info.String("etag")));
        Assert.NotEqual(all.String("etag"), session.String("etag"));
    }

    [Fact]
    public async Task Reading_from_an_empty_room_or_a_missing_session()
    {
        var client = await fixture.UserAsync();
        var version = await CreateAsync(client);

        var room = await client.GetAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}?version={version}");
        var all = await client.GetAsync($"_matrix/client/v3/room_keys/keys?version={version}");
        var session = await client.GetAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}/nope?version={version}");
        var unknownVersion = await client.GetAsync("_matrix/client/v3/room_keys/keys?version=999");
        var noVersion = await client.GetAsync("_matrix/client/v3/room_keys/keys");

        Assert.Equal("{}", room.Body.GetProperty("sessions").GetRawText());
        Assert.Equal("{}", all.Body.GetProperty("rooms").GetRawText());
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (session.Status, session.ErrCode));
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (unknownVersion.Status, unknownVersion.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_MISSING_PARAM"), (noVersion.Status, noVersion.ErrCode));
    }

    [Theory]
    [InlineData(false, 5, 0, true, 5, 0, true)]
    [InlineData(true, 0, 0, false, 0, 0, false)]
    [InlineData(false, 5, 0, false, 3, 0, true)]
    [InlineData(false, 3, 0, false, 5, 0, false)]
    [InlineData(false, 3, 2, false, 3, 1, true)]
    [InlineData(false, 3, 1, false, 3, 2, false)]
    [InlineData(false, 3, 1, false, 3, 1, false)]
    public async Task A_sessions_key_is_replaced_only_by_a_better_one(
        bool heldVerified, int heldIndex, int heldForwards, bool newVerified, int newIndex, int newForwards, bool replaced)
    {
        var client = await fixture.UserAsync();
        var version = await CreateAsync(client);
        var first = await PutSessionAsync(client, version, "s", Key(heldIndex, heldForwards, heldVerified, "held"));

        var second = await PutSessionAsync(client, version, "s", Key(newIndex, newForwards, newVerified, "new"));
        var stored = await client.GetAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}/s?version={version}");

        Assert.Equal(replaced ? "new" : "held", stored.Body.GetProperty("session_data").GetProperty("ciphertext").GetString());
        Assert.Equal(replaced, first.String("etag") != second.String("etag"));
        Assert.Equal(1, second.Body.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Keys_are_deleted_by_session_room_or_all()
    {
        var client = await fixture.UserAsync();
        var version = await CreateAsync(client);
        await client.PutAsync($"_matrix/client/v3/room_keys/keys?version={version}", new
        {
            rooms = new Dictionary<string, object>
            {
                [Room] = new { sessions = new Dictionary<string, object> { ["s1"] = Key(0, 0, true), ["s2"] = Key(0, 0, true) } },
                ["!second:localhost"] = new { sessions = new Dictionary<string, object> { ["s3"] = Key(0, 0, false), ["s4"] = Key(0, 0, false) } },
            },
        });

        var session = await client.DeleteAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}/s1?version={version}");
        var room = await client.DeleteAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString("!second:localhost")}?version={version}");
        var all = await client.DeleteAsync($"_matrix/client/v3/room_keys/keys?version={version}");
        var unknown = await client.DeleteAsync("_matrix/client/v3/room_keys/keys?version=999");

        Assert.Equal((3, 1, 0), (session.Body.GetProperty("count").GetInt32(), room.Body.GetProperty("count").GetInt32(), all.Body.GetProperty("count").GetInt32()));
        Assert.Equal(3, new[] { session.String("etag"), room.String("etag"), all.String("etag") }.Distinct().Count());
        Assert.Equal((HttpStatusCode.NotFound, "M_NOT_FOUND"), (unknown.Status, unknown.ErrCode));
    }

    [Fact]
    public async Task Incomplete_key_data_is_refused()
    {
        var client = await fixture.UserAsync();
        var version = await CreateAsync(client);

        var missing = await client.PutAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}/s?version={version}",
            new { first_message_index = 0, forwarded_count = 0, session_data = new { } });
        var badRoom = await client.PutAsync($"_matrix/client/v3/room_keys/keys?version={version}",
            new { rooms = new Dictionary<string, object> { ["not-a-room"] = new { sessions = new { } } } });

        Assert.Equal((HttpStatusCode.BadRequest, "M_MISSING_PARAM"), (missing.Status, missing.ErrCode));
        Assert.Equal((HttpStatusCode.BadRequest, "M_INVALID_PARAM"), (badRoom.Status, badRoom.ErrCode));
    }

    [Fact]
    public async Task Backups_are_per_user()
    {
        var alice = await fixture.UserAsync();
        var bob = await fixture.UserAsync();
        var version = await CreateAsync(alice);
        await PutSessionAsync(alice, version, "s", Key(0, 0, true));

        var bobsCurrent = await bob.GetAsync("_matrix/client/v3/room_keys/version");
        var bobsRead = await bob.GetAsync($"_matrix/client/v3/room_keys/keys?version={version}");

        Assert.Equal(HttpStatusCode.NotFound, bobsCurrent.Status);
        Assert.Equal(HttpStatusCode.NotFound, bobsRead.Status);
    }

    private static async Task<string> CreateAsync(RawClient client, string publicKey = "abcdefg")
    {
        var response = await client.PostAsync("_matrix/client/v3/room_keys/version", new { algorithm = Algorithm, auth_data = new { public_key = publicKey } });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.String("version");
    }

    private static Task<RawResponse> PutSessionAsync(RawClient client, string version, string session, object key) =>
        client.PutAsync($"_matrix/client/v3/room_keys/keys/{Uri.EscapeDataString(Room)}/{session}?version={version}", key);

    private static object Key(int firstMessageIndex, int forwardedCount, bool verified, string? ciphertext = null) => new
    {
        first_message_index = firstMessageIndex,
        forwarded_count = forwardedCount,
        is_verified = verified,
        session_data = new { ephemeral = "e", ciphertext = ciphertext ?? $"ciphertext{firstMessageIndex}", mac = "m" },
    };
}
