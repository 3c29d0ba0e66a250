using System.Text.Json;
using Tangle.Sdk.Accounts;
using Tangle.Sdk.Directories;
using Tangle.Sdk.Encryption;
using Tangle.Sdk.Events;
using Tangle.Sdk.Filters;
using Tangle.Sdk.Media;
using Tangle.Sdk.Notifications;
using Tangle.Sdk.Presence;
using Tangle.Sdk.Rooms;
using Tangle.Sdk.Tests.Infrastructure;

namespace Tangle.Sdk.Tests.Json;

/// <summary>The response models against the spec's example responses, endpoint by endpoint.</summary>
public sealed class ResponseModelTests
{
    private static T Example<T>(string name) => MatrixJson.Deserialize<T>(SpecExamples.Text(name));

    public static TheoryData<string, Type> ModelledExamples() => new()
    {
        { "message_pagination.get.rooms_roomId_messages.200.json", typeof(MessagesResponse) },
        { "event_context.get.rooms_roomId_context_eventId.200.json", typeof(EventContext) },
        { "relations.get.rooms_roomId_relations_eventId.200.json", typeof(RelationsResponse) },
        { "relations.get.rooms_roomId_relations_eventId_relType_eventType.200.json", typeof(RelationsResponse) },
        { "threads_list.get.rooms_roomId_threads.200.json", typeof(ThreadsResponse) },
        { "room_event_by_timestamp.get.rooms_roomId_timestamp_to_event.200.json", typeof(TimestampToEventResponse) },
        { "rooms.get.rooms_roomId_event_eventId.200.json", typeof(RoomEvent) },
        { "rooms.get.rooms_roomId_state.200.json", typeof(List<RoomEvent>) },
        { "rooms.get.rooms_roomId_members.200.json", typeof(MembersResponse) },
        { "rooms.get.rooms_roomId_joined_members.200.json", typeof(JoinedMembersResponse) },
        { "keys.post.keys_query.200.json", typeof(KeysQueryResponse) },
        { "keys.post.keys_claim.200.json", typeof(KeysClaimResponse) },
        { "keys.post.keys_upload.200.json", typeof(KeysUploadResponse) },
        { "keys.post.keys_upload.request.json", typeof(KeysUploadRequest) },
        { "keys.get.keys_changes.200.json", typeof(KeyChanges) },
        { "cross_signing.post.keys_device_signing_upload.request.json", typeof(CrossSigningKeysUpload) },
        { "cross_signing.post.keys_signatures_upload.200.json", typeof(SignaturesUploadResponse) },
        { "key_backup.get.room_keys_version.200.json", typeof(KeyBackupVersion) },
        { "key_backup.get.room_keys_keys.200.json", typeof(KeyBackup) },
        { "key_backup.get.room_keys_keys_roomId.200.json", typeof(RoomKeyBackup) },
        { "key_backup.get.room_keys_keys_roomId_sessionId.200.json", typeof(KeyBackupData) },
        { "key_backup.put.room_keys_keys.200.json", typeof(RoomKeysUpdateResponse) },
        { "key_backup.put.room_keys_keys.request.json", typeof(KeyBackup) },
        { "login.post.login.200.json", typeof(LoginResponse) },
        { "login.post.login.request.json", typeof(LoginRequest) },
        { "registration.post.register.200.json", typeof(RegisterResponse) },
        { "registration.post.register.401.json", typeof(InteractiveAuthFlows) },
        { "whoami.get.account_whoami.200.json", typeof(WhoAmIResponse) },
        { "device_management.get.devices_deviceId.200.json", typeof(Device) },
        { "capabilities.get.capabilities.200.json", typeof(CapabilitiesResponse) },
        { "versions.get.versions.200.json", typeof(VersionsResponse) },
        { "profile.get.profile_userId.200.json", typeof(Profile) },
        { "filter.get.user_userId_filter_filterId.200.json", typeof(Filter) },
        { "filter.post.user_userId_filter.request.json", typeof(Filter) },
        { "create_room.post.createRoom.request.json", typeof(CreateRoomRequest) },
        { "list_public_rooms.get.publicRooms.200.json", typeof(PublicRoomsResponse) },
        { "list_public_rooms.post.publicRooms.request.json", typeof(PublicRoomsRequest) },
        { "users.post.user_directory_search.200.json", typeof(UserDirectoryResponse) },
        { "directory.get.directory_room_roomAlias.200.json", typeof(RoomAliasInfo) },
        { "presence.get.presence_userId_status.200.json", typeof(PresenceStatus) },
        { "pushrules.get.pushrules.200.json", typeof(PushRulesResponse) },
        { "pushrules.get.pushrules_global.200.json", typeof(PushRuleset) },
        { "authed-content-repo.get.media_config.200.json", typeof(MediaConfig) },
    };

