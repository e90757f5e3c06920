"""Keeps meeting calls up to date, at most one edit per message every 2 seconds.

Answers can arrive in bursts (a whole section reacting after the call); each edit costs a
request against the platform's rate limit, so changes are coalesced: the first edit goes out
at once, later ones wait until 2 s have passed and then carry every change since.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.delivery import compose
from bot.domain.delivery import Delivery, Kind
from bot.events import Event, MeetingChanged
from bot.ports import ChatGateway, DeliveryError, Post, SentMessage
from bot.storage.repositories import outbox
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

MIN_EDIT_INTERVAL = timedelta(seconds=2)


class CallEditor:
    def __init__(self, store: Store, clock: Clock, gateways: Mapping[str, ChatGateway]) -> None:
        self._store = store
        self._clock = clock
        self._gateways = gateways
        #: Occurrences whose calls need an edit, per platform: each platform's edits are flushed on their own,
        #: so a platform that is down or slow holds up no other's.
        self._dirty: dict[str, set[int]] = {}
        self._last_edit: dict[tuple[str, str], datetime] = {}
        self.edits = 0

    async def on_event(self, event: Event) -> None:
        if isinstance(event, MeetingChanged):
            self.mark(event.occurrence_id)

    def mark(self, occurrence_id: int) -> None:
        for platform in self._gateways:
            self._dirty.setdefault(platform, set()).add(occurrence_id)

    @property
    def pending(self) -> bool:
        return any(self._dirty.values())

    async def flush(self, platforms: tuple[str, ...] | None = None) -> datetime | None:
        """Edit every call (on ``platforms``, default all) whose turn has come; return when the next waiting
        edit may go, if any."""
        chosen = tuple(self._dirty) if platforms is None else platforms
        waiting = [await self._flush(platform) for platform in chosen]
        return min((when for when in waiting if when is not None), default=None)

    async def _flush(self, platform: str) -> datetime | None:
        now = self._clock.now()
        waiting_until: datetime | None = None
        dirty = self._dirty.get(platform, set())
        for occurrence_id in sorted(dirty):
            async with self._store.transaction() as tx:
                calls = await outbox.sent_of_occurrence(tx.conn, occurrence_id, Kind.CALL)
            still_dirty = False
            for call in calls:
                if call.platform != platform or platform not in self._gateways or call.external_message is None:
                    continue
                key = (call.platform, call.external_message)
                ready_at = self._last_edit.get(key, now - MIN_EDIT_INTERVAL) + MIN_EDIT_INTERVAL
                if ready_at > now:
                    still_dirty = True
                    waiting_until = min(waiting_until or ready_at, ready_at)
                    continue
                if await self._edit(call):
                    self._last_edit[key] = now
                else:
                    still_dirty = True
                    waiting_until = min(waiting_until or now + MIN_EDIT_INTERVAL, now + MIN_EDIT_INTERVAL)
            if not still_dirty:
                dirty.discard(occurrence_id)
        return waiting_until

    async def _edit(self, call: Delivery) -> bool:
        assert call.occurrence_id is not None
        assert call.external_channel is not None
        assert call.external_message is not None
        async with self._store.transaction() as tx:
            details = await compose.load_details(tx.conn, call.occurrence_id)
        post = Post(
            compose.call_content(details),
            details.community.locale,
            call.marker,
            reactions=compose.SEED_REACTIONS,
            starts_at=details.occurrence.start_at,
        )
        try:
            await self._gateways[call.platform].edit(SentMessage(call.external_channel, call.external_message), post)
        except DeliveryError as refusal:  # the platform is down or refusing for now: expected, not a bug
            log.warning("editing the meeting call %s failed; will try again: %s", call.id, refusal)
            return False
        except Exception:
            log.exception("editing the meeting call %s failed; will try again", call.id)
            return False
        self.edits += 1
        return True
