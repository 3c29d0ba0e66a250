"""Two matrix-nio clients with Olm/Megolm share an encrypted room on a running Tangle: each uploads
device and one-time keys, they find each other's devices through device lists and /keys/query, the
sender claims a one-time key and sends the Megolm session over to-device, and the receiver decrypts.
Usage: python3 encrypted_chat.py <homeserver base URL>; exits 0 only if the plaintext arrives decrypted."""

from interop import expect, fail, run, sign_up, step, sync_until
from nio import (
    JoinResponse,
    KeysQueryResponse,
    KeysUploadResponse,
    MegolmEvent,
    RoomCreateResponse,
    RoomMessageText,
    RoomSendResponse,
)
from nio.exceptions import EncryptionError

MEGOLM = "m.megolm.v1.aes-sha2"


async def upload_keys(client):
    if not client.should_upload_keys:
        fail(f"{client.user_id} has no keys to upload after logging in")
    uploaded = expect(await client.keys_upload(), KeysUploadResponse, f"{client.user_id} uploading keys")
    if uploaded.signed_curve25519_count <= 0:
        fail(f"the server counts {uploaded.signed_curve25519_count} one-time keys for {client.user_id} after an upload")
    step(f"{client.user_id} uploaded device keys and {uploaded.signed_curve25519_count} one-time keys")


async def trust(client, other):
    """Fetches other's devices with /keys/query and marks each one verified."""
    if client.should_query_keys:
        expect(await client.keys_query(), KeysQueryResponse, f"{client.user_id} querying keys")
    devices = list(client.device_store.active_user_devices(other.user_id))
    if other.device_id not in [d.id for d in devices]:
        fail(f"{client.user_id} does not know {other.user_id}'s device {other.device_id}; it knows {[d.id for d in devices]}")
    for device in devices:
        if device.ed25519 != other.olm.account.identity_keys["ed25519"]:
            fail(f"{client.user_id} got a different ed25519 key for {other.device_id} than that device has")
        client.verify_device(device)
    step(f"{client.user_id} found and trusts {other.user_id}'s device {other.device_id}")


class Inbox:
    """What one client's syncs showed: decrypted texts, undecrypted Megolm events, device list
    changes and its one-time key count."""

    def __init__(self, client, room_id):
        self.client = client
        self.room_id = room_id
        self.texts = []
        self.pending = []
        self.changed = set()
        self.one_time_keys = None

    def observe(self, response):
        self.changed.update(response.device_list.changed)
        if response.device_key_count.signed_curve25519 is not None:
            self.one_time_keys = response.device_key_count.signed_curve25519
        joined = response.rooms.join.get(self.room_id)
        for event in joined.timeline.events if joined else []:
            self.take(event)
        # A session key can arrive after the event it unlocks.
        pending, self.pending = self.pending, []
        for event in pending:
            try:
                self.take(self.client.decrypt_event(event))
            except EncryptionError:
                self.pending.append(event)

    def take(self, event):
        if isinstance(event, MegolmEvent):
            self.pending.append(event)
        elif isinstance(event, RoomMessageText):
            self.texts.append((event.sender, event.body, event.decrypted))


async def send_secret(sender, receiver, inbox, room_id, body):
    sent = expect(
        await sender.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": body}, ignore_unverified_devices=True),
        RoomSendResponse,
        f"{sender.user_id} sending an encrypted message",
    )
    await sync_until(
        receiver,
        lambda: any(t[0] == sender.user_id and t[1] == body for t in inbox.texts),
        f"{receiver.user_id} to decrypt {sender.user_id}'s message (still encrypted: {len(inbox.pending)})",
        inbox.observe,
    )
    seen = next(t for t in inbox.texts if t[1] == body)
    if not seen[2]:
        fail(f"{body!r} reached {receiver.user_id} in the clear")
    step(f"{receiver.user_id} decrypted {sender.user_id}'s message {sent.event_id}")


async def main(homeserver):
    alice = await sign_up(homeserver, "alice", encryption=True)
    bob = await sign_up(homeserver, "bob", encryption=True)
    try:
        await upload_keys(alice)
        await upload_keys(bob)
        await sync_until(alice, lambda: alice.next_batch is not None, "alice's first sync")
        await sync_until(bob, lambda: bob.next_batch is not None, "bob's first sync")

        encryption = {"type": "m.room.encryption", "state_key": "", "content": {"algorithm": MEGOLM}}
        created = expect(
            await alice.room_create(name="Secret", invite=[bob.user_id], initial_state=[encryption]),
            RoomCreateResponse,
            "creating the encrypted room",
        )
        room_id = created.room_id
        alice_inbox, bob_inbox = Inbox(alice, room_id), Inbox(bob, room_id)
        await sync_until(alice, lambda: room_id in alice.rooms and alice.rooms[room_id].encrypted, "alice to see her encrypted room", alice_inbox.observe)
        step(f"alice created the encrypted room {room_id} and invited bob")

        await sync_until(bob, lambda: room_id in bob.invited_rooms, "bob to see his invite", bob_inbox.observe)
        expect(await bob.join(room_id), JoinResponse, "bob joining")
        await sync_until(bob, lambda: room_id in bob.rooms and bob.rooms[room_id].encrypted, "bob to see the room as joined and encrypted", bob_inbox.observe)
        await sync_until(
            alice,
            lambda: bob.user_id in alice.rooms[room_id].users and bob.user_id in alice_inbox.changed,
            "alice to see bob join and his devices listed as changed",
            alice_inbox.observe,
        )
        step("bob joined; alice saw him in her device list changes")

        await trust(alice, bob)
        await trust(bob, alice)
        bob_keys_before = bob_inbox.one_time_keys
        if bob_keys_before is None or bob_keys_before <= 0:
            fail(f"bob's syncs reported {bob_keys_before} signed_curve25519 one-time keys")

        await send_secret(alice, bob, bob_inbox, room_id, "the eagle lands at midnight")
        if bob_inbox.one_time_keys != bob_keys_before - 1:
            fail(f"bob's one-time key count went from {bob_keys_before} to {bob_inbox.one_time_keys} after alice claimed one")
        step(f"bob's one-time key count fell from {bob_keys_before} to {bob_inbox.one_time_keys}")

        await send_secret(bob, alice, alice_inbox, room_id, "understood, bringing cake")
    finally:
        await alice.close()
        await bob.close()
    print("PASS: matrix-nio exchanged Megolm-encrypted messages through Tangle", flush=True)


if __name__ == "__main__":
    run(main)