    [Theory]
    [MemberData(nameof(ModelledExamples))]
    public void Spec_example_round_trips_without_loss(string example, Type model)
    {
        var original = SpecExamples.Text(example);

        var value = JsonSerializer.Deserialize(original, model, MatrixJson.Options);
        var reserialized = JsonSerializer.Serialize(value, model, MatrixJson.Options);

        JsonAssert.Preserves(original, reserialized);
    }

    [Fact]
    public void Messages_page_has_tokens_and_events()
    {
        var page = Example<MessagesResponse>("message_pagination.get.rooms_roomId_messages.200.json");

        Assert.Equal("t47429-4392820_219380_26003_2265", page.Start);
        Assert.Equal("t47409-4357353_219380_26003_2265", page.End);
        Assert.Equal([EventTypes.Message, EventTypes.Name, "m.room.message"], page.Chunk.Select(e => e.Type).Take(3));
        Assert.Equal("!636q39766251:example.com", page.Chunk[0].RoomId);
        Assert.Equal("The room name", page.Chunk[1].ContentAs<RoomNameContent>().Name);
    }

    [Fact]
    public void Event_context_surrounds_the_event()
    {
        var context = Example<EventContext>("event_context.get.rooms_roomId_context_eventId.200.json");

        Assert.Equal("t29-57_2_0_2", context.End);
        Assert.Equal(MessageTypes.Image, context.Event!.MsgType);
        Assert.Equal("mxc://example.org/JWEIFJgwEIhweiWJE", context.Event.AsMessage()!.Url);
        Assert.Single(context.EventsAfter);
        Assert.NotEmpty(context.EventsBefore);
        Assert.NotEmpty(context.State);
    }

    [Fact]
    public void Relations_and_threads_pages()
    {
        var relations = Example<RelationsResponse>("relations.get.rooms_roomId_relations_eventId.200.json");
        var threads = Example<ThreadsResponse>("threads_list.get.rooms_roomId_threads.200.json");

        Assert.Equal("page2_token", relations.NextBatch);
        Assert.Equal("page1_token", relations.PrevBatch);
        Assert.Equal("org.example.my_relation", relations.Chunk[0].GetRelatesTo()!.RelType);
        Assert.Equal("next_batch_token", threads.NextBatch);
        Assert.Single(threads.Chunk);
    }

    [Fact]
    public void Keys_query_is_typed_by_user_and_device()
    {
        var keys = Example<KeysQueryResponse>("keys.post.keys_query.200.json");

        var device = keys.DeviceKeys["@alice:example.com"]["JLAFKJWSCS"];
        Assert.Equal("JLAFKJWSCS", device.DeviceId);
        Assert.Contains("m.megolm.v1.aes-sha2", device.Algorithms);
        Assert.Equal("3C5BFWi2Y8MaVvjM8M22DBmh24PmgR0nPvJOIArzgyI", device.Keys["curve25519:JLAFKJWSCS"]);
        Assert.StartsWith("dSO80A01", device.Signatures!["@alice:example.com"]["ed25519:JLAFKJWSCS"]);
        Assert.Equal("Alice's mobile phone", JsonAssert.String(device.Unsigned!.Value, "device_display_name"));
        Assert.Equal(["master"], keys.MasterKeys["@alice:example.com"].Usage);
        Assert.Equal(["self_signing"], keys.SelfSigningKeys["@alice:example.com"].Usage);
        Assert.Equal(["user_signing"], keys.UserSigningKeys["@alice:example.com"].Usage);
        Assert.Empty(keys.Failures);
    }

