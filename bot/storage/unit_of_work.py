"""A write transaction that collects the events it causes and publishes them after commit.

A transaction that fails because the disk is full raises :class:`DiskFull` (a user error: the member is
told, translated); the log says so once, and once again when writes succeed again.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bus import EventBus
from bot.events import Event
from bot.storage.database import Database
from bot.storage.failures import DiskFull, is_disk_full

log = logging.getLogger(__name__)


@dataclass
class Transaction:
    conn: AsyncConnection
    events: list[Event] = field(default_factory=list)
    #: Facts looked up once and reused by every write sharing this transaction (a batch of reactions
    #: on one call reads the call once). Gone with the transaction, so never stale after a rollback.
    memo: dict[Hashable, Any] = field(default_factory=dict)
    #: Run only once the transaction is committed: in-memory caches learn only what is durable.
    on_commit: list[Callable[[], None]] = field(default_factory=list)
    #: Set by a caller that only reads: the store's ``generation`` is left as it is.
    reading: bool = False

    def emit(self, event: Event) -> None:
        # A batch of writes repeats events (a thousand answers, one call to edit): publish each once.
        if event not in self.events:
            self.events.append(event)


class Store:
    def __init__(self, database: Database, bus: EventBus) -> None:
        self.database = database
        self._bus = bus
        self._disk_full = False
        #: Counts committed transactions that may have written (not those marked ``reading``): a cache of what was
        #: read at one generation holds until the next (the public pages and feeds).
        self.generation = 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """Commit, then publish; on an exception roll back and publish nothing."""
        try:
            async with self.database.transaction() as conn:
                tx = Transaction(conn)
                yield tx
        except Exception as problem:
            if isinstance(problem, DiskFull) or not is_disk_full(problem):
                raise
            if not self._disk_full:
                self._disk_full = True
                log.error("the disk holding the database is full: writes fail (and are refused) until space is freed")
            raise DiskFull from problem
        if not tx.reading:
            self.generation += 1
        if self._disk_full:
            self._disk_full = False
            log.warning("the database can be written again")
        for callback in tx.on_commit:
            callback()
        if tx.events:
            await self._bus.publish(tx.events)
