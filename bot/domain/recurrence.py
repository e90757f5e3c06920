"""Meeting recurrence: what a coordinator types, as an RFC 5545 rule, expanded in local wall time.

A meeting "every 2 weeks on Tuesday at 18:00" in Stockholm stays at 18:00 local across daylight
saving switches, so the rule is expanded in the series' own wall time and only then turned into
UTC instants. Nothing here reads the clock or does I/O; callers pass the instants they care about.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from itertools import islice, takewhile
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import rrule as du

from bot.domain.text import fold
from bot.errors import UserError

_Freq = Literal[0, 1, 2, 3]

_FREQS: Final[dict[str, _Freq]] = {
    "YEARLY": du.YEARLY,
    "MONTHLY": du.MONTHLY,
    "WEEKLY": du.WEEKLY,
    "DAILY": du.DAILY,
}
_FREQ_NAMES: Final[dict[int, str]] = {value: name for name, value in _FREQS.items()}
_DAY_CODES: Final = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

#: Rule parts an expert may write, in the order a normalised body lists them. BYHOUR, BYMINUTE,
#: BYSECOND and DTSTART are left out on purpose: the time of day and the first date come separately.
_RAW_PARTS: Final = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYDAY", "BYSETPOS", "WKST")
_UNTIL_RE = re.compile(r"^(\d{8})(?:T(\d{6})(Z?))?$")
_BYDAY_RE = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_INT_RE = re.compile(r"^[+-]?\d{1,4}$")

#: after() looks no further than this past the instant asked about, so that a search for
#: occurrences that are not there (the series has ended) stops.
_HORIZON = timedelta(days=100 * 366)
#: Slack around naive local bounds: two UTC offsets of one zone differ by at most a day (Samoa's was
#: the largest jump, 2011), so a day either side of the bounds' own wall times is enough.
_MARGIN = timedelta(days=2)
_LATEST = datetime(9990, 1, 1)  # noqa: DTZ001 - a naive wall-time bound, kept clear of datetime.max
_EARLIEST = datetime(2, 1, 1)  # noqa: DTZ001 - likewise for datetime.min
_MAX_PRESET_INTERVAL = 52


@dataclass(frozen=True, slots=True)
class _Rule:
    """A parsed RRULE body, restricted to what a meeting series may use."""

    freq: _Freq
    interval: int = 1
    count: int | None = None
    until: str | None = None
    bymonth: tuple[int, ...] = ()
    bymonthday: tuple[int, ...] = ()
    byday: tuple[tuple[int | None, int], ...] = ()  # (ordinal or None, weekday 0=Monday)
    bysetpos: tuple[int, ...] = ()
    wkst: int | None = None

    def body(self) -> str:
        """The normalised RRULE body: upper case, parts in a fixed order, lists sorted."""
        parts = [f"FREQ={_FREQ_NAMES[self.freq]}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until}")
        for name, values in (("BYMONTH", self.bymonth), ("BYMONTHDAY", self.bymonthday)):
            if values:
                parts.append(f"{name}={','.join(map(str, values))}")
        if self.byday:
            days = ",".join(f"{'' if n is None else n}{_DAY_CODES[d]}" for n, d in self.byday)
            parts.append(f"BYDAY={days}")
        if self.bysetpos:
            parts.append(f"BYSETPOS={','.join(map(str, self.bysetpos))}")
        if self.wkst is not None:
            parts.append(f"WKST={_DAY_CODES[self.wkst]}")
        return ";".join(parts)

    @property
    def uses_start_defaults(self) -> bool:
        """Whether the day of the month (and for YEARLY the month) comes from the start date."""
        return self.freq in (du.YEARLY, du.MONTHLY) and not self.bymonthday and not self.byday

    def walls(self, anchor: datetime, since: date, until: datetime) -> Iterator[datetime]:
        """Naive local wall times of the series starting at ``anchor``, from the period holding
        ``since`` up to ``until``, ignoring COUNT and UNTIL (``Recurrence._end`` applies those).

        dateutil only stops when it finds an occurrence past its UNTIL or reaches the year 9999,
        so a rule whose INTERVAL never lands on a matching period would keep it busy for seconds.
        Hence dateutil expands the rule with INTERVAL=1, which always finds something within a
        few years (``_has_pattern`` checks that), and INTERVAL is applied here by keeping only
        every INTERVAL-th period counted from the anchor's, exactly as RFC 5545 counts them.
        Starting at the period holding ``since`` is what keeps a series begun years ago cheap.
        """
        period = self._period_start(since)
        dtstart = datetime.combine(period, anchor.time()) if period > anchor.date() else anchor
        for wall in self.pattern(dtstart, anchor):
            if wall > until:
                return
            if self._period_index(anchor.date(), wall.date()) % self.interval == 0:
                yield wall

    def pattern(self, dtstart: datetime, anchor: datetime) -> du.rrule:
        """The rule with INTERVAL=1 as a dateutil rule; defaults RFC 5545 takes from DTSTART (the day
        of the month, the weekday) are spelled out from ``anchor``, the series' real start, so they
        do not move with ``dtstart``."""
        bymonth = self.bymonth or None
        bymonthday = self.bymonthday or None
        byday = [du.weekday(d, n) for n, d in self.byday] or None
        if self.uses_start_defaults:
            if self.freq == du.YEARLY:
                bymonth = bymonth or (anchor.month,)
            bymonthday = (anchor.day,)
        elif self.freq == du.WEEKLY and byday is None:
            byday = [du.weekday(anchor.weekday())]
        return du.rrule(
            self.freq,
            dtstart=dtstart,
            # RFC 5545's default week start is Monday; dateutil would use calendar.firstweekday(),
            # which is process-global state.
            wkst=self._wkst,
            bymonth=bymonth,
            bymonthday=bymonthday,
            byweekday=byday,
            bysetpos=self.bysetpos or None,
        )

    @property
    def _wkst(self) -> int:
        return 0 if self.wkst is None else self.wkst

    def _period_start(self, day: date) -> date:
        """The first day of the period (day, week, month or year) holding ``day``."""
        if self.freq == du.DAILY:
            return day
        if self.freq == du.WEEKLY:
            return day - timedelta(days=(day.weekday() - self._wkst) % 7)
        if self.freq == du.MONTHLY:
            return day.replace(day=1)
        return day.replace(month=1, day=1)

    def _period_index(self, anchor: date, day: date) -> int:
        """How many periods ``day``'s period comes after ``anchor``'s."""
        if self.freq in (du.DAILY, du.WEEKLY):
            return (self._period_start(day) - self._period_start(anchor)).days // (7 if self.freq == du.WEEKLY else 1)
        if self.freq == du.MONTHLY:
            return (day.year - anchor.year) * 12 + day.month - anchor.month
        return day.year - anchor.year


@lru_cache(maxsize=4096)
def _has_pattern(rule: _Rule, month: int, day: int) -> bool:
    """Whether the rule with INTERVAL=1 matches anything in ten years, for a series starting on
    ``month``/``day`` (which only matter when the rule takes its day from the start date).

    The years tried are 9990-9999: the Gregorian calendar repeats every 400 years, so they stand
    for any ten, and a rule that never matches stops dateutil at 9999 at once instead of after
    eight thousand years of searching.
    """
    # 2000 is a leap year, so any month and day a start date can have exists in it.
    probe = rule.pattern(datetime(9990, 1, 1), datetime(2000, month, day))  # noqa: DTZ001 - naive wall times
    try:
        return next(iter(probe), None) is not None
    except (ValueError, OverflowError):  # a first match in the year 10000
        return False


def parse_rule(text: str) -> str:
    """Turn what a coordinator typed into an RFC 5545 RRULE body (no "RRULE:", no DTSTART).

    Accepts presets in English, Swedish and Danish ("weekly tue", "every 2 weeks thursday",
    "2nd tue", "1st and 3rd thu", "last fri", "sista fredagen i månaden", "hver anden uge tirsdag")
    and raw rules for experts ("FREQ=MONTHLY;BYDAY=2TU", optionally after "RRULE:").
    """
    if "=" not in text:
        return _parse_preset(text).body()
    try:
        return _rule_of(text.strip().upper().removeprefix("RRULE:").strip()).body()
    except UserError:
        raise UserError("error-bad-rule", rule=text) from None


def rule_until(rrule: str) -> date | None:
    """The last date a rule body from :func:`parse_rule` names with UNTIL (as written), or None."""
    rule = _rule_of(rrule)
    return None if rule.until is None else _until_wall(rule.until)[0].date()


# --- raw rules ---------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _rule_of(body: str) -> _Rule:
    """Parse and check a raw RRULE body; cached because series are rebuilt from storage often."""
    try:
        rule = _parse_raw(body)
        # dateutil is the reference for what the body means: if it cannot read it, neither can we.
        du.rrulestr(rule.body(), dtstart=datetime(2000, 1, 1), ignoretz=True)  # noqa: DTZ001 - naive by design
    except (ValueError, KeyError, IndexError, TypeError):
        raise UserError("error-bad-rule", rule=body) from None
    # A rule that never matches ("the 30th of February") is a typo, not a meeting.
    if not _has_pattern(rule, 1, 1):
        raise UserError("error-bad-rule", rule=body)
    return rule


def _parse_raw(body: str) -> _Rule:
    """Split and check a raw body; raises ValueError for anything a meeting series cannot use."""
    if "\n" in body or "\r" in body:
        raise ValueError("one rule line only")
    values: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in body.split(";"))):
        name, sep, value = (s.strip() for s in part.partition("="))
        if not sep or not value or name in values or name not in _RAW_PARTS:
            raise ValueError(f"bad rule part {part!r}")
        values[name] = value
    freq = _FREQS[values["FREQ"]]  # KeyError for HOURLY and finer, or a missing FREQ
    if "COUNT" in values and "UNTIL" in values:
        raise ValueError("RFC 5545: COUNT and UNTIL must not occur together")
    byday = tuple(sorted({_raw_day(item) for item in values.get("BYDAY", "").split(",") if item}, key=_day_key))
    if freq not in (du.MONTHLY, du.YEARLY) and any(n is not None for n, _ in byday):
        raise ValueError("RFC 5545: numbered BYDAY only with MONTHLY or YEARLY")
    if "BYSETPOS" in values and not {"BYMONTH", "BYMONTHDAY", "BYDAY"} & values.keys():
        raise ValueError("RFC 5545: BYSETPOS needs another BYxxx part")
    return _Rule(
        freq=freq,
        interval=_raw_int(values.get("INTERVAL", "1"), 1, 9999),
        count=_raw_int(values["COUNT"], 1, 99999) if "COUNT" in values else None,
        until=_raw_until(values["UNTIL"]) if "UNTIL" in values else None,
        bymonth=_raw_ints(values.get("BYMONTH"), 1, 12, signed=False),
        bymonthday=_raw_ints(values.get("BYMONTHDAY"), 1, 31, signed=True),
        byday=byday,
        bysetpos=_raw_ints(values.get("BYSETPOS"), 1, 366, signed=True),
        wkst=_DAY_CODES.index(values["WKST"]) if "WKST" in values else None,
    )


def _raw_int(value: str, low: int, high: int) -> int:
    if not _INT_RE.match(value) or not low <= int(value) <= high:
        raise ValueError(f"{value!r} is not a number from {low} to {high}")
    return int(value)


def _raw_ints(value: str | None, low: int, high: int, *, signed: bool) -> tuple[int, ...]:
    if value is None:
        return ()
    numbers = set()
    for item in value.split(","):
        negative = signed and item.startswith("-")
        numbers.add(_raw_int(item.removeprefix("-") if negative else item, low, high) * (-1 if negative else 1))
    return tuple(sorted(numbers, key=_ordinal_key))


def _raw_day(item: str) -> tuple[int | None, int]:
    match = _BYDAY_RE.match(item)
    if match is None:
        raise ValueError(f"bad BYDAY {item!r}")
    number, code = match.groups()
    n = int(number) if number else None
    if n is not None and not 1 <= abs(n) <= 53:
        raise ValueError(f"bad BYDAY {item!r}")
    return n, _DAY_CODES.index(code)


def _raw_until(value: str) -> str:
    _until_wall(value)
    return value


def _until_wall(value: str) -> tuple[datetime, bool]:
    """UNTIL as a naive datetime and whether it is UTC; a bare date means the end of that day."""
    match = _UNTIL_RE.match(value)
    if match is None:
        raise ValueError(f"bad UNTIL {value!r}")
    day, clock, utc = match.groups()
    # Naive on purpose: the caller applies UTC or the series' zone.
    if clock is None:
        return datetime.combine(datetime.strptime(day, "%Y%m%d").date(), time.max), False  # noqa: DTZ007
    return datetime.strptime(day + clock, "%Y%m%d%H%M%S"), bool(utc)  # noqa: DTZ007


def _ordinal_key(n: int) -> tuple[int, int]:
    """Counting from the start first, then from the end: 1, 2, 3, …, -2, -1 ("last" comes last)."""
    return (0 if n > 0 else 1, n)


def _day_key(day: tuple[int | None, int]) -> tuple[int, int, int]:
    n, weekday = day
    return (-1, 0, weekday) if n is None else (*_ordinal_key(n), weekday)


# --- presets -----------------------------------------------------------------------------------


def _word_table(names: dict[int, tuple[str, ...]], endings: tuple[str, ...]) -> dict[str, int]:
    return {name + ending: value for value, stems in names.items() for name in stems for ending in endings}


# Words are compared after fold(), so "lördag", "lørdag" and "lordag" are one word.
_WEEKDAY_WORDS: Final = {
    **_word_table(
        {
            0: ("monday", "mandag"),
            1: ("tuesday", "tisdag", "tirsdag"),
            2: ("wednesday", "onsdag"),
            3: ("thursday", "torsdag"),
            4: ("friday", "fredag"),
            5: ("saturday", "lordag"),
            6: ("sunday", "sondag"),
        },
        # English plural; Swedish definite, plural and definite plural; Danish definite and plural.
        ("", "s", "en", "ar", "arna", "e", "ene"),
    ),
    **_word_table(
        {
            0: ("mo", "mon", "man"),
            1: ("tu", "tue", "tues", "tis", "tir", "tirs"),
            2: ("we", "wed", "weds", "ons"),
            3: ("th", "thu", "thur", "thurs", "tor", "tors"),
            4: ("fr", "fri", "fre"),
            5: ("sa", "sat", "lor"),
            6: ("su", "sun", "son"),
        },
        ("", "."),
    ),
}
_ORDINAL_WORDS: Final = {
    **dict.fromkeys(("first", "forsta", "forste"), 1),
    **dict.fromkeys(("second", "andra", "anden", "andet"), 2),
    **dict.fromkeys(("third", "tredje"), 3),
    **dict.fromkeys(("fourth", "fjarde", "fjerde"), 4),
    **dict.fromkeys(("fifth", "femte"), 5),
    **dict.fromkeys(("last", "sista", "sidste"), -1),
}
# "1st", "2nd", "-1", Swedish "2:a", "3:e" and Danish "2.".
_ORDINAL_RE = re.compile(r"^(-?\d{1,2})(?:st|nd|rd|th|:a|:e|\.)?$")
_COUNT_WORDS: Final = {"two": 2, "three": 3, "four": 4, "tva": 2, "tre": 3, "fyra": 4, "to": 2, "fire": 4, "other": 2}
_EVERY: Final = frozenset({"every", "each", "varje", "var", "hver", "hvert"})
_EVERY_OTHER: Final = frozenset({"varannan", "vartannat"})
_WEEK: Final = frozenset({"week", "weeks", "vecka", "veckor", "veckan", "uge", "uger", "ugen"})
_MONTH: Final = frozenset({"month", "months", "manad", "manader", "manaden", "maned", "maneder", "maneden"})
_WEEKLY: Final = frozenset({"weekly", "veckovis", "ugentlig", "ugentligt"})
_MONTHLY: Final = frozenset({"monthly", "manadsvis", "manatligen", "manatlig", "manedlig", "manedligt"})
_UNITS: Final[dict[str, _Freq]] = {**dict.fromkeys(_WEEK, du.WEEKLY), **dict.fromkeys(_MONTH, du.MONTHLY)}
_LEADING: Final[dict[str, tuple[_Freq, int]]] = {
    **dict.fromkeys(_WEEKLY, (du.WEEKLY, 1)),
    **dict.fromkeys(_MONTHLY, (du.MONTHLY, 1)),
    "fortnightly": (du.WEEKLY, 2),
}
#: Words that read either way ("biweekly" is every two weeks or twice a week).
_AMBIGUOUS: Final = frozenset({"biweekly", "bi-weekly"})
_FILLER: Final = frozenset({"on", "the", "of", "in", "and", "i", "pa", "om", "och", "og", "den", "det"})


def _weekday(word: str) -> int | None:
    return _WEEKDAY_WORDS.get(word)


def _ordinal(word: str) -> int | None:
    if word in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[word]
    match = _ORDINAL_RE.match(word)
    return int(match.group(1)) if match else None


def _count(word: str) -> int | None:
    """A number of weeks or months: "2", "two", "other", "3rd" (as in "every 3rd week")."""
    return _COUNT_WORDS.get(word) or _ordinal(word)


def _parse_preset(text: str) -> _Rule:
    words = re.sub(r"[,;&+/]", " ", fold(text)).split()
    freq, interval, rest, after_every = _preset_frequency(words, text)
    if not 1 <= interval <= _MAX_PRESET_INTERVAL:
        raise UserError("error-bad-rule", rule=text)
    byday = _preset_days(rest, text)
    ordinals = {n for n, _ in byday if n is not None}
    # "every second tuesday" is every other week to some and the 2nd Tuesday of the month to others;
    # "every 3rd thursday" likewise. A single ordinal after "every" is refused rather than guessed.
    if after_every and len(ordinals) == 1 and min(ordinals) >= 2:
        raise UserError("error-ambiguous-rule", rule=text)
    if ordinals and freq in (None, du.MONTHLY):
        return _Rule(freq=du.MONTHLY, interval=interval, byday=byday)
    if not ordinals and freq in (None, du.WEEKLY):
        return _Rule(freq=du.WEEKLY, interval=interval, byday=byday)
    raise UserError("error-bad-rule", rule=text)


def _preset_frequency(words: list[str], text: str) -> tuple[_Freq | None, int, list[str], bool]:
    """Read a leading "weekly", "monthly", "every 2 weeks", "varannan vecka"… off ``words``.

    Returns the frequency (None when the weekdays decide it), the interval, the words left and
    whether a bare "every" came first, which makes a following ordinal ambiguous.
    """
    first, second, third = (*words[:3], "", "", "")[:3]
    if first in _LEADING:
        freq, interval = _LEADING[first]
        return freq, interval, words[1:], False
    if (
        first in _AMBIGUOUS
        # "varannan vecka" is every two weeks; "varannan tisdag" reads both ways, like "every other".
        or (first in _EVERY_OTHER and second not in _WEEK)
        or (first in _EVERY and second == "other" and third not in _UNITS)
    ):
        raise UserError("error-ambiguous-rule", rule=text)
    if first in _EVERY_OTHER:
        return du.WEEKLY, 2, words[2:], False
    if first not in _EVERY:
        return None, 1, words, False
    if second in _UNITS:
        return _UNITS[second], 1, words[2:], False
    if (n := _count(second)) is not None and third in _UNITS:
        return _UNITS[third], n, words[3:], False
    return None, 1, words[1:], True


def _preset_days(words: list[str], text: str) -> tuple[tuple[int | None, int], ...]:
    """Read "1st 3rd thu", "2nd tue thu" or "tue thu" into BYDAY items.

    Ordinals apply to the weekdays after them, so "1st tue 3rd thu" is 1TU,3TH. Either every
    weekday has ordinals (a monthly rule) or none has (a weekly one).
    """
    days: set[tuple[int | None, int]] = set()
    ordinals: list[int] = []
    pending: list[int] = []  # ordinals waiting for their weekdays
    month_mentioned = False
    plain = False
    for word in words:
        if word in _FILLER:
            continue
        if word in _MONTH:
            month_mentioned = True
        elif (weekday := _weekday(word)) is not None:
            if pending:
                ordinals, pending = pending, []
            if ordinals:
                days.update((n, weekday) for n in ordinals)
            else:
                plain = True
                days.add((None, weekday))
        elif (n := _ordinal(word)) is not None and 1 <= abs(n) <= 5:
            pending.append(n)
        else:
            raise UserError("error-bad-rule", rule=text)
    numbered = any(n is not None for n, _ in days)
    if pending or not days or (numbered and plain) or (month_mentioned and not numbered):
        raise UserError("error-bad-rule", rule=text)
    return tuple(sorted(days, key=_day_key))


# --- series ------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # ValueError for odd keys ("../x", ""), OSError for directories ("Europe") and long names.
        raise UserError("error-unknown-timezone", zone=name) from None


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {value!r}")


def _wall(instant: datetime, zone: ZoneInfo, shift: timedelta) -> datetime:
    """The naive wall time of ``instant`` in ``zone`` moved by ``shift``, kept inside datetime's range."""
    try:
        wall = instant.astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        return _LATEST if instant.year > 1 else _EARLIEST
    return _later(wall, shift)


