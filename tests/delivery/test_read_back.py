"""Reading back reactions after ready: in the background, soonest meetings first, within a budget."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import time, timedelta

import pytest
import pytest_asyncio

from adapters.console.render import render_block
from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.delivery.read_back import ReadBackBudget, Reconciler
from bot.domain.meetings import Answer
from bot.domain.models import Member
from bot.i18n import Translator
from bot.ports import ReactionSnapshot, SentMessage
from bot.services.meetings import SeriesRequest
from bot.settings import MeetingsSettings, Settings
from bot.storage.repositories import meetings, outbox
from tests.fakes import FakeGateway
from tests.meetings.helpers import answers


@dataclass
class ReadingGateway(FakeGateway):
    """Records which calls were read back, and can hold every read-back until released."""

    read: list[str] = field(default_factory=list)
    hold: asyncio.Event | None = None
    asked: asyncio.Event = field(default_factory=asyncio.Event)

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        self.read.append(message.message)
        self.asked.set()
        if self.hold is not None:
            await self.hold.wait()
        return await super().reactions(message)


@dataclass
class World:
    core: Core
    gateway: ReadingGateway
    people: dict[str, Member]
    #: Message id of each call, soonest meeting first.
    calls: list[str]
    occurrences: list[int]
    settings: Settings
    url: str


@pytest_asyncio.fixture
async def world(
    settings: Settings, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> AsyncIterator[World]:
    """Three weekly meetings whose calls are out (three weeks ahead) on a platform that answers at once."""
    ahead = settings.model_copy(update={"meetings": MeetingsSettings(call_days_before=21)})
    core = await build_core(ahead, clock, database_url=migrated_sqlite_url, translator=translator)
    services = core.services
    community = await services.communities.ensure_community(
        "fake", "guild", name="Net", timezone="Europe/Stockholm", locale="en"
    )
    people = {
        name: await services.communities.ensure_member(
            community, "fake", f"u-{name.lower()}", display_name=name, admin_if_first=True
        )
        for name in ("Anna", "Bo", "Cleo")
    }
    gateway = ReadingGateway()

    core.add_gateway(gateway)
    central = await services.sections.get(community, "central")
    await services.meetings.schedule(
        community, central, people["Anna"], SeriesRequest(rule="weekly tue", at=time(18), duration_minutes=90)
    )
    await core.worker.tick()
    async with core.store.transaction() as tx:
        found, _ = await outbox.calls_to_read_back(tx.conn, "fake", now=clock.now(), after=None, limit=100)
    assert len(found) == 3, found
    gateway.read.clear()  # each call was read once just after it was posted
    gateway.asked.clear()
    world = World(
        core, gateway, people, [c.message for c in found], [c.occurrence_id for c in found], ahead, migrated_sqlite_url
    )
    yield world
    await world.core.close()


async def test_ready_does_not_wait_for_the_read_back(world: World) -> None:
    """prepare_delivery returns while the platform has not answered a single read-back."""
    world.gateway.hold = asyncio.Event()
    await asyncio.wait_for(world.core.prepare_delivery(), 5)
    await asyncio.wait_for(world.gateway.asked.wait(), 5)
    assert world.gateway.read == [world.calls[0]]
    assert not world.core.reconciler.progress["fake"].done
    world.gateway.hold.set()
    await world.core.reconciled()
    assert world.core.reconciler.progress["fake"].calls == 3


async def test_calls_are_read_soonest_meeting_first(world: World) -> None:
    """The call of the next meeting is read first, then the one after it."""
    await world.core.prepare_delivery()
    await world.core.reconciled()
    assert world.gateway.read == world.calls


async def test_paging_through_the_meetings_one_at_a_time_misses_none(world: World) -> None:
    """With a page of one meeting the walk still reads every call once, in order."""
    core = world.core
    core.reconciler = Reconciler(core.store, core.clock, core.services.rsvps, core.editor, page=1)
    await core.prepare_delivery()
    await core.reconciled()
    assert world.gateway.read == world.calls


async def test_meetings_already_started_are_not_read(world: World, clock: SimulatedClock) -> None:
    """Once a meeting has begun its answers no longer steer anything: its call is not read back."""
    async with world.core.store.transaction() as tx:
        first = await meetings.get_occurrence(tx.conn, world.occurrences[0])
    clock.set(first.start_at + timedelta(minutes=1))
    await world.core.prepare_delivery()
    await world.core.reconciled()
    assert world.gateway.read == world.calls[1:]


class FakeTime:
    """Monotonic time that moves only when the reconciler sleeps."""

    def __init__(self) -> None:
        self.now = 100.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_the_budget_spaces_read_backs(world: World) -> None:
    """At 8 requests/s and 4 requests a call, two read-backs start at least half a second apart."""
    fake = FakeTime()
    core = world.core
    core.reconciler = Reconciler(
        core.store, core.clock, core.services.rsvps, core.editor, monotonic=fake.monotonic, sleep=fake.sleep
    )
    started: list[float] = []

    async def timed(message: SentMessage) -> ReactionSnapshot:
        started.append(fake.now)
        return ReactionSnapshot()

    world.gateway.reactions = timed  # type: ignore[method-assign]
    core.budgets["fake"] = ReadBackBudget(requests_per_second=8, requests_per_call=4)
    await core.prepare_delivery()
    await core.reconciled()
    assert started == [100.0, 100.5, 101.0]


async def test_unchanged_calls_are_not_edited(world: World) -> None:
    """Reactions that say what is stored already make no edit."""
    core, call = world.core, world.calls[0]
    await core.services.rsvps.on_reaction("fake", call, world.people["Bo"], "✅", added=True)
    await core.editor.flush()
    edits = len(world.gateway.edits)
    world.gateway.reaction_state[call] = {"✅": frozenset({"u-bo"})}
    await core.prepare_delivery()
    await core.reconciled()
    assert not core.editor.pending
    await core.editor.flush()
    assert len(world.gateway.edits) == edits


async def test_a_call_whose_answers_changed_is_edited_once(world: World) -> None:
    """Two answers changed on the second call while away: one edit of that call, none of the others."""
    core, call = world.core, world.calls[1]
    world.gateway.reaction_state[call] = {"✅": frozenset({"u-bo"}), "🤔": frozenset({"u-cleo"})}
    await core.prepare_delivery()
    await core.reconciled()
    assert await answers(core, world.occurrences[1]) == {"Bo": "yes", "Cleo": "maybe"}
    await core.editor.flush()
    assert [message.message for message, _ in world.gateway.edits] == [call]


async def test_a_live_answer_during_the_read_back_wins(world: World, clock: SimulatedClock) -> None:
    """An answer stored after the call was read is newer than the snapshot: the snapshot does not undo it."""
    core, call = world.core, world.calls[0]
    world.gateway.hold = asyncio.Event()
    await core.prepare_delivery()
    await asyncio.wait_for(world.gateway.asked.wait(), 5)  # the call is being read: nobody has reacted yet
    clock.advance(timedelta(seconds=1))
    await core.services.rsvps.on_reaction("fake", call, world.people["Bo"], "✅", added=True)
    world.gateway.hold.set()
    await core.reconciled()
    assert await answers(core, world.occurrences[0]) == {"Bo": "yes"}


async def test_closing_cancels_the_read_back_cleanly(world: World, caplog: pytest.LogCaptureFixture) -> None:
    """Shutdown during a read-back ends the job at once, logs no failure, and leaves stored answers as they were."""
    core = world.core
    await core.services.rsvps.answer(world.occurrences[0], world.people["Bo"], Answer.YES, source="command")
    world.gateway.hold = asyncio.Event()
    await core.prepare_delivery()
    await asyncio.wait_for(world.gateway.asked.wait(), 5)
    with caplog.at_level(logging.ERROR):
        await asyncio.wait_for(core.reconciler.close(), 5)
    assert not caplog.records
    assert not core.reconciler.progress["fake"].done
    assert await answers(core, world.occurrences[0]) == {"Bo": "yes"}


async def test_a_second_adapter_does_not_restart_the_first_platforms_read_back(world: World) -> None:
    """prepare_delivery runs once per adapter: a platform read back already is not read again."""
    await world.core.prepare_delivery()
    await world.core.reconciled()
    await world.core.prepare_delivery()
    await world.core.reconciled()
    assert world.gateway.read == world.calls


async def test_reading_again_starts_over(world: World) -> None:
    """After a lost session the platform's calls are read again from the soonest."""
    await world.core.prepare_delivery()
    await world.core.reconciled()
    world.core.read_back("fake")
    await world.core.reconciled()
    assert world.gateway.read == world.calls * 2


