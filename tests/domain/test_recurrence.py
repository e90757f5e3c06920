"""Recurrence rules: what coordinators type, and expansion in local wall time across DST switches."""

from __future__ import annotations

import calendar
import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule as du
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.recurrence import Recurrence, _Rule, next_dates_preview, parse_rule
from bot.errors import UserError

SPRING_FORWARD = date(2026, 3, 29)  # Europe: 02:00 -> 03:00, a Sunday
FALL_BACK = date(2026, 10, 25)  # Europe: 03:00 -> 02:00, a Sunday


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# --- parse_rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "body"),
    [
        # weekly
        ("weekly tue", "FREQ=WEEKLY;BYDAY=TU"),
        ("Weekly Tuesday", "FREQ=WEEKLY;BYDAY=TU"),
        ("tue", "FREQ=WEEKLY;BYDAY=TU"),
        ("every tuesday and thursday", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("every week on thu, tue", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("veckovis tisdag", "FREQ=WEEKLY;BYDAY=TU"),
        ("varje vecka på tisdagar", "FREQ=WEEKLY;BYDAY=TU"),
        ("ugentlig tirsdag", "FREQ=WEEKLY;BYDAY=TU"),
        ("hver uge tirs og tors", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("weekly lördag", "FREQ=WEEKLY;BYDAY=SA"),
        ("weekly lørdag søndag", "FREQ=WEEKLY;BYDAY=SA,SU"),
        ("weekly mån", "FREQ=WEEKLY;BYDAY=MO"),
        # every n weeks
        ("every 2 weeks tue", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every 3 weeks thursday", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH"),
        ("every 2 weeks on Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every two weeks wed", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        ("every other week tue", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("every second week tue", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("fortnightly fri", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("varannan vecka tisdag", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("var 3:e vecka torsdag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH"),
        ("var tredje vecka tors", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH"),
        ("hver anden uge tirsdag", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("hver 3. uge torsdag", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TH"),
        # nth weekday of the month
        ("2nd tue", "FREQ=MONTHLY;BYDAY=2TU"),
        ("monthly 2nd tue", "FREQ=MONTHLY;BYDAY=2TU"),
        ("2 tue", "FREQ=MONTHLY;BYDAY=2TU"),
        ("the 2nd Tuesday of the month", "FREQ=MONTHLY;BYDAY=2TU"),
        ("every month on the 2nd tue", "FREQ=MONTHLY;BYDAY=2TU"),
        ("every 2 months 2nd tue", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"),
        ("1st,3rd thu", "FREQ=MONTHLY;BYDAY=1TH,3TH"),
        ("1st and 3rd thursday", "FREQ=MONTHLY;BYDAY=1TH,3TH"),
        ("monthly 1st 3rd thu", "FREQ=MONTHLY;BYDAY=1TH,3TH"),
        ("every 1st and 3rd thursday", "FREQ=MONTHLY;BYDAY=1TH,3TH"),
        ("1st tue 3rd thu", "FREQ=MONTHLY;BYDAY=1TU,3TH"),
        ("4th wed", "FREQ=MONTHLY;BYDAY=4WE"),
        ("5th fri", "FREQ=MONTHLY;BYDAY=5FR"),
        ("last fri", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("-1 fri", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("every last friday", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("1st and last mon", "FREQ=MONTHLY;BYDAY=1MO,-1MO"),
        ("2:a tisdagen i månaden", "FREQ=MONTHLY;BYDAY=2TU"),
        ("andra tisdagen", "FREQ=MONTHLY;BYDAY=2TU"),
        ("1:a och 3:e torsdagen", "FREQ=MONTHLY;BYDAY=1TH,3TH"),
        ("månadsvis sista fredagen", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("sista fredagen i månaden", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("2. tirsdag i måneden", "FREQ=MONTHLY;BYDAY=2TU"),
        ("første og tredje torsdag", "FREQ=MONTHLY;BYDAY=1TH,3TH"),
        ("sidste fredag", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("månedlig sidste fre", "FREQ=MONTHLY;BYDAY=-1FR"),
        # raw rules for experts
        ("FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU"),
        ("rrule:freq=monthly;byday=+2tu", "FREQ=MONTHLY;BYDAY=2TU"),
        ("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"),
        ("FREQ=WEEKLY;INTERVAL=1;BYDAY=MO", "FREQ=WEEKLY;BYDAY=MO"),
        ("FREQ=DAILY", "FREQ=DAILY"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1,15,1;COUNT=5", "FREQ=MONTHLY;COUNT=5;BYMONTHDAY=1,15,-1"),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
        ("FREQ=YEARLY;BYMONTH=6;BYDAY=1SA", "FREQ=YEARLY;BYMONTH=6;BYDAY=1SA"),
        ("FREQ=WEEKLY;BYDAY=SU;UNTIL=20271231", "FREQ=WEEKLY;UNTIL=20271231;BYDAY=SU"),
        ("FREQ=WEEKLY;BYDAY=SU;UNTIL=20271231T220000Z;WKST=SU", "FREQ=WEEKLY;UNTIL=20271231T220000Z;BYDAY=SU;WKST=SU"),
        (" freq=weekly ; byday=tu ; ", "FREQ=WEEKLY;BYDAY=TU"),
    ],
)
def test_parse_rule_reads_presets_and_raw_rules(text: str, body: str) -> None:
    """Each preset form, in English, Swedish and Danish, and each raw rule gives its RRULE body."""
    assert parse_rule(text) == body


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("every second tue", "error-ambiguous-rule"),
        ("every other tuesday", "error-ambiguous-rule"),
        ("Every Second Tuesday", "error-ambiguous-rule"),
        ("every 2nd tue", "error-ambiguous-rule"),
        ("every third thursday", "error-ambiguous-rule"),
        ("var andra tisdag", "error-ambiguous-rule"),
        ("varannan tisdag", "error-ambiguous-rule"),
        ("hver anden tirsdag", "error-ambiguous-rule"),
        ("biweekly tue", "error-ambiguous-rule"),
        ("", "error-bad-rule"),
        ("garbage", "error-bad-rule"),
        ("tuesday at 18:00", "error-bad-rule"),
        ("2nd", "error-bad-rule"),
        ("6th tue", "error-bad-rule"),
        ("weekly 2nd tue", "error-bad-rule"),
        ("monthly tue", "error-bad-rule"),
        ("tue of the month", "error-bad-rule"),
        ("tue 2nd thu", "error-bad-rule"),
        ("every 0 weeks tue", "error-bad-rule"),
        ("every 2 weeks", "error-bad-rule"),
        ("FREQ=HOURLY", "error-bad-rule"),
        ("FREQ=MINUTELY;INTERVAL=30", "error-bad-rule"),
        ("FREQ=DAILY;BYHOUR=9", "error-bad-rule"),
        ("FREQ=DAILY;BYMINUTE=30", "error-bad-rule"),
        ("FREQ=WEEKLY;BYDAY=TU;DTSTART=20260101T180000", "error-bad-rule"),
        ("BYDAY=TU", "error-bad-rule"),
        ("FREQ=WEEKLY;BYDAY=XX", "error-bad-rule"),
        ("FREQ=WEEKLY;BYDAY=2TU", "error-bad-rule"),
        ("FREQ=WEEKLY;BYDAY=TU;BYDAY=TH", "error-bad-rule"),
        ("FREQ=WEEKLY;INTERVAL=0", "error-bad-rule"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20270101", "error-bad-rule"),
        ("FREQ=WEEKLY;UNTIL=20271340", "error-bad-rule"),
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "error-bad-rule"),
        ("FREQ=MONTHLY;BYSETPOS=1", "error-bad-rule"),
        ("FREQ=WEEKLY;X-NAME=1", "error-bad-rule"),
        ("FREQ=WEEKLY\nRRULE:FREQ=DAILY", "error-bad-rule"),
    ],
)
def test_parse_rule_refuses(text: str, key: str) -> None:
    """Garbage, "every second …", sub-daily and time-of-day rules are refused with the right key."""
    with pytest.raises(UserError) as caught:
        parse_rule(text)
    assert caught.value.key == key
    assert caught.value.args_ == {"rule": text}


# --- DST --------------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["Europe/Stockholm", "Europe/Copenhagen"])
@pytest.mark.parametrize("text", ["every 2 weeks on Tuesday", "2nd Tuesday of the month"])
def test_meetings_stay_at_local_time_across_dst(zone: str, text: str) -> None:
    """An 18:00 meeting stays 18:00 local through both 2026 switches; UTC moves 17 -> 16 -> 17."""
    series = Recurrence(parse_rule(text), zone, time(18), date(2026, 1, 1))
    starts = series.between(utc(2026, 1, 1), utc(2027, 1, 1))
    assert len(starts) >= 12
    for start in starts:
        local = series.local(start)
        assert (local.hour, local.minute) == (18, 0)
        summer = SPRING_FORWARD <= local.date() < FALL_BACK
        assert start.hour == (16 if summer else 17)
    assert {start.hour for start in starts} == {16, 17}


@pytest.mark.parametrize("text", ["FREQ=DAILY", "weekly sun"])
def test_wall_time_in_spring_gap_happens_once_an_hour_later(text: str) -> None:
    """02:30 on the spring-forward night happens once, at 01:30 UTC (03:30 CEST)."""
    series = Recurrence(parse_rule(text), "Europe/Stockholm", time(2, 30), date(2026, 3, 1))
    starts = series.between(utc(2026, 3, 28, 12), utc(2026, 3, 29, 23))
    assert starts == [utc(2026, 3, 29, 1, 30)]
    local = series.local(starts[0])
    assert (local.date(), local.hour, local.minute) == (SPRING_FORWARD, 3, 30)


@pytest.mark.parametrize("text", ["FREQ=DAILY", "weekly sun"])
def test_wall_time_in_autumn_fold_happens_once_the_first_time(text: str) -> None:
    """02:30 on the fall-back night happens once, the first time: 00:30 UTC (CEST)."""
    series = Recurrence(parse_rule(text), "Europe/Stockholm", time(2, 30), date(2026, 10, 1))
    starts = series.between(utc(2026, 10, 24, 12), utc(2026, 10, 25, 23))
    assert starts == [utc(2026, 10, 25, 0, 30)]


@pytest.mark.parametrize(
    ("zone", "day", "at", "instant"),
    [
        ("America/New_York", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 30)),
        ("Europe/Helsinki", date(2026, 3, 29), time(3, 30), utc(2026, 3, 29, 1, 30)),
        ("Australia/Sydney", date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16, 30)),
    ],
)
def test_spring_gap_uses_the_offset_before_it_everywhere(zone: str, day: date, at: time, instant: datetime) -> None:
    """In other zones too, a skipped wall time is read with the offset in force before the gap."""
    series = Recurrence("FREQ=DAILY", zone, at, day - timedelta(days=3))
    assert [s for s in series.between(utc(2026, 1, 1), utc(2027, 1, 1)) if series.local(s).date() == day] == [instant]


@pytest.mark.parametrize(
    ("zone", "day", "at", "instant"),
    [
        ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
        ("Australia/Sydney", date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30)),
    ],
)
def test_autumn_fold_takes_the_first_everywhere(zone: str, day: date, at: time, instant: datetime) -> None:
    """In other zones too, a repeated wall time is the first of the two."""
    series = Recurrence("FREQ=DAILY", zone, at, day - timedelta(days=3))
    assert [s for s in series.between(utc(2026, 1, 1), utc(2027, 1, 1)) if series.local(s).date() == day] == [instant]


def test_day_a_zone_skipped_collapses_into_the_next() -> None:
    """Samoa skipped 2011-12-30; that day's meeting is the next day's, not a duplicate instant."""
    series = Recurrence("FREQ=DAILY", "Pacific/Apia", time(10), date(2011, 12, 28))
    starts = series.between(utc(2011, 12, 1), utc(2012, 1, 3))
    assert [series.local(s).date().day for s in starts] == [28, 29, 31, 1, 2, 3]


# --- bounds -----------------------------------------------------------------------------------


def test_until_is_inclusive() -> None:
    """A meeting on the until date itself still happens; the next one does not."""
    series = Recurrence("FREQ=WEEKLY;BYDAY=TU", "Europe/Stockholm", time(23, 30), date(2026, 1, 1), date(2026, 1, 20))
    starts = series.between(utc(2026, 1, 1), utc(2027, 1, 1))
    assert [series.local(s).date() for s in starts] == [date(2026, 1, 6), date(2026, 1, 13), date(2026, 1, 20)]


@pytest.mark.parametrize(
    ("start_date", "first"),
    [(date(2026, 1, 6), date(2026, 1, 6)), (date(2026, 1, 7), date(2026, 1, 13))],
)
def test_start_date_is_respected(start_date: date, first: date) -> None:
    """Nothing falls before start_date, and start_date itself counts when the rule matches it."""
    series = Recurrence("FREQ=WEEKLY;BYDAY=TU", "Europe/Stockholm", time(18), start_date)
    assert series.local(series.after(utc(2020, 1, 1), 1)[0]).date() == first


def test_count_is_counted_from_the_start_date() -> None:
    """COUNT=3 means the series' first three meetings, whatever window is asked about."""
    series = Recurrence("FREQ=WEEKLY;COUNT=3;BYDAY=TU", "Europe/Oslo", time(18), date(2026, 1, 1))
    assert [s.day for s in series.between(utc(2026, 1, 10), utc(2027, 1, 1))] == [13, 20]


@pytest.mark.parametrize(("until", "last"), [("20260120", 20), ("20260120T170000Z", 20), ("20260120T165959Z", 13)])
def test_raw_until_ends_the_series(until: str, last: int) -> None:
    """A raw UNTIL date is inclusive; a UTC UNTIL is compared as an instant."""
    series = Recurrence(f"FREQ=WEEKLY;UNTIL={until};BYDAY=TU", "Europe/Stockholm", time(18), date(2026, 1, 1))
    assert series.after(utc(2026, 1, 1), 10)[-1].day == last


def test_between_refuses_naive_datetimes() -> None:
    """Naive bounds are a programming error: between raises ValueError."""
    series = Recurrence("FREQ=WEEKLY;BYDAY=TU", "Europe/Stockholm", time(18), date(2026, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        series.between(datetime(2026, 1, 1), utc(2027, 1, 1))  # noqa: DTZ001


def test_after_is_strictly_after() -> None:
    """An occurrence at the instant itself is not "after" it."""
    series = Recurrence("FREQ=WEEKLY;BYDAY=TU", "UTC", time(18), date(2026, 1, 1))
    assert series.after(utc(2026, 1, 6, 18), 2) == [utc(2026, 1, 13, 18), utc(2026, 1, 20, 18)]


def test_after_ends_with_the_series() -> None:
    """after() returns fewer than asked once the series has ended."""
    series = Recurrence("FREQ=WEEKLY;BYDAY=TU", "UTC", time(18), date(2026, 1, 1), date(2026, 1, 14))
    assert series.after(utc(2026, 1, 1), 5) == [utc(2026, 1, 6, 18), utc(2026, 1, 13, 18)]


@pytest.mark.parametrize("zone", ["Nope/Zone", "Europe", "", "../etc/passwd", "europe/stockholm "])
def test_unknown_timezone_is_a_user_error(zone: str) -> None:
    """A zone zoneinfo cannot load is refused with error-unknown-timezone."""
    with pytest.raises(UserError) as caught:
        Recurrence("FREQ=WEEKLY;BYDAY=TU", zone, time(18), date(2026, 1, 1))
    assert (caught.value.key, caught.value.args_) == ("error-unknown-timezone", {"zone": zone})


def test_expansion_starts_near_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A series started a century ago is expanded from around the window, not from its start."""
    series = Recurrence("FREQ=DAILY;INTERVAL=3", "Europe/Stockholm", time(18), date(1926, 1, 1))
    starts: list[datetime] = []
    real = _Rule.pattern

    # Spied on at the rule's own seam: replacing dateutil's rrule class breaks its super() call on dateutil < 3
    # (what recurring-ical-events, a test dependency, installs).
    def spy(rule: _Rule, dtstart: datetime, anchor: datetime) -> du.rrule:
        starts.append(dtstart)
        return real(rule, dtstart, anchor)

    monkeypatch.setattr(_Rule, "pattern", spy)
    found = series.between(utc(2026, 6, 1), utc(2026, 6, 10))
    every_third = [d for d in range(1, 10) if (date(2026, 6, d) - date(1926, 1, 1)).days % 3 == 0]
    assert found == [utc(2026, 6, d, 16) for d in every_third]
    assert min(s.year for s in starts) >= 2026


@pytest.mark.parametrize(
    ("rule", "start_date"),
    [
        ("FREQ=DAILY", date(2019, 5, 17)),
        ("FREQ=DAILY;INTERVAL=5;BYDAY=MO,FR", date(2019, 5, 17)),
        ("FREQ=DAILY;INTERVAL=3;BYMONTHDAY=1,15", date(2021, 2, 3)),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=WE,SU;WKST=SU", date(2018, 8, 8)),
        ("FREQ=WEEKLY;INTERVAL=2", date(2024, 2, 29)),
        ("FREQ=MONTHLY;INTERVAL=2", date(2024, 1, 31)),
        ("FREQ=MONTHLY;INTERVAL=5;BYDAY=1MO,-1FR", date(2019, 12, 31)),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", date(2020, 6, 30)),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTH=1,4,7,10;BYMONTHDAY=-1", date(2021, 1, 15)),
        ("FREQ=YEARLY", date(2020, 3, 31)),
        ("FREQ=YEARLY;INTERVAL=2;BYMONTH=6;BYDAY=1SA,-1SA", date(2018, 7, 1)),
        ("FREQ=YEARLY;BYMONTH=3,10;BYDAY=SU;BYSETPOS=-1", date(2016, 1, 1)),
        ("FREQ=WEEKLY;BYDAY=TU;COUNT=400", date(2019, 1, 1)),
        ("FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20270101T000000Z", date(2019, 1, 1)),
    ],
)
def test_expansion_matches_dateutil_from_the_start(rule: str, start_date: date) -> None:
    """Expanding from near a late window gives what dateutil gives expanding from the start date."""
    series = Recurrence(rule, "Europe/Stockholm", time(18, 45), start_date)
    stockholm = ZoneInfo("Europe/Stockholm")
    anchor = datetime.combine(start_date, time(18, 45))
    walls = du.rrulestr(rule, dtstart=anchor.replace(tzinfo=stockholm), tzinfos={"UTC": UTC})
    low, high = utc(2026, 2, 1), utc(2027, 5, 1)
    expected = [w.astimezone(UTC) for w in walls.between(low, high, inc=True) if w < high]
    assert series.between(low, high) == expected
    assert expected


@pytest.mark.parametrize(
    ("rule", "start_date"),
    [
        ("FREQ=YEARLY;BYMONTH=2", date(2026, 1, 30)),
        ("FREQ=MONTHLY;BYMONTH=4,6", date(2026, 1, 31)),
        ("FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", date(2025, 1, 1)),
        ("FREQ=DAILY;INTERVAL=7;BYDAY=MO", date(2026, 1, 6)),
        ("FREQ=MONTHLY;INTERVAL=12;BYMONTH=3", date(2026, 4, 1)),
    ],
)
def test_series_that_never_happens_is_refused(rule: str, start_date: date) -> None:
    """A rule that can never match from its start date is refused as a bad rule, quickly."""
    with pytest.raises(UserError) as caught:
        Recurrence(rule, "Europe/Stockholm", time(18), start_date)
    assert caught.value.key == "error-bad-rule"


def test_weeks_start_on_monday_whatever_calendar_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without WKST weeks start on Monday (RFC 5545), not on calendar.firstweekday()."""
    rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO"
    expected = Recurrence(rule, "UTC", time(18), date(2026, 1, 5)).after(utc(2026, 1, 1), 4)
    monkeypatch.setattr(calendar, "firstweekday", lambda: 6)
    assert Recurrence(rule, "UTC", time(18), date(2026, 1, 5)).after(utc(2026, 1, 1), 4) == expected
    assert [s.day for s in expected] == [5, 11, 19, 25]


def test_next_dates_preview_is_local() -> None:
    """The preview gives the next three meetings in the series' zone."""
    series = Recurrence(parse_rule("last fri"), "Europe/Copenhagen", time(17, 15), date(2020, 1, 1))
    preview = next_dates_preview(series, utc(2026, 7, 1))
    copenhagen = ZoneInfo("Europe/Copenhagen")
    assert preview == [datetime(2026, m, d, 17, 15, tzinfo=copenhagen) for m, d in [(7, 31), (8, 28), (9, 25)]]
    assert all(p.tzinfo is copenhagen for p in preview)


@pytest.mark.parametrize(
    ("rule", "until", "text"),
    [
        (
            "FREQ=WEEKLY;BYDAY=TU",
            None,
            "DTSTART;TZID=Europe/Stockholm:20260106T180000\nRRULE:FREQ=WEEKLY;BYDAY=TU",
        ),
        (
            "FREQ=WEEKLY;BYDAY=TU",
            date(2026, 6, 30),
            "DTSTART;TZID=Europe/Stockholm:20260106T180000\nRRULE:FREQ=WEEKLY;UNTIL=20260630T215959Z;BYDAY=TU",
        ),
        (
            "FREQ=WEEKLY;COUNT=4;BYDAY=TU",
            None,
            "DTSTART;TZID=Europe/Stockholm:20260106T180000\nRRULE:FREQ=WEEKLY;COUNT=4;BYDAY=TU",
        ),
        (
            "FREQ=WEEKLY;UNTIL=20260630;BYDAY=TU",
            None,
            "DTSTART;TZID=Europe/Stockholm:20260106T180000\nRRULE:FREQ=WEEKLY;UNTIL=20260630T215959Z;BYDAY=TU",
        ),
    ],
)
def test_rrule_text_is_icalendar(rule: str, until: date | None, text: str) -> None:
    """rrule_text gives DTSTART at the first meeting with TZID, and any end as a UTC UNTIL."""
    assert Recurrence(rule, "Europe/Stockholm", time(18), date(2026, 1, 1), until).rrule_text() == text


# --- properties -------------------------------------------------------------------------------

ZONES = [
    "Europe/Stockholm",
    "Europe/Copenhagen",
    "Europe/Oslo",
    "Europe/Helsinki",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "UTC",
    "Pacific/Apia",
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WINDOW = (utc(2021, 1, 1), utc(2031, 1, 1))

weekly_rules = st.builds(
    lambda interval, days: f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(days)}",
    st.integers(1, 4),
    st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True),
)
nth_weekday_rules = st.builds(
    lambda interval, ordinals, day: f"FREQ=MONTHLY;INTERVAL={interval};BYDAY={','.join(f'{n}{day}' for n in ordinals)}",
    st.sampled_from([1, 1, 2, 3]),
    st.lists(st.sampled_from([1, 2, 3, 4, 5, -1, -2]), min_size=1, max_size=3, unique=True),
    st.sampled_from(DAYS),
)
monthday_rules = st.builds(
    lambda days, count: f"FREQ=MONTHLY;BYMONTHDAY={','.join(map(str, days))}" + (f";COUNT={count}" if count else ""),
    st.lists(st.sampled_from([*range(1, 32), -1, -2, -3]), min_size=1, max_size=3, unique=True),
    st.one_of(st.none(), st.integers(1, 40)),
)
local_times = st.builds(
    time, st.sampled_from([0, 0, 1, 2, 2, 2, 2, 3, 3, 12, 18, 23]), st.sampled_from([0, 15, 30, 59])
)


def reference(series: Recurrence) -> list[tuple[datetime, datetime]]:
    """(wall time, instant) pairs from expanding the rule from start_date the plain dateutil way."""
    anchor = datetime.combine(series.start_date, series.local_time)
    walls = du.rrulestr(series.rrule, dtstart=anchor, ignoretz=True)
    zone = ZoneInfo(series.timezone)
    pairs = []
    for wall in walls:
        instant = wall.replace(tzinfo=zone).astimezone(UTC)
        if instant >= WINDOW[1] or (series.until is not None and wall.date() > series.until):
            break
        if instant >= WINDOW[0]:
            pairs.append((wall, instant))
    return pairs


series_strategy = st.builds(
    lambda rule, zone, at, start_date, until: Recurrence(parse_rule(rule), zone, at, start_date, until),
    rule=st.one_of(weekly_rules, nth_weekday_rules, monthday_rules),
    zone=st.sampled_from(ZONES),
    at=local_times,
    start_date=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    until=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2032, 12, 31))),
)
instants = st.datetimes(
    datetime(2021, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive; timezones= makes the values aware
    datetime(2030, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


@settings(max_examples=150, deadline=None)
@given(series=series_strategy, data=st.data())
def test_expansion_properties(series: Recurrence, data: st.DataObject) -> None:
    """Over ten years: increasing, unique, at the wall time (or later by a gap), and after() agrees."""
    found = series.between(*WINDOW)
    assert all(a < b for a, b in itertools.pairwise(found))
    assert all(WINDOW[0] <= s < WINDOW[1] and s.tzinfo == UTC for s in found)
    expected = reference(series)
    assert found == [instant for _, instant in expected]
    tz = ZoneInfo(series.timezone)
    for wall, instant in expected:
        local = series.local(instant).replace(tzinfo=None)
        if local != wall:  # only a wall time a spring-forward switch skipped may move, by the gap
            before, after = wall.replace(tzinfo=tz).utcoffset(), wall.replace(tzinfo=tz, fold=1).utcoffset()
            assert before is not None
            assert after is not None
            assert after > before
            assert local == wall + (after - before)
    # after() agrees with between(), from an occurrence itself or any instant in the window.
    probe = data.draw(st.one_of(st.sampled_from(found), instants) if found else instants)
    count = data.draw(st.integers(1, 5))
    later = [s for s in found if s > probe][:count]
    got = series.after(probe, count)
    assert got[: len(later)] == later
    assert all(s >= WINDOW[1] for s in got[len(later) :])
    # A window late in the series gives what the whole expansion gives for it.
    low = data.draw(instants)
    high = min(low + timedelta(days=data.draw(st.integers(1, 400))), WINDOW[1])
    assert series.between(low, high) == [s for s in found if low <= s < high]
