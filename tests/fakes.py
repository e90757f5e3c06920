"""Fakes of the core's ports, for service tests that need no platform."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.ports import ChannelBinding, DeliveryError, Destination, Post, ReactionSnapshot, SectionPlace, SentMessage


class SimplePlaces:
    """The gateway port's places for fakes that only post: a channel per section named after it, a direct
    conversation per user, nothing to grant."""

    async def open_section_channel(self, place: SectionPlace) -> ChannelBinding:
        return ChannelBinding(f"#{place.slug}")

    async def open_direct(self, user: str, name: str) -> str:
        return f"@{user}"

    async def add_to_community(self, community: str, user: str) -> None:
        return None

    async def set_section_access(
        self, community: str, section: ChannelBinding, user: str, *, member: bool, private: bool = False
    ) -> None:
        return None

    async def set_coordinator(self, community: str, section: ChannelBinding, user: str, *, coordinator: bool) -> None:
        return None

    async def set_admin(self, community: str, user: str) -> None:
        return None

    async def set_section_archived(
        self, place: SectionPlace, section: ChannelBinding, *, archived: bool
    ) -> ChannelBinding:
        return section

    async def set_section_privacy(
        self, place: SectionPlace, section: ChannelBinding, *, members: frozenset[str] | None = None
    ) -> None:
        return None


@dataclass
class FakeGateway:
    """Records what the core posts; can refuse the next sends; dedupes by idempotency key like a platform."""

    platform: str = "fake"
    sent: list[tuple[Destination, Post, str]] = field(default_factory=list)
    edits: list[tuple[SentMessage, Post]] = field(default_factory=list)
    failures: list[DeliveryError] = field(default_factory=list)
    reaction_state: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    history_lookups: int = 0
    #: Memberships mirrored, in order: (section channel, user, member).
    access: list[tuple[str, str, bool]] = field(default_factory=list)
    #: Moderation mirrored, in order: (section channel or community, user, moderates).
    moderation: list[tuple[str, str, bool]] = field(default_factory=list)
    #: Section channels archived (True) or restored (False), in order, with the role they had before.
    archived: list[tuple[str, str | None, bool]] = field(default_factory=list)
    #: Section channels made private (True) or open (False), in order, with the role that sees them.
    privacy: list[tuple[str, str | None, bool]] = field(default_factory=list)
    #: The places of the section channels made, in order.
    opened: list[SectionPlace] = field(default_factory=list)

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

    async def open_section_channel(self, place: SectionPlace) -> ChannelBinding:
        self.opened.append(place)
        return ChannelBinding(f"#{place.slug}", role=f"role-{place.slug}")

    async def open_direct(self, user: str, name: str) -> str:
        return f"@{user}"

    async def add_to_community(self, community: str, user: str) -> None:
        self.access.append((community, user, True))

    async def set_section_access(
        self, community: str, section: ChannelBinding, user: str, *, member: bool, private: bool = False
    ) -> None:
        self.access.append((section.channel, user, member))

    async def set_coordinator(self, community: str, section: ChannelBinding, user: str, *, coordinator: bool) -> None:
        self.moderation.append((section.channel, user, coordinator))

    async def set_admin(self, community: str, user: str) -> None:
        self.moderation.append((community, user, True))

    async def set_section_archived(
        self, place: SectionPlace, section: ChannelBinding, *, archived: bool
    ) -> ChannelBinding:
        """Like Discord: the section's role is deleted when archived and made anew (another id) when restored."""
        self.archived.append((section.channel, section.role, archived))
        if archived:
            return ChannelBinding(section.channel)
        return ChannelBinding(section.channel, section.role or f"role-{place.slug}-{len(self.archived)}")

    async def set_section_privacy(
        self, place: SectionPlace, section: ChannelBinding, *, members: frozenset[str] | None = None
    ) -> None:
        self.privacy.append((section.channel, section.role, place.sensitive))

    def kinds(self) -> list[str]:
        return [post.marker.split(":")[2] for _, post, _ in self.sent]
