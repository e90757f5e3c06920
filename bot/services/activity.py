"""Noting that a member did something (a command), for telling an active coordinator from one gone quiet."""

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
        #: The day each member's command was last noted by this process: one write a day per member at most.
        self._noted: dict[int, date] = {}

    async def note(self, member: Member) -> None:
        now = self._clock.now()
        if self._noted.get(member.id) == now.date():
            return
        async with self._store.transaction() as tx:
            await activity.touch(tx.conn, member.id, now)
        self._noted[member.id] = now.date()
