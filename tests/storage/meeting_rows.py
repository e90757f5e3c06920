"""Rows the storage tests' meetings are made of: a weekly series in Stockholm at 18:00, and its meetings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.meetings import Cadence, Series
from bot.storage.repositories import meetings


async def weekly_series(
    conn: AsyncConnection, section_id: int, *, start_date: date, minutes: int, now: datetime
) -> Series:
    return await meetings.create_series(
        conn,
        section_id=section_id,
        rrule="FREQ=WEEKLY",
        timezone="Europe/Stockholm",
        local_time=time(18),
        duration_minutes=minutes,
        place="",
        start_date=start_date,
        capacity=None,
        cadence=Cadence(),
        created_by=None,
        now=now,
    )


async def meetings_at(conn: AsyncConnection, series: Series, starts: list[datetime], *, now: datetime) -> list[int]:
    """A meeting of the series at each of ``starts`` (as long as the series says); their ids, in that order."""
    ids = []
    for start in starts:
        end = start + timedelta(minutes=series.duration_minutes)
        await meetings.insert_occurrence(conn, series_id=series.id, start=start, end=end, place="", now=now)
        found = await meetings.occurrence_at(conn, series.id, start)
        assert found is not None
        ids.append(found.id)
    return ids
