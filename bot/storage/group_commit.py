"""Group commit: small writes from many callers, one transaction per batch.

A burst of reactions (thousands in a second) would otherwise queue as many transactions for the one
SQLite connection, each commit an fsync, and callers waiting longer than the pool allows would fail.
Here one writer task takes the queued writes in arrival order and runs them in one transaction; each
caller's ``await`` returns after that commit, so a caller knows its write is durable. When a write in
a batch fails, the batch is rolled back and its writes are run again one at a time, so one bad write
fails only its own caller (a full disk fails them all at once, with DiskFull). The writer exists only
while there is work: no task outlives a burst.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.storage.failures import DiskFull
from bot.storage.unit_of_work import Store, Transaction

log = logging.getLogger(__name__)

T = TypeVar("T")
Write = Callable[[Transaction], Awaitable[Any]]
#: Reads, for a whole batch at once, what its writes will look up one by one (into ``Transaction.memo``):
#: given the batch's hints, it turns a statement per write into a statement per batch.
Prepare = Callable[[Transaction, list[Any]], Awaitable[None]]
#: Runs after a batch's writes, before its commit: writes the batch left for last go out together.
Finish = Callable[[Transaction], Awaitable[None]]

#: Large enough that a burst becomes tens of commits, small enough that the delivery loop (editing the
#: call the burst is about) gets the connection between batches within a fraction of a second.
MAX_BATCH = 250


class GroupCommit:
    def __init__(
        self,
        store: Store,
        *,
        max_batch: int = MAX_BATCH,
        name: str = "writes",
        prepare: Prepare | None = None,
        finish: Finish | None = None,
    ) -> None:
        self._store = store
        self._max_batch = max_batch
        self._name = name
        self._prepare = prepare
        self._finish = finish
        self._queue: deque[tuple[Write, asyncio.Future[Any], Any]] = deque()
        self._writer: asyncio.Task[None] | None = None
        self._closed = False
        #: Transactions committed, for tests and benchmarks.
        self.commits = 0

    async def run(self, write: Callable[[Transaction], Awaitable[T]], *, hint: Any = None) -> T:
        """Queue ``write``; return its result once the transaction it ran in is committed. ``hint`` goes to
        the ``prepare`` step of the batch the write lands in."""
        if self._closed:
            raise RuntimeError(f"{self._name}: closed")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((write, future, hint))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain(), name=f"netgroups-{self._name}")
            self._writer.add_done_callback(self._log_crash)
        return await future

    async def close(self) -> None:
        """Refuse new writes and wait until the queued ones are committed."""
        self._closed = True
        if self._writer is not None:
            await self._writer

    async def _drain(self) -> None:
        while self._queue:
            batch = [self._queue.popleft() for _ in range(min(len(self._queue), self._max_batch))]
            try:
                await self._apply(batch)
            except BaseException:
                for _, future, _ in batch:
                    future.cancel()
                raise
            # A woken waiter for the connection (the delivery loop editing the call) runs before the next batch.
            await asyncio.sleep(0)

    async def _apply(self, batch: list[tuple[Write, asyncio.Future[Any], Any]]) -> None:
        try:
            async with self._store.transaction() as tx:
                if self._prepare is not None:
                    await self._prepare(tx, [hint for _, _, hint in batch if hint is not None])
                results = [await write(tx) for write, _, _ in batch]
                if self._finish is not None:
                    await self._finish(tx)
        except DiskFull:
            # One at a time they would fail the same way: each writer hears it (the store has logged it, once).
            for _, future, _ in batch:
                if not future.done():
                    future.set_exception(DiskFull())
            return
        except Exception:
            log.warning("%s: a batch of %d failed; applying them one at a time", self._name, len(batch), exc_info=True)
            for write, future, _ in batch:
                await self._alone(write, future)
            return
        self.commits += 1
        for (_, future, _), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)

    async def _alone(self, write: Write, future: asyncio.Future[Any]) -> None:
        try:
            async with self._store.transaction() as tx:
                result = await write(tx)
        except Exception as problem:
            if not isinstance(problem, DiskFull):  # the store has logged that one, once
                log.exception("%s: a write failed on its own", self._name)
            if not future.done():
                future.set_exception(problem)
            return
        self.commits += 1
        if not future.done():
            future.set_result(result)

    def _log_crash(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("%s: the writer stopped", self._name, exc_info=task.exception())
