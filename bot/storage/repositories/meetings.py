"""Meeting series and their occurrences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Integer, Row, Select, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.meetings import Answer, Cadence, Occurrence, OccurrenceStatus, Rsvp, Series, SeriesStatus
from bot.domain.models import Community, Section
from bot.storage.repositories.communities import _community
from bot.storage.repositories.sections import _section
from bot.storage.schema import communities, meeting_series, memberships, occurrences, rsvps, sections
from bot.storage.upsert import insert_ignore

#: Longer than any meeting: what has started more than this long ago is over.
MAX_MEETING_LENGTH = timedelta(hours=12)


def _series(row: Any) -> Series:
    return Series(
        id=row.id,
        section_id=row.section_id,
        rrule=row.rrule,
        timezone=row.timezone,
        local_time=time.fromisoformat(row.local_time),
        duration_minutes=row.duration_minutes,
        place=row.place,
        start_date=row.start_date,
        until_date=row.until_date,
        capacity=row.capacity,
        cadence=Cadence(row.call_days_before, Cadence.parse_reminders(row.reminder_minutes)),
        status=SeriesStatus(row.status),
        planned_until=row.planned_until,
        revision=row.revision,
        confirm_calls=row.confirm_calls,
    )


def _occurrence(row: Row[tuple[object, ...]]) -> Occurrence:
    return Occurrence(
        id=row.id,
        series_id=row.series_id,
        original_start=row.original_start,
        start_at=row.start_at,
        end_at=row.end_at,
        place=row.place,
        status=OccurrenceStatus(row.status),
        agenda_touched=row.agenda_touched,
        held=row.held,
        confirmed=row.confirmed,
    )


async def create_series(
    conn: AsyncConnection,
    *,
    section_id: int,
    rrule: str,
    timezone: str,
    local_time: time,
    duration_minutes: int,
    place: str,
    start_date: date,
    capacity: int | None,
    cadence: Cadence,
    created_by: int | None,
    now: datetime,
    previous_id: int | None = None,
    confirm_calls: bool = False,
) -> Series:
    series_id = (
        await conn.execute(
            insert(meeting_series)
            .values(
                section_id=section_id,
                rrule=rrule,
                timezone=timezone,
                local_time=local_time.strftime("%H:%M"),
                duration_minutes=duration_minutes,
                place=place,
                start_date=start_date,
                capacity=capacity,
                call_days_before=cadence.call_days_before,
                reminder_minutes=cadence.reminders_text(),
                status=SeriesStatus.ACTIVE.value,
                previous_id=previous_id,
                confirm_calls=confirm_calls,
                created_by=created_by,
                created_at=now,
            )
            .returning(meeting_series.c.id)
        )
    ).scalar_one()
    return await get_series(conn, series_id)


#: Built once, as the statements below: delivering a meeting's call or reminder reads its series and meeting.
_SERIES_BY_ID = select(meeting_series).where(meeting_series.c.id == bindparam("series_id"))


async def get_series(conn: AsyncConnection, series_id: int) -> Series:
    return _series((await conn.execute(_SERIES_BY_ID, {"series_id": series_id})).one())


async def active_series_of_section(conn: AsyncConnection, section_id: int) -> Series | None:
    query = select(meeting_series).where(
        meeting_series.c.section_id == section_id, meeting_series.c.status == SeriesStatus.ACTIVE.value
    )
    row = (await conn.execute(query.order_by(meeting_series.c.id.desc()))).first()
    return _series(row) if row else None


#: The statements of ``meeting next`` and ``rsvp``, built once: building one costs more than running it.
_SERIES_OF_SECTION = (
    select(meeting_series).where(meeting_series.c.section_id == bindparam("section_id")).order_by(meeting_series.c.id)
)


async def series_of_section(conn: AsyncConnection, section_id: int) -> list[Series]:
    return [_series(row) for row in await conn.execute(_SERIES_OF_SECTION, {"section_id": section_id})]


async def series_needing_plan(conn: AsyncConnection, now: datetime, limit: int) -> list[Series]:
    """Active series whose planning is due: new ones, and those whose horizon came near."""
    found: list[Series] = []
    for query in _NEEDING_PLAN[conn.dialect.name == "postgresql"]:
        found.extend(_series(row) for row in await conn.execute(query, {"now": now, "limit": limit - len(found)}))
        if len(found) >= limit:
            break
    return found


def _needing_plan() -> dict[bool, tuple[Select[tuple[object, ...]], ...]]:
    """New series first, then the most overdue: two queries on the next_plan_at index. (One query with OR,
    ordered by id, has SQLite read every series each time the planner looks, at every delivery round.) Built
    once, for SQLite and for PostgreSQL, where several processes plan at once: each series is planned by whichever
    locks it first."""
    queries = tuple(
        select(meeting_series)
        .where(meeting_series.c.status == SeriesStatus.ACTIVE.value, due)
        .order_by(meeting_series.c.next_plan_at, meeting_series.c.id)
        .limit(bindparam("limit"))
        for due in (meeting_series.c.next_plan_at.is_(None), meeting_series.c.next_plan_at <= bindparam("now"))
    )
    return {False: queries, True: tuple(query.with_for_update(skip_locked=True) for query in queries)}


_NEEDING_PLAN = _needing_plan()


_NEXT_PLAN_AT = select(func.min(meeting_series.c.next_plan_at)).where(
    meeting_series.c.status == SeriesStatus.ACTIVE.value
)


async def next_plan_at(conn: AsyncConnection) -> datetime | None:
    """When the planner next has to look at some active series (asked at every delivery round)."""
    earliest: datetime | None = (await conn.execute(_NEXT_PLAN_AT)).scalar()
    return earliest


#: What a calendar shows of a series or of one of its meetings: a change to one of these bumps the series'
#: revision (the feeds' SEQUENCE); planning bookkeeping and agenda flags do not.
_SHOWN_IN_CALENDARS = frozenset(
    {"rrule", "timezone", "local_time", "duration_minutes", "place", "until_date", "status"}
)
_OCCURRENCE_SHOWN = frozenset({"start_at", "end_at", "place", "status"})


async def update_series(conn: AsyncConnection, series_id: int, **values: object) -> None:
    if _SHOWN_IN_CALENDARS & values.keys():
        values["revision"] = meeting_series.c.revision + 1
    await conn.execute(update(meeting_series).where(meeting_series.c.id == series_id).values(**values))


async def insert_occurrence(
    conn: AsyncConnection, *, series_id: int, start: datetime, end: datetime, place: str, now: datetime
) -> bool:
    """Add the occurrence the rule gives at ``start``; True if new, False if it existed (no change)."""
    values = {
        "series_id": series_id,
        "original_start": start,
        "start_at": start,
        "end_at": end,
        "place": place,
        "status": OccurrenceStatus.SCHEDULED.value,
        "agenda_touched": False,
        "created_at": now,
    }
    return await insert_ignore(conn, occurrences, values, ("series_id", "original_start"))


_OCCURRENCE_BY_ID = select(occurrences).where(occurrences.c.id == bindparam("occurrence_id"))


async def get_occurrence(conn: AsyncConnection, occurrence_id: int) -> Occurrence:
    return _occurrence((await conn.execute(_OCCURRENCE_BY_ID, {"occurrence_id": occurrence_id})).one())


async def occurrence_at(conn: AsyncConnection, series_id: int, original_start: datetime) -> Occurrence | None:
    query = select(occurrences).where(
        occurrences.c.series_id == series_id, occurrences.c.original_start == original_start
    )
    row = (await conn.execute(query)).first()
    return _occurrence(row) if row else None


async def occurrences_of_series(
    conn: AsyncConnection, series_ids: list[int], *, start_from: datetime, start_before: datetime | None = None
) -> list[Occurrence]:
    query = select(occurrences).where(occurrences.c.series_id.in_(series_ids), occurrences.c.start_at >= start_from)
    if start_before is not None:
        query = query.where(occurrences.c.start_at < start_before)
    return [_occurrence(row) for row in await conn.execute(query.order_by(occurrences.c.start_at))]


async def soonest_of_section(
    conn: AsyncConnection, section_id: int, *, ending_after: datetime, limit: int, cancelled: bool = True
) -> list[Occurrence]:
    """The section's occurrences not yet over, soonest first (any series of the section, ended ones too).

    Driven from the section's series through the (series_id, start_at) index, so it reads only the
    rows it returns and a few past ones, however long the section's history.
    """
    query = _SOONEST_OF_SECTION if cancelled else _SOONEST_OPEN_OF_SECTION
    values = {
        "section_id": section_id,
        "started_after": ending_after - MAX_MEETING_LENGTH,
        "ending_after": ending_after,
        "limit": limit,
    }
    return [_occurrence(row) for row in await conn.execute(query, values)]


def _soonest_of_section() -> Select[tuple[object, ...]]:
    # A meeting never lasts 12 hours: bounding start_at lets the index skip the past.
    return (
        select(occurrences)
        .join(meeting_series, meeting_series.c.id == occurrences.c.series_id)
        .where(
            meeting_series.c.section_id == bindparam("section_id"),
            occurrences.c.start_at >= bindparam("started_after"),
            occurrences.c.end_at > bindparam("ending_after"),
        )
        .order_by(occurrences.c.start_at, occurrences.c.id)
        .limit(bindparam("limit", type_=Integer))
    )


_SOONEST_OF_SECTION = _soonest_of_section()
_SOONEST_OPEN_OF_SECTION = _soonest_of_section().where(occurrences.c.status != OccurrenceStatus.CANCELLED.value)


#: An answer's key columns: the member's answer read beside the next meeting leaves them out (they are known).
_RSVP_KEY = ("occurrence_id", "member_id")


def _soonest_open_with_series() -> Select[tuple[object, ...]]:
    others = meeting_series.alias("others")
    active_other = (others.c.section_id == bindparam("section_id")) & (others.c.status == SeriesStatus.ACTIVE.value)
    unplanned_before = (others.c.planned_until.is_(None)) | (others.c.planned_until < occurrences.c.start_at)
    asker_in_section = select(memberships.c.member_id).where(
        memberships.c.section_id == bindparam("section_id"), memberships.c.member_id == bindparam("member_id")
    )
    askers_answer = (rsvps.c.occurrence_id == occurrences.c.id) & (rsvps.c.member_id == bindparam("member_id"))
    return (
        _soonest_of_section()
        .outerjoin(rsvps, askers_answer)
        .where(occurrences.c.status != OccurrenceStatus.CANCELLED.value)
        .add_columns(
            *(column.label(f"its_series_{column.name}") for column in meeting_series.c),
            select(others.c.id).where(active_other).exists().label("has_active"),
            select(others.c.id).where(active_other, unplanned_before).exists().label("may_hide_earlier"),
            *(column.label(f"askers_{column.name}") for column in rsvps.c if column.name not in _RSVP_KEY),
            asker_in_section.exists().label("asker_in_section"),
        )
    )


_SOONEST_OPEN_WITH_SERIES = _soonest_open_with_series()


@dataclass(frozen=True, slots=True)
class SoonestOpen:
    occurrence: Occurrence
    series: Series
    #: Whether the section has a series still running.
    has_active: bool
    #: Whether a running series of the section may hold an earlier meeting not materialised yet (its planning
    #: stops before this one's start).
    may_hide_earlier: bool
    #: The answer to this meeting of the member asked about (``for_member``), if any.
    askers_answer: Rsvp | None = None
    #: Whether the member asked about is in the section (False when nobody was asked about).
    asker_in_section: bool = False


async def soonest_open_with_series(
    conn: AsyncConnection, section_id: int, *, ending_after: datetime, for_member: int | None = None
) -> SoonestOpen | None:
    """The section's next meeting not cancelled and not over, its series, and what says whether it is the next one
    in one statement (``meeting next`` and ``rsvp`` ask it for every call); with ``for_member``, also that member's
    answer to it and whether they are in the section (what ``rsvp`` reads before it writes)."""
    values = {
        "section_id": section_id,
        "started_after": ending_after - MAX_MEETING_LENGTH,
        "ending_after": ending_after,
        "limit": 1,
        "member_id": for_member,
    }
    row = (await conn.execute(_SOONEST_OPEN_WITH_SERIES, values)).first()
    if row is None:
        return None
    fields = row._mapping
    series_row = _labeled(fields, meeting_series, "its_series_")
    occurrence = _occurrence(row)
    answer = None
    if for_member is not None and row.askers_answer is not None:
        answer = Rsvp(
            occurrence.id, for_member, Answer(row.askers_answer), row.askers_waitlisted, row.askers_updated_at
        )
    return SoonestOpen(
        occurrence,
        _series(series_row),
        bool(row.has_active),
        bool(row.may_hide_earlier),
        askers_answer=answer,
        asker_in_section=for_member is not None and bool(row.asker_in_section),
    )


def _labeled(fields: Any, table: Any, prefix: str) -> Any:
    """A table's columns read back from a row where they were selected as ``prefix`` + name."""
    return SimpleNamespace(**{column.name: fields[f"{prefix}{column.name}"] for column in table.c})


