"""Simulated time: move the clock forward through every due instant, in order.

The console and the tests use this instead of timers: ``:time +3d`` lets three days pass, and
each delivery goes out at its own due moment, as it would in real time.
"""

from __future__ import annotations

from datetime import datetime

from bot.clock import SimulatedClock
from bot.delivery.edits import CallEditor
from bot.delivery.worker import DeliveryWorker

# Something due that a round cannot send (say, a platform refusing) must not hang the simulation.
_MAX_ROUNDS_AT_ONE_INSTANT = 100


async def run_until(clock: SimulatedClock, worker: DeliveryWorker, editor: CallEditor, target: datetime) -> None:
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
