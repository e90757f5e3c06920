"""RSVP answers per occurrence, and standing "always coming" answers per series."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, ScalarSelect, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.meetings import Answer, Rsvp, RsvpCounts
from bot.domain.models import PROFILE_FIELDS, Member, Profile
from bot.storage.repositories.members import _member
from bot.storage.schema import meeting_series, members, memberships, occurrences, profiles, rsvps, standing_rsvps
from bot.storage.upsert import insert_ignore, upsert, upsert_many


def _rsvp(row: Row[tuple[object, ...]]) -> Rsvp:
    return Rsvp(row.occurrence_id, row.member_id, Answer(row.answer), row.waitlisted, row.updated_at)


#: Built once: every answer reads the member's answer before writing it, and building the statement cost more than
#: running it.
_ANSWER_OF = select(rsvps).where(
    rsvps.c.occurrence_id == bindparam("occurrence_id"), rsvps.c.member_id == bindparam("member_id")
)


async def get(conn: AsyncConnection, occurrence_id: int, member_id: int) -> Rsvp | None:
    row = (await conn.execute(_ANSWER_OF, {"occurrence_id": occurrence_id, "member_id": member_id})).first()
    return _rsvp(row) if row else None


async def get_many(conn: AsyncConnection, occurrence_id: int, member_ids: list[int]) -> dict[int, Rsvp]:
    """``get`` for many members at once: the answers there are, by member."""
    query = select(rsvps).where(rsvps.c.occurrence_id == occurrence_id, rsvps.c.member_id.in_(member_ids))
    return {row.member_id: _rsvp(row) for row in await conn.execute(query)}


async def put(
    conn: AsyncConnection,
    occurrence_id: int,
    member_id: int,
    answer: Answer,
    *,
    waitlisted: bool,
    source: str,
    now: datetime,
) -> None:
    values = answer_row(occurrence_id, member_id, answer, waitlisted=waitlisted, source=source, now=now)
    await upsert(conn, rsvps, values, ("occurrence_id", "member_id"))


async def put_many(conn: AsyncConnection, rows: list[dict[str, object]]) -> None:
    """``put`` for many answers at once, each made by ``answer_row``."""
    await upsert_many(conn, rsvps, rows, ("occurrence_id", "member_id"))


def answer_row(
    occurrence_id: int, member_id: int, answer: Answer, *, waitlisted: bool, source: str, now: datetime
) -> dict[str, object]:
    return {
        "occurrence_id": occurrence_id,
        "member_id": member_id,
        "answer": answer.value,
        "waitlisted": waitlisted,
        "source": source,
        "updated_at": now,
    }


async def clear_many(conn: AsyncConnection, occurrence_id: int, member_ids: list[int]) -> None:
    await conn.execute(delete(rsvps).where(rsvps.c.occurrence_id == occurrence_id, rsvps.c.member_id.in_(member_ids)))


async def clear(conn: AsyncConnection, occurrence_id: int, member_id: int) -> None:
    await conn.execute(delete(rsvps).where(rsvps.c.occurrence_id == occurrence_id, rsvps.c.member_id == member_id))


async def set_waitlisted(conn: AsyncConnection, occurrence_id: int, member_id: int, waitlisted: bool) -> None:
    await conn.execute(
        update(rsvps)
        .where(rsvps.c.occurrence_id == occurrence_id, rsvps.c.member_id == member_id)
        .values(waitlisted=waitlisted)
    )


async def of_occurrence(conn: AsyncConnection, occurrence_id: int) -> list[Rsvp]:
    query = select(rsvps).where(rsvps.c.occurrence_id == occurrence_id).order_by(rsvps.c.updated_at, rsvps.c.member_id)
    return [_rsvp(row) for row in await conn.execute(query)]


async def members_answering(
    conn: AsyncConnection, occurrence_id: int, answers: tuple[Answer, ...], *, waitlisted: bool | None = None
) -> list[tuple[Member, Rsvp]]:
    query = (
        select(members, rsvps)
        .join(rsvps, rsvps.c.member_id == members.c.id)
        .where(rsvps.c.occurrence_id == occurrence_id, rsvps.c.answer.in_([answer.value for answer in answers]))
        .order_by(rsvps.c.updated_at, members.c.id)
    )
    if waitlisted is not None:
        query = query.where(rsvps.c.waitlisted.is_(waitlisted))
    return [(_member(row), _rsvp(row)) for row in await conn.execute(query)]


#: Built once (``meeting next`` and every call's composition read it): building it costs more than running it.
_ANSWERS_WITH_PROFILES = (
    select(
        members,
        rsvps,
        profiles.c.member_id.label("profile_of"),
        profiles.c.visible,
        *(profiles.c[name] for name in PROFILE_FIELDS),
    )
    .join(rsvps, rsvps.c.member_id == members.c.id)
    .outerjoin(profiles, profiles.c.member_id == members.c.id)
    .where(rsvps.c.occurrence_id == bindparam("occurrence_id"))
    .order_by(rsvps.c.updated_at, members.c.id)
)


async def answers_with_profiles(conn: AsyncConnection, occurrence_id: int) -> list[tuple[Member, Rsvp, Profile | None]]:
    """Every answer to the occurrence, oldest first, with the member and their profile if any: one query."""
    found: list[tuple[Member, Rsvp, Profile | None]] = []
    for row in await conn.execute(_ANSWERS_WITH_PROFILES, {"occurrence_id": occurrence_id}):
        profile = None
        if row.profile_of is not None:
            fields = {name: getattr(row, name) for name in PROFILE_FIELDS}
            profile = Profile(member_id=row.profile_of, visible=row.visible, **fields)
        found.append((_member(row), _rsvp(row), profile))
    return found


async def counts(conn: AsyncConnection, occurrence_id: int) -> RsvpCounts:
    query = (
        select(rsvps.c.answer, rsvps.c.waitlisted, func.count())
        .where(rsvps.c.occurrence_id == occurrence_id)
        .group_by(rsvps.c.answer, rsvps.c.waitlisted)
    )
    tally = {"yes": 0, "maybe": 0, "no": 0, "waiting": 0}
    for answer, waitlisted, number in await conn.execute(query):
        tally["waiting" if waitlisted else answer] += int(number)
    return RsvpCounts(**tally)


async def standing_members(conn: AsyncConnection, series_id: int) -> list[int]:
    """Who is always coming to the series' meetings: members of its section only (a standing answer of
    someone no longer in it, left behind before leaving ended it, counts nobody in)."""
    query = (
        select(standing_rsvps.c.member_id)
        .join(meeting_series, meeting_series.c.id == standing_rsvps.c.series_id)
        .join(
            memberships,
            (memberships.c.section_id == meeting_series.c.section_id)
            & (memberships.c.member_id == standing_rsvps.c.member_id),
        )
        .where(standing_rsvps.c.series_id == series_id)
        .order_by(standing_rsvps.c.member_id)
    )
    return list((await conn.execute(query)).scalars())


async def add_standing(conn: AsyncConnection, series_id: int, member_id: int, now: datetime) -> bool:
    values = {"series_id": series_id, "member_id": member_id, "created_at": now}
    return await insert_ignore(conn, standing_rsvps, values, ("series_id", "member_id"))


async def remove_standing(conn: AsyncConnection, series_id: int, member_id: int) -> bool:
    result = await conn.execute(
        delete(standing_rsvps).where(standing_rsvps.c.series_id == series_id, standing_rsvps.c.member_id == member_id)
    )
    return bool(result.rowcount)


def _series_of_section(section_id: int) -> ScalarSelect[int]:
    return select(meeting_series.c.id).where(meeting_series.c.section_id == section_id).scalar_subquery()


async def remove_standing_in_section(conn: AsyncConnection, section_id: int, member_id: int) -> None:
    """End the member's standing answers to every series of the section."""
    await conn.execute(
        delete(standing_rsvps).where(
            standing_rsvps.c.member_id == member_id, standing_rsvps.c.series_id.in_(_series_of_section(section_id))
        )
    )


