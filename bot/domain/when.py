"""Reading the dates, times and durations people type, and the window of dates the bot takes.

Every date a user types goes through :func:`parse_date`, which refuses one outside
:class:`DateWindow` (a year back to ten years ahead of today): past that no meeting is planned,
and nothing computed from a date so bounded (a day added, a zone applied) can leave the range
of Python's datetime.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date, time

from bot.errors import UserError

_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[./](\d{1,2})\.?$")
_DURATION = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)(?:m|min)?)?$")

#: How far from today a typed date may lie, in whole years.
YEARS_BACK = 1
YEARS_AHEAD = 10


def _years_from(day: date, years: int) -> date:
    """The same day ``years`` later (or earlier); 29 February becomes the 28th in a common year."""
    year = min(max(day.year + years, MINYEAR), MAXYEAR)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


@dataclass(frozen=True, slots=True)
class DateWindow:
    """The dates the bot takes from people, both ends included."""

    earliest: date
    latest: date

    @classmethod
    def around(cls, today: date) -> DateWindow:
        """A year back to ten years ahead of ``today`` (the clock's today in the community's zone)."""
        return cls(_years_from(today, -YEARS_BACK), _years_from(today, YEARS_AHEAD))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.earliest <= day <= self.latest

    def refusal(self, typed: str) -> UserError:
        """The polite refusal of ``typed``, naming the window."""
        return UserError("error-date-out-of-range", value=typed[:40], earliest=self.earliest, latest=self.latest)

    def check(self, day: date, typed: str) -> date:
        """``day`` when it lies in the window; otherwise the refusal, naming what was typed."""
        if day not in self:
            raise self.refusal(typed)
        return day


def parse_time(text: str) -> time:
    """``18:00``, ``18.00``, ``1800`` or ``18`` -> 18:00."""
    match = _TIME.match(text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise UserError("error-bad-time", value=text[:20])


def parse_date(text: str, today: date) -> date:
    """``2026-03-10``, or ``10/3`` / ``10.3`` (day first, as in Scandinavia: the next such date).

    A date outside :meth:`DateWindow.around` ``today`` is refused (``error-date-out-of-range``).
    """
    text = text.strip()
    try:
        return DateWindow.around(today).check(date.fromisoformat(text), text)
    except ValueError:
        pass
    match = _DAY_MONTH.match(text)
    if match:
        day, month = int(match.group(1)), int(match.group(2))
        for year in (today.year, today.year + 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                break
            if candidate >= today:
                return candidate
    raise UserError("error-bad-date", value=text[:20])


def parse_duration(text: str) -> int:
    """Minutes from ``90``, ``90m``, ``1h30`` or ``2h``; between 15 minutes and 12 hours."""
    match = _DURATION.match(text.strip().lower())
    if match and (match.group(1) or match.group(2)):
        minutes = int(match.group(1) or 0) * 60 + int(match.group(2) or 0)
        if 15 <= minutes <= 720:
            return minutes
    raise UserError("error-bad-duration", value=text[:20])
