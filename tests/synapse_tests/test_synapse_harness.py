"""The real matrix-nio against a real Synapse on 127.0.0.1: rooms, invites, messages, reactions, redactions,
relations, transaction ids, rate limits, restarts. These prove the harness works — and pin the Matrix
behaviours our adapter relies on.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import aiohttp
import pytest
from nio import (
    AsyncClient,
    JoinResponse,
    ReactionEvent,
    RedactionEvent,
    RoomCreateResponse,
    RoomInviteResponse,
    RoomMessageText,
    RoomRedactResponse,
    RoomSendError,
    RoomSendResponse,
    SyncResponse,
)
from nio.api import RelationshipType  # not exported from nio itself

from tests.synapse.client import (
    logged_in_client,
    quoted,
    raw_request,
    sync_until,
    timeline_events,
    wait_for_event,
    wait_for_invite,
)
from tests.synapse.fixtures import REQUIRE_VARIABLE, MakeClient, MakeSynapse, MakeUser, synapse_unavailable
from tests.synapse.server import RegisteredUser, SynapseError, SynapseServer
from tests.synapse.venv import SynapseInstallError, ensure_synapse

pytestmark = pytest.mark.e2e


def _user_of(client: AsyncClient) -> RegisteredUser:
    return RegisteredUser(client.user_id, client.access_token, client.device_id or "", "")


async def create_room(owner: AsyncClient, *invitees: str) -> str:
    created = await owner.room_create(name=f"harness {uuid.uuid4().hex[:6]}")
    assert isinstance(created, RoomCreateResponse), created
    for user_id in invitees:
        invited = await owner.room_invite(created.room_id, user_id)
        assert isinstance(invited, RoomInviteResponse), invited
    return str(created.room_id)


async def join_invited(guest: AsyncClient, room_id: str) -> None:
    await wait_for_invite(guest, room_id)
    joined = await guest.join(room_id)
    assert isinstance(joined, JoinResponse), joined


async def send_text(client: AsyncClient, room_id: str, body: str, tx_id: str | None = None) -> str:
    sent = await client.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": body}, tx_id=tx_id)
    assert isinstance(sent, RoomSendResponse), sent
    return str(sent.event_id)


def test_synapse_answers(synapse: SynapseServer) -> None:
    versions = synapse.request("GET", "/_matrix/client/versions")
    assert "v1.11" in versions["versions"]
    assert synapse.url.startswith("http://127.0.0.1:")
    assert synapse.start_seconds is not None
    assert synapse.start_seconds < 60


def test_registered_users_are_distinct_and_their_tokens_work(synapse: SynapseServer, matrix_user: MakeUser) -> None:
    alice, bob = matrix_user("alice"), matrix_user("alice")
    assert alice.user_id != bob.user_id
    assert alice.user_id.endswith(":localhost")
    whoami = synapse.request("GET", "/_matrix/client/v3/account/whoami", token=alice.access_token)
    assert whoami == {"user_id": alice.user_id, "device_id": alice.device_id, "is_guest": False}
    with pytest.raises(SynapseError) as refused:
        synapse.request("GET", "/_synapse/admin/v2/users/" + quoted(bob.user_id), token=alice.access_token)
    assert refused.value.status == 403
    assert synapse.admin.admin
    shown = synapse.request("GET", "/_synapse/admin/v2/users/" + quoted(bob.user_id), token=synapse.admin.access_token)
    assert shown["name"] == bob.user_id


async def test_room_invite_join_message_reaction_redaction(matrix_client: MakeClient) -> None:
    alice, bob = await matrix_client(), await matrix_client()
    room_id = await create_room(alice, bob.user_id)
    # Room version 12 (Synapse's default since 1.163): a room id is "!" + a hash, with no ":server" part.
    assert room_id.startswith("!")
    assert ":" not in room_id
    await join_invited(bob, room_id)

    hello = await send_text(alice, room_id, "hello bob")
    message = await wait_for_event(bob, room_id, RoomMessageText, lambda e: e.event_id == hello)
    assert (message.sender, message.body) == (alice.user_id, "hello bob")

    reacted = await bob.room_send(
        room_id,
        "m.reaction",
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": hello, "key": "👍"}},
    )
    assert isinstance(reacted, RoomSendResponse), reacted
    reaction = await wait_for_event(alice, room_id, ReactionEvent)
    assert (reaction.event_id, reaction.sender) == (reacted.event_id, bob.user_id)
    assert (reaction.reacts_to, reaction.key) == (hello, "👍")

    redacted = await bob.room_redact(room_id, reacted.event_id, reason="changed my mind")
    assert isinstance(redacted, RoomRedactResponse), redacted
    redaction = await wait_for_event(alice, room_id, RedactionEvent)
    assert (redaction.redacts, redaction.sender, redaction.reason) == (reacted.event_id, bob.user_id, "changed my mind")


async def test_relations_of_an_event_are_listed(synapse: SynapseServer, matrix_user: MakeUser) -> None:
    owner, guest = matrix_user("owner"), matrix_user("guest")
    alice, bob = logged_in_client(synapse.url, owner), logged_in_client(synapse.url, guest)
    try:
        room_id = await create_room(alice, bob.user_id)
        joined = await bob.join(room_id)  # joining by id works without waiting for the invite to sync
        assert isinstance(joined, JoinResponse), joined
        question = await send_text(alice, room_id, "coffee?")
        reactions = {}
        for client, key in ((alice, "👍"), (bob, "👍"), (bob, "🎉")):
            sent = await client.room_send(
                room_id, "m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": question, "key": key}}
            )
            assert isinstance(sent, RoomSendResponse), sent
            reactions[sent.event_id] = (client.user_id, key)

        # nio has an API for it: an async iterator over every page of GET /_matrix/client/v1/rooms/…/relations/….
        listed = [
            event async for event in alice.room_get_event_relations(room_id, question, RelationshipType.annotation)
        ]
        assert all(isinstance(event, ReactionEvent) for event in listed)
        assert {e.event_id: (e.sender, e.key) for e in listed if isinstance(e, ReactionEvent)} == reactions

        # The same over raw HTTP, as an adapter without that nio API would do it.
        status, answer = await raw_request(
            synapse.url,
            owner,
            "GET",
            f"/_matrix/client/v1/rooms/{quoted(room_id)}/relations/{quoted(question)}/m.annotation",
        )
        assert status == 200, answer
        assert {event["event_id"] for event in answer["chunk"]} == set(reactions)

        # A redacted reaction leaves the list.
        gone = next(iter(reactions))
        redacted = await (alice if reactions[gone][0] == alice.user_id else bob).room_redact(room_id, gone)
        assert isinstance(redacted, RoomRedactResponse), redacted
        left = [
            e.event_id async for e in alice.room_get_event_relations(room_id, question, RelationshipType.annotation)
        ]
        assert set(left) == set(reactions) - {gone}
    finally:
        await alice.close()
        await bob.close()


async def test_the_same_transaction_id_twice_makes_one_event(matrix_client: MakeClient) -> None:
    alice, bob = await matrix_client(), await matrix_client()
    room_id = await create_room(alice, bob.user_id)
    await join_invited(bob, room_id)

    tx_id = uuid.uuid4().hex
    first = await send_text(alice, room_id, "only once", tx_id=tx_id)
    again = await send_text(alice, room_id, "only once", tx_id=tx_id)  # a retry after a lost answer
    assert again == first
    other = await send_text(alice, room_id, "only once")  # a new transaction id is a new event
    assert other != first

    seen: list[str] = []

    def arrived(response: SyncResponse) -> bool:
        seen.extend(e.event_id for e in timeline_events(response, room_id) if isinstance(e, RoomMessageText))
        return other in seen

    await sync_until(bob, arrived)
    assert seen == [first, other]


async def test_transaction_ids_belong_to_the_device_not_the_token(
    synapse: SynapseServer, matrix_user: MakeUser, matrix_client: MakeClient
) -> None:
    user = matrix_user("relogin")
    alice = await matrix_client(user)
    room_id = await create_room(alice)
    tx_id = uuid.uuid4().hex
    first = await send_text(alice, room_id, "once", tx_id=tx_id)

    # A new access token on the same device (a restart that logs in with its stored device id): deduplicated.
    same_device = await matrix_client(synapse.login(user, device_id=user.device_id), sync=False)
    assert same_device.access_token != alice.access_token
    assert await send_text(same_device, room_id, "once", tx_id=tx_id) == first

    # A new device (a restart that logs in afresh): the same transaction id makes a second event.
    new_device = await matrix_client(synapse.login(user), sync=False)
    assert new_device.device_id != user.device_id
    assert await send_text(new_device, room_id, "once", tx_id=tx_id) != first


async def test_room_creator_power_is_not_in_power_levels(matrix_client: MakeClient) -> None:
    """Room version 12: creators outrank every power level and are not listed in m.room.power_levels, so
    nio's power-level helpers undervalue them; the creator is the sender of m.room.create."""
    alice, bob = await matrix_client(), await matrix_client()
    room_id = await create_room(alice, bob.user_id)
    await join_invited(bob, room_id)
    await sync_until(alice, lambda response: room_id in response.rooms.join)
    room = alice.rooms[room_id]
    assert room.power_levels.users == {}
    assert room.power_levels.get_user_level(alice.user_id) == 0
    assert not room.power_levels.can_user_ban(alice.user_id)
    status, state = await raw_request(
        alice.homeserver, _user_of(alice), "GET", f"/_matrix/client/v3/rooms/{quoted(room_id)}/state/m.room.create"
    )
    assert status == 200, state
    assert state["room_version"] == "12"
    assert "creator" not in state  # the creator is the event's sender since room version 11
    status, events = await raw_request(
        alice.homeserver, _user_of(alice), "GET", f"/_matrix/client/v3/rooms/{quoted(room_id)}/state"
    )
    create = next(event for event in events if event["type"] == "m.room.create")
    assert create["sender"] == alice.user_id


