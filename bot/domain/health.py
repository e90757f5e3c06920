"""A section's health in figures: what happened in a period, against the period before. Pure: no database.

Aggregates only: counts of meetings, answers, new members and memos. Nothing here can name a member.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from bot.domain.models import Section

#: The report compares the last three months with the three before.
DEFAULT_MONTHS = 3


@dataclass(frozen=True, slots=True)
class Period:
    """From ``start`` (included) to ``end`` (excluded), both aware instants."""

    start: datetime
    end: datetime


def periods(now: datetime, zone: str, months: int = DEFAULT_MONTHS) -> tuple[Period, Period]:
    """The current period (the ``months`` up to now, from a local midnight) and the one just before it.

    The current one ends a second after ``now``: what was done this very moment counts."""
    local = now.astimezone(ZoneInfo(zone))
    start_day = local.date() - relativedelta(months=months)
    start = datetime.combine(start_day, time(0), tzinfo=local.tzinfo)
    before = datetime.combine(start_day - relativedelta(months=months), time(0), tzinfo=local.tzinfo)
    return Period(start, now + timedelta(seconds=1)), Period(before, start)


class Trend(enum.StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"


def trend(current: float, previous: float) -> Trend:
    if round(current, 1) > round(previous, 1):
        return Trend.UP
    if round(current, 1) < round(previous, 1):
        return Trend.DOWN
    return Trend.SAME


@dataclass(frozen=True, slots=True)
class Figures:
    """One section's counts over one period."""

    meetings: int = 0
    yes: int = 0
    maybe: int = 0
    new_members: int = 0
    memos: int = 0

    @property
    def answers_per_meeting(self) -> float:
        """Yes and maybe answers per meeting held, to one decimal (0 without a meeting)."""
        return round((self.yes + self.maybe) / self.meetings, 1) if self.meetings else 0.0


@dataclass(frozen=True, slots=True)
class SectionHealth:
    section: Section
    current: Figures
    previous: Figures


@dataclass(frozen=True, slots=True)
class HealthReport:
    """Sections in alphabetical order: a report, not a ranking."""

    current: Period
    previous: Period
    months: int
    sections: tuple[SectionHealth, ...]


#: The monthly report in the coordinators' section: on the first weekday of the month, at this local hour.
MONTHLY_AT = time(10)


def month_of(now: datetime, zone: str) -> date:
    """The first day of ``now``'s month where the community lives."""
    return now.astimezone(ZoneInfo(zone)).date().replace(day=1)


def monthly_moment(month: date, zone: str) -> datetime:
    """When ``month``'s report is due: its first Monday to Friday, at ``MONTHLY_AT`` local time (an aware instant).
    A volunteer reads it on a working morning, not on a Saturday or at night."""
    day = month.replace(day=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, MONTHLY_AT, tzinfo=ZoneInfo(zone))


def month_start(month: date, zone: str) -> datetime:
    """Local midnight on the first of ``month``."""
    return datetime.combine(month.replace(day=1), time(0), tzinfo=ZoneInfo(zone))


def monthly_periods(month: date, zone: str) -> tuple[Period, Period]:
    """What ``month``'s report covers: the whole calendar month before it, and the one before that."""
    this = month.replace(day=1)
    last = this - relativedelta(months=1)
    before = last - relativedelta(months=1)
    return Period(month_start(last, zone), month_start(this, zone)), Period(
        month_start(before, zone), month_start(last, zone)
    )


def total(figures: Sequence[Figures]) -> Figures:
    """Several sections' counts together (answers per meeting then follows from the sums)."""
    return Figures(
        meetings=sum(item.meetings for item in figures),
        yes=sum(item.yes for item in figures),
        maybe=sum(item.maybe for item in figures),
        new_members=sum(item.new_members for item in figures),
        memos=sum(item.memos for item in figures),
    )
