"""Coordinators' digests: who gets one, their setting and hour, and the digest deliveries waiting."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.delivery import DeliveryState, Kind
from bot.domain.digest import DEFAULT_HOUR, DigestMode
from bot.domain.models import Role, SectionKind, SectionStatus
from bot.storage.schema import COORDINATING, DIGEST_WAITING, members, memberships, outbox, sections


def _coordinating() -> tuple[object, ...]:
    """A coordinator's membership of an active section (the coordinators' own section is everyone's, not run)."""
    return (
        memberships.c.role == Role.COORDINATOR.value,
        sections.c.status == SectionStatus.ACTIVE.value,
        sections.c.kind != SectionKind.COORDINATORS.value,
    )


_COORDINATED = (
    select(sections.c.id)
    .join(memberships, memberships.c.section_id == sections.c.id)
    .where(memberships.c.member_id == bindparam("member_id"), *_coordinating())  # type: ignore[arg-type]
    .order_by(sections.c.slug)
)


async def coordinated_sections(conn: AsyncConnection, member_id: int) -> list[int]:
    """The active sections the member coordinates, the ones their digest is about."""
    return list((await conn.execute(_COORDINATED, {"member_id": member_id})).scalars())


_COORDINATORS_AFTER = (
    select(memberships.c.member_id)
    .where(COORDINATING, memberships.c.member_id > bindparam("after"))
    .distinct()
    .order_by(memberships.c.member_id)
    .limit(bindparam("limit"))
)


async def coordinators_after(conn: AsyncConnection, after: int, limit: int) -> list[int]:
    """The next ``limit`` members (by id, after ``after``) who coordinate a section, active or not."""
    return list((await conn.execute(_COORDINATORS_AFTER, {"after": after, "limit": limit})).scalars())


#: Built once: building a statement costs more than running it.
_WITHOUT_DIGEST = (
    select(memberships.c.member_id, sections.c.community_id)
    .join(sections, sections.c.id == memberships.c.section_id)
    .where(
        COORDINATING,
        memberships.c.member_id.in_(bindparam("member_ids", expanding=True)),
        *_coordinating(),  # type: ignore[arg-type]
        ~exists().where(outbox.c.member_id == memberships.c.member_id, DIGEST_WAITING),
    )
    .distinct()
    .order_by(memberships.c.member_id)
)


async def without_digest(conn: AsyncConnection, member_ids: list[int]) -> list[tuple[int, int]]:
    """(member, community) of those of these members who coordinate an active section and have no digest waiting
    in the outbox: their next one is to be queued."""
    if not member_ids:
        return []
    return [
        (row.member_id, row.community_id) for row in await conn.execute(_WITHOUT_DIGEST, {"member_ids": member_ids})
    ]


_HAS_WAITING = select(outbox.c.id).where(outbox.c.member_id == bindparam("member_id"), DIGEST_WAITING).limit(1)


async def has_waiting(conn: AsyncConnection, member_id: int) -> bool:
    """Whether a digest of the member's is queued and not yet handled."""
    return (await conn.execute(_HAS_WAITING, {"member_id": member_id})).first() is not None


_SETTING = select(members.c.digest_mode, members.c.digest_hour).where(members.c.id == bindparam("member_id"))


async def setting(conn: AsyncConnection, member_id: int) -> tuple[DigestMode, int]:
    """The member's digest setting and local hour."""
    row = (await conn.execute(_SETTING, {"member_id": member_id})).one()
    return DigestMode(row.digest_mode), DEFAULT_HOUR if row.digest_hour is None else int(row.digest_hour)


async def set_setting(conn: AsyncConnection, member_id: int, mode: DigestMode | None, hour: int | None) -> None:
    values: dict[str, object] = {}
    if mode is not None:
        values["digest_mode"] = mode.value
    if hour is not None:
        values["digest_hour"] = hour
    if values:
        await conn.execute(update(members).where(members.c.id == member_id).values(**values))


async def forget_waiting(conn: AsyncConnection, member_id: int) -> None:
    """Drop the member's digest not yet claimed (its hour changed): the next one is queued at the new hour."""
    await conn.execute(
        delete(outbox).where(
            outbox.c.member_id == member_id,
            outbox.c.kind == Kind.DIGEST.value,
            outbox.c.state == DeliveryState.PENDING.value,
        )
    )
