"""A write transaction that collects the events it causes and publishes them after commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bus import EventBus
from bot.events import Event
from bot.storage.database import Database


@dataclass
class Transaction:
    conn: AsyncConnection
    events: list[Event] = field(default_factory=list)
    #: Facts looked up once and reused by every write sharing this transaction (a batch of reactions
    #: on one call reads the call once). Gone with the transaction, so never stale after a rollback.
    memo: dict[Hashable, Any] = field(default_factory=dict)
    #: Run only once the transaction is committed: in-memory caches learn only what is durable.
    on_commit: list[Callable[[], None]] = field(default_factory=list)

    def emit(self, event: Event) -> None:
        # A batch of writes repeats events (a thousand answers, one call to edit): publish each once.
        if event not in self.events:
            self.events.append(event)


class Store:
    def __init__(self, database: Database, bus: EventBus) -> None:
        self.database = database
        self._bus = bus

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """Commit, then publish; on an exception roll back and publish nothing."""
        async with self.database.transaction() as conn:
            tx = Transaction(conn)
            yield tx
        for callback in tx.on_commit:
            callback()
        if tx.events:
            await self._bus.publish(tx.events)
