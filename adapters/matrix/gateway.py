"""The ChatGateway port on Matrix, through matrix-nio.

Sends use a transaction id derived from the outbox row on a device that never changes, so a
send repeated after a crash is one event (Synapse remembers transaction ids for about a day).
nio returns error objects instead of raising: they become DeliveryError here.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from nio import AsyncClient, MessageDirection, RoomMessagesResponse, RoomSendError, RoomSendResponse
from nio.api import RelationshipType  # not exported from nio itself

from adapters.matrix.render import MARKER_KEY, notice, replacement
from bot.commands.context import Services
from bot.ports import DeliveryError, Destination, Post, ReactionSnapshot, SentMessage

log = logging.getLogger(__name__)

PLATFORM = "matrix"
_HISTORY_LOOKBACK = 50


def raise_for(response: object, what: str) -> None:
    """nio answers errors with objects; a rate limit carries how long to wait."""
    if isinstance(response, RoomSendError) or type(response).__name__.endswith("Error"):
        status = getattr(response, "status_code", None)
        retry_after_ms = getattr(response, "retry_after_ms", None)
        message = getattr(response, "message", str(response))
        if status == "M_LIMIT_EXCEEDED":
            raise DeliveryError(f"{what}: rate limited", retry_after=(retry_after_ms or 1000) / 1000)
        permanent = status in ("M_FORBIDDEN", "M_NOT_FOUND", "M_UNKNOWN_TOKEN", "M_BAD_JSON")
        raise DeliveryError(f"{what}: {status} {message}", permanent=permanent)


class MatrixGateway:
    platform = PLATFORM

    def __init__(
        self,
        client: AsyncClient,
        services: Services,
        section_room: Callable[[int], Awaitable[str]],
        direct_room: Callable[[int], Awaitable[str]],
        prefix: str,
    ) -> None:
        self._client = client
        self._services = services
        self._section_room = section_room
        self._direct_room = direct_room
        self._prefix = prefix

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        room = await self._room_for(destination)
        content = notice(self._services.translator, post.locale, post.content, prefix=self._prefix, marker=post.marker)
        event_id = await self._send(room, "m.room.message", content, idempotency_key)
        for index, emoji in enumerate(post.reactions):
            reaction = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": emoji}}
            await self._send(room, "m.reaction", reaction, f"{idempotency_key}-r{index}")
        return SentMessage(room, event_id)

    async def edit(self, message: SentMessage, post: Post) -> None:
        content = notice(self._services.translator, post.locale, post.content, prefix=self._prefix, marker=post.marker)
        await self._send(message.channel, "m.room.message", replacement(message.message, content), None)

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        room = await self._room_for(destination)
        response = await self._client.room_messages(
            room, start=None, direction=MessageDirection.back, limit=_HISTORY_LOOKBACK
        )
        if not isinstance(response, RoomMessagesResponse):
            raise_for(response, "reading history")
            return None
        for event in response.chunk:
            source: dict[str, Any] = getattr(event, "source", {})
            if source.get("sender") == self._client.user_id and source.get("content", {}).get(MARKER_KEY) == marker:
                return SentMessage(room, source["event_id"])
        return None

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        found: dict[str, set[str]] = {}
        async for event in self._client.room_get_event_relations(
            message.channel, message.message, rel_type=RelationshipType.annotation
        ):
            source: dict[str, Any] = getattr(event, "source", {})
            key = source.get("content", {}).get("m.relates_to", {}).get("key")
            sender = source.get("sender")
            if key and sender and sender != self._client.user_id:
                found.setdefault(key, set()).add(sender)
        return ReactionSnapshot({key: frozenset(users) for key, users in found.items()})

    async def display_name(self, user: str) -> str:
        response = await self._client.get_displayname(user)
        return getattr(response, "displayname", None) or user.split(":", maxsplit=1)[0].lstrip("@")

    async def _room_for(self, destination: Destination) -> str:
        if destination.member_id is not None:
            return await self._direct_room(destination.member_id)
        assert destination.section_id is not None
        return await self._section_room(destination.section_id)

    async def _send(self, room: str, event_type: str, content: dict[str, Any], txn: str | None) -> str:
        try:
            response = await self._client.room_send(
                room, event_type, content, tx_id=txn, ignore_unverified_devices=True
            )
        except (TimeoutError, OSError) as problem:
            raise DeliveryError(f"homeserver unreachable: {type(problem).__name__}") from None
        if not isinstance(response, RoomSendResponse):
            raise_for(response, f"sending {event_type}")
            raise DeliveryError(f"sending {event_type}: unexpected answer {type(response).__name__}")
        return str(response.event_id)
