using Tangle.Sdk.Events;
using Tangle.Sdk.Filters;
using Tangle.Sdk.Rooms;
using Tangle.Sdk.Tests.Infrastructure;
using static Tangle.Sdk.Tests.Infrastructure.EndpointProbe;

namespace Tangle.Sdk.Tests.Client;

/// <summary>Room creation, membership, state and timeline endpoints: paths, methods and bodies per the spec.</summary>
public sealed class RoomEndpointTests
{
    private static string Spec(string name) => SpecExamples.Text(name);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_room_sends_every_option_under_its_spec_name()
    {
        var request = new CreateRoomRequest
        {
            Preset = RoomPreset.PublicChat,
            RoomAliasName = "thepub",
            Name = "The Grand Duke Pub",
            Topic = "All about happy hour",
            CreationContent = new Dictionary<string, object> { ["m.federate"] = false },
        };

        var (roomId, received) = await CallAsync(c => c.CreateRoomAsync(request, Ct), Spec("create_room.post.createRoom.200.json"));

        Expect(received, "POST", "/_matrix/client/v3/createRoom", Spec("create_room.post.createRoom.request.json"));
        Assert.Equal("!sefiuhWgwghwWgh:example.com", roomId);
    }

    [Fact]
    public async Task Create_room_options_not_in_the_spec_example()
    {
        var request = new CreateRoomRequest
        {
            Visibility = RoomVisibility.Private,
            Preset = RoomPreset.TrustedPrivateChat,
            Invite = ["@bob:example.org"],
            IsDirect = true,
            RoomVersion = "12",
            InitialState = [new InitialStateEvent(EventTypes.Encryption, "", new EncryptionContent())],
            PowerLevelContentOverride = new { events_default = 50 },
        };

        var received = await CallAsync(c => c.CreateRoomAsync(request, Ct), """{"room_id":"!new:example.org"}""");

        Expect(received.Request, "POST", "/_matrix/client/v3/createRoom", """
            {"visibility":"private","preset":"trusted_private_chat","invite":["@bob:example.org"],"is_direct":true,"room_version":"12",
             "initial_state":[{"type":"m.room.encryption","state_key":"","content":{"algorithm":"m.megolm.v1.aes-sha2"}}],
             "power_level_content_override":{"events_default":50}}
            """);
    }

    [Fact]
    public async Task Join_by_alias_sends_via_and_server_name()
    {
        var (roomId, received) = await CallAsync(c => c.JoinRoomAsync("#monkeys:matrix.org", ["matrix.org", "elsewhere.ca"], "Looking for support", Ct),
            Spec("joining.post.join_roomIdOrAlias.200.json"));

        Expect(received, "POST",
            "/_matrix/client/v3/join/%23monkeys%3Amatrix.org?via=matrix.org&via=elsewhere.ca&server_name=matrix.org&server_name=elsewhere.ca",
            """{"reason":"Looking for support"}""");
        Assert.Equal("!d41d8cd:matrix.org", roomId);
    }

