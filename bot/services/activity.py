"""Noting that a member did something (a command), for telling an active coordinator from one gone quiet.

A command carried out is noted in memory and written with the others at the next delivery round (one statement
for all, by the section watch before it looks), not in a transaction of its own: a command costs no extra write.
A note not yet written when the process stops is lost; the next command notes the member again, and a day less
among eight weeks changes nothing the watch decides.
"""

from __future__ import annotations

from datetime import date

from bot.clock import Clock
from bot.domain.models import Member
from bot.storage.repositories import activity
from bot.storage.unit_of_work import Store


class ActivityService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock
        #: The day each member was last noted by this process: written once a day per member at most.
        self._noted: dict[int, date] = {}
        self._pending: set[int] = set()

    def note(self, member: Member) -> None:
        today = self._clock.now().date()
        if self._noted.get(member.id) != today:
            self._noted[member.id] = today
            self._pending.add(member.id)

    async def flush(self) -> None:
        """Write the members noted since the last flush."""
        if not self._pending:
            return
        noted, self._pending = sorted(self._pending), set()
        async with self._store.transaction() as tx:
            await activity.touch_many(tx.conn, noted, self._clock.now())
