"""Communities and where they live on each platform."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, bindparam, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import Community
from bot.storage.schema import communities, community_bindings, identities


def _community(row: Row[tuple[object, ...]]) -> Community:
    return Community(id=row.id, name=row.name, timezone=row.timezone, locale=row.locale)


async def by_binding(conn: AsyncConnection, platform: str, external_id: str) -> Community | None:
    query = (
        select(communities)
        .join(community_bindings, community_bindings.c.community_id == communities.c.id)
        .where(community_bindings.c.platform == platform, community_bindings.c.external_id == external_id)
    )
    row = (await conn.execute(query)).first()
    return _community(row) if row else None


#: Built once, as the statements below: every delivery reads its community (its time zone, its language).
_BY_ID = select(communities).where(communities.c.id == bindparam("community_id"))
_CREATED_AT = select(communities.c.created_at).where(communities.c.id == bindparam("community_id"))
_PLATFORMS = select(community_bindings.c.platform).where(
    community_bindings.c.community_id == bindparam("community_id"),
    community_bindings.c.platform != "netgroups",  # the shared-association marker is no platform
)


async def get(conn: AsyncConnection, community_id: int) -> Community:
    return _community((await conn.execute(_BY_ID, {"community_id": community_id})).one())


async def created_at(conn: AsyncConnection, community_id: int) -> datetime:
    created: datetime = (await conn.execute(_CREATED_AT, {"community_id": community_id})).scalar_one()
    return created


async def create(conn: AsyncConnection, *, name: str, timezone: str, locale: str, now: datetime) -> Community:
    community_id = (
        await conn.execute(
            insert(communities)
            .values(name=name, timezone=timezone, locale=locale, created_at=now)
            .returning(communities.c.id)
        )
    ).scalar_one()
    return Community(id=community_id, name=name, timezone=timezone, locale=locale)


async def bind(conn: AsyncConnection, community_id: int, platform: str, external_id: str) -> None:
    await conn.execute(
        insert(community_bindings).values(community_id=community_id, platform=platform, external_id=external_id)
    )


async def platforms(conn: AsyncConnection, community_id: int) -> list[str]:
    """The platforms this community lives on; each gets its own copy of every channel post."""
    return sorted(set((await conn.execute(_PLATFORMS, {"community_id": community_id})).scalars()))


_PLATFORMS_OF_MEMBER = (
    select(identities.c.platform)
    .join(
        community_bindings,
        (community_bindings.c.platform == identities.c.platform)
        & (community_bindings.c.community_id == bindparam("community_id")),
    )
    .where(identities.c.member_id == bindparam("member_id"), community_bindings.c.platform != "netgroups")
)


async def platforms_of_member(conn: AsyncConnection, community_id: int, member_id: int) -> list[str]:
    """The community's platforms the member has an account on (one statement: a member joining a section is mirrored
    on each, and a command's latency is mostly its number of statements)."""
    found = await conn.execute(_PLATFORMS_OF_MEMBER, {"community_id": community_id, "member_id": member_id})
    return sorted(set(found.scalars()))


async def binding(conn: AsyncConnection, community_id: int, platform: str) -> str | None:
    query = select(community_bindings.c.external_id).where(
        community_bindings.c.community_id == community_id, community_bindings.c.platform == platform
    )
    return (await conn.execute(query.limit(1))).scalar()
