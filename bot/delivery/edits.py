"""Keeps meeting calls up to date, at most one edit per message every 2 seconds.

Answers can arrive in bursts (a whole section reacting after the call); each edit costs a
request against the platform's rate limit, so changes are coalesced: the first edit goes out
at once, later ones wait until 2 s have passed and then carry every change since.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.delivery import compose
from bot.domain.delivery import Delivery, Kind
from bot.events import Event, MeetingChanged
from bot.ports import ChatGateway, DeliveryError, Post, SentMessage, in_flight
from bot.replies import Reply
from bot.replies_codec import encode_reply
from bot.storage.repositories import outbox
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

MIN_EDIT_INTERVAL = timedelta(seconds=2)


class CallEditor:
    def __init__(
        self, store: Store, clock: Clock, gateways: Mapping[str, ChatGateway], *, web_base_url: str | None = None
    ) -> None:
        self._store = store
        #: Where the public pages are (calls then carry calendar links), None when they are off.
        self._web = web_base_url
        self._clock = clock
        self._gateways = gateways
        #: Occurrences whose calls need an edit, per platform: each platform's edits are flushed on their own,
        #: so a platform that is down or slow holds up no other's.
        self._dirty: dict[str, set[int]] = {}
        self._last_edit: dict[tuple[str, str], datetime] = {}
        self.edits = 0

    async def on_event(self, event: Event) -> None:
        # (What a call shows when posted is written by the worker, with the post, in the commit that records it.)
        if isinstance(event, MeetingChanged):
            self.mark(event.occurrence_id)

    async def owed(self, occurrence_id: int, shown_digest: str | None) -> bool:
        """Whether a call shows other than what it should (an edit lost with the process that owed it).

        Unknown (None: sent before digests were kept) counts as up to date: editing every such call
        once after an upgrade would cost as much as the start-up this is meant to spare.
        """
        if shown_digest is None:
            return False
        async with self._store.transaction() as tx:
            details = await compose.load_details(tx.conn, occurrence_id)
        return digest(compose.call_content(details, self._web)) != shown_digest

    def mark(self, occurrence_id: int, platform: str | None = None) -> None:
        """The meeting's calls need an edit: on ``platform`` only, or (None) on every platform."""
        for each in self._gateways if platform is None else (platform,):
            self._dirty.setdefault(each, set()).add(occurrence_id)

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
        """The calls of several meetings are edited side by side, as many at once as the platform's gateway lets
        deliveries be on their way (``max_in_flight``); each call's own edits stay 2 s apart."""
        now = self._clock.now()
        dirty = self._dirty.get(platform, set())
        chosen = sorted(dirty)
        # Unmarked before the answers are read: an answer stored while an edit is on its way marks it again.
        dirty.difference_update(chosen)
        slots = asyncio.Semaphore(in_flight(self._gateways.get(platform)))

        async def one(occurrence_id: int) -> datetime | None:
            async with slots:
                return await self._flush_occurrence(platform, occurrence_id, now, dirty)

        waiting = await asyncio.gather(*(one(occurrence_id) for occurrence_id in chosen))
        return min((when for when in waiting if when is not None), default=None)

    async def _flush_occurrence(
        self, platform: str, occurrence_id: int, now: datetime, dirty: set[int]
    ) -> datetime | None:
        """Edit the meeting's calls on ``platform`` whose turn has come; when the next may go, if one waits."""
        waiting_until: datetime | None = None
        async with self._store.transaction() as tx:
            calls = await outbox.posted_of_occurrence(tx.conn, occurrence_id, Kind.CALL)
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
            taken_at = await self._edit(call)
            if taken_at is not None:
                self._last_edit[key] = taken_at
            else:
                still_dirty = True
                waiting_until = min(waiting_until or now + MIN_EDIT_INTERVAL, now + MIN_EDIT_INTERVAL)
        if still_dirty:
            dirty.add(occurrence_id)
        return waiting_until

    async def _edit(self, call: Delivery) -> datetime | None:
        """Edit the call; the instant the platform took the edit (the 2 s count from there: a platform that
        is slow to answer in a burst would otherwise show two edits closer together), or None when refused."""
        assert call.occurrence_id is not None
        assert call.external_channel is not None
        assert call.external_message is not None
        async with self._store.transaction() as tx:
            details = await compose.load_details(tx.conn, call.occurrence_id)
        post = Post(
            compose.call_content(details, self._web),
            details.community.locale,
            call.marker,
            reactions=compose.SEED_REACTIONS,
            starts_at=details.occurrence.start_at,
        )
        try:
            await self._gateways[call.platform].edit(SentMessage(call.external_channel, call.external_message), post)
        except DeliveryError as refusal:  # the platform is down or refusing for now: expected, not a bug
            log.warning("editing the meeting call %s failed; will try again: %s", call.id, refusal)
            return None
        except Exception:
            log.exception("editing the meeting call %s failed; will try again", call.id)
            return None
        taken_at = self._clock.now()
        self.edits += 1
        async with self._store.transaction() as tx:
            await outbox.set_shown_digest(tx.conn, call.platform, call.external_message, digest(post.content))
        return taken_at


def digest(content: Reply) -> str:
    return hashlib.sha256(encode_reply(content).encode()).hexdigest()