    [Fact]
    public async Task Join_by_id_and_knock()
    {
        var (_, join) = await CallAsync(c => c.JoinRoomByIdAsync(RoomId, cancellationToken: Ct), Spec("joining.post.rooms_roomId_join.200.json"));
        var (knocked, knock) = await CallAsync(c => c.KnockAsync(RoomId, ["example.org"], "Looking for support", Ct),
            Spec("knocking.post.knock_roomIdOrAlias.200.json"));

        Expect(join, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/join", "{}");
        Expect(knock, "POST", $"/_matrix/client/v3/knock/{RoomEscaped}?via=example.org&server_name=example.org",
            Spec("knocking.post.knock_roomIdOrAlias.request.json"));
        Assert.Equal("!d41d8cd:matrix.org", knocked);
    }

    [Fact]
    public async Task Leave_forget_invite_kick_ban_unban()
    {
        const string monkey = "@cheeky_monkey:matrix.org";
        var leave = await CallAsync(c => c.LeaveRoomAsync(RoomId, "Saying farewell - thanks for the support!", Ct));
        var forget = await CallAsync(c => c.ForgetRoomAsync(RoomId, Ct));
        var invite = await CallAsync(c => c.InviteAsync(RoomId, monkey, "Welcome to the team!", Ct));
        var kick = await CallAsync(c => c.KickAsync(RoomId, monkey, "Telling unfunny jokes", Ct));
        var ban = await CallAsync(c => c.BanAsync(RoomId, monkey, "Telling unfunny jokes", Ct));
        var unban = await CallAsync(c => c.UnbanAsync(RoomId, monkey, "Telling unfunny jokes", Ct));

        Expect(leave, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/leave", Spec("leaving.post.rooms_roomId_leave.request.json"));
        Expect(forget, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/forget", "{}");
        Expect(invite, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/invite", Spec("inviting.post.rooms_roomId_invite.request.json"));
        Expect(kick, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/kick", Spec("kicking.post.rooms_roomId_kick.request.json"));
        Expect(ban, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/ban", Spec("banning.post.rooms_roomId_ban.request.json"));
        Expect(unban, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/unban", """{"user_id":"@cheeky_monkey:matrix.org","reason":"Telling unfunny jokes"}""");
    }

    [Fact]
    public async Task Joined_rooms_members_and_joined_members()
    {
        var (rooms, joinedRooms) = await CallAsync(c => c.GetJoinedRoomsAsync(Ct), Spec("list_joined_rooms.get.joined_rooms.200.json"));
        var (members, membersRequest) = await CallAsync(c => c.GetMembersAsync(RoomId, "t1-2_3", Membership.Join, Membership.Leave, Ct),
            Spec("rooms.get.rooms_roomId_members.200.json"));
        var (joined, joinedMembers) = await CallAsync(c => c.GetJoinedMembersAsync(RoomId, Ct), Spec("rooms.get.rooms_roomId_joined_members.200.json"));

        Expect(joinedRooms, "GET", "/_matrix/client/v3/joined_rooms");
        Expect(membersRequest, "GET", $"/_matrix/client/v3/rooms/{RoomEscaped}/members?at=t1-2_3&membership=join&not_membership=leave");
        Expect(joinedMembers, "GET", $"/_matrix/client/v3/rooms/{RoomEscaped}/joined_members");
        Assert.Equal(["!foo:example.com"], rooms);
        Assert.Equal("Alice Margatroid", members[0].AsMember()!.DisplayName);
        Assert.Equal("Bar", joined["@bar:example.com"].DisplayName);
    }

    [Fact]
    public async Task State_all_one_and_send()
    {
        var (state, all) = await CallAsync(c => c.GetStateAsync(RoomId, Ct), Spec("rooms.get.rooms_roomId_state.200.json"));
        var (name, one) = await CallAsync(c => c.GetStateEventAsync<RoomNameContent>(RoomId, EventTypes.Name, cancellationToken: Ct),
            Spec("rooms.get.rooms_roomId_state_eventType_stateKey.200.json"));
        var member = SpecExamples.Element("room_state.put.rooms_roomId_state_eventType_stateKey.request.json");
        var (eventId, send) = await CallAsync(c => c.SendStateAsync(RoomId, EventTypes.Member, "@alice:example.com", member, Ct),
            Spec("room_state.put.rooms_roomId_state_eventType_stateKey.200.json"));

        Expect(all, "GET", $"/_matrix/client/v3/rooms/{RoomEscaped}/state");
        Expect(one, "GET", $"/_matrix/client/v3/rooms/{RoomEscaped}/state/m.room.name/");
        Expect(send, "PUT", $"/_matrix/client/v3/rooms/{RoomEscaped}/state/m.room.member/%40alice%3Aexample.com",
            Spec("room_state.put.rooms_roomId_state_eventType_stateKey.request.json"));
        Assert.Contains(state, e => e.Type == EventTypes.Create);
        Assert.All(state, e => Assert.True(e.IsState));
        Assert.Equal("Example room name", name.Name);
        Assert.Equal("$YUwRidLecu:example.com", eventId);
    }

    [Fact]
    public async Task Send_and_redact_put_with_the_transaction_id_in_the_path()
    {
        var (eventId, send) = await CallAsync(c => c.SendMessageAsync(RoomId, MessageContent.Text("hello"), "txn-1", Ct),
            Spec("room_send.put.rooms_roomId_send_eventType_txnId.200.json"));
        var (redactionId, redact) = await CallAsync(c => c.RedactAsync(RoomId, EventId, "Indecent material", "txn-2", Ct),
            Spec("redaction.put.rooms_roomId_redact_eventId_txnId.200.json"));

        Expect(send, "PUT", $"/_matrix/client/v3/rooms/{RoomEscaped}/send/m.room.message/txn-1",
            Spec("room_send.put.rooms_roomId_send_eventType_txnId.request.json"));
        Expect(redact, "PUT", $"/_matrix/client/v3/rooms/{RoomEscaped}/redact/{EventEscaped}/txn-2",
            Spec("redaction.put.rooms_roomId_redact_eventId_txnId.request.json"));
        Assert.Equal("$YUwRidLecu:example.com", eventId);
        Assert.StartsWith("$", redactionId);
    }

    [Fact]
    public async Task Reactions_are_annotations()
    {
        var received = await CallAsync(c => c.SendReactionAsync(RoomId, EventId, "👍", Ct), """{"event_id":"$r"}""");

        Assert.StartsWith($"/_matrix/client/v3/rooms/{RoomEscaped}/send/m.reaction/", received.Request.RawTarget);
        JsonAssert.Equal($$$"""{"m.relates_to":{"rel_type":"m.annotation","event_id":"{{{EventId}}}","key":"👍"}}""", received.Request.Body);
    }

    [Fact]
    public async Task Event_context_and_messages()
    {
        var (ev, get) = await CallAsync(c => c.GetEventAsync(RoomId, EventId, Ct), Spec("rooms.get.rooms_roomId_event_eventId.200.json"));
        var (context, contextRequest) = await CallAsync(c => c.GetEventContextAsync(RoomId, EventId, 3, cancellationToken: Ct),
            Spec("event_context.get.rooms_roomId_context_eventId.200.json"));
        var filter = new RoomEventFilter { LazyLoadMembers = true };
        var (page, messages) = await CallAsync(c => c.GetMessagesAsync(RoomId, Direction.Backward, "t1&2=3", null, 10, filter, Ct),
            Spec("message_pagination.get.rooms_roomId_messages.200.json"));

        Expect(get, "GET", $"/_matrix/client/v3/rooms/{RoomEscaped}/event/{EventEscaped}");
        Expect(contextRequest, "GET", $"/_matrix/client/v3/rooms/{RoomEscaped}/context/{EventEscaped}?limit=3");
        Expect(messages, "GET",
            $"/_matrix/client/v3/rooms/{RoomEscaped}/messages?dir=b&from=t1%262%3D3&limit=10&filter=%7B%22lazy_load_members%22%3Atrue%7D");
        Assert.Equal("t1&2=3", messages.QueryValue("from"));
        Assert.Equal("""{"lazy_load_members":true}""", messages.QueryValue("filter"));
        Assert.NotEmpty(ev.EventId);
        Assert.NotNull(context.Event);
        Assert.NotEmpty(page.Chunk);
    }

    [Fact]
    public async Task Timestamp_relations_and_threads_are_v1_endpoints()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1432735824653);
        var (found, timestamp) = await CallAsync(c => c.GetEventByTimestampAsync(RoomId, at, Direction.Forward, Ct),
            Spec("room_event_by_timestamp.get.rooms_roomId_timestamp_to_event.200.json"));
        var (_, all) = await CallAsync(c => c.GetRelationsAsync(RoomId, EventId, cancellationToken: Ct),
            Spec("relations.get.rooms_roomId_relations_eventId.200.json"));
        var (_, typed) = await CallAsync(c => c.GetRelationsAsync(RoomId, EventId, RelationTypes.Annotation, EventTypes.Reaction,
            limit: 5, dir: Direction.Forward, recurse: true, cancellationToken: Ct), Spec("relations.get.rooms_roomId_relations_eventId_relType_eventType.200.json"));
        var (threads, threadsRequest) = await CallAsync(c => c.GetThreadsAsync(RoomId, ThreadsInclude.Participated, limit: 20, cancellationToken: Ct),
            Spec("threads_list.get.rooms_roomId_threads.200.json"));

        Expect(timestamp, "GET", $"/_matrix/client/v1/rooms/{RoomEscaped}/timestamp_to_event?ts=1432735824653&dir=f");
        Expect(all, "GET", $"/_matrix/client/v1/rooms/{RoomEscaped}/relations/{EventEscaped}");
        Expect(typed, "GET", $"/_matrix/client/v1/rooms/{RoomEscaped}/relations/{EventEscaped}/m.annotation/m.reaction?limit=5&dir=f&recurse=true");
        Expect(threadsRequest, "GET", $"/_matrix/client/v1/rooms/{RoomEscaped}/threads?include=participated&limit=20");
        Assert.Equal("$143273582443PhrSn:example.org", found.EventId);
        Assert.Equal("next_batch_token", threads.NextBatch);
    }

    [Fact]
    public async Task Relations_by_event_type_need_a_relation_type()
    {
        using var client = new MatrixClient(new Uri("http://127.0.0.1:9"));
        client.RestoreSession(Alice);

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetRelationsAsync(RoomId, EventId, eventType: EventTypes.Reaction, cancellationToken: Ct));
    }

    [Fact]
    public async Task Typing_receipts_and_read_markers()
    {
        var typing = await CallAsync(c => c.SetTypingAsync(RoomId, true, TimeSpan.FromSeconds(30), Ct));
        var stopped = await CallAsync(c => c.SetTypingAsync(RoomId, false, cancellationToken: Ct));
        var receipt = await CallAsync(c => c.SendReceiptAsync(RoomId, EventId, ReceiptTypes.Read, "main", Ct));
        var privateReceipt = await CallAsync(c => c.SendReceiptAsync(RoomId, EventId, ReceiptTypes.ReadPrivate, cancellationToken: Ct));
        var markers = await CallAsync(c => c.SetReadMarkersAsync(RoomId, "$somewhere:example.org", "$elsewhere:example.org", "$elsewhere:example.org", Ct));

        Expect(typing, "PUT", $"/_matrix/client/v3/rooms/{RoomEscaped}/typing/{AliceEscaped}", Spec("typing.put.rooms_roomId_typing_userId.request.json"));
        Expect(stopped, "PUT", $"/_matrix/client/v3/rooms/{RoomEscaped}/typing/{AliceEscaped}", """{"typing":false}""");
        Expect(receipt, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/receipt/m.read/{EventEscaped}",
            Spec("receipts.post.rooms_roomId_receipt_receiptType_eventId.request.json"));
        Expect(privateReceipt, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/receipt/m.read.private/{EventEscaped}", "{}");
        Expect(markers, "POST", $"/_matrix/client/v3/rooms/{RoomEscaped}/read_markers", Spec("read_markers.post.rooms_roomId_read_markers.request.json"));
    }
}
