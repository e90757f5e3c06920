"""``section health``: the figures of the health report, counted in the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.domain.health import DEFAULT_MONTHS, Figures, HealthReport, Period, SectionHealth, periods
from bot.domain.meetings import OccurrenceStatus
from bot.domain.models import Community, Section
from bot.storage.schema import meeting_series, memberships, memos, occurrences, rsvps
from bot.storage.unit_of_work import Store

_ANSWERS = ("yes", "maybe")


def _held(section_ids: list[int], period: Period) -> Any:
    """Meetings held in the period: not cancelled, started before its end (at most now)."""
    return (
        (meeting_series.c.section_id.in_(section_ids))
        & (occurrences.c.status != OccurrenceStatus.CANCELLED.value)
        & (occurrences.c.start_at >= period.start)
        & (occurrences.c.start_at < period.end)
    )


def _queries(section_ids: list[int], period: Period) -> dict[str, Select[Any]]:
    section = meeting_series.c.section_id
    held = occurrences.join(meeting_series, meeting_series.c.id == occurrences.c.series_id)
    return {
        "meetings": select(section, func.count()).select_from(held).where(_held(section_ids, period)).group_by(section),
        "answers": select(section, rsvps.c.answer, func.count())
        .select_from(rsvps.join(held, occurrences.c.id == rsvps.c.occurrence_id))
        .where(_held(section_ids, period), rsvps.c.answer.in_(_ANSWERS))
        .group_by(section, rsvps.c.answer),
        "new_members": select(memberships.c.section_id, func.count())
        .where(
            memberships.c.section_id.in_(section_ids),
            memberships.c.joined_at >= period.start,
            memberships.c.joined_at < period.end,
        )
        .group_by(memberships.c.section_id),
        "memos": select(memos.c.section_id, func.count())
        .where(memos.c.section_id.in_(section_ids), memos.c.posted_at >= period.start, memos.c.posted_at < period.end)
        .group_by(memos.c.section_id),
    }


async def _count(conn: AsyncConnection, section_ids: list[int], period: Period) -> dict[int, Figures]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for name, query in _queries(section_ids, period).items():
        for row in await conn.execute(query):
            if name == "answers":
                counts[row[0]][row[1]] = row[2]
            else:
                counts[row[0]][name] = row[1]
    return {section_id: Figures(**counts[section_id]) for section_id in section_ids}


async def figures(conn: AsyncConnection, section_ids: list[int], period: Period) -> dict[int, Figures]:
    """Each section's counts over the period (the coordinators' meeting's "what works" reads them too)."""
    return await _count(conn, section_ids, period)


class HealthService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def report(
        self, community: Community, sections: Sequence[Section], months: int = DEFAULT_MONTHS
    ) -> HealthReport:
        current, previous = periods(self._clock.now(), community.timezone, months)
        ordered = sorted(sections, key=lambda section: (section.name.casefold(), section.slug))
        ids = [section.id for section in ordered]
        async with self._store.transaction() as tx:
            tx.reading = True
            now = await _count(tx.conn, ids, current)
            before = await _count(tx.conn, ids, previous)
        return HealthReport(
            current,
            previous,
            months,
            tuple(SectionHealth(section, now[section.id], before[section.id]) for section in ordered),
        )
