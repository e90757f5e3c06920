"""A write transaction that collects the events it causes and publishes them after commit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bus import EventBus
from bot.events import Event
from bot.storage.database import Database


@dataclass
class Transaction:
    conn: AsyncConnection
    events: list[Event] = field(default_factory=list)

    def emit(self, event: Event) -> None:
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
        if tx.events:
            await self._bus.publish(tx.events)
