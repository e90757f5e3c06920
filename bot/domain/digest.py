"""A coordinator's digest: the items it carries and which of them go out when (pure rules, no storage).

Every day at the coordinator's local hour (09:00 unless they chose another between 08 and 20) the digest is
composed from what is open at that moment. Whether it goes out depends on the setting:

- ``daily``: when something is new since yesterday's digest moment, or pressing (too late by tomorrow's), and on
  Monday when anything at all is open; it then carries everything open;
- ``weekly``: on Monday with everything open; another day only with what is pressing;
- ``off``: only what is pressing, on the day it is.

So a coordinator hears at most once a day, never at night, and nothing becomes too late unheard.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

    from bot.replies import Msg


class DigestMode(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


#: The hour a digest goes out unless the coordinator chose another (local, the community's zone).
DEFAULT_HOUR = 9
#: The hours a coordinator may choose: never at night (21:00-08:00).
EARLIEST_HOUR, LATEST_HOUR = 8, 20
#: After downtime a digest still goes out late, but never from this local hour on (it waits for the next day's).
QUIET_FROM = time(21)
#: A meeting's agenda (or its confirmation) is asked for from a week before its call: the planner materialises
#: occurrences at least this long before their call.
ASK_BEFORE_CALL = timedelta(days=7)
#: The day a weekly digest goes out, and the day a daily one carries what could wait (Monday).
WEEKLY_DAY = 0


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One thing a coordinator is asked to look at."""

    #: What it is, stable for tests and logs: "agenda", "memo", "hold-or-cancel", "confirm", …
    kind: str
    section_id: int
    #: What the digest says (the first line is the item's headline; the rest is detail, e.g. a memo skeleton).
    lines: tuple[Msg, ...]
    #: When it is too late to tell (the call goes out, the meeting starts); None: it can wait for any digest.
    due_at: datetime | None = None
    occurrence_id: int | None = None
    #: Where it goes within its source's part of the digest (a meeting's start); None sorts first.
    sort_at: datetime | None = None
    #: Since when it needs the coordinator: new since the last daily moment, it makes a daily digest go out.
    #: None: not news (it rides along, or waits for Monday).
    since: datetime | None = None


@dataclass(frozen=True, slots=True)
class DigestSetting:
    """A member's digest: how often, at which local hour, in which zone, and whether they coordinate anything."""

    mode: DigestMode
    hour: int
    zone: str
    coordinates: bool


#: A source of items: ``(conn, coordinator_id, section_ids, now) -> items``.
DigestSource = Callable[["AsyncConnection", int, Sequence[int], datetime], Awaitable[list[DigestItem]]]


def hour_allowed(hour: int) -> bool:
    return EARLIEST_HOUR <= hour <= LATEST_HOUR


def moment(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """The digest moment of a local day, in UTC: the wall hour, whatever the offset that day (DST-proof;
    hours 08-20 are never in a switch's gap or fold in the EU)."""
    return datetime.combine(day, time(hour), zone).astimezone(ZoneInfo("UTC"))


def next_moment(after: datetime, hour: int, zone: ZoneInfo) -> datetime:
    """The first digest moment strictly after ``after``."""
    day = after.astimezone(zone).date()
    while (at := moment(day, hour, zone)) <= after:
        day += timedelta(days=1)
    return at


def quiet_from(at: datetime, zone: ZoneInfo) -> datetime:
    """The moment the digest's day turns quiet (21:00 local): a late digest is not sent from then on."""
    return datetime.combine(at.astimezone(zone).date(), QUIET_FROM, zone).astimezone(ZoneInfo("UTC"))


def to_send(items: Sequence[DigestItem], mode: DigestMode, at: datetime, hour: int, zone: ZoneInfo) -> list[DigestItem]:
    """What the digest of the moment ``at`` carries: nothing when it does not go out."""
    local = at.astimezone(zone)
    following = moment(local.date() + timedelta(days=1), hour, zone)
    previous = moment(local.date() - timedelta(days=1), hour, zone)
    # Each item with a time limit makes one digest go out: the last one before it (an item past it rides along).
    pressing = [item for item in items if item.due_at is not None and at < item.due_at <= following]
    weekly_day = local.weekday() == WEEKLY_DAY
    if mode is DigestMode.OFF or (mode is DigestMode.WEEKLY and not weekly_day):
        return pressing
    if mode is DigestMode.WEEKLY:
        return list(items)
    news = any(item.since is not None and item.since > previous for item in items)
    return list(items) if pressing or news or weekly_day else []
