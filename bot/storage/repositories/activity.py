"""Signs of life: when a member last did something the database records.

A member shows they are there by typing a command (``members.last_active_at``: memos, agenda edits, schedules
and answers typed are all commands; so is accepting a hand-over) or by answering a meeting with a reaction
(``rsvps.updated_at``). Both are read on the member's key or index.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.schema import members, rsvps

#: A command noted on a day is not written again that day.
_NOTED_FOR = timedelta(days=1)
#: Built once (the section watch asks for every coordinator, every day).
_SIGNS_OF_LIFE = (
    select(members.c.last_active_at).where(members.c.id == bindparam("member_id")),
    select(func.max(rsvps.c.updated_at)).where(rsvps.c.member_id == bindparam("member_id")),
)


async def touch(conn: AsyncConnection, member_id: int, now: datetime) -> None:
    """Note that the member did something now (written at most once a day)."""
    await conn.execute(
        update(members)
        .where(
            members.c.id == member_id,
            or_(members.c.last_active_at.is_(None), members.c.last_active_at < now - _NOTED_FOR),
        )
        .values(last_active_at=now)
    )


async def touch_many(conn: AsyncConnection, member_ids: list[int], now: datetime) -> None:
    """:func:`touch` for several members at once (those who typed a command since the last delivery round)."""
    for start in range(0, len(member_ids), 500):
        await conn.execute(
            update(members)
            .where(
                members.c.id.in_(member_ids[start : start + 500]),
                or_(members.c.last_active_at.is_(None), members.c.last_active_at < now - _NOTED_FOR),
            )
            .values(last_active_at=now)
        )


async def last_active(conn: AsyncConnection, member_id: int) -> datetime | None:
    """The latest of the member's signs of life, or None when the database records none."""
    found = [(await conn.execute(query, {"member_id": member_id})).scalar() for query in _SIGNS_OF_LIFE]
    moments = [moment for moment in found if moment is not None]
    return max(moments) if moments else None