    [Fact]
    public void Claimed_keys_and_counts()
    {
        var claim = Example<KeysClaimResponse>("keys.post.keys_claim.200.json");
        var upload = Example<KeysUploadResponse>("keys.post.keys_upload.200.json");
        var changes = Example<KeyChanges>("keys.get.keys_changes.200.json");

        var key = claim.OneTimeKeys["@alice:example.com"]["JLAFKJWSCS"]["signed_curve25519:AAAAHg"];
        Assert.Equal("zKbLg+NrIjpnagy+pIY6uPL4ZwEG2v+8F9lmgsnlZzs", JsonAssert.String(key, "key"));
        Assert.Equal(20, upload.OneTimeKeyCounts["signed_curve25519"]);
        Assert.Equal(["@alice:example.com", "@bob:example.org"], changes.Changed);
        Assert.Equal(["@clara:example.com", "@doug:example.org"], changes.Left);
    }

    [Fact]
    public void Key_backup_version_and_keys()
    {
        var version = Example<KeyBackupVersion>("key_backup.get.room_keys_version.200.json");
        var backup = Example<KeyBackup>("key_backup.get.room_keys_keys.200.json");

        Assert.Equal("m.megolm_backup.v1.curve25519-aes-sha2", version.Algorithm);
        Assert.Equal("abcdefg", JsonAssert.String(version.AuthData, "public_key"));
        Assert.Equal(42, version.Count);
        Assert.Equal("anopaquestring", version.Etag);
        Assert.Equal("1", version.Version);
        var session = backup.Rooms["!room:example.org"].Sessions["sessionid1"];
        Assert.Equal(1, session.FirstMessageIndex);
        Assert.True(session.IsVerified);
        Assert.Equal("base64+mac+of+ciphertext", JsonAssert.String(session.SessionData, "mac"));
    }

    [Fact]
    public void Login_and_registration_give_a_session()
    {
        var login = Example<LoginResponse>("login.post.login.200.json");
        var register = Example<RegisterResponse>("registration.post.register.200.json");
        var flows = Example<JsonElement>("login.get.login.200.json").GetProperty("flows").Deserialize<List<LoginFlow>>(MatrixJson.Options)!;

        Assert.Equal(new MatrixSession("@cheeky_monkey:matrix.org", "GHTYAJCE", "abc123", "def456"), login.ToSession());
        Assert.Equal(60000, login.ExpiresInMs);
        Assert.Equal("https://example.org", login.WellKnown!.Value.GetProperty("m.homeserver").GetProperty("base_url").GetString());
        Assert.Equal(new MatrixSession("@cheeky_monkey:matrix.org", "GHTYAJCE", "abc123"), register.ToSession());
        Assert.Null(new RegisterResponse { UserId = "@a:b" }.ToSession());
        Assert.Equal(true, flows.Single(f => f.Type == AuthTypes.Token).GetLoginToken);
    }

    [Fact]
    public void Interactive_auth_401_body()
    {
        var flows = Example<InteractiveAuthFlows>("registration.post.register.401.json");

        Assert.Equal("xxxxxxyz", flows.Session);
        Assert.Equal(["example.type.foo"], flows.Flows[0].Stages);
        Assert.Equal(["example.type.foo"], flows.Completed);
        Assert.Equal("foobar", JsonAssert.String(flows.Params!["example.type.baz"], "example_key"));
    }

