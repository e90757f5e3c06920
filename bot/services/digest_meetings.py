"""Digest items about meetings: confirmations, hold or cancel, agendas, proposals, waitlists, answers, memos.

Each source reads the meetings of the coordinator's sections around ``now`` (two weeks back for memos, a week
and a call's lead ahead) and says what needs them, with the exact command to type.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.delivery.compose import load_details, memo_prompt_lines, section_name
from bot.delivery.planner import call_due
from bot.domain.agenda import AgendaStatus
from bot.domain.digest import ASK_BEFORE_CALL, DigestItem
from bot.domain.meetings import Occurrence, Series
from bot.domain.models import Section, SectionStatus
from bot.replies import Msg, msg
from bot.storage.repositories import agenda, meetings, memos, rsvps, sections

#: "Hold it or cancel it?" from 48 hours before a meeting nobody said yes or maybe to; told by the day before.
HOLD_OR_CANCEL_FROM = timedelta(hours=48)
HOLD_OR_CANCEL_BY = timedelta(hours=24)
#: A memo is asked for from the meeting's end, for two weeks. It is news the morning after (a daily digest goes out
#: then), and never pressing: a memo can wait for a weekly digest.
MEMO_ASKED_FOR = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class _Meeting:
    section: Section
    series: Series
    occurrence: Occurrence

    @property
    def call_at(self) -> datetime:
        """When the call goes out, in the series' zone (as the digest shows it)."""
        return call_due(self.series, self.occurrence.start_at).astimezone(ZoneInfo(self.series.timezone))

    @property
    def local_start(self) -> datetime:
        return self.occurrence.start_at.astimezone(ZoneInfo(self.series.timezone))

    @property
    def awaits_confirmation(self) -> bool:
        return self.series.confirm_calls and not self.occurrence.confirmed

    def about(self) -> dict[str, object]:
        """The arguments every line about this meeting takes: which section, when, and its date to type."""
        return {
            "section": self.section.slug,
            "name": section_name(self.section),
            "when": self.local_start,
            "date": self.local_start.date().isoformat(),
        }


#: Within :func:`one_reading`: the meetings read so far, by sections and moment.
_read: ContextVar[dict[tuple[tuple[int, ...], datetime], list[_Meeting]] | None] = ContextVar(
    "digest_meetings_read", default=None
)