async def of_member_in_section(
    conn: AsyncConnection, section_id: int, member_id: int, *, starting_after: datetime
) -> list[Rsvp]:
    """The member's answers to the section's meetings that start after ``starting_after``, soonest first."""
    query = (
        select(rsvps)
        .join(occurrences, occurrences.c.id == rsvps.c.occurrence_id)
        .where(
            rsvps.c.member_id == member_id,
            occurrences.c.series_id.in_(_series_of_section(section_id)),
            occurrences.c.start_at > starting_after,
        )
        .order_by(occurrences.c.start_at, occurrences.c.id)
    )
    return [_rsvp(row) for row in await conn.execute(query)]


async def source_of(conn: AsyncConnection, occurrence_id: int, member_id: int) -> str | None:
    query = select(rsvps.c.source).where(rsvps.c.occurrence_id == occurrence_id, rsvps.c.member_id == member_id)
    return (await conn.execute(query)).scalar()


async def sources_of_occurrence(conn: AsyncConnection, occurrence_id: int) -> dict[int, tuple[Rsvp, str]]:
    """Every answer to an occurrence with where it came from, by member."""
    query = select(rsvps).where(rsvps.c.occurrence_id == occurrence_id)
    return {row.member_id: (_rsvp(row), row.source) for row in await conn.execute(query)}
