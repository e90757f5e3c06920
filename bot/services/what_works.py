""" "What works", on the coordinators' meeting's agenda: sections whose attendance rose, with their consent.

A section is named only when its coordinators said so (``section what-works yes``), and only for good news:
the yes and maybe answers per meeting in the three months before the call rose against the three months
before those (both with meetings). Sections are listed alphabetically; no figures, no ranking, nobody named.
The moment is the call's (the meeting's start less the days the call goes out before it), so every edit of the
call lists the same sections.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.health import Trend, periods, trend
from bot.domain.meetings import Occurrence, Series
from bot.domain.models import Section, SectionKind, SectionStatus
from bot.services.health import figures
from bot.storage.repositories.sections import _section
from bot.storage.schema import sections


async def _consenting(conn: AsyncConnection, community_id: int) -> list[Section]:
    query = (
        select(sections)
        .where(
            sections.c.community_id == community_id,
            sections.c.status == SectionStatus.ACTIVE.value,
            sections.c.kind.notin_([SectionKind.CENTRAL.value, SectionKind.COORDINATORS.value]),
            sections.c.share_what_works.is_(True),
        )
        .order_by(sections.c.name, sections.c.slug)
    )
    return [_section(row) for row in await conn.execute(query)]


async def rising(conn: AsyncConnection, community_id: int, zone: str, at: datetime) -> list[Section]:
    """The consenting sections whose attendance rose in the three months before ``at``."""
    consenting = await _consenting(conn, community_id)
    if not consenting:
        return []
    current, previous = periods(at, zone)
    ids = [section.id for section in consenting]
    now, before = await figures(conn, ids, current), await figures(conn, ids, previous)
    return [
        section
        for section in consenting
        if before[section.id].meetings
        and now[section.id].meetings
        and trend(now[section.id].answers_per_meeting, before[section.id].answers_per_meeting) is Trend.UP
    ]


def moment_of_call(series: Series, occurrence: Occurrence) -> datetime:
    return occurrence.start_at - timedelta(days=series.cadence.call_days_before)
