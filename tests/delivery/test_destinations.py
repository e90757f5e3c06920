"""Several bot processes on one PostgreSQL make each section's channel once: the others wait for it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import pytest_asyncio

from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.delivery.destinations import opening_key
from bot.domain.models import SectionKind
from bot.ports import ChannelBinding, DeliveryError, SectionPlace
from bot.settings import Settings
from bot.storage.repositories import platform_state, sections
from tests.fakes import FakeGateway

pytestmark = pytest.mark.e2e


class SlowPlaces(FakeGateway):
    """A platform where making a channel takes until the test lets it finish; counts what it made."""

    def __init__(self, made: list[str], finish: asyncio.Event, refuse: bool = False) -> None:
        super().__init__(platform="fake")
        self.made = made
        self.started = asyncio.Event()
        self._finish = finish
        self._refuse = refuse

    async def open_section_channel(self, place: SectionPlace) -> ChannelBinding:
        self.started.set()
        await self._finish.wait()
        if self._refuse:
            raise DeliveryError("rate limited", retry_after=1)
        self.made.append(place.slug)
        return ChannelBinding(f"#{place.slug}-{len(self.made)}")


@pytest_asyncio.fixture
async def two_processes(postgres_url: str, settings: Settings, clock: SimulatedClock) -> AsyncIterator[list[Core]]:
    cores = [await build_core(settings, clock, database_url=postgres_url) for _ in range(2)]
    try:
        yield cores
    finally:
        for core in cores:
            await core.close()


async def _central(core: Core) -> int:
    community = await core.services.communities.ensure_community(
        "fake", "guild", name="Guild", timezone="Europe/Stockholm", locale="en"
    )
    async with core.store.transaction() as tx:
        return (await sections.builtin(tx.conn, community.id, SectionKind.CENTRAL)).id


async def test_two_processes_needing_a_channel_at_once_make_it_once(
    two_processes: list[Core], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two_processes
    turned_away = asyncio.Event()
    take_lease = platform_state.take_lease

    async def watched_take_lease(*args: Any, **kwargs: Any) -> bool:
        held = await take_lease(*args, **kwargs)
        if not held:
            turned_away.set()
        return held

    monkeypatch.setattr(platform_state, "take_lease", watched_take_lease)
    made: list[str] = []
    finish = asyncio.Event()
    gateways = [SlowPlaces(made, finish), SlowPlaces(made, finish)]
    first.add_gateway(gateways[0])
    second.add_gateway(gateways[1])
    section = await _central(first)

    making = asyncio.create_task(first.destinations.section_channel("fake", section))
    await gateways[0].started.wait()
    waiting = asyncio.create_task(second.destinations.section_channel("fake", section))
    await asyncio.wait_for(turned_away.wait(), 10)
    assert not gateways[1].started.is_set()  # it waits for the first one's binding rather than making one
    finish.set()

    assert await making == await waiting == ChannelBinding("#central-1")
    assert made == ["central"]


async def test_a_refused_attempt_leaves_the_channel_to_the_next_process(two_processes: list[Core]) -> None:
    first, second = two_processes
    made: list[str] = []
    finish = asyncio.Event()
    finish.set()
    first.add_gateway(SlowPlaces(made, finish, refuse=True))
    second.add_gateway(SlowPlaces(made, finish))
    section = await _central(first)

    with pytest.raises(DeliveryError):
        await first.destinations.section_channel("fake", section)
    assert await second.destinations.section_channel("fake", section) == ChannelBinding("#central-1")


async def test_a_process_that_died_making_a_channel_holds_it_no_longer_than_its_lease(
    two_processes: list[Core], clock: SimulatedClock
) -> None:
    first, second = two_processes
    made: list[str] = []
    finish = asyncio.Event()
    finish.set()
    second.add_gateway(SlowPlaces(made, finish))
    section = await _central(first)
    async with first.store.transaction() as tx:  # what a process killed while making it leaves behind
        await platform_state.put(tx.conn, "fake", opening_key(section), "dead-process", clock.now())

    clock.advance(timedelta(minutes=3))
    assert await second.destinations.section_channel("fake", section) == ChannelBinding("#central-1")
    async with second.store.transaction() as tx:
        assert await platform_state.get(tx.conn, "fake", opening_key(section)) is None
