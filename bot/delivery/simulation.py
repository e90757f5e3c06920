"""Simulated time: move the clock forward through every due instant, in order.

The console and the tests use this instead of timers: ``:time +3d`` lets three days pass, and
each delivery goes out at its own due moment, as it would in real time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import SimulatedClock
from bot.delivery.edits import CallEditor
from bot.delivery.worker import DeliveryWorker
from bot.domain.when import DateWindow
from bot.events import CoordinatorChanged, DeliveriesQueued, Event, MeetingChanged

# Something due that a round cannot send (say, a platform refusing) must not hang the simulation.
_MAX_ROUNDS_AT_ONE_INSTANT = 100


async def run_until(
    clock: SimulatedClock, worker: DeliveryWorker, editor: CallEditor, target: datetime, *, tick_first: bool = True
) -> None:
    """Tick at the clock's instant (unless not ``tick_first``), at each due instant up to ``target``, and at it."""
    if tick_first:
        await worker.tick()
    await editor.flush()
    stalled = 0
    while stalled < _MAX_ROUNDS_AT_ONE_INSTANT:
        candidates = [when for when in (await worker.next_due(), await editor.flush()) if when is not None]
        upcoming = min(candidates) if candidates else None
        if upcoming is None or upcoming > target:
            break
        stalled = stalled + 1 if upcoming <= clock.now() else 0
        clock.set(max(upcoming, clock.now()))
        await worker.tick()
    clock.set(max(target, clock.now()))
    await worker.tick()
    await editor.flush()


class Simulation:
    """Simulated time for the console: the clock, and deliveries sent as it moves.

    Knows whether anything may be due (something was queued, a call waits for its edit), so that a
    command which changed nothing of the kind costs no delivery round. And where it last ticked: time moved on
    from the instant of its last tick, with nothing written since (the store's ``generation``), starts without
    ticking there again (``:time`` after ``:time``, a day at a time, ticked twice at each stop).
    """

    def __init__(
        self,
        clock: SimulatedClock,
        worker: DeliveryWorker,
        editor: CallEditor,
        reconciled: Callable[[], Awaitable[None]],
        generation: Callable[[], int] | None = None,
    ) -> None:
        self.clock = clock
        self._worker = worker
        self._editor = editor
        self._reconciled = reconciled
        self._work_waiting = True
        self._generation = generation
        #: The instant of the last tick, and the store's generation once it and its edits were done.
        self._ticked: tuple[datetime, int] | None = None

    async def on_event(self, event: Event) -> None:
        # A new coordinator's first digest is queued by a delivery round too.
        if isinstance(event, (DeliveriesQueued, MeetingChanged, CoordinatorChanged)):
            self._work_waiting = True

    async def advance(self, target: datetime) -> None:
        """Let time pass to ``target``: every delivery due on the way goes out at its own moment."""
        self._work_waiting = False
        again = self._generation is None or self._ticked != (self.clock.now(), self._generation())
        self._ticked = None
        await run_until(self.clock, self._worker, self._editor, target, tick_first=again)
        if self._generation is not None:
            self._ticked = (self.clock.now(), self._generation())
        self._work_waiting = self._editor.pending

    def window(self, zone: str) -> DateWindow:
        """The dates time may be moved to: those a user may type, around the clock's today in ``zone``."""
        return DateWindow.around(self.clock.now().astimezone(ZoneInfo(zone)).date())

    async def settle(self) -> None:
        """Send what is due now, if anything may be."""
        if self._work_waiting:
            await self.advance(self.clock.now())

    async def reconciled(self) -> None:
        """Until the answers given while the bot was away have been read back."""
        await self._reconciled()
