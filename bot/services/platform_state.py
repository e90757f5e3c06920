"""What adapters remember across restarts, and the login budget that stops a crash loop.

Discord resets a bot's token after 1,000 IDENTIFYs in 24 hours; a process that crashes at start
and is restarted by its supervisor could burn through that in an hour. Every login is recorded
here, and a login beyond the budget waits instead.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.storage.repositories import platform_state
from bot.storage.unit_of_work import Store

LOGINS_PER_DAY = 30
_FREE_LOGINS = 5


class PlatformStateService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def get(self, platform: str, key: str) -> str | None:
        async with self._store.transaction() as tx:
            return await platform_state.get(tx.conn, platform, key)

    async def put(self, platform: str, key: str, value: str) -> None:
        await self.put_many(platform, {key: value})

    async def put_many(self, platform: str, values: dict[str, str]) -> None:
        """Keep several values in one transaction (one commit)."""
        async with self._store.transaction() as tx:
            for key, value in values.items():
                await platform_state.put(tx.conn, platform, key, value, self._clock.now())

    async def forget_older(self, platform: str, prefix: str, age: timedelta) -> int:
        """Forget the values under keys starting with ``prefix`` not written for ``age``; returns how many."""
        async with self._store.transaction() as tx:
            return await platform_state.delete_older(tx.conn, platform, prefix, self._clock.now() - age)

    async def login_delay(self, platform: str) -> timedelta:
        """How long to wait before logging in again, given the logins of the last 24 hours."""
        recent = await self._recent_logins(platform)
        if len(recent) >= LOGINS_PER_DAY:
            return recent[0] + timedelta(days=1) - self._clock.now()
        if len(recent) < _FREE_LOGINS:
            return timedelta(0)
        # Exponential backoff after a few quick restarts: 30 s, 1 min, 2 min … at most 1 hour.
        delay = timedelta(seconds=30 * 2 ** (len(recent) - _FREE_LOGINS))
        return max(timedelta(0), min(delay, timedelta(hours=1)) - (self._clock.now() - recent[-1]))

    async def record_login(self, platform: str) -> None:
        recent = [*await self._recent_logins(platform), self._clock.now()]
        await self.put(platform, "logins", json.dumps([moment.isoformat() for moment in recent]))

    async def _recent_logins(self, platform: str) -> list[datetime]:
        stored = await self.get(platform, "logins")
        moments = [datetime.fromisoformat(text) for text in json.loads(stored)] if stored else []
        since = self._clock.now() - timedelta(days=1)
        return sorted(moment for moment in moments if moment > since)
