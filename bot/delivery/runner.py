"""Real-time driving of the worker: APScheduler is only the wake-up timer.

The outbox decides what is due. After each round the one wake-up job is moved to the next due
instant (or a minute from now, to pick up planning and expired leases); anything queued for
now wakes the loop at once. A job that fires late still runs (no misfire grace), and jobs are
not persisted: the database already holds the schedule, so nothing is lost with the timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.delivery.edits import CallEditor
from bot.delivery.worker import DeliveryWorker
from bot.events import DeliveriesQueued, Event, MeetingChanged
from bot.storage.failures import DiskFull

log = logging.getLogger(__name__)

_IDLE_WAKE = timedelta(minutes=1)
_MAIN = "main"


class DeliveryRunner:
    """One loop per platform for its sends and the coalesced edits of its meeting calls (a platform
    that is down or slow holds up no other), plus one for planning. Platforms join as their adapters
    attach."""

    def __init__(self, worker: DeliveryWorker, editor: CallEditor, clock: Clock) -> None:
        self._worker = worker
        self._editor = editor
        self._clock = clock
        self._wakes: dict[str, asyncio.Event] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._scheduler: AsyncIOScheduler | None = None

    async def on_event(self, event: Event) -> None:
        if isinstance(event, DeliveriesQueued):
            for wake in self._wakes.values():
                wake.set()
        elif isinstance(event, MeetingChanged):
            # Each platform's loop edits its own calls; planning (the main loop) has nothing to do with
            # an answer, and waking it in the middle of a burst of answers would only cost queries.
            for name, wake in self._wakes.items():
                if name != _MAIN:
                    wake.set()

    def start(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC")
        self._scheduler.start()
        self._spawn(_MAIN, self._main_round)

    async def stop(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)

    def _spawn(self, name: str, round_: Callable[[], Awaitable[datetime | None]]) -> None:
        self._wakes[name] = asyncio.Event()
        task = asyncio.create_task(self._loop(name, round_), name=f"netgroups-delivery-{name}")
        task.add_done_callback(_log_crash)
        self._tasks[name] = task

    async def _main_round(self) -> datetime | None:
        """Start a loop for any new platform, and plan ahead."""
        # The loops first: the first planning round after a start can take seconds at scale (the day's look at every
        # section, every coordinator's digest), and what is due meanwhile must not wait for it.
        for platform in self._worker.platforms:
            if platform not in self._tasks:
                self._spawn(platform, functools.partial(self._platform_round, platform))
        await self._worker.tick(platforms=())
        return await self._worker.next_due(platforms=())

    async def _platform_round(self, platform: str) -> datetime | None:
        """Send what is due on one platform, and edit its calls whose answers changed."""
        await self._worker.tick(platforms=(platform,), plan=False)
        next_edit = await self._editor.flush(platforms=(platform,))
        next_due = await self._worker.next_due(platforms=(platform,))
        return min((when for when in (next_edit, next_due) if when is not None), default=None)

    async def _loop(self, name: str, round_: Callable[[], Awaitable[datetime | None]]) -> None:
        wake = self._wakes[name]
        while True:
            wake.clear()
            try:
                next_due = await round_()
            except DiskFull:
                next_due = None  # the store has logged it, once; no traceback for every round
            except Exception:
                log.exception("delivery round (%s) failed; trying again shortly", name)
                next_due = None
            now = self._clock.now()
            wake_at = min(when for when in (next_due, now + _IDLE_WAKE) if when is not None)
            self._set_timer(name, max(wake_at, now))
            await wake.wait()

    def _set_timer(self, name: str, when: datetime) -> None:
        assert self._scheduler is not None
        self._scheduler.add_job(
            self._wake_up,
            "date",
            args=(name,),
            run_date=when,
            id=f"wake-{name}",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    async def _wake_up(self, name: str) -> None:
        """The timer's job. A coroutine, so that APScheduler runs it in the event loop: a plain function it runs in
        a thread of its pool, where setting an asyncio event is not safe (the loop may not notice it, and in
        asyncio's debug mode it fails)."""
        self._wakes[name].set()


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the delivery loop stopped", exc_info=task.exception())
