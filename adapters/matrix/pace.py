"""How many sends the bot has on their way to the homeserver at once, set by what the homeserver answers.

The worker sends to different rooms side by side (one room's deliveries stay in order); this decides how
many of those requests may be out at the same time. It starts at ``most`` and follows the homeserver:
a rate limit (429 ``M_LIMIT_EXCEEDED``) halves it and holds every send until the delay the homeserver
named has passed, so the lanes do not all come back at once and be refused again; each run of accepted
sends as long as the allowance raises it by one again (additive increase, multiplicative decrease, as
TCP does). An account exempt from limits keeps ``most`` in flight; one on Synapse's stock ``rc_message``
(0.2/s, burst 10) soon sends one at a time, at the pace the 429s name.

Some sends can wait (``later``: the seed reactions under a call already posted): they take a turn only when no
other send is waiting or on its way (nor was a moment ago), so that the homeserver, which is what a fan-out
waits for, spends itself on the calls first and the last call is not held up by the reactions under the first.

Waiting sends queue in two lines, first come first served, and only the one a freed place is for is woken:
a fan-out has thousands of reactions waiting at once, and waking them all at every answer would cost more
than the sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import AsyncIterator, Callable

#: Sends in flight at most: Synapse on loopback accepts about twice as many events a second with ten in
#: flight as one after another; more only queue in its database.
MOST_IN_FLIGHT = 10
#: How long after the last other send a ``later`` one may start: the worker's moment between two batches of
#: calls (a claim, a call composed) is no opening for the reactions, which would then hold up the next calls.
LATER_AFTER_S = 0.05


class Pace:
    def __init__(
        self,
        most: int = MOST_IN_FLIGHT,
        *,
        later_after: float = LATER_AFTER_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.most = most
        self._later_after = later_after
        self.allowed = most
        self._monotonic = monotonic
        self._in_flight = 0
        #: Of those in flight, the sends that may not wait.
        self._urgent_in_flight = 0
        self._accepted_in_a_row = 0
        self._resume_at = 0.0
        #: When the last send that may not wait was done.
        self._urgent_done_at = -later_after
        #: Sends waiting for a place, in order: those that may not wait, and the ``later`` ones.
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._later: deque[asyncio.Future[None]] = deque()
        self._wake_later: asyncio.TimerHandle | None = None

    @contextlib.asynccontextmanager
    async def turn(self, *, later: bool = False) -> AsyncIterator[None]:
        """Wait for a place among the sends in flight, and for the end of any rate-limit pause; a ``later`` send
        also waits until no other send is waiting or in flight, and none has been for ``later_after`` seconds."""
        await self._place(later)
        try:
            yield
        finally:
            self._leave(later)
            self._wake()

    async def _place(self, later: bool) -> None:
        line = self._later if later else self._urgent
        if not self._urgent and not (later and self._later) and self._free(later):
            self._enter(later)
            return
        waiting: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        line.append(waiting)
        self._wake()  # a pause may need its timer
        try:
            await waiting
        except asyncio.CancelledError:
            if waiting.done() and not waiting.cancelled():  # given a place just as it was given up
                self._leave(later)
                self._wake()
            else:
                with contextlib.suppress(ValueError):
                    line.remove(waiting)
                self._wake()  # a later send may have waited only for this one
            raise

    def _free(self, later: bool) -> bool:
        now = self._monotonic()
        if self._resume_at > now or self._in_flight >= self.allowed:
            return False
        return not later or (self._no_urgent_work() and now - self._urgent_done_at >= self._later_after)

    def _no_urgent_work(self) -> bool:
        return not self._urgent and not self._urgent_in_flight

    def _enter(self, later: bool) -> None:
        self._in_flight += 1
        if not later:
            self._urgent_in_flight += 1

    def _leave(self, later: bool) -> None:
        self._in_flight -= 1
        if not later:
            self._urgent_in_flight -= 1
            self._urgent_done_at = self._monotonic()

    def _wake(self) -> None:
        """Give the places free now to the first in line: those that may not wait before the later ones."""
        now = self._monotonic()
        if self._resume_at > now:
            if self._urgent or self._later:
                self._wake_after(self._resume_at - now)
            return
        while self._in_flight < self.allowed:
            if self._urgent:
                line, later = self._urgent, False
            elif self._later and self._no_urgent_work():
                quiet_for = now - self._urgent_done_at
                if quiet_for < self._later_after:
                    self._wake_after(self._later_after - quiet_for)
                    return
                line, later = self._later, True
            else:
                return
            waiting = line.popleft()
            if waiting.done():  # given up while it waited
                continue
            self._enter(later)
            waiting.set_result(None)

    def _wake_after(self, delay: float) -> None:
        if self._wake_later is None:
            self._wake_later = asyncio.get_running_loop().call_later(delay, self._woken)

    def _woken(self) -> None:
        self._wake_later = None
        self._wake()

    def accepted(self) -> None:
        """A send went through: after as many in a row as are allowed, one more may be in flight."""
        self._accepted_in_a_row += 1
        if self._accepted_in_a_row >= self.allowed and self.allowed < self.most:
            self.allowed += 1
            self._accepted_in_a_row = 0
            self._wake()

    def limited(self, delay: float) -> None:
        """The homeserver refused a send for ``delay`` seconds: half as many in flight, nobody sends before."""
        self.allowed = max(1, self.allowed // 2)
        self._accepted_in_a_row = 0
        self._resume_at = max(self._resume_at, self._monotonic() + delay)