@contextmanager
def one_reading() -> Iterator[None]:
    """Within it, the sources read the meetings of the same sections at the same moment once, not once each: for
    the sources of one digest, which read them in one transaction (seven reads of three queries a section)."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


async def _meetings(conn: AsyncConnection, section_ids: Sequence[int], now: datetime) -> list[_Meeting]:
    """The meetings (not cancelled) of active sections that started in the last two weeks or start soon enough to
    be asked about, soonest first (read once within :func:`one_reading`)."""
    read = _read.get()
    key = (tuple(section_ids), now)
    if read is None:
        return await _read_meetings(conn, section_ids, now)
    if key not in read:
        read[key] = await _read_meetings(conn, section_ids, now)
    return read[key]


async def _read_meetings(conn: AsyncConnection, section_ids: Sequence[int], now: datetime) -> list[_Meeting]:
    found: list[_Meeting] = []
    for section_id in section_ids:
        section = await sections.get(conn, section_id)
        if section.status is not SectionStatus.ACTIVE:
            continue
        all_series = {series.id: series for series in await meetings.series_of_section(conn, section_id)}
        if not all_series:
            continue
        ahead = max(timedelta(days=series.cadence.call_days_before) for series in all_series.values())
        for occurrence in await meetings.occurrences_of_series(
            conn,
            list(all_series),
            start_from=now - MEMO_ASKED_FOR - timedelta(days=1),
            start_before=now + ahead + ASK_BEFORE_CALL + timedelta(days=1),
        ):
            if not occurrence.is_cancelled:
                found.append(_Meeting(section, all_series[occurrence.series_id], occurrence))
    return sorted(found, key=lambda meeting: meeting.occurrence.start_at)


def _ahead(found: list[_Meeting], now: datetime) -> list[_Meeting]:
    return [meeting for meeting in found if meeting.occurrence.start_at > now]


async def confirmations(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    """Meetings of a confirm:yes series not confirmed yet: their call waits for ``meeting confirm``."""
    items = []
    for meeting in _ahead(await _meetings(conn, section_ids, now), now):
        if meeting.awaits_confirmation and meeting.call_at - ASK_BEFORE_CALL <= now:
            key = "digest-confirm" if now < meeting.call_at else "digest-confirm-late"
            items.append(
                _item("confirm", meeting, msg(key, call=meeting.call_at, **meeting.about()), due=meeting.call_at)
            )
    return items


async def hold_or_cancel(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    """48 hours before a meeting nobody said yes or maybe to: hold it or cancel it?"""
    items = []
    for meeting in _ahead(await _meetings(conn, section_ids, now), now):
        start = meeting.occurrence.start_at
        if meeting.awaits_confirmation or meeting.occurrence.held or start - HOLD_OR_CANCEL_FROM > now:
            continue
        counts = await rsvps.counts(conn, meeting.occurrence.id)
        if counts.yes or counts.maybe:
            continue
        items.append(
            _item(
                "hold-or-cancel",
                meeting,
                msg("digest-hold-or-cancel", **meeting.about()),
                due=start - HOLD_OR_CANCEL_BY,
                since=start - HOLD_OR_CANCEL_FROM,
            )
        )
    return items


async def agendas(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    """Meetings whose agenda is still the default one, from a week before their call until it goes out."""
    items = []
    for meeting in await _meetings(conn, section_ids, now):
        call = meeting.call_at
        if meeting.occurrence.agenda_touched or not call - ASK_BEFORE_CALL <= now < call:
            continue
        items.append(
            _item(
                "agenda",
                meeting,
                msg("digest-agenda", call=call, **meeting.about()),
                due=call,
                since=call - ASK_BEFORE_CALL,
            )
        )
    return items


async def proposals(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    """Agenda items members proposed for a meeting ahead, to accept (best before its call goes out)."""
    items = []
    for meeting in _ahead(await _meetings(conn, section_ids, now), now):
        for item in await agenda.of_occurrence(conn, meeting.occurrence.id):
            if item.status is not AgendaStatus.PROPOSED:
                continue
            line = msg("digest-proposal", id=item.id, title=item.title, minutes=item.minutes, **meeting.about())
            due = meeting.call_at if now < meeting.call_at else meeting.occurrence.start_at
            items.append(_item("proposal", meeting, line, due=due))
    return items


async def waitlists(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    """Meetings ahead with people waiting for a place (a larger room, or a second meeting?)."""
    items = []
    for meeting in _ahead(await _meetings(conn, section_ids, now), now):
        counts = await rsvps.counts(conn, meeting.occurrence.id)
        if counts.waiting:
            line = msg(
                "digest-waitlist", waiting=counts.waiting, capacity=meeting.series.capacity or 0, **meeting.about()
            )
            items.append(_item("waitlist", meeting, line))
    return items


async def unanswered(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    """Meetings whose call is out and nobody has answered at all (until "hold it or cancel it?" takes over)."""
    items = []
    for meeting in _ahead(await _meetings(conn, section_ids, now), now):
        start = meeting.occurrence.start_at
        if meeting.awaits_confirmation or now < meeting.call_at or start - HOLD_OR_CANCEL_FROM <= now:
            continue
        counts = await rsvps.counts(conn, meeting.occurrence.id)
        if not (counts.yes or counts.maybe or counts.no or counts.waiting):
            items.append(_item("unanswered", meeting, msg("digest-unanswered", **meeting.about())))
    return items


async def memos_to_write(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    """Meetings that ended in the last two weeks with someone saying yes (or marked held) and no memo yet, each
    with its skeleton."""
    items = []
    for meeting in await _meetings(conn, section_ids, now):
        occurrence = meeting.occurrence
        if not occurrence.end_at <= now < occurrence.end_at + MEMO_ASKED_FOR:
            continue
        if await memos.of_occurrence(conn, occurrence.id):
            continue
        details = await load_details(conn, occurrence.id, occurrence=occurrence, known=(meeting.series,))
        if not (occurrence.held or details.counts.yes):
            continue
        lines = (msg("digest-memo", **meeting.about()), *memo_prompt_lines(details))
        items.append(
            DigestItem(
                kind="memo",
                section_id=meeting.section.id,
                lines=lines,
                occurrence_id=occurrence.id,
                sort_at=occurrence.start_at,
                since=occurrence.end_at,
            )
        )
    return items


def _item(
    kind: str, meeting: _Meeting, line: Msg, *, due: datetime | None = None, since: datetime | None = None
) -> DigestItem:
    return DigestItem(
        kind=kind,
        section_id=meeting.section.id,
        lines=(line,),
        due_at=due,
        occurrence_id=meeting.occurrence.id,
        sort_at=meeting.occurrence.start_at,
        since=since,
    )