async def test_stock_rate_limits_answer_limit_exceeded(
    synapse_stock_limits: SynapseServer, matrix_user: MakeUser, matrix_client: MakeClient
) -> None:
    chatty = await matrix_client(matrix_user("chatty", server=synapse_stock_limits), server=synapse_stock_limits)
    room_id = await create_room(chatty)
    answers = [
        await chatty.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": f"message {n}"})
        for n in range(12)
    ]
    refused = [answer for answer in answers if isinstance(answer, RoomSendError)]
    assert refused, "rc_message (0.2/s, burst 10) should refuse some of 12 fast messages"
    # nio gave up at once (max_limit_exceeded=0) instead of retrying: the error reaches the caller.
    assert all(answer.status_code == "M_LIMIT_EXCEEDED" for answer in refused)
    assert all(answer.retry_after_ms is not None and answer.retry_after_ms > 0 for answer in refused)
    accepted = sum(isinstance(answer, RoomSendResponse) for answer in answers)
    assert 8 <= accepted <= 10  # creating the room took one of the burst of 10
    # Synapse holds each refused request ~0.5 s before answering 429 (against tight retry loops).

    # An admin can lift one user's limits.
    exempt = matrix_user("exempt", server=synapse_stock_limits, exempt=True)
    free = await matrix_client(exempt, server=synapse_stock_limits)
    free_room = await create_room(free)
    for n in range(15):
        await send_text(free, free_room, f"free {n}")


