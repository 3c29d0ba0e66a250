"""Shared steps for the matrix-nio interop scripts: each run registers fresh users on a running
Tangle, logs them in with their own store, and drives them by calling sync until what a step waits
for has arrived. Any failure prints FAIL and exits 1."""

import asyncio
import atexit
import secrets
import shutil
import sys
import tempfile
import time

import logbook
from nio import (
    AsyncClient,
    AsyncClientConfig,
    BadEvent,
    LoginResponse,
    RegisterResponse,
    SyncResponse,
    UnknownBadEvent,
)

# nio logs what it could not make sense of (events failing its schemas, failed decryption) as warnings.
logbook.StderrHandler(level="WARNING").push_application()

STEP_TIMEOUT_SECONDS = 15
RUN_ID = secrets.token_hex(4)
PASSWORD = "correct horse battery staple"


class Failure(Exception):
    """A step did not see what it waited for; run() reports it and exits 1."""


def fail(message):
    raise Failure(message)


def step(message):
    print(f"ok - {message}", flush=True)


def expect(response, kind, what):
    """Returns response if it is a kind, else fails with what nio made of the server's answer."""
    if not isinstance(response, kind):
        fail(f"{what}: expected {kind.__name__}, got {type(response).__name__}: {response}")
    return response


def base_url():
    if len(sys.argv) < 2:
        fail(f"usage: {sys.argv[0]} <homeserver base URL>")
    return sys.argv[1].rstrip("/")


async def sign_up(homeserver, name, encryption):
    """Registers name-RUN_ID, then logs in with a fresh client whose store lives in a new folder."""
    username = f"{name}-{RUN_ID}"
    anonymous = AsyncClient(homeserver)
    try:
        registered = expect(await anonymous.register(username, PASSWORD), RegisterResponse, f"registering {username}")
    finally:
        await anonymous.close()
    config = AsyncClientConfig(encryption_enabled=encryption, store_sync_tokens=True)
    store = tempfile.mkdtemp(prefix=f"nio-{name}-")
    atexit.register(shutil.rmtree, store, ignore_errors=True)
    client = AsyncClient(homeserver, registered.user_id, store_path=store, config=config)
    login = expect(await client.login(PASSWORD, device_name=f"nio {name}"), LoginResponse, f"logging in {username}")
    step(f"{login.user_id} logged in as device {login.device_id}")
    return client


async def sync_until(client, done, what, observe=None):
    """Syncs client until done() holds, passing each sync response to observe; fails after a timeout."""
    deadline = time.monotonic() + STEP_TIMEOUT_SECONDS
    while True:
        if done():
            return
        if time.monotonic() > deadline:
            fail(f"timed out waiting for {what}")
        response = expect(await client.sync(timeout=1000, full_state=client.next_batch is None), SyncResponse, f"{client.user_id} syncing")
        reject_malformed(client, response)
        if observe:
            observe(response)


def predates_nio(event):
    """Room versions 11 and later drop `creator` from m.room.create (the sender is the creator),
    which nio 0.20's schema still requires; such an event is right even though nio rejects it."""
    source = event.source
    return (
        source.get("type") == "m.room.create"
        and "creator" not in source.get("content", {})
        and source.get("content", {}).get("room_version", "1").isdigit()
        and int(source["content"]["room_version"]) >= 11
    )


def reject_malformed(client, response):
    """Fails if the server sent an event that nio's schemas reject, but for what predates nio."""
    rooms = response.rooms
    events = [(room_id, e) for room_id, room in [*rooms.join.items(), *rooms.leave.items()] for e in [*room.timeline.events, *room.state]]
    events += [(room_id, e) for room_id, room in rooms.invite.items() for e in room.invite_state]
    for room_id, event in events:
        if isinstance(event, (BadEvent, UnknownBadEvent)) and not predates_nio(event):
            fail(f"{client.user_id} got a malformed event in {room_id}: {event.source}")


def run(main):
    try:
        homeserver = base_url()
        try:
            asyncio.run(asyncio.wait_for(main(homeserver), timeout=50))
        except asyncio.TimeoutError:
            fail("the whole run took longer than 50 s")
    except Failure as failure:
        print(f"FAIL: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
