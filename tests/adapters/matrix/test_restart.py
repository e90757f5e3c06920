"""Scenario 4: restarts and crashes lose and repeat nothing.

* commands sent while the bot is stopped are each answered once when it starts (same device and token);
* a sync batch handled again (a crash before the sync token was stored) answers nobody twice: a reply's
  transaction id comes from the command's event id;
* a send repeated with the same idempotency key is one event (same transaction id, same device);
* a delivery claimed by a worker that died after sending is found in the room's history, not sent again —
  in-process (a claim whose lease ran out) and with a real ``python -m netgroups run`` killed by SIGKILL right
  after its send (NETGROUPS_CRASH_AT=after-send:announcement);
* a new database with the same bot account does not mistake its first deliveries for the old ones.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters.matrix.gateway import PLATFORM
from bot.domain.delivery import DeliveryState
from bot.ports import Destination, DestinationKind, Post, SentMessage
from bot.replies import msg, reply
from bot.storage.repositories import outbox as outbox_rows
from tests.adapters.matrix.conftest import MARKER, MakeWorld, MatrixWorld, content, replied_to

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[3]
KILLED = -signal.SIGKILL


def replies_by_command(world: MatrixWorld, events: list[dict[str, Any]]) -> Counter[str]:
    return Counter(replied_to(e) or "" for e in events if e["sender"] == world.bot_id and e["type"] == "m.room.message")


async def test_commands_sent_while_the_bot_is_stopped_are_answered_once(world: MatrixWorld) -> None:
    bo = await world.person("Bo")
    await world.stop_bot()
    first = await bo.say(bo.dm, "!section list")
    second = await bo.say(bo.dm, "!profile show")

    await world.start_bot()
    await world.bot_sync()
    for command in (first, second):
        await world.reply_to(bo, bo.dm, command)
    # More syncs and another restart answer nothing again.
    await world.bot_sync(timeout_ms=0)
    await world.restart()
    await world.bot_sync(timeout_ms=0)
    answered = replies_by_command(world, await world.history(bo.dm))
    assert answered == Counter({first: 1, second: 1})


async def test_a_sync_batch_handled_again_after_a_crash_answers_once(world: MatrixWorld) -> None:
    anna = await world.admin("Anna")
    bo = await world.person("Bo")
    await world.command(anna, "!section create Shiatsu")
    before = await world.core.platform_state.get(PLATFORM, "next_batch")
    assert before is not None
    join = await bo.say(bo.dm, "!section join shiatsu")
    show = await bo.say(bo.dm, "!section list")
    await world.bot_sync()
    replies = [await world.reply_to(bo, bo.dm, event) for event in (join, show)]

    # The process dies after answering, before it stored the sync token: the next one gets the same batch.
    await world.core.platform_state.put(PLATFORM, "next_batch", before)
    await world.restart()
    await world.bot_sync(timeout_ms=0)
    assert await world.core.platform_state.get(PLATFORM, "next_batch") != before

    answered = replies_by_command(world, await world.history(bo.dm))
    assert answered == Counter({join: 1, show: 1})
    # The reply Bo sees is still the first one: "joined", not "already a member".
    assert content(replies[0])["body"].startswith("✔ ")
    await world.deliver()  # his invitation to the room
    await bo.join(await world.room_of("shiatsu"))


async def test_a_send_repeated_with_the_same_key_is_one_event(world: MatrixWorld) -> None:
    community = await world.community()
    central = await world.section("central")
    room = await world.room_of("central")
    destination = Destination(PLATFORM, DestinationKind.CHANNEL, community.id, room, section_id=central.id)
    post = Post(reply(msg("announce-section-opened", section="x", name="X")), "en", "netgroups:test", ("✅", "❌"))

    gateway = world.adapter.gateway
    first = await gateway.send(destination, post, idempotency_key="ng-test-1")
    await gateway.follow_up(first, post.reactions)
    second = await gateway.send(destination, post, idempotency_key="ng-test-1")
    await gateway.follow_up(second, post.reactions)  # the seed reactions' keys are the message's: once each
    assert second == first
    room = first.channel
    events = await world.history(room)
    assert [e["event_id"] for e in events if content(e).get(MARKER) == "netgroups:test"] == [first.message]
    reactions = [e for e in events if e["type"] == "m.reaction"]
    assert sorted(content(e)["m.relates_to"]["key"] for e in reactions) == ["✅", "❌"]
    # A different key is a different message.
    third = await gateway.send(destination, post, idempotency_key="ng-test-2")
    assert third != first


class CountingSends:
    """Wraps a gateway's send to count the calls the worker makes."""

    def __init__(self, world: MatrixWorld) -> None:
        self.calls: list[str] = []
        gateway = world.adapter.gateway
        original = gateway.send

        async def send(destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
            self.calls.append(post.marker)
            return await original(destination, post, idempotency_key=idempotency_key)

        gateway.send = send  # type: ignore[method-assign]


async def test_a_claim_left_behind_after_a_send_is_found_not_sent_again(world: MatrixWorld) -> None:
    anna = await world.admin("Anna")
    await world.command(anna, "!section create Shiatsu", deliver=False)
    # A worker claims the announcement, sends it, and dies before recording it.
    (announcement,) = [row for row in await world.outbox() if row.kind == "announcement"]
    async with world.core.store.transaction() as tx:
        (claimed,) = await outbox_rows.claim(
            tx.conn, [announcement.id], now=world.clock.now(), worker="dead-worker", lease=timedelta(minutes=2)
        )
    post = await world.core.worker._compose(claimed)
    assert post is not None
    destination = await world.core.destinations.of(claimed)
    lost = await world.adapter.gateway.send(
        destination, post, idempotency_key=await world.core.worker.idempotency_key(claimed)
    )

    sends = CountingSends(world)
    await world.deliver()  # the lease still runs: nobody touches the row
    assert (await world.delivery_of_id(claimed.id)).state is DeliveryState.CLAIMED
    await world.deliver(timedelta(minutes=3))  # the lease ran out: taken over, found in the history

    assert [marker for marker in sends.calls if ":welcome:" not in marker] == []  # (Anna, the first admin, welcomed)
    row = await world.delivery_of_id(claimed.id)
    assert (row.state, row.attempts, row.external_message) == (DeliveryState.SENT, 2, lost.message)
    posts = await world.bot_posts(await world.room_of("central"))
    assert [e["event_id"] for e in posts if content(e)[MARKER] == claimed.marker] == [lost.message]


async def test_the_bot_killed_after_a_send_before_recording_it_posts_once(world: MatrixWorld) -> None:
    """A real ``python -m netgroups run`` (real clock) sends the queued announcement and is SIGKILLed before it records
    it; the next start finds the message in the room instead of sending it again. (On the real clock, months after
    the test's, the bot has other posts to make too, side by side: it is killed after the announcement's send.)"""
    anna = await world.admin("Anna")
    await world.command(anna, "!help")  # Anna, the first admin, is welcomed: the announcement is the one send left
    await world.command(anna, "!section create Shiatsu", deliver=False)  # queues "Shiatsu opened" for #central
    (queued,) = [row for row in await world.outbox() if row.state == "pending" and row.kind == "announcement"]
    await world.stop_bot()

    matrix = world.settings.matrix
    assert matrix.access_token is not None
    env = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    env.pop("DATABASE_URL", None)
    env.update(
        NETGROUPS_CRASH_AT="after-send:announcement",
        NETGROUPS_STORAGE_DATABASE_URL=world.database_url,
        NETGROUPS_STORAGE_DATA_DIR=str(world.data_dir),
        NETGROUPS_MATRIX_HOMESERVER=str(matrix.homeserver),
        NETGROUPS_MATRIX_USER_ID=str(matrix.user_id),
        NETGROUPS_MATRIX_ACCESS_TOKEN=matrix.access_token.get_secret_value(),
        NETGROUPS_MATRIX_DEVICE_ID=str(matrix.device_id),
        NETGROUPS_LOGGING_LEVEL="INFO",
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "netgroups",
        "run",
        cwd=REPO,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    communicating = asyncio.ensure_future(process.communicate())
    done, _ = await asyncio.wait({communicating}, timeout=60)
    if not done:
        process.kill()
        _, stderr = await communicating
        raise AssertionError("the bot was not killed at its send within 60 s:\n" + stderr.decode()[-5000:])
    _, stderr = communicating.result()
    assert process.returncode == KILLED, stderr.decode()[-3000:]
    assert "fault point after-send reached" in stderr.decode()

    await world.start_bot()
    central = await world.room_of("central")
    sent_by_the_dead = [e for e in await world.bot_posts(central) if content(e)[MARKER] == queued_marker(queued)]
    assert len(sent_by_the_dead) == 1
    sends = CountingSends(world)
    await world.deliver()
    assert sends.calls == []
    row = await world.delivery_of_id(queued.id)
    assert (row.state, row.external_message) == (DeliveryState.SENT, sent_by_the_dead[0]["event_id"])
    assert len([e for e in await world.bot_posts(central) if content(e)[MARKER] == queued_marker(queued)]) == 1


def queued_marker(row: Any) -> str:
    return f"netgroups:{row.dedupe_key}"


async def test_a_new_database_with_the_same_bot_account_still_sends_its_first_messages(
    make_world: MakeWorld, tmp_path: Path
) -> None:
    """Outbox keys restart at 1 in a new database; the bot's device remembers the old transaction ids."""
    world = await make_world()
    anna = await world.admin("Anna")
    await world.command(anna, "!section create Shiatsu")
    await world.deliver()
    old_central = await world.room_of("central")
    assert len(await world.bot_posts(old_central)) == 1
    await world.stop_bot()

    world.database_url = f"sqlite:///{tmp_path / 'fresh.db'}"  # migrated when the core opens it
    await world.start_bot()
    new_central = await world.room_of("central")
    assert new_central != old_central
    await world.command(anna, "!section create Shiatsu")
    await world.deliver()
    posts = await world.bot_posts(new_central)
    assert len(posts) == 1, "the announcement was taken for an old message and never posted"
