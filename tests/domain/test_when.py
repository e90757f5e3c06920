"""Typed dates: the window of a year back to ten years ahead, and what lies outside it."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.when import DateWindow, parse_date
from bot.errors import UserError

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("today", "earliest", "latest"),
    [
        (date(2026, 3, 2), date(2025, 3, 2), date(2036, 3, 2)),
        (date(2028, 2, 29), date(2027, 2, 28), date(2038, 2, 28)),
        (date(1, 6, 1), date(1, 6, 1), date(11, 6, 1)),
        (date(9999, 6, 1), date(9998, 6, 1), date(9999, 6, 1)),
    ],
    ids=["ordinary", "leap-day", "year-one", "year-9999"],
)
def test_the_window_around_today(today: date, earliest: date, latest: date) -> None:
    """A year back to ten years ahead; a leap day becomes the 28th; the ends never leave datetime's years."""
    assert DateWindow.around(today) == DateWindow(earliest, latest)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-02", date(2025, 3, 2)),
        ("2036-03-02", date(2036, 3, 2)),
        ("2026-03-10", date(2026, 3, 10)),
        ("1/3", date(2027, 3, 1)),
        ("2.3", date(2026, 3, 2)),
    ],
)
def test_dates_inside_the_window_are_read(text: str, expected: date) -> None:
    """Both ends of the window count; day/month forms always land inside it."""
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["9999-12-31", "0001-01-01", "2025-03-01", "2036-03-03", "99991231"])
def test_dates_outside_the_window_are_refused_naming_it(text: str) -> None:
    """A date outside the window is refused with the window's own dates."""
    with pytest.raises(UserError) as refused:
        parse_date(text, TODAY)
    assert refused.value.key == "error-date-out-of-range"
    assert refused.value.args_ == {"value": text, "earliest": date(2025, 3, 2), "latest": date(2036, 3, 2)}


@pytest.mark.parametrize("text", ["10000-01-01", "2026-02-30", "31/2", "tomorrow", ""])
def test_what_is_not_a_date_stays_not_a_date(text: str) -> None:
    """Text that names no date is said to be no date, not out of range."""
    with pytest.raises(UserError) as refused:
        parse_date(text, TODAY)
    assert refused.value.key == "error-bad-date"
