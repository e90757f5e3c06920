"""What each delivery says, composed from the database at the moment it is sent or edited.

A meeting call is rendered from the current agenda and answers, so an edit after a reaction
and the first send go through the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.agenda import AgendaItem, AgendaKind, AgendaStatus
from bot.domain.meetings import RSVP_REACTIONS, Answer, Memo, Occurrence, RsvpCounts, Series
from bot.domain.models import Community, Member, Profile, Section, SectionKind
from bot.domain.text import quote_bot_lines
from bot.publishing import meeting_feed_path, section_feed_path
from bot.replies import Listing, Msg, Reply, msg, reply
from bot.services import what_works
from bot.services.what_works import moment_of_call
from bot.storage.repositories import agenda, communities, meetings, members, memos, rsvps, sections

_Row = TypeVar("_Row", Series, Section, Community)


@dataclass(frozen=True, slots=True)
class MeetingDetails:
    community: Community
    section: Section
    series: Series
    occurrence: Occurrence
    counts: RsvpCounts
    coming: list[tuple[Member, Profile | None]]
    maybe: list[Member]
    items: list[AgendaItem]
    #: For the coordinators' meeting: the sections whose attendance rose, named with their consent.
    what_works: tuple[Section, ...] = ()

    @property
    def local_start(self) -> datetime:
        return self.occurrence.start_at.astimezone(ZoneInfo(self.series.timezone))

    @property
    def place(self) -> str:
        return self.occurrence.place or self.series.place


async def load_details(
    conn: AsyncConnection,
    occurrence_id: int,
    *,
    occurrence: Occurrence | None = None,
    known: Sequence[Series | Section | Community] = (),
) -> MeetingDetails:
    """Everything a post about the occurrence shows. ``occurrence`` and ``known`` (its series, section or
    community, as just read in this transaction) save reading them again: a command's latency is mostly
    its number of statements."""
    if occurrence is None:
        occurrence = await meetings.get_occurrence(conn, occurrence_id)
    series = _known(known, Series, occurrence.series_id) or await meetings.get_series(conn, occurrence.series_id)
    section = _known(known, Section, series.section_id) or await sections.get(conn, series.section_id)
    community = _known(known, Community, section.community_id) or await communities.get(conn, section.community_id)
    # One query for all answers: the counts, who is coming (with profiles) and who may come.
    tally = {"yes": 0, "maybe": 0, "no": 0, "waiting": 0}
    coming: list[tuple[Member, Profile | None]] = []
    maybe: list[Member] = []
    for member, rsvp, profile in await rsvps.answers_with_profiles(conn, occurrence_id):
        tally["waiting" if rsvp.waitlisted else rsvp.answer.value] += 1
        if rsvp.answer is Answer.YES and not rsvp.waitlisted:
            coming.append((member, profile))
        elif rsvp.answer is Answer.MAYBE:
            maybe.append(member)
    return MeetingDetails(
        community=community,
        section=section,
        series=series,
        occurrence=occurrence,
        counts=RsvpCounts(**tally),
        coming=coming,
        maybe=maybe,
        items=await agenda.of_occurrence(conn, occurrence_id),
        what_works=await _what_works(conn, community, section, series, occurrence),
    )


async def _what_works(
    conn: AsyncConnection, community: Community, section: Section, series: Series, occurrence: Occurrence
) -> tuple[Section, ...]:
    if section.kind is not SectionKind.COORDINATORS:
        return ()
    return tuple(await what_works.rising(conn, community.id, community.timezone, moment_of_call(series, occurrence)))


def _known(known: Sequence[Series | Section | Community], kind: type[_Row], row_id: int) -> _Row | None:
    return next((row for row in known if isinstance(row, kind) and row.id == row_id), None)


def section_name(section: Section) -> Msg | str:
    if section.kind is SectionKind.CENTRAL:
        return msg("section-name-central")
    if section.kind is SectionKind.COORDINATORS:
        return msg("section-name-coordinators")
    return section.name


def item_title(item: AgendaItem) -> Msg | str:
    """Recipe steps are named in the reader's language; items people added keep their words."""
    return item.title if item.kind is AgendaKind.CUSTOM or item.title else msg(f"agenda-kind-{item.kind}")