async def test_restart_keeps_database_port_and_tokens(synapse_factory: MakeSynapse, matrix_client: MakeClient) -> None:
    server = synapse_factory()
    user = server.register("survivor")
    client = await matrix_client(user, server=server)
    room_id = await create_room(client)
    before = await send_text(client, room_id, "before the outage")
    url = server.url

    await server.stop_async()
    assert not server.running
    # nio retries a refused connection max_timeouts times, then raises (it returns no error response).
    with pytest.raises(aiohttp.ClientConnectionError):
        await client.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": "during"})

    await server.start_async()
    assert server.url == url
    after = await send_text(client, room_id, "after the outage")
    status, answer = await raw_request(
        server.url,
        user,
        "GET",
        f"/_matrix/client/v3/rooms/{quoted(room_id)}/messages",
        query={"dir": "b", "limit": "10"},
    )
    assert status == 200, answer
    bodies = [event["content"].get("body") for event in answer["chunk"] if event["type"] == "m.room.message"]
    assert bodies[:2] == ["after the outage", "before the outage"]
    assert {before, after} <= {event["event_id"] for event in answer["chunk"]}


async def test_a_server_that_cannot_start_reports_its_log(tmp_path: Path) -> None:
    server = SynapseServer(tmp_path / "broken", extra_config={"database": {"name": "no-such-engine"}})
    with pytest.raises(SynapseError) as refused:
        await server.start_async()
    assert "exited" in str(refused.value)
    assert "no-such-engine" in str(refused.value)  # the tail of Synapse's own log
    assert not server.running


def test_an_install_that_fails_raises_with_pip_output(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    fake = venv / "bin" / "python"
    fake.write_text("#!/bin/sh\necho 'no index reachable' >&2\nexit 3\n")
    fake.chmod(0o755)
    with pytest.raises(SynapseInstallError) as failed:
        ensure_synapse(venv, report=False)
    assert "no index reachable" in str(failed.value)
    with pytest.raises(SynapseInstallError):
        ensure_synapse(venv, install=False)


@pytest.mark.parametrize(("required", "outcome"), [("1", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_an_unavailable_synapse_skips_unless_required(
    monkeypatch: pytest.MonkeyPatch, required: str, outcome: type[BaseException]
) -> None:
    monkeypatch.setenv(REQUIRE_VARIABLE, required)
    with pytest.raises(outcome, match="cannot be started"):
        synapse_unavailable("Synapse cannot be started: because")
