"""The section watch's queries: sections to look at, their meetings' recent history, who could take one over.

Each is read once a day per section (or per community), on indexed columns where the tables grow (occurrences by
series and start, answers by meeting).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.meetings import Answer, OccurrenceStatus
from bot.domain.models import Member, Role, Section, SectionKind, SectionStatus
from bot.storage.repositories.members import _member
from bot.storage.repositories.sections import _section
from bot.storage.schema import communities, meeting_series, members, memberships, occurrences, rsvps, sections

#: The statements of the daily look, built once: building one costs more than running it, and the look runs them
#: for every section.
_COMMUNITY_IDS = select(communities.c.id).order_by(communities.c.id)
_WATCHED = (
    select(sections)
    .where(
        sections.c.community_id == bindparam("community_id"),
        sections.c.status == SectionStatus.ACTIVE.value,
        sections.c.kind.notin_([SectionKind.CENTRAL.value, SectionKind.COORDINATORS.value]),
    )
    .order_by(sections.c.slug)
)
_MEETINGS_OF_SECTION = and_(
    occurrences.c.series_id.in_(
        select(meeting_series.c.id).where(meeting_series.c.section_id == bindparam("section_id"))
    ),
    occurrences.c.status != OccurrenceStatus.CANCELLED.value,
)
_MEETS_AFTER = (
    select(occurrences.c.id).where(_MEETINGS_OF_SECTION, occurrences.c.start_at > bindparam("since")).limit(1)
)
_LAST_ENDED = (
    select(occurrences.c.id)
    .where(_MEETINGS_OF_SECTION, occurrences.c.end_at <= bindparam("now"))
    .order_by(occurrences.c.start_at.desc())
    .limit(bindparam("count"))
)
_YES_COUNTS = (
    select(rsvps.c.occurrence_id, func.count())
    .where(
        rsvps.c.occurrence_id.in_(bindparam("ids", expanding=True)),
        rsvps.c.answer == Answer.YES.value,
        rsvps.c.waitlisted.is_(False),
    )
    .group_by(rsvps.c.occurrence_id)
)


async def community_ids(conn: AsyncConnection) -> list[int]:
    return list((await conn.execute(_COMMUNITY_IDS)).scalars())


async def watched_sections(conn: AsyncConnection, community_id: int) -> list[Section]:
    """The community's active sections that have coordinators of their own (not the built-in ones), by slug."""
    return [_section(row) for row in await conn.execute(_WATCHED, {"community_id": community_id})]


async def admins(conn: AsyncConnection, community_id: int) -> list[Member]:
    query = (
        select(members)
        .where(members.c.community_id == community_id, members.c.is_admin.is_(True))
        .order_by(members.c.id)
    )
    return [_member(row) for row in await conn.execute(query)]


async def meets_after(conn: AsyncConnection, section_id: int, since: datetime) -> bool:
    """Whether the section has a meeting (not cancelled) that began after ``since`` or is still ahead."""
    return (await conn.execute(_MEETS_AFTER, {"section_id": section_id, "since": since})).first() is not None


async def yes_counts_of_last(conn: AsyncConnection, section_id: int, now: datetime, count: int) -> list[int]:
    """How many said yes to each of the section's last ``count`` meetings that have ended (latest first)."""
    ids = list((await conn.execute(_LAST_ENDED, {"section_id": section_id, "now": now, "count": count})).scalars())
    if not ids:
        return []
    found = {occurrence_id: int(number) for occurrence_id, number in await conn.execute(_YES_COUNTS, {"ids": ids})}
    return [found.get(occurrence_id, 0) for occurrence_id in ids]


async def candidates(
    conn: AsyncConnection, section_id: int, limit: int, *, never_said: bool = False
) -> list[tuple[Member, int]]:
    """Members of the section (not its coordinators) who said yes to being asked to coordinate, with the most yes
    answers to its meetings first; ``never_said``: those who never said either way, with at least one yes."""
    yes = (
        select(func.count())
        .select_from(rsvps.join(occurrences, occurrences.c.id == rsvps.c.occurrence_id))
        .where(
            rsvps.c.member_id == members.c.id,
            rsvps.c.answer == Answer.YES.value,
            occurrences.c.series_id.in_(select(meeting_series.c.id).where(meeting_series.c.section_id == section_id)),
        )
        .scalar_subquery()
    )
    query = (
        select(members, yes.label("yes_count"))
        .join(memberships, memberships.c.member_id == members.c.id)
        .where(
            memberships.c.section_id == section_id,
            memberships.c.role == Role.MEMBER.value,
            members.c.ask_to_coordinate.is_(None) & (yes > 0) if never_said else members.c.ask_to_coordinate.is_(True),
        )
        .order_by(yes.desc(), members.c.display_name)
        .limit(limit)
    )
    return [(_member(row), int(row.yes_count)) for row in await conn.execute(query)]


async def set_ask_to_coordinate(conn: AsyncConnection, member_id: int, willing: bool) -> None:
    await conn.execute(update(members).where(members.c.id == member_id).values(ask_to_coordinate=willing))


async def ask_to_coordinate(conn: AsyncConnection, member_id: int) -> bool | None:
    query = select(members.c.ask_to_coordinate).where(members.c.id == member_id)
    found = (await conn.execute(query)).scalar()
    return None if found is None else bool(found)


async def set_share_what_works(conn: AsyncConnection, section_id: int, share: bool) -> None:
    await conn.execute(update(sections).where(sections.c.id == section_id).values(share_what_works=share))


async def longest_member_since(conn: AsyncConnection, section_id: int) -> datetime | None:
    """Since when the section's longest-standing member has been in it (None: nobody is)."""
    query = select(func.min(memberships.c.joined_at)).where(memberships.c.section_id == section_id)
    found: datetime | None = (await conn.execute(query)).scalar()
    return found
