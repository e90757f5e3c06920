"""The monthly health report on PostgreSQL: two bot processes (each its own connections) passing the report's moment
at the same instant queue one post between them."""

from __future__ import annotations

import asyncio
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.bootstrap import build_core
from bot.bus import EventBus
from bot.clock import SimulatedClock
from bot.i18n import Translator
from bot.services.health_chart import ChartLabels
from bot.services.health_monthly import MonthlyHealth, state_key
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.schema import outbox, platform_state
from bot.storage.unit_of_work import Store
from tests.console_driver import ConsoleDriver

pytestmark = pytest.mark.e2e

STOCKHOLM = ZoneInfo("Europe/Stockholm")


async def _small_chart(rows: object, labels: ChartLabels) -> bytes:
    return b"\x89PNG\r\n\x1a\n"


async def test_two_processes_on_postgresql_queue_one_report(
    settings: Settings, postgres_url: str, translator: Translator
) -> None:
    clock = SimulatedClock(datetime(2026, 3, 30, 10, tzinfo=STOCKHOLM))
    settings.sections.monthly_health = False  # the two below are the processes under test
    core = await build_core(settings, clock, database_url=postgres_url, translator=translator)
    other = await Database.open(postgres_url)
    try:
        console = ConsoleDriver(core, clock)
        await console.start()
        await console.say(":as Anna\n/section create Shiatsu\n:as Bo\n/section join shiatsu")
        clock.set(datetime(2026, 4, 1, 10, tzinfo=STOCKHOLM))
        first = MonthlyHealth(core.store, clock, translator, draw=_small_chart)
        second = MonthlyHealth(Store(other, EventBus()), clock, translator, draw=_small_chart)
        await asyncio.gather(first.run_if_due(), second.run_if_due())
        async with core.database.transaction() as conn:
            rows = (await conn.execute(select(outbox).where(outbox.c.dedupe_key.startswith("health:")))).all()
            remembered = select(platform_state.c.value).where(platform_state.c.key == state_key(1))
            done = (await conn.execute(remembered)).all()
        assert [row.dedupe_key for row in rows] == ["health:monthly:2026-04:notice:section:2:console"]
        assert [value for (value,) in done] == ["2026-04"]
        assert await first.run_if_due() == 0
        assert await second.run_if_due() == 0
    finally:
        await other.close()
        await core.close()
