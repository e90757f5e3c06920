"""How many sends the bot has on their way to the homeserver at once, set by what the homeserver answers.

The worker sends to different rooms side by side (one room's deliveries stay in order); this decides how
many of those requests may be out at the same time. It starts at ``most`` and follows the homeserver:
a rate limit (429 ``M_LIMIT_EXCEEDED``) halves it and holds every send until the delay the homeserver
named has passed, so the lanes do not all come back at once and be refused again; each run of accepted
sends as long as the allowance raises it by one again (additive increase, multiplicative decrease, as
TCP does). An account exempt from limits keeps ``most`` in flight; one on Synapse's stock ``rc_message``
(0.2/s, burst 10) soon sends one at a time, at the pace the 429s name.

Some sends can wait (``later``: the seed reactions under a call already posted): they take a turn only when no
other send is waiting or on its way, so that the homeserver, which is what a fan-out waits for, spends itself
on the calls first and the last call of a fan-out is not held up by the reactions under the first ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable

#: Sends in flight at most: Synapse on loopback accepts about twice as many events a second with ten in
#: flight as one after another; more only queue in its database.
MOST_IN_FLIGHT = 10


class Pace:
    def __init__(self, most: int = MOST_IN_FLIGHT, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.most = most
        self.allowed = most
        self._monotonic = monotonic
        self._in_flight = 0
        #: Sends that may not wait (everything but ``later`` ones), waiting for a turn or on their way.
        self._urgent = 0
        self._accepted_in_a_row = 0
        self._resume_at = 0.0
        self._changed = asyncio.Condition()

    @contextlib.asynccontextmanager
    async def turn(self, *, later: bool = False) -> AsyncIterator[None]:
        """Wait for a place among the sends in flight, and for the end of any rate-limit pause; a ``later`` send
        also waits until no other send is waiting or in flight."""
        async with self._changed:
            if not later:
                self._urgent += 1
            try:
                while True:
                    pause = self._resume_at - self._monotonic()
                    if pause <= 0 and self._in_flight < self.allowed and (not later or not self._urgent):
                        break
                    if pause > 0:
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(self._changed.wait(), pause)
                    else:
                        await self._changed.wait()
            except BaseException:
                if not later:
                    self._urgent -= 1
                    self._changed.notify_all()
                raise
            self._in_flight += 1
        try:
            yield
        finally:
            async with self._changed:
                self._in_flight -= 1
                if not later:
                    self._urgent -= 1
                self._changed.notify_all()

    def accepted(self) -> None:
        """A send went through: after as many in a row as are allowed, one more may be in flight."""
        self._accepted_in_a_row += 1
        if self._accepted_in_a_row >= self.allowed and self.allowed < self.most:
            self.allowed += 1
            self._accepted_in_a_row = 0

    def limited(self, delay: float) -> None:
        """The homeserver refused a send for ``delay`` seconds: half as many in flight, nobody sends before."""
        self.allowed = max(1, self.allowed // 2)
        self._accepted_in_a_row = 0
        self._resume_at = max(self._resume_at, self._monotonic() + delay)
