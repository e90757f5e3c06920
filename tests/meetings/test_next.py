"""``meeting next``: the soonest meeting not cancelled, found without writing when the plan covers it."""

from __future__ import annotations

from sqlalchemy import text

from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import section, section_with, titled

BIWEEKLY = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'


async def _next_when(console: ConsoleDriver, script: str = "") -> str:
    out = await console.say(script + "/meeting next")
    return titled(out, "Next meeting of Shiatsu")[0].body.splitlines()[1]


async def _changes(console: ConsoleDriver) -> int:
    # SQLite counts every row written on a connection; the bot's SQLite pool holds one connection.
    async with console.core.database.transaction() as conn:
        return int((await conn.execute(text("SELECT total_changes()"))).scalar_one())


async def test_meeting_next_writes_nothing_when_the_meeting_is_planned(console: ConsoleDriver) -> None:
    """Asking for the next meeting is a read: no row changes (the planner keeps the horizon, not readers)."""
    await section_with(console, schedule=BIWEEKLY)
    shiatsu = await section(console)
    before = await _changes(console)
    details = await console.core.services.meetings.next_occurrence(shiatsu)
    assert await _changes(console) == before
    assert details.local_start.isoformat() == "2026-03-03T18:00:00+01:00"
    await console.core.services.meetings.upcoming(shiatsu, 3)  # which plans, so the count does move
    assert await _changes(console) > before


async def test_meeting_next_skips_cancelled_and_follows_moved_meetings(console: ConsoleDriver) -> None:
    """Cancelled meetings are passed over; a moved one counts at its new time, in order."""
    await section_with(console, schedule=BIWEEKLY)
    assert await _next_when(console, "/meeting cancel 2026-03-03\n") == (
        "When: Tuesday, March 17, 2026 18:00 (Europe/Stockholm), 90 minutes"
    )
    assert await _next_when(console, "/meeting move 2026-03-17 2026-03-19\n") == (
        "When: Thursday, March 19, 2026 18:00 (Europe/Stockholm), 90 minutes"
    )
    assert await _next_when(console, "/meeting move 2026-03-31 2026-03-18 09:00\n") == (
        "When: Wednesday, March 18, 2026 09:00 (Europe/Stockholm), 90 minutes"
    )
    assert await _next_when(console, "/meeting cancel 2026-03-18\n") == (
        "When: Thursday, March 19, 2026 18:00 (Europe/Stockholm), 90 minutes"
    )


async def test_a_meeting_under_way_is_the_next_one_until_it_ends(console: ConsoleDriver) -> None:
    """During a meeting, ``meeting next`` (and so ``rsvp``) is about it; once it has ended, the following one."""
    await section_with(console, schedule=BIWEEKLY)
    assert await _next_when(console, ":time 2026-03-03T19:00+01:00\n") == (
        "When: Tuesday, March 3, 2026 18:00 (Europe/Stockholm), 90 minutes"
    )
    assert await _next_when(console, ":time 2026-03-03T19:31+01:00\n") == (
        "When: Tuesday, March 17, 2026 18:00 (Europe/Stockholm), 90 minutes"
    )


async def test_after_the_series_ends_none_is_coming(console: ConsoleDriver) -> None:
    """With the series ended, nothing is coming up, and the answer says so."""
    await section_with(console, schedule=BIWEEKLY)
    out = await console.say("/meeting end 2026-03-02\n/meeting next")
    assert out.splitlines()[-1].strip() == "✖ shiatsu has no meeting coming up."
