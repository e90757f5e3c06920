"""Merging two members into one (identity linking), and splitting an account off again.

Every table that names a member is in ``schema.PERSONAL_DATA``; those whose key includes the
member need a rule for when both members have a row, the rest just follow the member id.
"""

from __future__ import annotations

from sqlalchemy import Table, and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import Role
from bot.storage.repositories import directory
from bot.storage.schema import (
    PERSONAL_DATA,
    identities,
    members,
    memberships,
    metadata,
    profile_words,
    profiles,
    rsvps,
    standing_rsvps,
)

#: Tables merged with a rule of their own below (their primary key includes the member).
_KEYED = {"members", "memberships", "rsvps", "standing_rsvps", "profiles", "identities", "profile_words"}


async def merge_members(conn: AsyncConnection, keep: int, absorb: int) -> None:
    """Make ``absorb`` part of ``keep``: accounts, sections, answers (the later wins), history."""
    await _merge_memberships(conn, keep, absorb)
    await _merge_rsvps(conn, keep, absorb)
    await _merge_keyed(conn, standing_rsvps, "series_id", keep, absorb)
    if (await conn.execute(select(profiles.c.member_id).where(profiles.c.member_id == keep))).first() is None:
        await conn.execute(update(profiles).where(profiles.c.member_id == absorb).values(member_id=keep))
    await conn.execute(update(identities).where(identities.c.member_id == absorb).values(member_id=keep))
    for table_name, column in PERSONAL_DATA.items():
        if table_name not in _KEYED:
            table = metadata.tables[table_name]
            await conn.execute(update(table).where(table.c[column] == absorb).values({column: keep}))
    absorbed_admin = (await conn.execute(select(members.c.is_admin).where(members.c.id == absorb))).scalar()
    if absorbed_admin:
        await conn.execute(update(members).where(members.c.id == keep).values(is_admin=True))
    await conn.execute(delete(profile_words).where(profile_words.c.member_id == absorb))
    await conn.execute(delete(members).where(members.c.id == absorb))
    # The kept profile may be the absorbed member's: words follow whichever profile stayed.
    await directory.refresh(conn, keep)


async def _merge_memberships(conn: AsyncConnection, keep: int, absorb: int) -> None:
    kept = {
        row.section_id: row.role
        for row in await conn.execute(select(memberships).where(memberships.c.member_id == keep))
    }
    for row in list(await conn.execute(select(memberships).where(memberships.c.member_id == absorb))):
        if row.section_id not in kept:
            await conn.execute(
                update(memberships)
                .where(memberships.c.member_id == absorb, memberships.c.section_id == row.section_id)
                .values(member_id=keep)
            )
        elif row.role == Role.COORDINATOR.value and kept[row.section_id] != Role.COORDINATOR.value:
            await conn.execute(
                update(memberships)
                .where(memberships.c.member_id == keep, memberships.c.section_id == row.section_id)
                .values(role=Role.COORDINATOR.value)
            )
    await conn.execute(delete(memberships).where(memberships.c.member_id == absorb))


async def _merge_rsvps(conn: AsyncConnection, keep: int, absorb: int) -> None:
    """One person, one answer per meeting: the one given last wins."""
    kept = {
        row.occurrence_id: row.updated_at for row in await conn.execute(select(rsvps).where(rsvps.c.member_id == keep))
    }
    for row in list(await conn.execute(select(rsvps).where(rsvps.c.member_id == absorb))):
        if row.occurrence_id in kept and kept[row.occurrence_id] >= row.updated_at:
            continue
        await conn.execute(delete(rsvps).where(rsvps.c.member_id == keep, rsvps.c.occurrence_id == row.occurrence_id))
        await conn.execute(
            update(rsvps)
            .where(rsvps.c.member_id == absorb, rsvps.c.occurrence_id == row.occurrence_id)
            .values(member_id=keep)
        )
    await conn.execute(delete(rsvps).where(rsvps.c.member_id == absorb))


async def _merge_keyed(conn: AsyncConnection, table: Table, other_key: str, keep: int, absorb: int) -> None:
    kept = set((await conn.execute(select(table.c[other_key]).where(table.c.member_id == keep))).scalars())
    await conn.execute(
        update(table).where(and_(table.c.member_id == absorb, table.c[other_key].not_in(kept))).values(member_id=keep)
    )
    await conn.execute(delete(table).where(table.c.member_id == absorb))
