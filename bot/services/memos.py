"""Memos: posted by a coordinator after a meeting, published to the section, found by search."""

from __future__ import annotations

from bot.clock import Clock
from bot.domain.delivery import Kind, dedupe_key
from bot.domain.meetings import Memo
from bot.domain.models import Member, Section
from bot.domain.text import clean_text, fold
from bot.errors import UserError
from bot.events import DeliveriesQueued
from bot.storage.repositories import communities, members, memos, outbox
from bot.storage.unit_of_work import Store

MAX_MEMO = 6000
LIST_LIMIT = 10


class MemoService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def post(
        self, section: Section, author: Member, text: str, occurrence_id: int | None, *, public: bool = False
    ) -> Memo:
        """Store the memo and queue it for the section's channel on every platform (``public``: also on the
        section's public page and in its Atom feed; never for a sensitive section)."""
        if public and section.sensitive:
            raise UserError("error-public-sensitive", section=section.slug)
        body = clean_text(text.replace("\\n", "\n"), field="memo", max_length=MAX_MEMO, allow_newlines=True)
        if not body:
            raise UserError("error-missing-option", option="text", usage="none")
        now = self._clock.now()
        async with self._store.transaction() as tx:
            memo = await memos.add(
                tx.conn,
                section_id=section.id,
                occurrence_id=occurrence_id,
                author_id=author.id,
                body=body,
                search_text=fold(body),
                now=now,
                public=public,
            )
            for platform in await communities.platforms(tx.conn, section.community_id):
                await outbox.enqueue(
                    tx.conn,
                    dedupe_key=dedupe_key(Kind.MEMO, platform, target=f"section:{section.id}", extra=f"m{memo.id}"),
                    kind=Kind.MEMO,
                    community_id=section.community_id,
                    platform=platform,
                    due_at=now,
                    section_id=section.id,
                    memo_id=memo.id,
                    now=now,
                )
            tx.emit(DeliveriesQueued())
            return memo

    async def recent(self, section_ids: list[int]) -> list[Memo]:
        async with self._store.transaction() as tx:
            return await memos.of_sections(tx.conn, section_ids, LIST_LIMIT)

    async def get(self, memo_id: int, section_ids: list[int]) -> Memo:
        async with self._store.transaction() as tx:
            memo = await memos.get(tx.conn, memo_id)
        if memo is None or memo.section_id not in section_ids:
            raise UserError("error-unknown-memo", id=memo_id)
        return memo

    async def author_name(self, memo: Memo) -> str | None:
        """Who wrote the memo, as they are named now; None when they have been erased since."""
        if memo.author_id is None:
            return None
        async with self._store.transaction() as tx:
            return (await members.get(tx.conn, memo.author_id)).display_name

    async def search(self, section_ids: list[int], query: str) -> list[Memo]:
        terms = fold(clean_text(query, field="query", max_length=200)).split()
        if not terms:
            raise UserError("error-missing-option", option="query", usage="none")
        async with self._store.transaction() as tx:
            return await memos.search(tx.conn, section_ids, terms, LIST_LIMIT)
