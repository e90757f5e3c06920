"""The console's ``:time`` moves the clock no further than the dates people may type (ten years ahead)."""

from __future__ import annotations

import pytest

from tests.adapters.console.helpers import only_post, snapshot
from tests.console_driver import ConsoleDriver

#: The clock starts on Monday 2 March 2026 (Stockholm): the window runs to Sunday 2 March 2036.
WINDOW = "from Sunday, March 2, 2025 to Sunday, March 2, 2036 (a year back, ten years ahead)"


@pytest.mark.parametrize(
    "value",
    [
        "+99999999999d",
        "+3654d",
        "+999999999999999999999999999999w",
        "+" + "9" * 5000 + "s",
        "9999-12-31T23:59+00:00",
        "9999-12-31T23:59-05:00",
        "2036-03-03T00:30+01:00",
    ],
    ids=[
        "overflowing-days",
        "just-beyond",
        "overflowing-weeks",
        "thousands-of-digits",
        "year-9999",
        "past-9999",
        "day-after",
    ],
)
async def test_a_jump_beyond_the_window_is_refused(console: ConsoleDriver, value: str) -> None:
    """Such a jump is refused with the window's dates; the clock and the database stay as they were."""
    await console.say(":as Anna")
    before, now = await snapshot(console), console.clock.now()
    post = only_post(await console.say(f":time {value}"))
    assert post.header == "@Anna (only you)"
    assert post.body == f"✖ “{value[:40]}” is too far away: I take dates {WINDOW}."
    assert console.clock.now() == now
    assert await snapshot(console) == before


async def test_a_jump_to_the_last_day_of_the_window_is_made(console: ConsoleDriver) -> None:
    """The window's last day is within reach."""
    out = await console.say(":as Anna\n:time 2036-03-02T23:00+01:00")
    assert out.strip() == "· 2036-03-02T23:00+01:00 (Europe/Stockholm)"


async def test_the_window_moves_with_the_clock(console: ConsoleDriver) -> None:
    """After a jump, the ten years count from the new today."""
    out = await console.say(":as Anna\n:time +3650d\n:time +3650d")
    assert out.strip().splitlines() == [
        "· 2036-02-28T10:00+01:00 (Europe/Stockholm)",
        "· 2046-02-25T10:00+01:00 (Europe/Stockholm)",
    ]
