"""What a gateway posts after a message (``follows_up_later``: a call's seed reactions on Matrix), kept off the
path of the deliveries that come next.

The worker posts a call, records its message id, and goes on to the next delivery; the call's reactions go
out in a task of their own, and the delivery is recorded as sent once they are out. Until then the delivery
stays claimed: the claims of deliveries whose follow-ups wait are renewed together, so that a fan-out slower
than the lease (a rate-limited account) is not taken over by another worker. A crash in between leaves the
delivery claimed with its message id: claimed again after the lease (or at the next start on SQLite), only
its reactions are completed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.storage.repositories import outbox
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

#: Follow-ups waiting at most; a delivery that would add one more waits for one to finish. Each is a small task
#: (a message id and its reactions): this bounds memory, and how much a crash leaves to complete.
MOST_WAITING = 10_000


class FollowUps:
    def __init__(
        self, store: Store, clock: Clock, worker: str, lease: timedelta, *, most_waiting: int = MOST_WAITING
    ) -> None:
        self._store = store
        self._clock = clock
        self._worker = worker
        self._lease = lease
        self._space = asyncio.Semaphore(most_waiting)
        #: Delivery id -> its follow-up and when its claim was last made or renewed.
        self._waiting: dict[int, tuple[asyncio.Task[None], datetime]] = {}
        self._renewing: asyncio.Task[None] | None = None

    def __len__(self) -> int:
        return len(self._waiting)

    async def start(self, delivery_id: int, claimed_at: datetime, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` (the follow-up, then the record of the delivery) in a task of its own; waits while as
        many are waiting as allowed."""
        await self._space.acquire()
        task = asyncio.create_task(work, name=f"follow-up of delivery {delivery_id}")
        self._waiting[delivery_id] = (task, claimed_at)
        task.add_done_callback(lambda _: self._finished(delivery_id))
        if self._renewing is None or self._renewing.done():
            self._renewing = asyncio.create_task(self._keep_claims(), name="follow-ups' claims")

    def _finished(self, delivery_id: int) -> None:
        self._waiting.pop(delivery_id, None)
        self._space.release()
        if not self._waiting and self._renewing is not None:
            self._renewing.cancel()
            self._renewing = None

    async def settle(self) -> None:
        """Wait until every follow-up started so far is done (each records its own outcome)."""
        while self._waiting:
            await asyncio.gather(*(task for task, _ in list(self._waiting.values())), return_exceptions=True)

    async def close(self) -> None:
        """Stop: follow-ups not done yet are completed after the next start (their deliveries stay claimed)."""
        tasks = [task for task, _ in self._waiting.values()]
        if self._renewing is not None:
            tasks.append(self._renewing)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def renew_claims(self) -> None:
        """Renew the claims of waiting deliveries made a quarter of the lease ago or more, in one statement."""
        now = self._clock.now()
        due = [delivery for delivery, (_, at) in self._waiting.items() if now - at >= self._lease / 4]
        if not due:
            return
        async with self._store.transaction() as tx:
            renewed = await outbox.renew_claims(tx.conn, due, self._worker, now=now, lease=self._lease)
        for delivery in due:
            if delivery in self._waiting:
                task, _ = self._waiting[delivery]
                self._waiting[delivery] = (task, now)
        if renewed < len(due):
            log.warning(
                "%d of %d deliveries waiting for their reactions lost their claim", len(due) - renewed, len(due)
            )

    async def _keep_claims(self) -> None:
        while self._waiting:
            await asyncio.sleep(self._lease.total_seconds() / 4)
            try:
                await self.renew_claims()
            except Exception:  # tried again a quarter of the lease later; the lease allows that
                log.exception("renewing the claims of deliveries waiting for their reactions failed")
