"""Real-time driving of the worker: APScheduler is only the wake-up timer.

The outbox decides what is due. After each round the one wake-up job is moved to the next due
instant (or a minute from now, to pick up planning and expired leases); anything queued for
now wakes the loop at once. A job that fires late still runs (no misfire grace), and jobs are
not persisted: the database already holds the schedule, so nothing is lost with the timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.delivery.edits import CallEditor
from bot.delivery.worker import DeliveryWorker
from bot.events import DeliveriesQueued, Event, MeetingChanged

log = logging.getLogger(__name__)

_IDLE_WAKE = timedelta(minutes=1)


class DeliveryRunner:
    def __init__(self, worker: DeliveryWorker, editor: CallEditor, clock: Clock) -> None:
        self._worker = worker
        self._editor = editor
        self._clock = clock
        self._wake = asyncio.Event()
        self._scheduler: AsyncIOScheduler | None = None
        self._task: asyncio.Task[None] | None = None

    async def on_event(self, event: Event) -> None:
        if isinstance(event, (DeliveriesQueued, MeetingChanged)):
            self._wake.set()

    def start(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._scheduler.start()
        self._task = asyncio.create_task(self._loop(), name="netgroups-delivery")
        self._task.add_done_callback(_log_crash)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)

    async def _loop(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self._worker.tick()
                next_edit = await self._editor.flush()
                next_due = await self._worker.next_due()
            except Exception:
                log.exception("delivery round failed; trying again shortly")
                next_edit, next_due = None, None
            now = self._clock.now()
            wake_at = min(t for t in (next_due, next_edit, now + _IDLE_WAKE) if t is not None)
            self._set_timer(max(wake_at, now))
            await self._wake.wait()

    def _set_timer(self, when: datetime) -> None:
        assert self._scheduler is not None
        self._scheduler.add_job(
            self._wake.set,
            "date",
            run_date=when,
            id="wake",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the delivery loop stopped", exc_info=task.exception())