async def test_one_call_failing_does_not_end_the_walk(world: World) -> None:
    """An error while reconciling one call is logged, and the calls after it are still read back."""
    core = world.core
    world.gateway.reaction_state[world.calls[0]] = {"✅": frozenset({"u-stranger"})}
    world.gateway.reaction_state[world.calls[2]] = {"❌": frozenset({"u-cleo"})}

    async def broken(community_id: int, user: str) -> Member | None:
        raise RuntimeError("the database timed out")

    core.resolvers["fake"] = broken
    await core.prepare_delivery()
    await core.reconciled()
    assert world.gateway.read == world.calls
    assert core.reconciler.progress["fake"].done
    assert await answers(core, world.occurrences[2]) == {"Cleo": "no"}


async def test_an_edit_lost_with_the_process_is_made_at_the_next_start(
    world: World, clock: SimulatedClock, translator: Translator
) -> None:
    """Bo answered, the process died before the call was edited: the next start edits that call, and only it."""
    core, call = world.core, world.calls[0]
    await core.services.rsvps.on_reaction("fake", call, world.people["Bo"], "✅", added=True)
    assert core.editor.pending
    await core.close()  # no flush: the edit owed is lost with the process
    world.core = await build_core(world.settings, clock, database_url=world.url, translator=translator)
    world.core.add_gateway(world.gateway)
    world.gateway.reaction_state[call] = {"✅": frozenset({"u-bo"})}  # what Discord shows: nothing changed
    await world.core.prepare_delivery()
    await world.core.reconciled()
    await world.core.editor.flush()
    assert [message.message for message, _ in world.gateway.edits] == [call]
    shown = render_block(world.core.services.translator, "en", "", world.gateway.edits[0][1].content)
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in shown
