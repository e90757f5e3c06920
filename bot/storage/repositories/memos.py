"""Memos: what a meeting discussed, posted for every member and searchable afterwards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.meetings import Memo
from bot.storage.schema import memos
from bot.storage.text_search import contains_all


def _memo(row: Row[tuple[object, ...]]) -> Memo:
    return Memo(row.id, row.section_id, row.occurrence_id, row.author_id, row.body, row.posted_at)


async def add(
    conn: AsyncConnection,
    *,
    section_id: int,
    occurrence_id: int | None,
    author_id: int,
    body: str,
    search_text: str,
    now: datetime,
    public: bool = False,
) -> Memo:
    memo_id = (
        await conn.execute(
            insert(memos)
            .values(
                section_id=section_id,
                occurrence_id=occurrence_id,
                author_id=author_id,
                body=body,
                search_text=search_text,
                posted_at=now,
                public=public,
            )
            .returning(memos.c.id)
        )
    ).scalar_one()
    return Memo(memo_id, section_id, occurrence_id, author_id, body, now)


async def get(conn: AsyncConnection, memo_id: int) -> Memo | None:
    row = (await conn.execute(select(memos).where(memos.c.id == memo_id))).first()
    return _memo(row) if row else None


async def of_occurrence(conn: AsyncConnection, occurrence_id: int) -> list[Memo]:
    query = select(memos).where(memos.c.occurrence_id == occurrence_id).order_by(memos.c.id)
    return [_memo(row) for row in await conn.execute(query)]


async def of_sections(conn: AsyncConnection, section_ids: list[int], limit: int) -> list[Memo]:
    query = select(memos).where(memos.c.section_id.in_(section_ids))
    return [_memo(row) for row in await conn.execute(query.order_by(memos.c.posted_at.desc()).limit(limit))]


async def search(conn: AsyncConnection, section_ids: list[int], folded_terms: list[str], limit: int) -> list[Memo]:
    query = select(memos).where(memos.c.section_id.in_(section_ids))
    query = query.where(contains_all(memos.c.search_text, folded_terms))
    return [_memo(row) for row in await conn.execute(query.order_by(memos.c.posted_at.desc()).limit(limit))]
