"""Sections and memberships."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import Row, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import Member, Membership, Role, Section, SectionKind, SectionStatus
from bot.storage.repositories.members import _member
from bot.storage.schema import members, memberships, section_bindings, sections
from bot.storage.upsert import insert_ignore


def _section(row: Row[tuple[object, ...]]) -> Section:
    return Section(
        id=row.id,
        community_id=row.community_id,
        slug=row.slug,
        name=row.name,
        kind=SectionKind(row.kind),
        status=SectionStatus(row.status),
        description=row.description,
        purpose=row.purpose,
        proposed_by=row.proposed_by,
        created_at=row.created_at,
        sensitive=bool(row.sensitive),
    )


_BY_ID = select(sections).where(sections.c.id == bindparam("section_id"))


async def get(conn: AsyncConnection, section_id: int) -> Section:
    return _section((await conn.execute(_BY_ID, {"section_id": section_id})).one())


#: Built once (every command names a section): building a statement costs more than running it.
_BY_SLUG = select(sections).where(
    sections.c.community_id == bindparam("community_id"), sections.c.slug == bindparam("slug")
)


async def by_slug(conn: AsyncConnection, community_id: int, slug: str) -> Section | None:
    row = (await conn.execute(_BY_SLUG, {"community_id": community_id, "slug": slug})).first()
    return _section(row) if row else None


async def builtin(conn: AsyncConnection, community_id: int, kind: SectionKind) -> Section:
    query = select(sections).where(sections.c.community_id == community_id, sections.c.kind == kind.value)
    return _section((await conn.execute(query)).one())


async def list_with_counts(
    conn: AsyncConnection, community_id: int, statuses: tuple[SectionStatus, ...]
) -> list[tuple[Section, int]]:
    count = (
        select(func.count()).select_from(memberships).where(memberships.c.section_id == sections.c.id).scalar_subquery()
    )
    query = (
        select(sections, count.label("member_count"))
        .where(sections.c.community_id == community_id, sections.c.status.in_([s.value for s in statuses]))
        .order_by(sections.c.kind != SectionKind.CENTRAL.value, sections.c.slug)
    )
    return [(_section(row), int(row.member_count)) for row in await conn.execute(query)]


async def create(
    conn: AsyncConnection,
    *,
    community_id: int,
    slug: str,
    name: str,
    kind: SectionKind,
    status: SectionStatus,
    now: datetime,
    description: str = "",
    purpose: str = "",
    proposed_by: int | None = None,
) -> Section:
    section_id = (
        await conn.execute(
            insert(sections)
            .values(
                community_id=community_id,
                slug=slug,
                name=name,
                kind=kind.value,
                status=status.value,
                description=description,
                purpose=purpose,
                proposed_by=proposed_by,
                created_at=now,
            )
            .returning(sections.c.id)
        )
    ).scalar_one()
    return await get(conn, section_id)


async def set_sensitive(conn: AsyncConnection, section_id: int, sensitive: bool) -> None:
    await conn.execute(update(sections).where(sections.c.id == section_id).values(sensitive=sensitive))


async def mark_all_sensitive(conn: AsyncConnection) -> list[Section]:
    """Every section sensitive (the community's setting); those that were not yet, as they are now."""
    query = select(sections).where(sections.c.sensitive.is_(False)).order_by(sections.c.id)
    marked = [_section(row) for row in await conn.execute(query)]
    if marked:
        await conn.execute(update(sections).where(sections.c.sensitive.is_(False)).values(sensitive=True))
    return [replace(section, sensitive=True) for section in marked]


async def set_status(
    conn: AsyncConnection, section_id: int, status: SectionStatus, *, archived_at: datetime | None = None
) -> None:
    await conn.execute(
        update(sections).where(sections.c.id == section_id).values(status=status.value, archived_at=archived_at)
    )


_MEMBERSHIP = select(memberships).where(
    memberships.c.section_id == bindparam("section_id"), memberships.c.member_id == bindparam("member_id")
)


async def membership(conn: AsyncConnection, section_id: int, member_id: int) -> Membership | None:
    row = (await conn.execute(_MEMBERSHIP, {"section_id": section_id, "member_id": member_id})).first()
    return Membership(row.section_id, row.member_id, Role(row.role)) if row else None


async def add_membership(conn: AsyncConnection, section_id: int, member_id: int, role: Role, now: datetime) -> None:
    await conn.execute(
        insert(memberships).values(section_id=section_id, member_id=member_id, role=role.value, joined_at=now)
    )


async def join_if_absent(conn: AsyncConnection, section_id: int, member_id: int, now: datetime) -> bool:
    """Make the member a plain member unless they already are one (of any role); True when they joined."""
    values = {"section_id": section_id, "member_id": member_id, "role": Role.MEMBER.value, "joined_at": now}
    return await insert_ignore(conn, memberships, values, ("section_id", "member_id"))


async def member_ids_among(conn: AsyncConnection, section_id: int, member_ids: list[int]) -> set[int]:
    """Which of ``member_ids`` are in the section."""
    query = select(memberships.c.member_id).where(
        memberships.c.section_id == section_id, memberships.c.member_id.in_(member_ids)
    )
    return set((await conn.execute(query)).scalars())


async def set_role(conn: AsyncConnection, section_id: int, member_id: int, role: Role) -> None:
    await conn.execute(
        update(memberships)
        .where(memberships.c.section_id == section_id, memberships.c.member_id == member_id)
        .values(role=role.value)
    )


async def remove_membership(conn: AsyncConnection, section_id: int, member_id: int) -> None:
    await conn.execute(
        delete(memberships).where(memberships.c.section_id == section_id, memberships.c.member_id == member_id)
    )


_MEMBERS_OF = (
    select(members)
    .join(memberships, memberships.c.member_id == members.c.id)
    .where(memberships.c.section_id == bindparam("section_id"))
    .order_by(members.c.display_name)
)
_MEMBERS_WITH_ROLE = _MEMBERS_OF.where(memberships.c.role == bindparam("role"))


async def members_with_role(conn: AsyncConnection, section_id: int, role: Role | None = None) -> list[Member]:
    if role is None:
        rows = await conn.execute(_MEMBERS_OF, {"section_id": section_id})
    else:
        rows = await conn.execute(_MEMBERS_WITH_ROLE, {"section_id": section_id, "role": role.value})
    return [_member(row) for row in rows]


async def coordinates_anything(conn: AsyncConnection, member_id: int) -> bool:
    """Whether the member coordinates at least one active section."""
    query = (
        select(func.count())
        .select_from(memberships.join(sections, sections.c.id == memberships.c.section_id))
        .where(
            memberships.c.member_id == member_id,
            memberships.c.role == Role.COORDINATOR.value,
            sections.c.status == SectionStatus.ACTIVE.value,
            sections.c.kind != SectionKind.COORDINATORS.value,
        )
    )
    return int((await conn.execute(query)).scalar_one()) > 0


async def slugs_of_member(conn: AsyncConnection, member_id: int) -> list[str]:
    query = (
        select(sections.c.slug)
        .join(memberships, memberships.c.section_id == sections.c.id)
        .where(memberships.c.member_id == member_id, sections.c.status == SectionStatus.ACTIVE.value)
        .order_by(sections.c.slug)
    )
    return list((await conn.execute(query)).scalars())


async def binding(conn: AsyncConnection, section_id: int, platform: str) -> tuple[str, str | None] | None:
    """The section's channel on a platform, and the role that goes with it, if any."""
    query = select(section_bindings.c.external_id, section_bindings.c.role_id).where(
        section_bindings.c.section_id == section_id, section_bindings.c.platform == platform
    )
    row = (await conn.execute(query)).first()
    return (row.external_id, row.role_id) if row else None


async def by_channel(conn: AsyncConnection, platform: str, external_id: str) -> Section | None:
    query = (
        select(sections)
        .join(section_bindings, section_bindings.c.section_id == sections.c.id)
        .where(section_bindings.c.platform == platform, section_bindings.c.external_id == external_id)
    )
    row = (await conn.execute(query)).first()
    return _section(row) if row else None


async def bind(conn: AsyncConnection, section_id: int, platform: str, external_id: str, role_id: str | None) -> None:
    """Bind the section to a channel (replacing an earlier one); a channel serves one section only."""
    await conn.execute(
        delete(section_bindings).where(
            (section_bindings.c.section_id == section_id) & (section_bindings.c.platform == platform)
            | (section_bindings.c.platform == platform) & (section_bindings.c.external_id == external_id)
        )
    )
    await conn.execute(
        insert(section_bindings).values(
            section_id=section_id, platform=platform, external_id=external_id, role_id=role_id
        )
    )


async def member_ids(conn: AsyncConnection, section_id: int) -> list[int]:
    query = select(memberships.c.member_id).where(memberships.c.section_id == section_id)
    return list((await conn.execute(query)).scalars())


async def section_ids_of_member(conn: AsyncConnection, member_id: int) -> list[int]:
    query = select(memberships.c.section_id).where(memberships.c.member_id == member_id)
    return list((await conn.execute(query)).scalars())
