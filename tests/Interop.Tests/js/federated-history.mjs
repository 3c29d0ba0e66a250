// A matrix-js-sdk client on one Tangle server joins a room held by another and reads its history: the live
// messages through its sync loop, and the messages from before it joined by scrolling back, which makes its
// server backfill them over federation. Exits 0 only if every step was seen; prints each step as it passes.
// Usage: node federated-history.mjs <first homeserver base URL> <second homeserver base URL> <first server's name>
import * as sdk from "matrix-js-sdk";
import { fail, pass, register, start, step, timelineEvent, until } from "./interop.mjs";

const [, , , secondUrl, firstName] = process.argv;
if (!secondUrl || !firstName) fail("usage: node federated-history.mjs <first URL> <second URL> <first server's name>");

async function main() {
    const alice = await register("alice");
    const bob = await register("bob", secondUrl);
    await start(alice);
    await start(bob);

    const { room_id: roomId } = await alice.createRoom({ name: "Federated history", preset: sdk.Preset.PublicChat });
    for (let i = 1; i <= 30; i++) await alice.sendTextMessage(roomId, `old ${i}`);
    step("alice sent 30 messages before bob joined");

    await bob.joinRoom(roomId, { viaServers: [firstName] });
    step(`bob joined ${roomId} over federation`);

    const live = timelineEvent(bob, roomId, (e) => e.getContent().body === "live", "bob to receive alice's live message");
    await alice.sendTextMessage(roomId, "live");
    await live;
    step("bob received alice's live message through his sync loop");

    const room = bob.getRoom(roomId);
    const bodies = () => room.getLiveTimeline().getEvents().filter((e) => e.getType() === "m.room.message").map((e) => e.getContent().body);
    await until(async () => {
        await bob.scrollback(room, 20);
        return room.getLiveTimeline().getEvents().some((e) => e.getType() === "m.room.create");
    }, "bob's scrollback to reach the room's creation");
    const expected = [...Array.from({ length: 30 }, (_, i) => `old ${i + 1}`), "live"];
    if (JSON.stringify(bodies()) !== JSON.stringify(expected)) fail(`bob's timeline reads ${JSON.stringify(bodies())}`);
    step("bob scrolled back through the history from before he joined, in order, each message once");

    const heard = timelineEvent(alice, roomId, (e) => e.getContent().body === "read it all", "alice to receive bob's reply");
    await bob.sendTextMessage(roomId, "read it all");
    await heard;
    step("alice received bob's reply");

    alice.stopClient();
    bob.stopClient();
    pass("matrix-js-sdk read a federated room's history through Tangle");
}

main().catch((e) => fail(e?.stack ?? String(e)));
