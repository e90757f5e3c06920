"""In-process publication of events to adapters, after the change they describe is committed."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from bot.events import Event

log = logging.getLogger(__name__)

Subscriber = Callable[[Event], Awaitable[None]]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    async def publish(self, events: Sequence[Event]) -> None:
        """Hand each event to every subscriber; one subscriber failing never stops the others."""
        for event in events:
            for subscriber in self._subscribers:
                try:
                    await subscriber(event)
                except Exception:
                    log.exception("subscriber %r failed on %s", subscriber, type(event).__name__)
