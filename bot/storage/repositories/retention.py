"""What a retention purge deletes, one bounded batch per call (the caller commits each batch on its own)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.delivery import DeliveryState
from bot.storage.schema import occurrences, outbox, platform_state, rsvps

_FINISHED = (DeliveryState.SENT.value, DeliveryState.SKIPPED.value, DeliveryState.FAILED.value)
#: Bookkeeping that runs its course: link codes, erasure requests, the lock on making a section's channel.
_SPENT_PREFIXES = ("link:", "erase:", "opening:")


async def answers(conn: AsyncConnection, before: datetime, limit: int) -> int:
    """Answers to meetings that started before ``before``; how many went (at most ``limit``)."""
    keys = (
        await conn.execute(
            select(rsvps.c.occurrence_id, rsvps.c.member_id)
            .join(occurrences, occurrences.c.id == rsvps.c.occurrence_id)
            .where(occurrences.c.start_at < before)
            .limit(limit)
        )
    ).all()
    if not keys:
        return 0
    await conn.execute(
        delete(rsvps).where(tuple_(rsvps.c.occurrence_id, rsvps.c.member_id).in_([tuple(key) for key in keys]))
    )
    return len(keys)


async def deliveries(conn: AsyncConnection, before: datetime, limit: int) -> int:
    """Deliveries due before ``before`` that went out or were given up; how many went (at most ``limit``)."""
    ids = (
        (
            await conn.execute(
                select(outbox.c.id).where(outbox.c.state.in_(_FINISHED), outbox.c.due_at < before).limit(limit)
            )
        )
        .scalars()
        .all()
    )
    if not ids:
        return 0
    await conn.execute(delete(outbox).where(outbox.c.id.in_(ids)))
    return len(ids)


async def bookkeeping(conn: AsyncConnection, before: datetime, limit: int) -> int:
    """Codes and locks not touched since ``before``; how many went (at most ``limit``)."""
    spent = or_(*(platform_state.c.key.startswith(prefix, autoescape=True) for prefix in _SPENT_PREFIXES))
    keys = (
        await conn.execute(
            select(platform_state.c.platform, platform_state.c.key)
            .where(spent, platform_state.c.updated_at < before)
            .limit(limit)
        )
    ).all()
    if not keys:
        return 0
    await conn.execute(
        delete(platform_state).where(
            or_(*(and_(platform_state.c.platform == platform, platform_state.c.key == key) for platform, key in keys))
        )
    )
    return len(keys)
