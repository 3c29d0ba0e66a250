"""Two matrix-nio clients share an unencrypted room on a running Tangle and talk both ways.
Usage: python3 plain_chat.py <homeserver base URL>; exits 0 only if every step was seen."""

from interop import expect, fail, run, sign_up, step, sync_until
from nio import (
    JoinResponse,
    RoomCreateResponse,
    RedactionEvent,
    RoomGetStateResponse,
    RoomMessagesResponse,
    RoomMessageText,
    RoomReadMarkersResponse,
    RoomRedactResponse,
    RoomSendResponse,
    RoomTypingResponse,
)


async def main(homeserver):
    alice = await sign_up(homeserver, "alice", encryption=False)
    bob = await sign_up(homeserver, "bob", encryption=False)
    try:
        await sync_until(alice, lambda: alice.next_batch is not None, "alice's first sync")
        await sync_until(bob, lambda: bob.next_batch is not None, "bob's first sync")

        created = expect(await alice.room_create(name="Plain", invite=[bob.user_id]), RoomCreateResponse, "creating the room")
        room_id = created.room_id
        await sync_until(alice, lambda: room_id in alice.rooms, "alice to see her room")
        step(f"alice created {room_id} and invited bob")

        await sync_until(bob, lambda: room_id in bob.invited_rooms, "bob to see his invite")
        expect(await bob.join(room_id), JoinResponse, "bob joining")
        await sync_until(bob, lambda: room_id in bob.rooms, "bob to see the room as joined")
        await sync_until(alice, lambda: bob.user_id in alice.rooms[room_id].users, "alice to see bob join")
        step("bob joined and both see it")

        seen = {alice.user_id: [], bob.user_id: []}

        def collect(client):
            def observe(response):
                joined = response.rooms.join.get(room_id)
                for event in joined.timeline.events if joined else []:
                    if isinstance(event, RoomMessageText):
                        seen[client.user_id].append((event.sender, event.body))
            return observe

        sent = expect(
            await alice.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "hello from alice"}),
            RoomSendResponse,
            "alice sending",
        )
        await sync_until(bob, lambda: (alice.user_id, "hello from alice") in seen[bob.user_id], "bob to receive alice's message", collect(bob))
        step("bob received alice's message")

        reply = expect(
            await bob.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "hello from bob"}),
            RoomSendResponse,
            "bob sending",
        )
        await sync_until(alice, lambda: (bob.user_id, "hello from bob") in seen[alice.user_id], "alice to receive bob's reply", collect(alice))
        step("alice received bob's reply")

        # Alice's last sync came after both messages, so paging back from it finds both.
        history = expect(await alice.room_messages(room_id, start=alice.next_batch, limit=20), RoomMessagesResponse, "alice reading history")
        bodies = [e.body for e in history.chunk if isinstance(e, RoomMessageText)]
        if bodies[:2] != ["hello from bob", "hello from alice"]:
            fail(f"history from /messages, newest first, was {bodies}")
        if not any(e.event_id == sent.event_id for e in history.chunk):
            fail("alice's event id is not in the history")
        step("alice read both messages back through /messages")

        state = expect(await bob.room_get_state(room_id), RoomGetStateResponse, "bob reading the room's state")
        names = [e["content"].get("name") for e in state.events if e["type"] == "m.room.name"]
        if names != ["Plain"]:
            fail(f"the room's state names it {names}")
        step("bob read the room's state")

        expect(await bob.room_typing(room_id, True, 10000), RoomTypingResponse, "bob typing")
        await sync_until(alice, lambda: bob.user_id in alice.rooms[room_id].typing_users, "alice to see bob typing")
        expect(await bob.room_typing(room_id, False), RoomTypingResponse, "bob stopping typing")
        await sync_until(alice, lambda: bob.user_id not in alice.rooms[room_id].typing_users, "alice to see bob stop typing")
        step("alice saw bob start and stop typing")

        expect(await alice.room_read_markers(room_id, reply.event_id, reply.event_id), RoomReadMarkersResponse, "alice marking bob's reply read")
        await sync_until(alice, lambda: alice.rooms[room_id].fully_read_marker == reply.event_id, "alice to see her fully read marker")

        def read():
            receipt = bob.rooms[room_id].read_receipts.get(alice.user_id)
            return receipt is not None and receipt.event_id == reply.event_id

        await sync_until(bob, read, "bob to see alice's read receipt")
        step("alice's read marker and receipt came back through sync")

        redactions = []

        def collect_redactions(response):
            joined = response.rooms.join.get(room_id)
            for event in joined.timeline.events if joined else []:
                if isinstance(event, RedactionEvent):
                    redactions.append(event.redacts)

        expect(await alice.room_redact(room_id, sent.event_id, reason="oops"), RoomRedactResponse, "alice redacting")
        await sync_until(bob, lambda: sent.event_id in redactions, "bob to see the redaction", collect_redactions)
        step("bob saw alice's message redacted")
    finally:
        await alice.close()
        await bob.close()
    print("PASS: matrix-nio chatted through Tangle", flush=True)


if __name__ == "__main__":
    run(main)