def when_line(details: MeetingDetails) -> Msg:
    return msg(
        "meeting-when",
        when=details.local_start,
        zone=details.series.timezone,
        minutes=details.series.duration_minutes,
    )


def agenda_lines(details: MeetingDetails, *, numbered: bool = True, names: bool = True) -> list[Msg]:
    """The agenda; ``names``: the presentation round lists who is coming (not to others of a sensitive section)."""
    lines: list[Msg] = []
    accepted = [item for item in details.items if item.status is AgendaStatus.ACCEPTED]
    for number, item in enumerate(accepted, start=1):
        lines.append(
            msg("agenda-line", number=number if numbered else "•", title=item_title(item), minutes=item.minutes)
        )
        if item.kind is AgendaKind.PRESENTATION and names:
            lines.extend(presenter_line(member, profile) for member, profile in details.coming)
        elif item.kind is AgendaKind.PRESENTATION and details.coming:
            lines.append(msg("agenda-presenters-private", section=details.section.slug))
        elif item.kind is AgendaKind.WHAT_WORKS:
            lines.append(_what_works_line(details.what_works))
    proposed = [item for item in details.items if item.status is AgendaStatus.PROPOSED]
    for item in proposed:
        lines.append(msg("agenda-proposed-line", id=item.id, title=item.title, minutes=item.minutes))
    return lines


def _what_works_line(rising: tuple[Section, ...]) -> Msg:
    if not rising:
        return msg("agenda-what-works-none")
    return msg("agenda-what-works-sections", sections=Listing(tuple(section.name for section in rising)))


def presenter_line(member: Member, profile: Profile | None) -> Msg:
    # A hidden profile is not shown to others anywhere (as /profile show and /section needs), the call included.
    if profile is None or not profile.visible or not (profile.who or profile.does or profile.needs):
        return msg("agenda-presenter-bare", member=member.display_name)
    return msg(
        "agenda-presenter",
        member=member.display_name,
        who=profile.who or "–",
        does=profile.does or "–",
        needs=profile.needs or "–",
    )


def counts_line(details: MeetingDetails) -> Msg:
    counts = details.counts
    capacity = details.series.capacity
    return msg(
        "call-counts",
        yes=counts.yes,
        maybe=counts.maybe,
        no=counts.no,
        waiting=counts.waiting,
        capacity=capacity if capacity is not None else "none",
    )


def calendar_links(details: MeetingDetails, web_base_url: str | None) -> Msg | None:
    """The call's "add to calendar" line: this meeting's calendar file and the section's feed, where the public
    pages are served (``[web] base_url``) and the section has them (not a sensitive one)."""
    section = details.section
    if web_base_url is None or section.sensitive or section.kind is SectionKind.COORDINATORS:
        return None
    community = details.community.id
    return msg(
        "call-add-to-calendar",
        meeting=web_base_url + meeting_feed_path(community, details.occurrence.id),
        feed=web_base_url + section_feed_path(community, section.slug),
    )


def call_content(details: MeetingDetails, web_base_url: str | None = None) -> Reply:
    """The meeting call; with ``web_base_url`` (the public pages are on) it says how to add it to a calendar."""
    lines = [when_line(details)]
    if details.place:
        lines.append(msg("meeting-place", place=details.place))
    if details.occurrence.is_cancelled:
        lines.append(msg("call-cancelled"))
        return reply(*lines, title=msg("call-title", section=section_name(details.section)))
    lines.append(msg("agenda-heading"))
    # Posted where others may read it: a sensitive section's call counts who comes and names nobody.
    lines.extend(agenda_lines(details, names=not details.section.sensitive))
    lines.append(counts_line(details))
    lines.append(msg("call-how-to-answer", yes="✅", maybe="🤔", no="❌", section=details.section.slug))
    links = calendar_links(details, web_base_url)
    if links is not None:
        lines.append(links)
    return reply(*lines, title=msg("call-title", section=section_name(details.section)))


