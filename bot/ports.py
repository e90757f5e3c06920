"""The chat gateway port: how the core posts, edits, reads back and arranges places on a platform.

Every send carries an idempotency key derived from the outbox row, which the adapter hands to
the platform (Discord nonce, Matrix transaction id) so that a retried send is one message.

The core resolves every destination to the platform's own ids before it calls a gateway (a
section's channel, a member's direct conversation, the user behind a member): a gateway only
translates, and never calls back into the core.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, cast

from bot.replies import Reply


class DestinationKind(enum.StrEnum):
    CHANNEL = "channel"
    DIRECT = "direct"


@dataclass(frozen=True, slots=True)
class Destination:
    """A section's channel, or a direct conversation with one member, on one platform.

    ``channel`` is the platform's id of it, resolved by the core (opened first when needed).
    """

    platform: str
    kind: DestinationKind
    community_id: int
    channel: str
    section_id: int | None = None
    member_id: int | None = None


@dataclass(frozen=True, slots=True)
class SectionPlace:
    """What a platform needs to make a section's channel or room: where it goes, and what it is called."""

    #: The community's own id on the platform: the Discord guild, the Matrix space.
    community: str
    section_id: int
    slug: str
    name: str
    topic: str | None
    #: The central group and the coordinators' section: everyone (or every coordinator) is in them.
    builtin: bool
    #: Its membership is sensitive: the channel or room is seen by its members only (hidden from everyone else on
    #: Discord; invite-only, out of the directory and the space's list on Matrix).
    sensitive: bool = False


@dataclass(frozen=True, slots=True)
class ChannelBinding:
    """A section's channel on a platform, and the role that marks its members there (Discord), if any."""

    channel: str
    role: str | None = None


@dataclass(frozen=True, slots=True)
class ReadBackBudget:
    """How fast a platform's calls may be read back: ``requests_per_second`` None means no limit."""

    requests_per_second: float | None = None
    #: What one read-back costs in requests (Discord: the message and one page of reactors per emoji).
    requests_per_call: int = 1

    @property
    def interval(self) -> float:
        """Seconds between the starts of two read-backs."""
        if self.requests_per_second is None:
            return 0.0
        return self.requests_per_call / self.requests_per_second


@dataclass(frozen=True, slots=True)
class Post:
    """A bot message: neutral content in one locale, the reactions to seed, and a stable marker.

    ``marker`` is also shown or stored on the platform (an embed footer, a custom content key)
    so that a send whose outcome was lost in a crash can be found again in recent history.
    """

    content: Reply
    locale: str
    marker: str
    reactions: tuple[str, ...] = ()
    #: The meeting's start, for platforms that show times in each reader's own zone.
    starts_at: datetime | None = None
    #: The platform's id of the message this answers (a command), for platforms that thread replies.
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class SentMessage:
    channel: str
    message: str


@dataclass(frozen=True, slots=True)
class ReactionSnapshot:
    """Who has which reaction on a message now (platform user ids), the bot's own left out."""

    by_emoji: dict[str, frozenset[str]] = field(default_factory=dict)


