"""What a retention purge deletes, one bounded batch per call (the caller commits each batch on its own)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.delivery import DeliveryState
from bot.storage.schema import occurrences, outbox, platform_state, rsvps

_FINISHED = (DeliveryState.SENT.value, DeliveryState.SKIPPED.value, DeliveryState.FAILED.value)
#: Bookkeeping that runs its course: link codes, erasure requests, the lock on making a section's channel.
_SPENT_PREFIXES = ("link:", "erase:", "opening:")


async def answers(
    conn: AsyncConnection, before: datetime, limit: int, *, since: datetime | None = None
) -> tuple[int, datetime | None]:
    """Answers to meetings that started before ``before`` and not before ``since`` (earlier ones hold none any
    more), about ``limit`` of them, each meeting's all at once: how many went, and the start of the latest
    meeting among them (where the next batch begins).

    The meetings are found on the index of their start and their answers deleted on the answers' key: the pairs
    themselves, deleted as a list, would have SQLite read the whole table at every batch.
    """
    started = occurrences.c.start_at < before
    if since is not None:
        started = and_(started, occurrences.c.start_at >= since)
    found = (
        await conn.execute(
            select(rsvps.c.occurrence_id, occurrences.c.start_at)
            .join(occurrences, occurrences.c.id == rsvps.c.occurrence_id)
            .where(started)
            .order_by(occurrences.c.start_at)
            .limit(limit)
        )
    ).all()
    if not found:
        return 0, since
    meetings = sorted({row.occurrence_id for row in found})
    removed = (await conn.execute(delete(rsvps).where(rsvps.c.occurrence_id.in_(meetings)))).rowcount
    return removed, max(row.start_at for row in found)


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
