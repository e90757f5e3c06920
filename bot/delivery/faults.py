"""Named points where a test may kill the process, to prove a crash there loses and repeats nothing.

Off unless NETGROUPS_CRASH_AT names a point (read once, by the composition root), optionally narrowed to one kind
of delivery (``after-send:announcement``: a bot on a real clock has other deliveries to make too, and sends to
different rooms side by side). Killing with SIGKILL is the point: no clean-up, no flush, exactly what a power cut
or OOM kill does.
"""

from __future__ import annotations

import logging
import os
import signal

log = logging.getLogger(__name__)


class FaultPoints:
    def __init__(self, crash_at: str | None = None, *, after: int = 1) -> None:
        self._crash_at = crash_at
        self._remaining = after

    @classmethod
    def from_environment(cls) -> FaultPoints:
        crash_at = os.environ.get("NETGROUPS_CRASH_AT") or None
        return cls(crash_at, after=int(os.environ.get("NETGROUPS_CRASH_AFTER", "1")))

    def reached(self, point: str, kind: str | None = None) -> None:
        if self._crash_at not in (point, f"{point}:{kind}"):
            return
        self._remaining -= 1
        if self._remaining <= 0:
            log.warning("fault point %s reached: killing this process", point)
            os.kill(os.getpid(), signal.SIGKILL)


NO_FAULTS = FaultPoints()
