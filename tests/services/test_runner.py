"""The real-time runner: APScheduler wakes it, and a platform that hangs holds up no other."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bootstrap import Core, build_core
from bot.clock import SystemClock
from bot.delivery.runner import DeliveryRunner
from bot.domain.delivery import Delivery, Kind, dedupe_key
from bot.domain.meetings import Answer
from bot.domain.when import parse_time
from bot.i18n import Translator
from bot.ports import Destination, Post, SentMessage
from bot.replies import msg, reply
from bot.replies_codec import encode_reply
from bot.services.meetings import SeriesRequest
from bot.settings import Settings
from bot.storage.repositories import communities, outbox
from tests.fakes import FakeGateway


class HangingGateway(FakeGateway):
    """A platform that never answers (Synapse down, Discord timing out)."""

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


class SignallingGateway(FakeGateway):
    def __init__(self, platform: str) -> None:
        super().__init__(platform)
        self.arrived = asyncio.Event()

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        sent = await super().send(destination, post, idempotency_key=idempotency_key)
        self.arrived.set()
        return sent


async def _announce(
    conn: AsyncConnection, community_id: int, section_id: int, platform: str, clock: SystemClock, *, due_at: datetime
) -> None:
    """An announcement in the section, queued on ``platform`` for ``due_at``."""
    await outbox.enqueue(
        conn,
        dedupe_key=dedupe_key(Kind.ANNOUNCEMENT, platform, target=f"section:{section_id}", extra="hello"),
        kind=Kind.ANNOUNCEMENT,
        community_id=community_id,
        platform=platform,
        due_at=due_at,
        section_id=section_id,
        payload=encode_reply(reply(msg("help-title"))),
        now=clock.now(),
    )


async def test_one_platform_hanging_does_not_hold_up_another(
    settings: Settings, migrated_sqlite_url: str, translator: Translator
) -> None:
    """With one platform's sends stuck, the other platform's post still goes out at once."""
    clock = SystemClock()
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    runner = DeliveryRunner(core.worker, core.editor, clock)
    core.bus.subscribe(runner.on_event)
    good, stuck = SignallingGateway("beta"), HangingGateway("alpha")

    core.add_gateway(stuck)
    core.add_gateway(good)
    community = await core.services.communities.ensure_community(
        "beta", "b", name="Both", timezone="Europe/Stockholm", locale="en"
    )
    central = (await core.services.sections.overview(community, include_proposed=False))[0][0]
    async with core.store.transaction() as tx:
        await communities.bind(tx.conn, community.id, "alpha", "a")
        for platform in ("alpha", "beta"):  # the stuck one sorts first
            await _announce(
                tx.conn, community.id, central.id, platform, clock, due_at=clock.now() - timedelta(seconds=1)
            )
    runner.start()
    try:
        await asyncio.wait_for(good.arrived.wait(), timeout=10)
    finally:
        await runner.stop()
        await core.close()
    assert len(good.sent) == 1


class HangingEdits(FakeGateway):
    """Takes new messages, but never answers an edit (the homeserver stopped answering after the call)."""

    async def edit(self, message: SentMessage, post: Post) -> None:
        await asyncio.Event().wait()


class SignallingEdits(FakeGateway):
    def __init__(self, platform: str) -> None:
        super().__init__(platform)
        self.edited = asyncio.Event()

    async def edit(self, message: SentMessage, post: Post) -> None:
        await super().edit(message, post)
        self.edited.set()


async def test_one_platform_hanging_on_an_edit_does_not_hold_up_the_others_calls(
    settings: Settings, migrated_sqlite_url: str, translator: Translator
) -> None:
    """A new answer: the call on the working platform shows it at once, while the other platform's edit hangs."""
    clock = SystemClock()
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    runner = DeliveryRunner(core.worker, core.editor, clock)
    core.bus.subscribe(runner.on_event)
    good, stuck = SignallingEdits("beta"), HangingEdits("alpha")

    core.add_gateway(stuck)  # the stuck one sorts and is added first
    core.add_gateway(good)
    community = await core.services.communities.ensure_community(
        "beta", "b", name="Both", timezone="Europe/Stockholm", locale="en"
    )
    async with core.store.transaction() as tx:
        await communities.bind(tx.conn, community.id, "alpha", "a")
    anna = await core.services.communities.ensure_member(community, "beta", "1", display_name="Anna", admin=True)
    central = await core.services.sections.get(community, "central")
    # Weekly: the next meeting is at most 7 days ahead, so its calls are due at once.
    await core.services.meetings.schedule(
        community, central, anna, SeriesRequest(rule="weekly tue", at=parse_time("18:00"))
    )
    runner.start()
    try:
        async with asyncio.timeout(10):
            details = await core.services.meetings.next_occurrence(central)
            # The calls go out through the runner's real-time loops; nothing announces that they are recorded.
            while len(await posted_calls(core, details.occurrence.id)) < 2:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            await core.services.rsvps.answer(details.occurrence.id, anna, Answer.YES, source="command")
            await good.edited.wait()
    finally:
        await runner.stop()
        await core.close()
    assert [message for message, _ in good.edits] == [SentMessage("channel", "1")]  # the call, brought up to date


async def posted_calls(core: Core, occurrence_id: int) -> list[Delivery]:
    async with core.store.transaction() as tx:
        return await outbox.posted_of_occurrence(tx.conn, occurrence_id, Kind.CALL)


async def test_the_timer_wakes_the_loop_from_the_event_loops_own_thread(
    settings: Settings, migrated_sqlite_url: str, translator: Translator
) -> None:
    """A post due a moment from now goes out when its timer fires, with asyncio's debug mode on (which refuses an
    event set from another thread: a timer job run in APScheduler's thread pool never woke the loop there)."""
    asyncio.get_running_loop().set_debug(True)
    clock = SystemClock()
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    runner = DeliveryRunner(core.worker, core.editor, clock)
    core.bus.subscribe(runner.on_event)
    gateway = SignallingGateway("beta")
    core.add_gateway(gateway)
    community = await core.services.communities.ensure_community(
        "beta", "b", name="Both", timezone="Europe/Stockholm", locale="en"
    )
    central = (await core.services.sections.overview(community, include_proposed=False))[0][0]
    async with core.store.transaction() as tx:
        # No event wakes the loop for it: only its timer.
        await _announce(tx.conn, community.id, central.id, "beta", clock, due_at=clock.now() + timedelta(seconds=0.3))
    runner.start()
    try:
        await asyncio.wait_for(gateway.arrived.wait(), timeout=10)
    finally:
        await runner.stop()
        await core.close()
    assert len(gateway.sent) == 1
