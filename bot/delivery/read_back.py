"""After ready: read back the reactions on open meeting calls, soonest meetings first, within a budget.

While the bot was away people may have reacted to its calls; the platform keeps those reactions
but sends no events for them. Reading them back is worth its requests only where an answer can
still matter, so a platform's job reads:

- only calls of meetings that have not started: the answers drive the call's counts, the
  reminders to those coming and the waitlist, all of which are moot once the meeting runs;
- soonest meeting first: its reminders go out next, and a meeting a week away will have had
  live reactions counted long before anyone looks;
- at a fixed share of the platform's request rate (``ReadBackBudget``): on Discord one read-back
  is a message and a page of reactors per emoji (four requests), ~400,000 requests for 100,000
  calls; spending them at full speed would hold up every delivery for hours and risk 429s.

Which calls changed cannot be told without reading them (Discord sends nothing for the time away,
and a message's reaction counts hide one member's ✅ swapped for another's), so the order and the
budget do the choosing: after a short outage the next meetings are right within seconds; after a
long one the far meetings follow at the budget's pace while live reactions keep counting. (Matrix
mostly replays missed reactions in the sync from the stored token; its read-back is for a limited,
gappy timeline, hence its smaller budget.)

Ready never waits for this: live reactions count from the first event, and an answer stored
after a call was read (a live reaction racing the read-back) wins over the snapshot. A call is
edited only when its answers changed, or when what it shows (a digest kept after each post and
edit) differs from what it should show: an edit owed by a process that died. Nothing is lost when
the job is cut short (shutdown or crash): the reactions stay on the platform and the next start
reads them again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.delivery.edits import CallEditor
from bot.delivery.reconcile import MemberResolver, reconcile_call
from bot.ports import ChatGateway, ReadBackBudget, SentMessage
from bot.services.rsvps import RsvpService
from bot.storage.repositories import outbox
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

_PAGE = 200


@dataclass
class ReadBackProgress:
    calls: int = 0
    changed: int = 0
    done: bool = False
    started: float = field(default=0.0)
    finished: float | None = None


class Reconciler:
    """One read-back job per platform, started after ready, restarted on demand, cancelled on close."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        rsvps: RsvpService,
        editor: CallEditor,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        page: int = _PAGE,
    ) -> None:
        self._store = store
        self._clock = clock
        self._rsvps = rsvps
        self._editor = editor
        self._monotonic = monotonic
        self._sleep = sleep
        self._page_size = page
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self.progress: dict[str, ReadBackProgress] = {}

    def start(self, gateway: ChatGateway, resolve: MemberResolver, budget: ReadBackBudget, *, again: bool) -> None:
        """Start the platform's job; with ``again`` a running one starts over (events were lost meanwhile)."""
        platform = gateway.platform
        previous = self._tasks.get(platform)
        if previous is not None:
            if not again:
                return  # another adapter's start: this platform's job is under way or done
            previous.cancel()
        self.progress[platform] = ReadBackProgress(started=self._monotonic())
        task = asyncio.create_task(self._run(gateway, resolve, budget), name=f"netgroups-read-back-{platform}")
        task.add_done_callback(_log_failure)
        self._tasks[platform] = task

    async def wait(self) -> None:
        """Until every job started so far has finished (or was cancelled)."""
        while pending := [task for task in self._tasks.values() if not task.done()]:
            await asyncio.wait(pending)

    async def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        # A job that failed has been logged already (``_log_failure``): closing goes on regardless.
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def _run(self, gateway: ChatGateway, resolve: MemberResolver, budget: ReadBackBudget) -> None:
        progress = self.progress[gateway.platform]
        next_at = self._monotonic()
        cursor: outbox.Cursor | None = None
        while True:
            page, cursor = await self._page(gateway.platform, cursor)
            for call in page:
                delay = next_at - self._monotonic()
                if delay > 0:
                    await self._sleep(delay)
                next_at = max(next_at, self._monotonic()) + budget.interval
                progress.changed += await self._one(gateway, resolve, call)
                progress.calls += 1
            if cursor is None:
                break
        progress.done, progress.finished = True, self._monotonic()
        log.info(
            "read back %d meeting calls on %s: %d answers changed while the bot was away",
            progress.calls,
            gateway.platform,
            progress.changed,
        )

    async def _one(self, gateway: ChatGateway, resolve: MemberResolver, call: outbox.OpenCall) -> int:
        try:
            changed = await reconcile_call(
                gateway,
                self._store,
                self._clock,
                self._rsvps,
                resolve,
                occurrence_id=call.occurrence_id,
                community_id=call.community_id,
                call=SentMessage(call.channel, call.message),
            )
            # Changed answers have marked the call already; otherwise an edit may still be owed from before.
            if not changed and await self._editor.owed(call.occurrence_id, call.shown_digest):
                self._editor.mark(call.occurrence_id, gateway.platform)
            return changed
        except Exception:
            # One call failing (a database timeout in a burst of reactions) must not end the walk.
            log.exception("reading back the call of occurrence %s failed; going on", call.occurrence_id)
            return 0

    async def _page(
        self, platform: str, cursor: outbox.Cursor | None
    ) -> tuple[list[outbox.OpenCall], outbox.Cursor | None]:
        async with self._store.transaction() as tx:
            return await outbox.calls_to_read_back(
                tx.conn, platform, now=self._clock.now(), after=cursor, limit=self._page_size
            )


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("reading back reactions (%s) failed", task.get_name(), exc_info=task.exception())
