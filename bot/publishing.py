"""The public face of the core, in neutral values: what a section page, a community index, a calendar feed or
an Atom feed shows. The web adapter (adapters/web) renders these; it reaches them through
``Inbound.publishing`` (a ``bot.services.publishing.PublishingService``) and never reads the database itself.

Only what is public is here: active sections that are not sensitive (nor the coordinators' own), coordinators
who chose to be named, memos posted ``public:yes``, meetings with their time, place and agenda. Nobody's answer
or name otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.models import Community


@dataclass(frozen=True, slots=True)
class MeetingView:
    #: In the series' zone.
    start: datetime
    end: datetime
    timezone: str
    place: str
    cancelled: bool
    #: Agenda lines, already in the page's language ("Welcome (5 min)"); empty before the meeting is planned.
    agenda: tuple[str, ...] = ()
    #: The id of the planned meeting (its own calendar file), None when the rule alone gives it so far.
    occurrence_id: int | None = None


@dataclass(frozen=True, slots=True)
class MemoView:
    id: int
    posted_at: datetime
    body: str
    meeting_start: datetime | None


@dataclass(frozen=True, slots=True)
class SectionView:
    slug: str
    #: The section's name in the page's language (the central group has a localised one).
    name: str
    purpose: str
    description: str
    next_meeting: MeetingView | None = None


@dataclass(frozen=True, slots=True)
class JoinWays:
    """How a newcomer gets in: the command to type, and where (a Discord invite, a Matrix room)."""

    command: str
    discord_invite: str | None = None
    matrix_room: str | None = None


@dataclass(frozen=True, slots=True)
class SectionPage:
    community: Community
    section: SectionView
    coordinators: tuple[str, ...]
    meetings: tuple[MeetingView, ...]
    memos: tuple[MemoView, ...]
    join: JoinWays
    #: Changes whenever what the page shows may have changed (an ETag).
    version: str = ""


@dataclass(frozen=True, slots=True)
class CommunityPage:
    community: Community
    sections: tuple[SectionView, ...] = field(default_factory=tuple)
    version: str = ""


@dataclass(frozen=True, slots=True)
class CalendarFile:
    """An iCalendar document and what an HTTP cache needs of it."""

    body: bytes
    etag: str
    #: When its content last changed as far as the core knows (seconds; no finer for Last-Modified).
    modified: datetime


@dataclass(frozen=True, slots=True)
class CalendarLinks:
    """A member's own calendar address and those of their sections (``calendar`` answers with them)."""

    personal: str
    all_sections: bool
    sections: tuple[tuple[str, str], ...] = ()


# --- addresses: the core writes links with these, the web adapter serves them --------------------------


def community_path(community_id: int) -> str:
    return f"/c/{community_id}/"


def community_feed_path(community_id: int) -> str:
    return f"/c/{community_id}/calendar.ics"


def section_path(community_id: int, slug: str) -> str:
    return f"/c/{community_id}/s/{slug}/"


def section_feed_path(community_id: int, slug: str) -> str:
    return f"/c/{community_id}/s/{slug}/calendar.ics"


def atom_path(community_id: int, slug: str) -> str:
    return f"/c/{community_id}/s/{slug}/atom.xml"


def embed_path(community_id: int, slug: str) -> str:
    return f"/c/{community_id}/s/{slug}/embed"


def meeting_feed_path(community_id: int, occurrence_id: int) -> str:
    return f"/c/{community_id}/m/{occurrence_id}.ics"


def personal_feed_path(token: str) -> str:
    return f"/me/{token}.ics"
