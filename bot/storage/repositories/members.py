"""Members and their platform identities."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Row, bindparam, func, insert, select, update
from sqlalchemy import delete as sa_delete
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import Identity, Member
from bot.storage.schema import identities, members

_SLICE = 900


def _member(row: Row[tuple[object, ...]]) -> Member:
    return Member(
        id=row.id,
        community_id=row.community_id,
        display_name=row.display_name,
        is_admin=row.is_admin,
        locale=row.locale,
    )


#: Built once: building a statement costs more than running it, and deliveries read their member.
_BY_ID = select(members).where(members.c.id == bindparam("member_id"))


async def get(conn: AsyncConnection, member_id: int) -> Member:
    return _member((await conn.execute(_BY_ID, {"member_id": member_id})).one())


async def by_identity(conn: AsyncConnection, community_id: int, platform: str, external_id: str) -> Member | None:
    query = (
        select(members)
        .join(identities, identities.c.member_id == members.c.id)
        .where(
            identities.c.community_id == community_id,
            identities.c.platform == platform,
            identities.c.external_id == external_id,
        )
    )
    row = (await conn.execute(query)).first()
    return _member(row) if row else None


async def by_identities(
    conn: AsyncConnection, community_id: int, platform: str, external_ids: Collection[str]
) -> dict[str, Member]:
    """The members behind these accounts, by account; accounts nobody in the community has are left out."""
    found: dict[str, Member] = {}
    wanted = sorted(set(external_ids))
    # In slices: SQLite caps the parameters of one statement (32,766 since 3.32, 999 before).
    for start in range(0, len(wanted), _SLICE):
        query = (
            select(members, identities.c.external_id.label("account"))
            .join(identities, identities.c.member_id == members.c.id)
            .where(
                identities.c.community_id == community_id,
                identities.c.platform == platform,
                identities.c.external_id.in_(wanted[start : start + _SLICE]),
            )
        )
        found.update({row.account: _member(row) for row in await conn.execute(query)})
    return found


async def by_name(conn: AsyncConnection, community_id: int, name: str) -> list[Member]:
    """Members whose display name is ``name``, ignoring case."""
    query = select(members).where(
        members.c.community_id == community_id, func.lower(members.c.display_name) == name.lower()
    )
    return [_member(row) for row in await conn.execute(query)]


async def count(conn: AsyncConnection, community_id: int) -> int:
    query = select(func.count()).select_from(members).where(members.c.community_id == community_id)
    return int((await conn.execute(query)).scalar_one())


async def has_admin(conn: AsyncConnection, community_id: int) -> bool:
    query = select(members.c.id).where(members.c.community_id == community_id, members.c.is_admin.is_(True)).limit(1)
    return (await conn.execute(query)).first() is not None


async def create(
    conn: AsyncConnection,
    *,
    community_id: int,
    display_name: str,
    is_admin: bool,
    now: datetime,
) -> Member:
    member_id = (
        await conn.execute(
            insert(members)
            .values(community_id=community_id, display_name=display_name, is_admin=is_admin, created_at=now)
            .returning(members.c.id)
        )
    ).scalar_one()
    return Member(id=member_id, community_id=community_id, display_name=display_name, is_admin=is_admin)


async def add_identity(
    conn: AsyncConnection, *, community_id: int, member_id: int, platform: str, external_id: str
) -> None:
    await conn.execute(
        insert(identities).values(
            community_id=community_id, member_id=member_id, platform=platform, external_id=external_id
        )
    )


async def set_fields(conn: AsyncConnection, member_id: int, **values: object) -> None:
    await conn.execute(update(members).where(members.c.id == member_id).values(**values))


#: Built once: every direct message asks where to go.
_CHOSEN_PLATFORM = select(members.c.direct_platform).where(members.c.id == bindparam("member_id"))
_PLATFORMS_OF = (
    select(identities.c.platform).where(identities.c.member_id == bindparam("member_id")).order_by(identities.c.id)
)


async def preferred_platform(conn: AsyncConnection, member_id: int) -> str | None:
    """Where to reach a member directly: the platform they chose (``reminders dm`` typed there) while they
    still have an account on it, otherwise the platform of their first account."""
    chosen = (await conn.execute(_CHOSEN_PLATFORM, {"member_id": member_id})).scalar()
    platforms = list((await conn.execute(_PLATFORMS_OF, {"member_id": member_id})).scalars())
    if chosen in platforms:
        return str(chosen)
    return platforms[0] if platforms else None


async def existing(conn: AsyncConnection, member_ids: Collection[int]) -> set[int]:
    """Those of ``member_ids`` that are still members (not erased)."""
    wanted = list(member_ids)
    found: set[int] = set()
    for start in range(0, len(wanted), _SLICE):
        query = select(members.c.id).where(members.c.id.in_(wanted[start : start + _SLICE]))
        found.update((await conn.execute(query)).scalars())
    return found


async def external_id(conn: AsyncConnection, member_id: int, platform: str) -> str | None:
    query = select(identities.c.external_id).where(
        identities.c.member_id == member_id, identities.c.platform == platform
    )
    return (await conn.execute(query.limit(1))).scalar()


async def identities_of(conn: AsyncConnection, member_id: int) -> list[Identity]:
    query = select(identities).where(identities.c.member_id == member_id).order_by(identities.c.id)
    return [Identity(row.member_id, row.platform, row.external_id) for row in await conn.execute(query)]


async def move_identity(
    conn: AsyncConnection, from_member: int, to_member: int, platform: str, external_id: str
) -> None:
    await conn.execute(
        update(identities)
        .where(
            identities.c.member_id == from_member,
            identities.c.platform == platform,
            identities.c.external_id == external_id,
        )
        .values(member_id=to_member)
    )


async def delete(conn: AsyncConnection, member_id: int) -> None:
    """The member's row; what refers to it is deleted or cleared by its foreign key (erasure)."""
    await conn.execute(sa_delete(members).where(members.c.id == member_id))
