"""Agenda items of one occurrence, kept in order by position."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.agenda import AgendaItem, AgendaKind, AgendaStatus
from bot.storage.schema import agenda_items


def _item(row: Row[tuple[object, ...]]) -> AgendaItem:
    return AgendaItem(
        id=row.id,
        occurrence_id=row.occurrence_id,
        position=row.position,
        kind=AgendaKind(row.kind),
        title=row.title,
        minutes=row.minutes,
        status=AgendaStatus(row.status),
        proposed_by=row.proposed_by,
    )


#: Built once (every call and ``meeting next`` read it): building a statement costs more than running it.
_OF_OCCURRENCE = (
    select(agenda_items)
    .where(agenda_items.c.occurrence_id == bindparam("occurrence_id"))
    .order_by(agenda_items.c.position, agenda_items.c.id)
)


async def of_occurrence(conn: AsyncConnection, occurrence_id: int) -> list[AgendaItem]:
    return [_item(row) for row in await conn.execute(_OF_OCCURRENCE, {"occurrence_id": occurrence_id})]


async def add(
    conn: AsyncConnection,
    *,
    occurrence_id: int,
    position: int,
    kind: AgendaKind,
    title: str,
    minutes: int,
    status: AgendaStatus,
    proposed_by: int | None,
    now: datetime,
) -> int:
    result = await conn.execute(
        insert(agenda_items)
        .values(
            occurrence_id=occurrence_id,
            position=position,
            kind=kind.value,
            title=title,
            minutes=minutes,
            status=status.value,
            proposed_by=proposed_by,
            created_at=now,
        )
        .returning(agenda_items.c.id)
    )
    return int(result.scalar_one())


async def update_item(conn: AsyncConnection, item_id: int, **values: object) -> None:
    await conn.execute(update(agenda_items).where(agenda_items.c.id == item_id).values(**values))


async def remove(conn: AsyncConnection, item_id: int) -> None:
    await conn.execute(delete(agenda_items).where(agenda_items.c.id == item_id))


async def renumber(conn: AsyncConnection, ordered_ids: list[int]) -> None:
    for position, item_id in enumerate(ordered_ids, start=1):
        await conn.execute(update(agenda_items).where(agenda_items.c.id == item_id).values(position=position))
