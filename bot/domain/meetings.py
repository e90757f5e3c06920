"""Meeting series, occurrences, RSVPs, agenda items and memos: values and their small rules."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time


class SeriesStatus(enum.StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class OccurrenceStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Answer(enum.StrEnum):
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class ReminderVia(enum.StrEnum):
    CHANNEL = "channel"
    DM = "dm"
    NONE = "none"


#: The seed reactions on every meeting call, in the order the bot adds them.
RSVP_REACTIONS: dict[str, Answer] = {"✅": Answer.YES, "🤔": Answer.MAYBE, "❌": Answer.NO}


def answer_for_emoji(emoji: str) -> Answer | None:
    """The answer a reaction means; variation selectors (✅ vs ✅️) do not matter."""
    return RSVP_REACTIONS.get(emoji.replace("\ufe0f", ""))


@dataclass(frozen=True, slots=True)
class Cadence:
    """When the bot speaks about one meeting, relative to its start."""

    call_days_before: int = 7
    reminder_minutes: tuple[int, ...] = (1440, 60)

    def reminders_text(self) -> str:
        return ",".join(str(minutes) for minutes in self.reminder_minutes)

    @staticmethod
    def parse_reminders(text: str) -> tuple[int, ...]:
        return tuple(sorted((int(part) for part in text.split(",") if part.strip()), reverse=True))


# What coordinators are asked about a meeting (its agenda before the call, its memo after) is in their digest:
# bot/domain/digest.py and bot/services/digest_meetings.py.


@dataclass(frozen=True, slots=True)
class Series:
    id: int
    section_id: int
    rrule: str
    timezone: str
    local_time: time
    duration_minutes: int
    place: str
    start_date: date
    until_date: date | None
    capacity: int | None
    cadence: Cadence
    status: SeriesStatus
    planned_until: datetime | None = None
    #: Bumped whenever the series or one of its meetings changes what a calendar shows (SEQUENCE).
    revision: int = 0
    #: Calls go out only for occurrences a coordinator confirmed (``meeting confirm``).
    confirm_calls: bool = False


@dataclass(frozen=True, slots=True)
class Occurrence:
    id: int
    series_id: int
    original_start: datetime
    start_at: datetime
    end_at: datetime
    place: str
    status: OccurrenceStatus
    agenda_touched: bool
    #: A coordinator said it took place (``meeting held``), whatever the answers.
    held: bool = False
    #: A coordinator confirmed it (``meeting confirm``): in a series with ``confirm_calls`` its call may go out.
    confirmed: bool = False

    @property
    def is_cancelled(self) -> bool:
        return self.status is OccurrenceStatus.CANCELLED


@dataclass(frozen=True, slots=True)
class Rsvp:
    occurrence_id: int
    member_id: int
    answer: Answer
    waitlisted: bool
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RsvpCounts:
    yes: int = 0
    maybe: int = 0
    no: int = 0
    waiting: int = 0


@dataclass(frozen=True, slots=True)
class Memo:
    id: int
    section_id: int
    occurrence_id: int | None
    author_id: int | None
    body: str
    posted_at: datetime
