"""iCalendar (RFC 5545) feeds of meetings, written with the ``icalendar`` library.

A meeting series is one VEVENT with the series' own rule (DTSTART with TZID, RRULE, UNTIL in UTC), cancelled
meetings are EXDATEs and a moved one (or one at another place) is an override with RECURRENCE-ID; a single
meeting (the personal feed, "add to calendar" for one date) is a VEVENT without a rule. Every time carries its
zone, and each zone used gets its VTIMEZONE, so no calendar app reads a floating time; icalendar writes CRLF
and folds long lines. Nothing here reads the clock or the database: callers pass what to write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vRecur

from bot.domain.meetings import Series
from bot.domain.recurrence import Recurrence

PRODID = "-//netgroups//calendar feed//EN"


@dataclass(frozen=True, slots=True)
class Moved:
    """One meeting of a series away from where the rule puts it: another time, another place, or both."""

    original_start: datetime
    start: datetime
    end: datetime
    place: str


@dataclass(frozen=True, slots=True)
class SeriesEvent:
    """A meeting series as a calendar shows it."""

    uid: str
    series: Series
    title: str
    description: str
    url: str | None
    #: Where the rule gives a meeting that was cancelled (the instants the rule gave, UTC).
    cancelled: Sequence[datetime] = ()
    moved: Sequence[Moved] = ()


@dataclass(frozen=True, slots=True)
class SingleEvent:
    """One meeting on its own (no rule)."""

    uid: str
    title: str
    description: str
    url: str | None
    start: datetime
    end: datetime
    timezone: str
    place: str
    sequence: int = 0
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class Feed:
    name: str
    #: When the data behind the feed last changed as far as the feed can tell (DTSTAMP of every event).
    stamp: datetime
    series: Sequence[SeriesEvent] = ()
    singles: Sequence[SingleEvent] = field(default_factory=tuple)
    #: How often a calendar app should look again.
    refresh: timedelta = timedelta(hours=1)


def feed_bytes(feed: Feed) -> bytes:
    """The feed as an iCalendar document (CRLF, folded lines, VTIMEZONE for every zone used)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", feed.name)
    calendar.add("refresh-interval", feed.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", f"PT{int(feed.refresh.total_seconds())}S")
    stamp = feed.stamp.astimezone(UTC)
    for each in feed.series:
        for component in _series_components(each, stamp):
            calendar.add_component(component)
    for single in feed.singles:
        calendar.add_component(_single(single, stamp))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _series_components(each: SeriesEvent, stamp: datetime) -> list[Event]:
    series = each.series
    zone = ZoneInfo(series.timezone)
    recurrence = Recurrence(
        rrule=series.rrule,
        timezone=series.timezone,
        local_time=series.local_time,
        start_date=series.start_date,
        until=series.until_date,
    )
    dtstart_line, rrule_line = recurrence.rrule_text().split("\n")
    first = datetime.strptime(dtstart_line.rsplit(":", 1)[1], "%Y%m%dT%H%M%S").replace(tzinfo=zone)
    length = timedelta(minutes=series.duration_minutes)
    sequence = series.revision
    master = _event(each.uid, each.title, each.description, each.url, stamp=stamp, sequence=sequence)
    master.add("dtstart", first)
    master.add("dtend", first + length)
    master.add("rrule", vRecur.from_ical(rrule_line.removeprefix("RRULE:")))
    if series.place:
        master.add("location", series.place)
    if each.cancelled:
        master.add("exdate", [instant.astimezone(zone) for instant in sorted(each.cancelled)])
    overrides = []
    for moved in sorted(each.moved, key=lambda moved: moved.original_start):
        override = _event(each.uid, each.title, each.description, each.url, stamp=stamp, sequence=sequence)
        override.add("recurrence-id", moved.original_start.astimezone(zone))
        override.add("dtstart", moved.start.astimezone(zone))
        override.add("dtend", moved.end.astimezone(zone))
        if moved.place:
            override.add("location", moved.place)
        overrides.append(override)
    return [master, *overrides]


def _single(single: SingleEvent, stamp: datetime) -> Event:
    zone = ZoneInfo(single.timezone)
    status = "CANCELLED" if single.cancelled else "CONFIRMED"
    event = _event(
        single.uid, single.title, single.description, single.url, stamp=stamp, sequence=single.sequence, status=status
    )
    event.add("dtstart", single.start.astimezone(zone))
    event.add("dtend", single.end.astimezone(zone))
    if single.place:
        event.add("location", single.place)
    return event


def _event(
    uid: str,
    title: str,
    description: str,
    url: str | None,
    *,
    stamp: datetime,
    sequence: int,
    status: str = "CONFIRMED",
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", title)
    event.add("status", status)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event
