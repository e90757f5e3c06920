"""The daily retention purge: answers, delivered outbox rows and spent bookkeeping past their time go.

Each batch is a transaction of its own, sized so that it holds the database (SQLite's one writer) for tens
of milliseconds: commands and deliveries wait for at most one batch, never for the whole purge.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import Clock
from bot.settings import RetentionSettings
from bot.storage.repositories import platform_state, retention
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(days=1)
_LAST_PURGE = "retention:last"
#: Answers to meetings that started before this instant are gone (the cut of the last purge that finished them).
_ANSWERS_GONE_BEFORE = "retention:answers-before"
#: A batch should hold the writer about this long; the size follows what the last batches took.
_AIM_SECONDS = 0.03
_FIRST_BATCH = 200
#: The largest: a batch's commit syncs every page it changed, and the time that takes varies more than the deletes do.
#: 5,000 let a batch hold the writer 120 – 130 ms now and then once commits had stopped copying the WAL back
#: (``bot.storage.checkpoints``: quicker commits, so larger batches aimed at 30 ms); 2,000 stayed under 76 ms.
_SMALLEST_BATCH, _LARGEST_BATCH = 20, 2_000

Batch = Callable[[AsyncConnection, datetime, int], Awaitable[int]]


@dataclass
class PurgeReport:
    """What one purge removed, in how many transactions, and the longest any of them held the database."""

    removed: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    longest_hold: float = 0.0
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.removed.values())


class RetentionPurge:
    def __init__(self, store: Store, clock: Clock, settings: RetentionSettings) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings
        self._next: datetime | None = None

    async def next_at(self) -> datetime:
        """When the next purge is due: a day after the last one (now, if there never was one)."""
        if self._next is None:
            async with self._store.transaction() as tx:
                last = await platform_state.get(tx.conn, "core", _LAST_PURGE)
            self._next = datetime.fromisoformat(last) + PURGE_EVERY if last else self._clock.now()
        return self._next

    async def run_if_due(self) -> PurgeReport | None:
        now = self._clock.now()
        if now < await self.next_at():
            return None
        report = await self.purge(now)
        async with self._store.transaction() as tx:
            await platform_state.put(tx.conn, "core", _LAST_PURGE, now.isoformat(), now)
        self._next = now + PURGE_EVERY
        if report.total:
            log.info(
                "retention: removed %s in %d batches in %.1f s (longest hold of the database %.0f ms)",
                ", ".join(f"{count} {what}" for what, count in report.removed.items() if count),
                report.batches,
                report.seconds,
                report.longest_hold * 1000,
            )
        return report

    async def purge(self, now: datetime) -> PurgeReport:
        """Everything past its time as of ``now``, batch after batch."""
        settings = self._settings
        report = PurgeReport()
        started = time.perf_counter()
        report.removed["answers"] = await self._answers(now - relativedelta(months=settings.answers_months), report)
        work: list[tuple[str, Batch, datetime]] = [
            ("deliveries", retention.deliveries, now - timedelta(days=settings.delivered_days)),
            ("bookkeeping rows", retention.bookkeeping, now - timedelta(days=settings.bookkeeping_days)),
        ]
        for what, batch, before in work:
            report.removed[what] = await self._drain(batch, before, report)
        report.seconds = time.perf_counter() - started
        return report

    async def _answers(self, before: datetime, report: PurgeReport) -> int:
        """Answers meeting by meeting in the order they started, each batch from where the last one ended, the
        first from the last purge's cut: the meetings before it hold no answers any more, and looking through
        them again, at each batch and each day, would cost more as the history grows. (A meeting takes no
        answer once it has ended and is never moved into the past, so no answer appears behind a cut.)"""
        async with self._store.transaction() as tx:
            stored = await platform_state.get(tx.conn, "core", _ANSWERS_GONE_BEFORE)
        gone_before = datetime.fromisoformat(stored) if stored else None
        removed = await self._drain(_AnswersWalk(gone_before), before, report)
        if gone_before is None or before > gone_before:
            async with self._store.transaction() as tx:
                await platform_state.put(tx.conn, "core", _ANSWERS_GONE_BEFORE, before.isoformat(), self._clock.now())
        return removed

    async def _drain(self, batch: Batch, before: datetime, report: PurgeReport) -> int:
        size, removed = _FIRST_BATCH, 0
        while True:
            async with self._store.transaction() as tx:
                # From BEGIN to COMMIT: waiting for the connection (a command holding it) is not holding it.
                began = time.perf_counter()
                count = await batch(tx.conn, before, size)
            held = time.perf_counter() - began
            report.batches += 1
            report.longest_hold = max(report.longest_hold, held)
            removed += count
            if count < size:
                return removed
            # Aim the next batch at the hold wanted, growing at most twofold (a quick batch says little about the
            # next: its pages may not be cached, its commit may checkpoint); the others waiting go in between.
            aimed = int(size * _AIM_SECONDS / max(held, 1e-4))
            size = max(_SMALLEST_BATCH, min(_LARGEST_BATCH, 2 * size, aimed))
            await asyncio.sleep(0)


class _AnswersWalk:
    """The answers batch that remembers where the last one ended (a ``Batch``)."""

    def __init__(self, since: datetime | None) -> None:
        self.since = since

    async def __call__(self, conn: AsyncConnection, before: datetime, limit: int) -> int:
        removed, self.since = await retention.answers(conn, before, limit, since=self.since)
        return removed