class DeliveryError(Exception):
    """The platform did not take the message. ``permanent`` means retrying cannot help."""

    def __init__(self, reason: str, *, permanent: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.permanent = permanent
        self.retry_after = retry_after


#: How many deliveries a gateway may have on their way at once unless it says (``max_in_flight``).
SENDS_IN_FLIGHT = 1


def in_flight(gateway: object) -> int:
    """How many deliveries (or edits) ``gateway`` may have on their way at once: its ``max_in_flight``, or 1."""
    return max(1, int(getattr(gateway, "max_in_flight", SENDS_IN_FLIGHT)))


class FollowsUpLater(Protocol):
    """A gateway that posts a message's reactions apart from it: see ChatGateway."""

    async def follow_up(self, sent: SentMessage, reactions: tuple[str, ...], *, resumed: bool = False) -> None:
        """``reactions`` under ``sent``, in order (``resumed``: after a stop, when some may be there already)."""
        ...


def follows_up_later(gateway: object) -> FollowsUpLater | None:
    """``gateway`` if it posts a message's reactions apart from it (its ``follows_up_later`` is true)."""
    return cast(FollowsUpLater, gateway) if getattr(gateway, "follows_up_later", False) else None


class ChatGateway(Protocol):
    """A platform the core posts on. A gateway whose client queues requests under the platform's rate
    limits may set ``max_in_flight`` above 1: the worker then prepares and sends deliveries to different
    destinations side by side (one destination's stay in order).

    A gateway that sets ``follows_up_later`` posts only the message in ``send`` and its reactions in
    ``follow_up(sent, reactions)`` (FollowsUpLater), which the worker calls afterwards without holding up the
    next deliveries; the message's id is recorded in between, so a stop before the reactions are out is
    completed by ``follow_up(..., resumed=True)`` at the next start. Every other gateway posts the reactions
    in ``send``."""

    platform: str

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        """Post once per key; raise DeliveryError when the platform refuses or is unreachable."""
        ...

    async def edit(self, message: SentMessage, post: Post) -> None: ...

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        """A message with this marker posted since ``since``, if the platform still shows one."""
        ...

    async def reactions(self, message: SentMessage) -> ReactionSnapshot: ...

    async def display_name(self, user: str) -> str:
        """How the platform names a user, for members first seen through a reaction."""
        ...

    async def open_section_channel(self, place: SectionPlace) -> ChannelBinding:
        """Make the section's channel or room (or find one made before a crash); the core keeps the binding."""
        ...

    async def open_direct(self, user: str, name: str) -> str:
        """The one-to-one conversation with ``user`` (named ``name``), opened when there is none yet."""
        ...

    async def add_to_community(self, community: str, user: str) -> None:
        """Let a newly seen member into the community's place (a Matrix space); a no-op where they are in it."""
        ...

    async def set_section_access(
        self, community: str, section: ChannelBinding, user: str, *, member: bool, private: bool = False
    ) -> None:
        """Mirror a section membership: a role granted or removed, an invitation to the room. ``private``: the
        section's place is its members' only (a sensitive section), so someone no longer in the section is taken
        out of it where a lost role does not do that already (Matrix: removed from the room, an invitation
        withdrawn)."""
        ...

    async def set_coordinator(self, community: str, section: ChannelBinding, user: str, *, coordinator: bool) -> None:
        """Let a section's coordinator moderate its channel (a Discord member overwrite with Manage Messages, Matrix
        power level 50 in the room), or take that back; more power given by someone else is left as it is."""
        ...

    async def set_admin(self, community: str, user: str) -> None:
        """Give a community admin moderator power in the community's place (Matrix: level 50 in the space); a no-op
        where the platform decides its admins itself (Discord: the guild's own permissions)."""
        ...

    async def set_section_archived(
        self, place: SectionPlace, section: ChannelBinding, *, archived: bool
    ) -> ChannelBinding:
        """Archive the section's channel (read-only for everyone, moved aside) or restore it; the binding as it is
        afterwards (Discord: the section role is deleted when archived, made anew when restored)."""
        ...

    async def set_section_privacy(
        self, place: SectionPlace, section: ChannelBinding, *, members: frozenset[str] | None = None
    ) -> None:
        """Make the section's channel private to its members when ``place.sensitive`` (Discord: hidden from @everyone,
        seen by its role and the bot; Matrix: invite-only, history from the invitation on, out of the room directory
        and the space's list), or as a normal section's otherwise. Repeating it changes nothing more. ``members``:
        the section's members' user ids on the platform; made private, anyone else still in the place is taken out
        of it where a role does not do that (Matrix: someone who left the section earlier and stayed in the room).
        None: nobody is taken out."""
        ...