    [Fact]
    public void Server_information()
    {
        var capabilities = Example<CapabilitiesResponse>("capabilities.get.capabilities.200.json").Capabilities;
        var versions = Example<VersionsResponse>("versions.get.versions.200.json");
        var whoAmI = Example<WhoAmIResponse>("whoami.get.account_whoami.200.json");
        var config = Example<MediaConfig>("authed-content-repo.get.media_config.200.json");

        Assert.False(capabilities.ChangePassword!.Enabled);
        Assert.Equal("1", capabilities.RoomVersions!.Default);
        Assert.Equal("unstable", capabilities.RoomVersions.Available["test-version"]);
        Assert.True(capabilities.AdditionalProperties!.ContainsKey("com.example.custom.ratelimit"));
        Assert.True(versions.Supports("v1.1"));
        Assert.False(versions.Supports("v1.2"));
        Assert.True(versions.UnstableFeatures!["org.example.my_feature"]);
        Assert.Equal("@joe:example.org", whoAmI.UserId);
        Assert.Equal("ABC1234", whoAmI.DeviceId);
        Assert.False(whoAmI.IsGuest);
        Assert.Equal(50000000, config.UploadSize);
    }

    [Fact]
    public void Profile_devices_presence()
    {
        var profile = Example<Profile>("profile.get.profile_userId.200.json");
        var devices = Example<JsonElement>("device_management.get.devices.200.json").GetProperty("devices").Deserialize<List<Device>>(MatrixJson.Options)!;
        var presence = Example<PresenceStatus>("presence.get.presence_userId_status.200.json");

        Assert.Equal("Alice Margatroid", profile.DisplayName);
        Assert.Equal("mxc://matrix.org/SDGdghriugerRg", profile.AvatarUrl);
        Assert.Equal("Europe/London", profile.AdditionalProperties!["m.tz"].GetString());
        var device = Assert.Single(devices);
        Assert.Equal("QBUAZIFURK", device.DeviceId);
        Assert.Equal("android", device.DisplayName);
        Assert.Equal(1474491775024, device.LastSeenTs);
        Assert.Equal(PresenceState.Unavailable, presence.Presence);
        Assert.Equal(420845, presence.LastActiveAgo);
    }

    [Fact]
    public void Directory_responses()
    {
        var rooms = Example<PublicRoomsResponse>("list_public_rooms.get.publicRooms.200.json");
        var users = Example<UserDirectoryResponse>("users.post.user_directory_search.200.json");
        var alias = Example<RoomAliasInfo>("directory.get.directory_room_roomAlias.200.json");
        var members = Example<JoinedMembersResponse>("rooms.get.rooms_roomId_joined_members.200.json");

        var room = Assert.Single(rooms.Chunk);
        Assert.Equal("!ol19s:bleecker.street", room.RoomId);
        Assert.Equal(37, room.NumJoinedMembers);
        Assert.True(room.WorldReadable);
        Assert.Equal("m.space", room.RoomType);
        Assert.Equal("p190q", rooms.NextBatch);
        Assert.Equal(115, rooms.TotalRoomCountEstimate);
        Assert.Equal("Foo", users.Results.Single().DisplayName);
        Assert.False(users.Limited);
        Assert.Equal("!abnjk1jdasj98:capuchins.com", alias.RoomId);
        Assert.Equal(["capuchins.com", "matrix.org", "another.com"], alias.Servers);
        Assert.Equal("Bar", members.Joined["@bar:example.com"].DisplayName);
    }

    [Fact]
    public void Push_rules_in_evaluation_order()
    {
        var rules = Example<PushRulesResponse>("pushrules.get.pushrules.200.json").Global;

        Assert.Contains(rules.Override, r => r.RuleId == ".m.rule.master" && r.Default && !r.Enabled);
        var call = rules.Underride.Single(r => r.RuleId == ".m.rule.call");
        Assert.Equal("notify", call.Actions[0].GetString());
        Assert.Equal("ring", JsonAssert.String(call.Actions[1], "value"));
        Assert.Equal("m.call.invite", JsonAssert.String(call.Conditions![0], "pattern"));
        Assert.Equal(rules.Override[0], rules.All.First());
        Assert.Equal(rules.Underride[^1], rules.All.Last());
        Assert.Equal(rules.Override.Count + rules.Content.Count + rules.Room.Count + rules.Sender.Count + rules.Underride.Count, rules.All.Count());
    }
}
