// What the matrix-js-sdk interop scripts share: the server's address from the command line, a
// deadline for the run and for each step, registration and login, and waits on the SDK's events.
import * as sdk from "matrix-js-sdk";
import { logger } from "matrix-js-sdk/lib/logger.js";

const baseUrl = process.argv[2];
if (!baseUrl) fail(`usage: node ${process.argv[1]} <homeserver base URL>`);
const stepTimeoutMs = 15000;
const runId = Math.random().toString(36).slice(2, 10);

// The SDK logs every sync, and its Rust crypto traces every step, below warning level; only problems
// matter here, so the console keeps warnings and errors and the run's own lines go to stdout directly.
logger.setLevel("warn");
console.debug = console.info = console.log = () => {};
setTimeout(() => fail("the whole run took longer than 50 s"), 50000).unref();

export function fail(message) {
    console.error(`FAIL: ${message}`);
    process.exit(1);
}

const startedAt = Date.now();

export function step(message) {
    process.stdout.write(`ok - ${message} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)\n`);
}

export function pass(message) {
    process.stdout.write(`PASS: ${message}\n`);
    process.exit(0);
}

/** Resolves when emitter fires name with arguments that satisfy test; fails the run after a timeout. */
export function waitFor(emitter, name, test, what) {
    return new Promise((resolve) => {
        const timer = setTimeout(() => fail(`timed out waiting for ${what}`), stepTimeoutMs);
        const listener = (...args) => {
            if (!test(...args)) return;
            clearTimeout(timer);
            emitter.off(name, listener);
            resolve(args);
        };
        emitter.on(name, listener);
    });
}

/** Resolves once check() (sync or async) holds, polling; fails the run after a step's timeout. */
export async function until(check, what) {
    const deadline = Date.now() + stepTimeoutMs;
    while (!(await check())) {
        if (Date.now() > deadline) fail(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

export const password = "correct horse battery staple";

export function clientFor(session, serverUrl = baseUrl) {
    if (!session.access_token || !session.device_id) fail(`no session for ${session.user_id}`);
    return sdk.createClient({
        baseUrl: serverUrl,
        userId: session.user_id,
        accessToken: session.access_token,
        deviceId: session.device_id,
    });
}

/** Registers a user on the server of the command line, or on serverUrl. */
export async function register(name, serverUrl = baseUrl) {
    const session = await sdk.createClient({ baseUrl: serverUrl }).registerRequest({
        username: `${name}-${runId}`,
        password,
        auth: { type: "m.login.dummy" },
        initial_device_display_name: `js-sdk ${name}`,
    });
    step(`registered ${session.user_id} (device ${session.device_id})`);
    return clientFor(session, serverUrl);
}

export async function logIn(userId) {
    const session = await sdk.createClient({ baseUrl }).loginRequest({
        type: "m.login.password",
        identifier: { type: "m.id.user", user: userId },
        password,
        initial_device_display_name: "js-sdk second device",
    });
    if (session.user_id !== userId) fail(`logging in as ${userId} gave ${session.user_id}`);
    step(`${userId} logged in again as device ${session.device_id}`);
    return clientFor(session);
}

/** Starts the SDK's sync loop (as Element does: lazily loaded members) and waits for its first sync. */
export async function start(client, options = {}) {
    const prepared = waitFor(client, sdk.ClientEvent.Sync, (state) => state === "PREPARED", `${client.getUserId()} to finish its first sync`);
    client.on(sdk.ClientEvent.Sync, (state, _previous, data) => {
        // The SDK retries failed syncs forever; any failure means the server answered wrongly.
        if (state === "ERROR") fail(`sync failed for ${client.getUserId()}: ${data?.error?.stack ?? data?.error}`);
    });
    await client.startClient({ initialSyncLimit: 10, lazyLoadMembers: true, ...options });
    await prepared;
    step(`${client.getUserId()} is syncing`);
}

/**
 * Waits for a live timeline event in roomId that matches test, as delivered by the sync loop. The
 * sync can deliver it before the request that caused it returns, so what is already there counts.
 */
export function timelineEvent(client, roomId, test, what) {
    const present = client.getRoom(roomId)?.getLiveTimeline().getEvents().find((e) => !e.status && test(e));
    if (present) return Promise.resolve(present);
    return waitFor(
        client,
        sdk.RoomEvent.Timeline,
        (event, room, toStartOfTimeline, _removed, data) =>
            room?.roomId === roomId && !toStartOfTimeline && data?.liveEvent !== false && !event.status && test(event),
        what,
    ).then(([event]) => event);
}