def reminder_content(
    details: MeetingDetails, *, ahead: timedelta, direct: bool, named: set[int] | None = None
) -> Reply:
    """The reminder, saying how far ``ahead`` the meeting is ("tomorrow", "in 1 hour"); in the channel it names
    those (of ``named``) who said yes or maybe."""

    def listed(people: list[Member]) -> str:
        return ", ".join(m.display_name for m in people if named is None or m.id in named) or "–"

    lines = [when_line(details)]
    if details.place:
        lines.append(msg("meeting-place", place=details.place))
    if not direct and not details.section.sensitive:
        lines.append(
            msg("reminder-coming", names=listed([member for member, _ in details.coming]), maybe=listed(details.maybe))
        )
    return reply(*lines, title=msg("reminder-title", section=section_name(details.section), **lead_words(ahead)))


def lead_words(ahead: timedelta) -> dict[str, str | int]:
    """How far ahead, as the catalog says it (``unit`` and ``count``): whole days (one of them is "tomorrow"),
    else whole hours, else minutes."""
    minutes = max(1, round(ahead / timedelta(minutes=1)))
    for unit, size in (("day", 24 * 60), ("hour", 60)):
        if minutes % size == 0:
            return {"unit": unit, "count": minutes // size}
    return {"unit": "minute", "count": minutes}


def memo_prompt_lines(details: MeetingDetails) -> list[Msg]:
    """A memo's skeleton to fill in: the date, who came, the agenda, and how to post it."""
    attendees = ", ".join(member.display_name for member, _ in details.coming) or "–"
    return [
        msg("memo-skeleton-date", when=details.local_start),
        msg("memo-skeleton-attendees", names=attendees, count=len(details.coming)),
        msg("agenda-heading"),
        *agenda_lines(details, numbered=True),
        msg("memo-skeleton-how", section=details.section.slug),
    ]


def memo_content(section: Section, memo: Memo, author: str | Msg, meeting_start: datetime | None) -> Reply:
    header = (
        msg("memo-of-meeting", when=meeting_start, author=author)
        if meeting_start is not None
        else msg("memo-by", author=author)
    )
    return reply(
        header,
        msg("memo-body", text=quote_bot_lines(memo.body)),
        title=msg("memo-title", section=section_name(section), id=memo.id),
    )


def cancelled_content(details: MeetingDetails) -> Reply:
    return reply(
        msg("meeting-cancelled", section=section_name(details.section), when=details.local_start),
        title=msg("meeting-cancelled-title", section=section_name(details.section)),
    )


def promoted_content(details: MeetingDetails) -> Reply:
    return reply(
        msg("rsvp-promoted", section=section_name(details.section), when=details.local_start),
        title=msg("rsvp-promoted-title"),
    )


SEED_REACTIONS = tuple(RSVP_REACTIONS)


async def load_memo(conn: AsyncConnection, memo_id: int) -> tuple[Section, Memo, str | Msg, datetime | None] | None:
    memo = await memos.get(conn, memo_id)
    if memo is None:
        return None
    section = await sections.get(conn, memo.section_id)
    # Its author erased: the memo stays, theirs no longer.
    author: str | Msg = msg("memo-former-member")
    if memo.author_id is not None:
        author = (await members.get(conn, memo.author_id)).display_name
    start = None
    if memo.occurrence_id is not None:
        occurrence = await meetings.get_occurrence(conn, memo.occurrence_id)
        series = await meetings.get_series(conn, occurrence.series_id)
        start = occurrence.start_at.astimezone(ZoneInfo(series.timezone))
    return section, memo, author, start
