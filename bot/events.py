"""Neutral events the core emits after a change, for adapters to mirror on their platform.

An adapter may, say, create a channel when a section becomes active, or grant a role and
invite to a room when someone joins. The database already holds the truth when these go out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SectionActivated:
    community_id: int
    section_id: int


@dataclass(frozen=True, slots=True)
class SectionArchived:
    community_id: int
    section_id: int


@dataclass(frozen=True, slots=True)
class MembershipChanged:
    """``joined`` False means the member left (or was removed from) the section."""

    community_id: int
    section_id: int
    member_id: int
    joined: bool


@dataclass(frozen=True, slots=True)
class CoordinatorChanged:
    """The member started or stopped coordinating a section, or a section they coordinate opened or closed (or
    accounts were merged into theirs): their next coordinator's digest may need queuing."""

    community_id: int
    member_id: int


@dataclass(frozen=True, slots=True)
class MemberErased:
    """Nothing is kept of the member any more: forget what is held of them in memory too."""

    community_id: int
    member_id: int


@dataclass(frozen=True, slots=True)
class MeetingChanged:
    """Answers, agenda, time or status of an occurrence changed: its meeting calls need an edit."""

    occurrence_id: int


@dataclass(frozen=True, slots=True)
class CallPosted:
    """A meeting call is on a platform now. Reactions made while it was being posted (before its
    message id was known) are read back once, so no early answer is missed — unless the platform can
    tell there were none (``ChatGateway.may_have_missed_reactions``, for a call sent by this process:
    ``first_attempt``; one sent again after a restart may have had reactions the process before missed)."""

    occurrence_id: int
    community_id: int
    platform: str
    channel: str
    message: str
    first_attempt: bool = False


@dataclass(frozen=True, slots=True)
class ChannelBound:
    """A section was bound to another channel on a platform (``section bind``)."""

    section_id: int
    platform: str


@dataclass(frozen=True, slots=True)
class DeliveriesQueued:
    """Something was queued for now: wake the delivery worker instead of waiting for its timer."""


Event = (
    SectionActivated
    | SectionArchived
    | MembershipChanged
    | CoordinatorChanged
    | MemberErased
    | MeetingChanged
    | CallPosted
    | ChannelBound
    | DeliveriesQueued
)
