"""What the public pages and calendar feeds read, and the members' calendar tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, and_, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.meetings import Answer, Memo, Occurrence
from bot.domain.models import Community, Role, SectionKind, SectionStatus
from bot.storage.repositories.communities import _community
from bot.storage.repositories.meetings import _occurrence
from bot.storage.schema import (
    calendar_tokens,
    communities,
    members,
    memberships,
    memos,
    occurrences,
    rsvps,
    sections,
)

#: Shown publicly: active, not sensitive, and not the coordinators' own section.
_PUBLIC = and_(
    sections.c.status == SectionStatus.ACTIVE.value,
    sections.c.sensitive.is_(False),
    sections.c.kind != SectionKind.COORDINATORS.value,
)


async def all_communities(conn: AsyncConnection) -> list[Community]:
    return [_community(row) for row in await conn.execute(select(communities).order_by(communities.c.id))]


async def community(conn: AsyncConnection, community_id: int) -> Community | None:
    row = (await conn.execute(select(communities).where(communities.c.id == community_id))).first()
    return _community(row) if row else None


async def public_section_ids(conn: AsyncConnection, community_id: int) -> list[int]:
    query = select(sections.c.id).where(sections.c.community_id == community_id, _PUBLIC).order_by(sections.c.id)
    return list((await conn.execute(query)).scalars())


async def is_public(conn: AsyncConnection, section_id: int) -> bool:
    query = select(sections.c.id).where(sections.c.id == section_id, _PUBLIC)
    return (await conn.execute(query)).first() is not None


async def public_coordinators(conn: AsyncConnection, section_id: int) -> list[str]:
    """The names of the section's coordinators who chose to be shown on its public page."""
    query = (
        select(members.c.display_name)
        .join(memberships, memberships.c.member_id == members.c.id)
        .where(
            memberships.c.section_id == section_id,
            memberships.c.role == Role.COORDINATOR.value,
            memberships.c.public.is_(True),
        )
        .order_by(members.c.display_name)
    )
    return list((await conn.execute(query)).scalars())


async def set_coordinator_public(conn: AsyncConnection, section_id: int, member_id: int, public: bool) -> bool:
    """Whether the member coordinates the section (and so was changed)."""
    query = (
        update(memberships)
        .where(
            memberships.c.section_id == section_id,
            memberships.c.member_id == member_id,
            memberships.c.role == Role.COORDINATOR.value,
        )
        .values(public=public)
    )
    return (await conn.execute(query)).rowcount > 0


async def public_memos(conn: AsyncConnection, section_id: int, limit: int) -> list[Memo]:
    query = (
        select(memos)
        .where(memos.c.section_id == section_id, memos.c.public.is_(True))
        .order_by(memos.c.posted_at.desc(), memos.c.id.desc())
        .limit(limit)
    )
    return [
        Memo(row.id, row.section_id, row.occurrence_id, row.author_id, row.body, row.posted_at)
        for row in await conn.execute(query)
    ]


async def answered(conn: AsyncConnection, member_id: int, since: datetime) -> list[Occurrence]:
    """The meetings from ``since`` on that the member answered yes or maybe (a waiting list place counts)."""
    query = (
        select(occurrences)
        .join(rsvps, rsvps.c.occurrence_id == occurrences.c.id)
        .where(
            rsvps.c.member_id == member_id,
            rsvps.c.answer.in_((Answer.YES.value, Answer.MAYBE.value)),
            occurrences.c.start_at >= since,
        )
        .order_by(occurrences.c.start_at)
    )
    return [_occurrence(row) for row in await conn.execute(query)]


# --- calendar tokens --------------------------------------------------------------------------------


def _token(row: Row[tuple[object, ...]]) -> tuple[int, str, bool]:
    return row.member_id, row.token, bool(row.all_sections)


async def token_of(conn: AsyncConnection, member_id: int) -> tuple[int, str, bool] | None:
    row = (await conn.execute(select(calendar_tokens).where(calendar_tokens.c.member_id == member_id))).first()
    return _token(row) if row else None


async def by_token(conn: AsyncConnection, token: str) -> tuple[int, str, bool] | None:
    row = (await conn.execute(select(calendar_tokens).where(calendar_tokens.c.token == token))).first()
    return _token(row) if row else None


async def put_token(conn: AsyncConnection, member_id: int, token: str, all_sections: bool, now: datetime) -> None:
    await conn.execute(delete(calendar_tokens).where(calendar_tokens.c.member_id == member_id))
    await conn.execute(
        insert(calendar_tokens).values(member_id=member_id, token=token, all_sections=all_sections, created_at=now)
    )


async def set_all_sections(conn: AsyncConnection, member_id: int, all_sections: bool) -> None:
    query = update(calendar_tokens).where(calendar_tokens.c.member_id == member_id)
    await conn.execute(query.values(all_sections=all_sections))
