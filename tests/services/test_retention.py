"""The retention purge, on the simulated clock: exactly the rows past their time go, in small batches, once a day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from bot.clock import SimulatedClock
from bot.domain.delivery import DeliveryState
from bot.services import retention as retention_service
from bot.services.retention import RetentionPurge
from bot.settings import RetentionSettings
from bot.storage.repositories import platform_state as state_rows
from bot.storage.schema import occurrences, outbox, platform_state, rsvps
from tests.console_driver import ConsoleDriver
from tests.worlds import ConsoleAfter

SIX_WEEKS_OF_MEETINGS = """
:as Anna
/section create Shiatsu
:in shiatsu
/meeting schedule "every week tue" 18:00 90 "Folkets hus"
:as Bo
/section join shiatsu
/rsvp always
/reminders dm
:as Cleo
/section join shiatsu
/rsvp maybe
/profile link
:time +6w
"""
FINISHED = {DeliveryState.SENT.value, DeliveryState.SKIPPED.value, DeliveryState.FAILED.value}


@pytest.fixture
async def six_weeks(console_after: ConsoleAfter) -> ConsoleDriver:
    """A console after six weeks of meetings: typed once per worker (about 3 s), each test on a copy."""
    return await console_after(SIX_WEEKS_OF_MEETINGS)


async def _answers(console: ConsoleDriver) -> set[tuple[int, int, datetime]]:
    async with console.core.database.transaction() as conn:
        query = select(rsvps.c.occurrence_id, rsvps.c.member_id, occurrences.c.start_at).join(
            occurrences, occurrences.c.id == rsvps.c.occurrence_id
        )
        return {(row[0], row[1], row[2]) for row in await conn.execute(query)}


async def _deliveries(console: ConsoleDriver) -> set[tuple[int, str, datetime]]:
    async with console.core.database.transaction() as conn:
        query = select(outbox.c.id, outbox.c.state, outbox.c.due_at)
        return {(row[0], row[1], row[2]) for row in await conn.execute(query)}


async def _state(console: ConsoleDriver) -> set[tuple[str, str, datetime]]:
    async with console.core.database.transaction() as conn:
        query = select(platform_state.c.platform, platform_state.c.key, platform_state.c.updated_at)
        return {(row[0], row[1], row[2]) for row in await conn.execute(query)}


async def test_exactly_the_expired_rows_go(six_weeks: ConsoleDriver, clock: SimulatedClock) -> None:
    answers, deliveries, state = await _answers(six_weeks), await _deliveries(six_weeks), await _state(six_weeks)
    assert len(answers) >= 8
    assert {row[1] for row in deliveries} >= {"sent", "pending"}
    # Two years and two weeks after the first meeting: the first two meetings' answers are past 24 months.
    now = datetime(2028, 3, 14, 12, 0, tzinfo=clock.now().tzinfo)
    clock.set(now)
    async with six_weeks.core.database.transaction() as conn:
        await state_rows.put(conn, "core", "link:FRESHCODE", "{}", now - timedelta(days=2))
        await state_rows.put(conn, "core", "opening:99", "worker-a", now - timedelta(days=30))

    report = await RetentionPurge(six_weeks.core.store, clock, RetentionSettings()).purge(now)

    answers_cut = now - relativedelta(months=24)
    kept_answers = {row for row in answers if row[2] >= answers_cut}
    assert 0 < len(kept_answers) < len(answers)
    assert await _answers(six_weeks) == kept_answers
    delivered_cut = now - timedelta(days=90)
    kept_deliveries = {row for row in deliveries if row[1] not in FINISHED or row[2] >= delivered_cut}
    assert await _deliveries(six_weeks) == kept_deliveries
    assert any(row[1] == "pending" for row in kept_deliveries)  # what is still ahead stays
    kept_state = {row[:2] for row in await _state(six_weeks)}
    assert ("core", "link:FRESHCODE") in kept_state  # two days old: kept a week
    assert ("core", "opening:99") not in kept_state
    assert not [key for platform, key, _ in state if key.startswith("link:") and (platform, key) in kept_state]
    assert {key for _, key, _ in state if key in ("installation",)} <= {key for _, key in kept_state}
    assert report.removed == {
        "answers": len(answers) - len(kept_answers),
        "deliveries": len(deliveries) - len(kept_deliveries),
        "bookkeeping rows": len(state) - len([row for row in state if row[:2] in kept_state]) + 1,
    }


async def test_batches_are_small_and_the_purge_runs_once_a_day(six_weeks: ConsoleDriver, clock: SimulatedClock) -> None:
    purge = RetentionPurge(six_weeks.core.store, clock, RetentionSettings(delivered_days=7))
    clock.set(clock.now() + timedelta(days=30))
    first = await purge.run_if_due()
    assert first is not None
    assert first.removed["deliveries"] > 0
    assert first.batches >= 3  # one per kind at least, each its own transaction
    assert await purge.run_if_due() is None  # not again the same day
    assert await purge.next_at() == clock.now() + timedelta(days=1)
    clock.set(clock.now() + timedelta(days=1))
    assert await purge.run_if_due() is not None
    # A process started later reads when the last purge was.
    assert await RetentionPurge(six_weeks.core.store, clock, RetentionSettings()).next_at() == clock.now() + timedelta(
        days=1
    )


async def test_letting_days_pass_purges_on_the_way(six_weeks: ConsoleDriver) -> None:
    """The core's own purge runs as simulated time passes, like any other due work."""
    before = await _deliveries(six_weeks)
    await six_weeks.say(":time +100d")
    after = await _deliveries(six_weeks)
    assert {row[0] for row in before if row[1] in FINISHED} - {row[0] for row in after}


async def test_answers_go_whole_meetings_at_a_time_and_from_the_last_cut_on(
    console: ConsoleDriver, clock: SimulatedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of one answer take whole meetings (two at one instant too), and the next purge goes on from the cut."""
    for name in ("_FIRST_BATCH", "_SMALLEST_BATCH", "_LARGEST_BATCH"):
        monkeypatch.setattr(retention_service, name, 1)
    reiki = ':as Anna\n/section create Reiki\n:in reiki\n/meeting schedule "every week tue" 18:00 90 "Folkets hus"\n'
    await console.say(
        SIX_WEEKS_OF_MEETINGS.replace(":time +6w", f"{reiki}:as Bo\n/section join reiki\n/rsvp always\n:time +6w")
    )
    answers = await _answers(console)
    purge = RetentionPurge(console.core.store, clock, RetentionSettings())
    for weeks in (0, 1, 2):
        now = datetime(2028, 3, 14, 12, 0, tzinfo=clock.now().tzinfo) + timedelta(weeks=weeks)
        report = await purge.purge(now)
        kept = {row for row in answers if row[2] >= now - relativedelta(months=24)}
        gone = answers - kept
        assert len({row[2] for row in gone}) < len({row[0] for row in gone})  # two meetings at one instant
        assert await _answers(console) == kept
        assert report.removed["answers"] == len(answers) - len(kept)
        answers = kept
