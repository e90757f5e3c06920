"""Fakes of the core's ports, for service tests that need no platform."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.ports import DeliveryError, Destination, Post, ReactionSnapshot, SentMessage


@dataclass
class FakeGateway:
    """Records what the core posts; can refuse the next sends; dedupes by idempotency key like a platform."""

    platform: str = "fake"
    sent: list[tuple[Destination, Post, str]] = field(default_factory=list)
    edits: list[tuple[SentMessage, Post]] = field(default_factory=list)
    failures: list[DeliveryError] = field(default_factory=list)
    reaction_state: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    history_lookups: int = 0

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        if self.failures:
            raise self.failures.pop(0)
        for index, (_, _, key) in enumerate(self.sent):
            if key == idempotency_key:
                return SentMessage("channel", str(index + 1))
        self.sent.append((destination, post, idempotency_key))
        return SentMessage("channel", str(len(self.sent)))

    async def edit(self, message: SentMessage, post: Post) -> None:
        self.edits.append((message, post))

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        self.history_lookups += 1
        for index, (_, post, _) in enumerate(self.sent):
            if post.marker == marker:
                return SentMessage("channel", str(index + 1))
        return None

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        return ReactionSnapshot(self.reaction_state.get(message.message, {}))

    async def display_name(self, user: str) -> str:
        return user

    def kinds(self) -> list[str]:
        return [post.marker.split(":")[2] for _, post, _ in self.sent]
