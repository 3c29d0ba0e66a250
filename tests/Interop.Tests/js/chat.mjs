// Two matrix-js-sdk clients register on a running Tangle, share a room and talk, seeing everything
// through the SDK's own sync loop. Exits 0 only if every step was seen; prints each step as it passes.
// Usage: node chat.mjs <homeserver base URL>
import * as sdk from "matrix-js-sdk";
import { fail, logIn, pass, register, start, step, timelineEvent, waitFor } from "./interop.mjs";

async function main() {
    const alice = await register("alice");
    const bob = await register("bob");
    await start(alice);
    await start(bob);

    const whoami = await alice.whoami();
    if (whoami.user_id !== alice.getUserId()) fail(`whoami said ${whoami.user_id}`);

    const { room_id: roomId } = await alice.createRoom({ name: "Interop", preset: sdk.Preset.PrivateChat });
    await timelineEvent(alice, roomId, (e) => e.getType() === "m.room.create", "alice to see the room's creation");
    step(`alice created ${roomId} and saw it in sync`);

    const invited = waitFor(
        bob,
        sdk.RoomEvent.MyMembership,
        (room, membership) => room.roomId === roomId && membership === "invite",
        "bob to see his invite",
    );
    await alice.invite(roomId, bob.getUserId());
    await invited;
    step("bob saw the invite in sync");

    const bobJoined = waitFor(
        alice,
        sdk.RoomStateEvent.Members,
        (_event, _state, member) => member.roomId === roomId && member.userId === bob.getUserId() && member.membership === "join",
        "alice to see bob join",
    );
    await bob.joinRoom(roomId);
    await bobJoined;
    step("bob joined and alice saw it");

    const bobHears = timelineEvent(bob, roomId, (e) => e.getType() === "m.room.message" && e.getContent().body === "hello from alice", "bob to receive alice's message");
    const { event_id: aliceMessageId } = await alice.sendTextMessage(roomId, "hello from alice");
    const heard = await bobHears;
    if (heard.getId() !== aliceMessageId || heard.getSender() !== alice.getUserId()) fail("bob received a different event than alice sent");
    step("bob received alice's message");

    const aliceHears = timelineEvent(alice, roomId, (e) => e.getType() === "m.room.message" && e.getContent().body === "hello from bob", "alice to receive bob's reply");
    await bob.sendTextMessage(roomId, "hello from bob");
    const reply = await aliceHears;
    step("alice received bob's reply");

    // The server's echo of alice's own message must settle her local echo, not add a second copy.
    const aliceRoom = alice.getRoom(roomId);
    const copies = aliceRoom.getLiveTimeline().getEvents().filter((e) => e.getContent().body === "hello from alice");
    if (copies.length !== 1 || copies[0].getId() !== aliceMessageId || copies[0].status !== null)
        fail(`alice's timeline holds ${copies.length} copies of her message (${copies.map((e) => `${e.getId()}:${e.status}`)})`);
    step("alice's own message settled once in her timeline");

    const renamed = waitFor(
        bob,
        sdk.RoomMemberEvent.Name,
        (_event, member) => member.roomId === roomId && member.userId === alice.getUserId() && member.name === "Alice Liddell",
        "bob to see alice's new display name",
    );
    await alice.setDisplayName("Alice Liddell");
    await renamed;
    step("bob saw alice's new display name");

    const typing = waitFor(
        alice,
        sdk.RoomMemberEvent.Typing,
        (_event, member) => member.roomId === roomId && member.userId === bob.getUserId() && member.typing,
        "alice to see bob typing",
    );
    await bob.sendTyping(roomId, true, 10000);
    await typing;
    step("alice saw bob typing");

    const stoppedTyping = waitFor(
        alice,
        sdk.RoomMemberEvent.Typing,
        (_event, member) => member.roomId === roomId && member.userId === bob.getUserId() && !member.typing,
        "alice to see bob stop typing",
    );
    await bob.sendTyping(roomId, false, 0);
    await stoppedTyping;
    step("alice saw bob stop typing");

    const receipt = waitFor(
        bob,
        sdk.RoomEvent.Receipt,
        (event, room) => room.roomId === roomId && event.getContent()[reply.getId()]?.["m.read"]?.[alice.getUserId()] !== undefined,
        "bob to see alice's read receipt",
    );
    await alice.sendReadReceipt(reply);
    const [, bobsRoom] = await receipt;
    const placed = bobsRoom.getReadReceiptForUserId(alice.getUserId(), true, sdk.ReceiptType.Read);
    if (placed?.eventId !== reply.getId()) fail(`bob's room places alice's receipt on ${placed?.eventId}, not on his reply`);
    step("bob saw alice's read receipt");

    const tagged = waitFor(
        alice,
        sdk.RoomEvent.Tags,
        (_event, room) => room.roomId === roomId && room.tags["m.favourite"]?.order === 0.5,
        "alice to see her favourite tag come back through sync",
    );
    await alice.setRoomTag(roomId, "m.favourite", { order: 0.5 });
    await tagged;
    const { tags } = await alice.getRoomTags(roomId);
    if (tags["m.favourite"]?.order !== 0.5) fail(`alice's room tags read back as ${JSON.stringify(tags)}`);
    step("alice favourited the room and saw the tag in sync");

    const threadReply = timelineEvent(bob, roomId, (e) => e.getContent().body === "in a thread", "bob to receive alice's thread reply");
    await alice.sendMessage(roomId, {
        msgtype: "m.text",
        body: "in a thread",
        "m.relates_to": { rel_type: "m.thread", event_id: reply.getId(), is_falling_back: true, "m.in_reply_to": { event_id: reply.getId() } },
    });
    await threadReply;
    const threads = await bob.createThreadListMessagesRequest(roomId, null, 10);
    if (threads.chunk?.[0]?.event_id !== reply.getId()) fail(`bob's thread list is ${JSON.stringify(threads.chunk?.map((e) => e.event_id))}`);
    step("alice replied in a thread on bob's message and bob listed it");

    const redacted = waitFor(
        bob,
        sdk.RoomEvent.Redaction,
        (event, room) => room.roomId === roomId && event.event.redacts === aliceMessageId,
        "bob to see the redaction",
    );
    await alice.redactEvent(roomId, aliceMessageId, undefined, { reason: "oops" });
    await redacted;
    const original = bob.getRoom(roomId).findEventById(aliceMessageId);
    if (!original?.isRedacted() || original.getContent().body !== undefined) fail("the redacted message still shows its content to bob");
    step("bob saw alice's message redacted");

    // A second device starts from an initial sync: the room, its latest events, then older history.
    const bobAgain = await logIn(bob.getUserId());
    await start(bobAgain);
    const fresh = bobAgain.getRoom(roomId);
    if (!fresh || fresh.getMyMembership() !== "join") fail("bob's second device does not see the room as joined");
    if (fresh.name !== "Interop") fail(`bob's second device calls the room ${fresh.name}`);
    const bodies = () => fresh.getLiveTimeline().getEvents().map((e) => e.getContent().body).filter((b) => b);
    if (!bodies().includes("hello from bob")) fail(`bob's second device's initial timeline has ${bodies()}`);
    while (fresh.getLiveTimeline().getPaginationToken(sdk.EventTimeline.BACKWARDS) !== null && !fresh.getLiveTimeline().getEvents().some((e) => e.getType() === "m.room.create"))
        await bobAgain.scrollback(fresh, 10);
    const events = fresh.getLiveTimeline().getEvents();
    if (events[0]?.getType() !== "m.room.create") fail(`scrolling back stopped at ${events[0]?.getType()}, not the room's creation`);
    const redactedCopy = events.find((e) => e.getId() === aliceMessageId);
    if (!redactedCopy?.isRedacted() || redactedCopy.getContent().body !== undefined) fail("history shows alice's message unredacted");
    if (fresh.getMember(alice.getUserId())?.name !== "Alice Liddell") fail("bob's second device does not know alice's display name");
    step(`bob's second device scrolled back through ${events.length} events to the room's creation`);

    for (const client of [alice, bob, bobAgain]) client.stopClient();
    pass("matrix-js-sdk chatted through Tangle");
}

main().catch((error) => fail(error?.stack ?? String(error)));
