// Two matrix-js-sdk clients with the SDK's Rust crypto (the stack Element Web runs) share an
// encrypted room on a running Tangle: each uploads device, one-time and fallback keys, they find
// each other's devices through device lists and /keys/query, claim one-time keys, pass Megolm
// sessions over to-device messages, and each decrypts the other's message.
// Usage: node encrypted-chat.mjs <homeserver base URL>; exits 0 only if both plaintexts arrive decrypted.
import * as sdk from "matrix-js-sdk";
import { EventShieldColour, EventShieldReason } from "matrix-js-sdk/lib/crypto-api/index.js";
import { fail, pass, password, register, start, step, until, waitFor } from "./interop.mjs";

async function withCrypto(client) {
    // An in-memory store: Node has no IndexedDB, and each run starts from new devices anyway.
    await client.initRustCrypto({ useIndexedDB: false });
    return client;
}

/**
 * Creates the user's cross-signing keys and signs this device with them, passing the server's
 * user-interactive auth with the account password when it asks.
 */
async function crossSign(client) {
    const user = client.getUserId();
    await client.getCrypto().bootstrapCrossSigning({
        setupNewCrossSigning: true,
        authUploadDeviceSigningKeys: async (makeRequest) => {
            try {
                return await makeRequest(null);
            } catch (error) {
                if (error?.httpStatus !== 401 || !error.data?.flows) throw error;
                return await makeRequest({ type: "m.login.password", identifier: { type: "m.id.user", user }, password, session: error.data.session });
            }
        },
    });
    const status = await client.getCrypto().getCrossSigningStatus();
    if (!status.publicKeysOnDevice || !status.privateKeysInSecretStorage === undefined) fail(`cross-signing for ${user}: ${JSON.stringify(status)}`);
    if (!(await client.getCrypto().isCrossSigningReady())) fail(`${user}'s cross-signing is not ready: ${JSON.stringify(status)}`);
    step(`${user} uploaded cross-signing keys and signed device ${client.getDeviceId()}`);
}

/** Waits until client has decrypted the event with eventId to a text body. */
function decrypted(client, eventId, what) {
    const event = client.getRooms().flatMap((r) => r.getLiveTimeline().getEvents()).find((e) => e.getId() === eventId);
    if (event && !event.isBeingDecrypted() && event.getClearContent()) return Promise.resolve(event);
    return waitFor(client, sdk.MatrixEventEvent.Decrypted, (e, error) => e.getId() === eventId && !error && e.getClearContent() !== null, what)
        .then(([e]) => e);
}

async function exchange(sender, receiver, roomId, body) {
    const { event_id: eventId } = await sender.sendTextMessage(roomId, body);
    const event = await decrypted(receiver, eventId, `${receiver.getUserId()} to decrypt ${sender.getUserId()}'s message`);
    if (event.getWireType() !== "m.room.encrypted" || event.getWireContent().algorithm !== "m.megolm.v1.aes-sha2")
        fail(`${body} travelled as ${event.getWireType()} (${event.getWireContent().algorithm})`);
    if (event.getContent().body !== body || event.getSender() !== sender.getUserId())
        fail(`${receiver.getUserId()} decrypted ${JSON.stringify(event.getContent())} from ${event.getSender()}`);
    // The sender's device is signed by its owner's cross-signing keys, as the server reports them: no
    // warning shield, though the receiver has not verified the sender (trust on first use).
    const info = await receiver.getCrypto().getEncryptionInfoForEvent(event);
    if (info?.shieldColour !== EventShieldColour.NONE)
        fail(`${receiver.getUserId()} shields ${eventId}: ${EventShieldReason[info?.shieldReason]}`);
    step(`${receiver.getUserId()} decrypted ${sender.getUserId()}'s message ${eventId}`);
}

async function main() {
    const alice = await withCrypto(await register("alice"));
    const bob = await withCrypto(await register("bob"));
    await start(alice);
    await start(bob);
    await crossSign(alice);
    await crossSign(bob);

    const invited = waitFor(bob, sdk.RoomEvent.MyMembership, (_room, membership) => membership === "invite", "bob to see his invite");
    const { room_id: roomId } = await alice.createRoom({
        name: "Secret",
        preset: sdk.Preset.PrivateChat,
        invite: [bob.getUserId()],
        initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
    });
    const [invitedRoom] = await invited;
    if (invitedRoom.roomId !== roomId) fail(`bob was invited to ${invitedRoom.roomId}, not ${roomId}`);
    step(`alice created the encrypted room ${roomId} and bob saw his invite`);

    const bobJoined = waitFor(
        alice,
        sdk.RoomStateEvent.Members,
        (_event, _state, member) => member.roomId === roomId && member.userId === bob.getUserId() && member.membership === "join",
        "alice to see bob join",
    );
    await bob.joinRoom(roomId);
    await bobJoined;
    if (!(await alice.getCrypto().isEncryptionEnabledInRoom(roomId))) fail("alice's crypto does not see the room as encrypted");
    step("bob joined the encrypted room");

    // As a client does when it shows the room's members: with members lazily loaded, nothing else
    // makes bob track alice's devices before her room key arrives, and the SDK judges the key's sender
    // then. The SDK fetches newly tracked users' keys after its next sync, which the other's typing ends.
    for (const [client, other] of [[alice, bob], [bob, alice]]) {
        await client.getRoom(roomId).loadMembersIfNeeded();
        await other.sendTyping(roomId, true, 1000);
        await until(async () => (await client.getCrypto().getDeviceVerificationStatus(other.getUserId(), other.getDeviceId()))?.signedByOwner,
            `${client.getUserId()} to see ${other.getUserId()}'s device ${other.getDeviceId()} cross-signed by its owner`);
        step(`${client.getUserId()} found ${other.getUserId()}'s device ${other.getDeviceId()}, cross-signed by its owner`);
    }

    await exchange(alice, bob, roomId, "the eagle lands at midnight");
    await exchange(bob, alice, roomId, "understood, bringing cake");

    for (const client of [alice, bob]) client.stopClient();
    pass("matrix-js-sdk exchanged Megolm-encrypted messages through Tangle");
}

main().catch((error) => fail(error?.stack ?? String(error)));