@dataclass(frozen=True, slots=True)
class InContext:
    """An occurrence with its series, section and community: what every post about a meeting starts from."""

    occurrence: Occurrence
    series: Series
    section: Section
    community: Community


_IN_CONTEXT = (
    select(
        occurrences,
        *(column.label(f"its_series_{column.name}") for column in meeting_series.c),
        *(column.label(f"its_section_{column.name}") for column in sections.c),
        *(column.label(f"its_community_{column.name}") for column in communities.c),
    )
    .join(meeting_series, meeting_series.c.id == occurrences.c.series_id)
    .join(sections, sections.c.id == meeting_series.c.section_id)
    .join(communities, communities.c.id == sections.c.community_id)
    .where(occurrences.c.id == bindparam("occurrence_id"))
)


async def occurrence_in_context(conn: AsyncConnection, occurrence_id: int) -> InContext:
    """The occurrence, its series, section and community in one statement (a meeting call reads them all, and a
    fan-out's CPU went mostly to statements and requests)."""
    row = (await conn.execute(_IN_CONTEXT, {"occurrence_id": occurrence_id})).one()
    fields = row._mapping
    return InContext(
        _occurrence(row),
        _series(_labeled(fields, meeting_series, "its_series_")),
        _section(_labeled(fields, sections, "its_section_")),
        _community(_labeled(fields, communities, "its_community_")),
    )


async def update_occurrence(conn: AsyncConnection, occurrence_id: int, **values: object) -> None:
    await conn.execute(update(occurrences).where(occurrences.c.id == occurrence_id).values(**values))
    if _OCCURRENCE_SHOWN & values.keys():
        series_id = select(occurrences.c.series_id).where(occurrences.c.id == occurrence_id).scalar_subquery()
        bump = update(meeting_series).where(meeting_series.c.id == series_id)
        await conn.execute(bump.values(revision=meeting_series.c.revision + 1))


async def delete_occurrence(conn: AsyncConnection, occurrence_id: int) -> None:
    await conn.execute(delete(occurrences).where(occurrences.c.id == occurrence_id))