def _later(wall: datetime, shift: timedelta) -> datetime:
    """``wall + shift``, kept between _EARLIEST and _LATEST instead of overflowing."""
    try:
        moved = wall + shift
    except OverflowError:
        return _LATEST if shift > timedelta(0) else _EARLIEST
    return min(max(moved, _EARLIEST), _LATEST)


@dataclass(frozen=True)
class Recurrence:
    """A meeting series: an RRULE body from parse_rule, a zone, a time of day and a date range.

    ``start_date`` is the first local date the series may fall on (nothing is added there unless
    the rule matches it); ``until`` is the last one, inclusive, or None for an open-ended series.
    """

    rrule: str
    timezone: str
    local_time: time
    start_date: date
    until: date | None = None

    def __post_init__(self) -> None:
        _load_zone(self.timezone)
        if self.local_time.tzinfo is not None or self.local_time.microsecond:
            # dateutil drops microseconds, and a zone on the time would fight the series' zone.
            raise ValueError(f"local_time must be naive whole seconds, got {self.local_time!r}")
        if self._never_happens():
            raise UserError("error-bad-rule", rule=self.rrule)

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Occurrences (aware, UTC) with ``start <= occurrence < end``; both bounds must be aware."""
        _require_aware(start, "start")
        _require_aware(end, "end")
        return [i for i in takewhile(lambda i: i < end, self._instants(start, end)) if i >= start]

    def after(self, instant: datetime, count: int) -> list[datetime]:
        """The next ``count`` occurrences (aware, UTC) strictly after ``instant``.

        Fewer come back when the series ends, or when nothing falls within a century of ``instant``.
        """
        _require_aware(instant, "instant")
        if count <= 0:
            return []
        return list(islice((i for i in self._instants(instant, None) if i > instant), count))

    def local(self, instant: datetime) -> datetime:
        """``instant`` in the series' zone (aware)."""
        _require_aware(instant, "instant")
        return instant.astimezone(self._zone)

    def rrule_text(self) -> str:
        """The series as iCalendar lines: DTSTART;TZID=… and an RRULE, for experts and export.

        DTSTART is the first occurrence (RFC 5545 counts DTSTART as one), and a series end is written
        as UNTIL in UTC, as the RFC requires next to a DTSTART with TZID.
        """
        anchor = self._anchor
        first = next(self._rule.walls(anchor, anchor.date(), _later(anchor, _HORIZON)), anchor)
        rule = self._rule
        if rule.count is None or self.until is not None:
            end = self._end
            until = None if end is None else f"{end:%Y%m%dT%H%M%SZ}"
            rule = dataclasses.replace(rule, count=None, until=until)
        return f"DTSTART;TZID={self.timezone}:{first:%Y%m%dT%H%M%S}\nRRULE:{rule.body()}"

    def _never_happens(self) -> bool:
        """Whether the rule can never match from this start: "FREQ=YEARLY;BYMONTH=2" started on a
        30th (the day comes from the start date), or "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29"
        started in 2025 (every fourth year from then is a common year)."""
        rule, anchor = self._rule, self._anchor
        # The pattern check comes first: without it the search below could keep dateutil busy.
        if rule.uses_start_defaults and not _has_pattern(rule, anchor.month, anchor.day):
            return True
        return next(rule.walls(anchor, anchor.date(), _later(anchor, _HORIZON)), None) is None

    @property
    def _zone(self) -> ZoneInfo:
        return _load_zone(self.timezone)

    @property
    def _rule(self) -> _Rule:
        return _rule_of(self.rrule)

    @property
    def _anchor(self) -> datetime:
        return datetime.combine(self.start_date, self.local_time)

    def _to_utc(self, wall: datetime) -> datetime:
        """The instant of a naive local wall time, read as RFC 5545 §3.3.5 says.

        A wall time that a spring-forward switch skips is read with the offset in force before the
        gap, so 02:30 on such a night happens once, at 03:30 new time; one that an autumn switch
        repeats is the first of the two. zoneinfo does exactly this for fold=0 (PEP 495), so
        fold=0 is set here explicitly rather than inherited from whatever built ``wall``.
        """
        return wall.replace(tzinfo=self._zone, fold=0).astimezone(UTC)

    @cached_property
    def _end(self) -> datetime | None:
        """The last instant the series may use (UTC), from ``until``, UNTIL and COUNT; None if open."""
        ends: list[datetime] = []
        if self.until is not None:
            ends.append(self._to_utc(datetime.combine(self.until, time.max)))
        rule = self._rule
        if rule.until is not None:
            wall, utc = _until_wall(rule.until)
            ends.append(wall.replace(tzinfo=UTC) if utc else self._to_utc(wall))
        if rule.count is not None:
            # COUNT is counted from the real start, once; from then on it is an end like the others,
            # which lets expansion start anywhere in the series.
            anchor = self._anchor
            walls = rule.walls(anchor, anchor.date(), _later(anchor, _HORIZON))
            last = None
            for last in islice(walls, rule.count):  # noqa: B007 - only the last one is wanted
                pass
            ends.append(datetime.min.replace(tzinfo=UTC) if last is None else self._to_utc(last))
        return min(ends, default=None)

    def _instants(self, since: datetime, until: datetime | None) -> Iterator[datetime]:
        """Occurrences (UTC, increasing, unique) from a little before ``since`` to a little after ``until``.

        ``until`` None means up to the horizon. Expansion starts at the rule's period around
        ``since`` rather than at ``start_date`` (see ``_Rule.walls``); callers cut the result to
        the exact bounds.
        """
        zone, rule, anchor, end = self._zone, self._rule, self._anchor, self._end
        low = _wall(since, zone, -_MARGIN)
        high = _wall(since, zone, _HORIZON) if until is None else _wall(until, zone, _MARGIN)
        if end is not None:
            high = min(high, _wall(end, zone, _MARGIN))
        if high < anchor:
            return
        previous: datetime | None = None
        for wall in rule.walls(anchor, low.date(), high):
            instant = self._to_utc(wall)
            if end is not None and instant > end:
                return
            # Meetings are at most daily, so wall times are a day apart and their instants cannot
            # go backwards; they can coincide only where a zone skipped a whole day (Pacific/Apia,
            # 2011-12-30), and then the skipped day's meeting is the next day's.
            if previous is not None and instant <= previous:
                continue
            previous = instant
            yield instant


def next_dates_preview(recurrence: Recurrence, after: datetime, count: int = 3) -> list[datetime]:
    """The next ``count`` occurrences after ``after``, in the series' zone, to echo to a coordinator."""
    return [recurrence.local(instant) for instant in recurrence.after(after, count)]
