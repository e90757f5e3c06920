"""Reading the dates, times and durations coordinators type."""

from __future__ import annotations

import re
from datetime import date, time

from bot.errors import UserError

_TIME = re.compile(r"^(\d{1,2})(?:[:.]?(\d{2}))?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})[./](\d{1,2})\.?$")
_DURATION = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)(?:m|min)?)?$")


def parse_time(text: str) -> time:
    """``18:00``, ``18.00``, ``1800`` or ``18`` -> 18:00."""
    match = _TIME.match(text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise UserError("error-bad-time", value=text[:20])


def parse_date(text: str, today: date) -> date:
    """``2026-03-10``, or ``10/3`` / ``10.3`` (day first, as in Scandinavia: the next such date)."""
    text = text.strip()
    try:
        return date.fromisoformat(text)
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
