"""The coordinators' own meeting: quarterly by default, run by all coordinators together, its call in the
coordinators' section that every coordinator is in, and "what works" naming rising sections that agreed to it.
Also: a section slipping is told to its coordinators once, in their digest."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import insert, select

from bot.domain.meetings import Cadence
from bot.services import what_works
from bot.storage.repositories import meetings
from bot.storage.schema import meeting_series, members, memberships, occurrences, rsvps
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import community, posts, rows, section, titled
from tests.worlds import ConsoleAfter

#: Anna (an admin) makes #gardens for Bo and #pottery for Cleo, and coordinates neither; Dan is in both.
TWO_SECTIONS = """
:as Anna
/section create Gardens
/section create Pottery
:as Bo
/section join gardens
:as Cleo
/section join pottery
:as Dan
/section join gardens
/section join pottery
:as Anna
/section coordinator add gardens Bo
/section coordinator add pottery Cleo
/section coordinator step-down gardens Anna
/section coordinator step-down pottery Anna
"""


@pytest.fixture
async def a_month_on(console_after: ConsoleAfter) -> ConsoleDriver:
    """A console a month after ``TWO_SECTIONS``, when the coordinators' series exists: typed once per worker."""
    return await console_after(TWO_SECTIONS + ":time +31d")


async def names_in(console: ConsoleDriver, slug: str) -> set[str]:
    found = await section(console, slug)
    query = (
        select(members.c.display_name)
        .join(memberships, memberships.c.member_id == members.c.id)
        .where(memberships.c.section_id == found.id)
    )
    async with console.core.database.transaction() as conn:
        return set((await conn.execute(query)).scalars())


async def test_the_quarterly_call_reaches_every_coordinator(console: ConsoleDriver) -> None:
    """A month after the coordinators' section has someone in it, the coordinators have a quarterly series; its call
    is posted in #coordinators, where Bo and Cleo (and no one else) are; its agenda has the "what works" item."""
    await console.say(TWO_SECTIONS)
    coordinators = await section(console, "coordinators")
    await console.say(":time +29d")
    assert await rows(console, meeting_series, meeting_series.c.section_id == coordinators.id) == []
    await console.say(":time +2d")
    (series,) = await rows(console, meeting_series, meeting_series.c.section_id == coordinators.id)
    assert series.rrule == "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"
    assert series.start_date == date(2026, 7, 1)
    assert await names_in(console, "coordinators") == {"Bo", "Cleo"}
    out = await console.say(":time 2026-06-30T19:00+02:00")
    (call,) = titled(out, "Meeting call")
    assert call.header.startswith("#coordinators")
    assert "When: Tuesday, July 7, 2026 18:00" in call.body
    assert "What works: sections whose attendance rose tell how" in call.body
    assert "No section has shared a rise this time" in call.body
    out = await console.say(":time 2026-09-29T19:00+02:00")
    ((header, body),) = [(post.header, post.body) for post in titled(out, "Meeting call")]
    assert header.startswith("#coordinators")
    assert "When: Tuesday, October 6, 2026 18:00" in body


async def test_a_series_the_coordinators_scheduled_themselves_comes_first(console: ConsoleDriver) -> None:
    """Bo schedules a monthly coordinators' meeting in the first month: no quarterly one is made beside it."""
    await console.say(TWO_SECTIONS + ':as Bo\n/meeting schedule "1st wed" 19:00 section:coordinators\n:time +40d')
    coordinators = await section(console, "coordinators")
    (series,) = await rows(console, meeting_series, meeting_series.c.section_id == coordinators.id)
    assert series.rrule != "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"


async def test_any_coordinator_may_edit_the_coordinators_meeting(a_month_on: ConsoleDriver) -> None:
    """They run the coordinators' section together: Bo cancels a meeting; Dan, who coordinates nothing, may not."""
    out = await a_month_on.say(":as Bo\n:in coordinators\n/meeting cancel 2026-07-07")
    assert "✔" in out, out
    out = await a_month_on.say(":as Dan\n/meeting cancel 2026-10-06 coordinators")
    assert "✔" not in out


async def test_the_series_is_made_once_and_not_again_once_ended(a_month_on: ConsoleDriver) -> None:
    await a_month_on.say(":as Bo\n:in coordinators\n/meeting end")
    await a_month_on.say(":time +1d\n:time +1d")
    coordinators = await section(a_month_on, "coordinators")
    assert len(await rows(a_month_on, meeting_series, meeting_series.c.section_id == coordinators.id)) == 1


async def _meetings_with_yes(console: ConsoleDriver, slug: str, yes_by_month: dict[int, int]) -> None:
    """One meeting of ``slug`` on the 5th of each month in 2025 given, with that many yes answers."""
    found = await section(console, slug)
    async with console.core.database.transaction() as conn:
        series = await meetings.create_series(
            conn,
            section_id=found.id,
            rrule="FREQ=MONTHLY;BYMONTHDAY=5",
            timezone="Europe/Stockholm",
            local_time=time(18),
            duration_minutes=60,
            place="",
            start_date=date(2025, 1, 1),
            capacity=None,
            cadence=Cadence(),
            created_by=None,
            now=datetime(2025, 1, 1, tzinfo=UTC),
        )
        people = list((await conn.execute(select(members.c.id))).scalars())
        for month, yes in yes_by_month.items():
            start = datetime(2025, month, 5, 17, tzinfo=UTC)
            occurrence_id = (
                await conn.execute(
                    insert(occurrences)
                    .values(
                        series_id=series.id,
                        original_start=start,
                        start_at=start,
                        end_at=start + timedelta(hours=1),
                        place="",
                        status="scheduled",
                        agenda_touched=False,
                        created_at=start,
                    )
                    .returning(occurrences.c.id)
                )
            ).scalar_one()
            for member_id in people[:yes]:
                await conn.execute(
                    insert(rsvps).values(
                        occurrence_id=occurrence_id,
                        member_id=member_id,
                        answer="yes",
                        waitlisted=False,
                        source="test",
                        updated_at=start,
                    )
                )


async def test_what_works_names_rising_sections_that_agreed_only(console: ConsoleDriver) -> None:
    """Gardens and Pottery both rose; only Gardens' coordinator agreed to be named; a falling section is not named
    even with consent."""
    await console.say(TWO_SECTIONS + ":as Anna\n/section create Weaving\n")
    await console.say(":as Bo\n/section what-works yes gardens\n:as Anna\n/section what-works yes weaving")
    rising_months = {3: 1, 4: 1, 5: 1, 8: 3, 9: 3, 10: 3}
    await _meetings_with_yes(console, "gardens", rising_months)
    await _meetings_with_yes(console, "pottery", rising_months)
    await _meetings_with_yes(console, "weaving", {3: 3, 4: 3, 5: 3, 8: 1, 9: 1, 10: 1})
    at = datetime(2025, 11, 1, tzinfo=UTC)
    the_community = await community(console)
    async with console.core.database.transaction() as conn:
        found = await what_works.rising(conn, the_community.id, the_community.timezone, at)
    assert [section.slug for section in found] == ["gardens"]


async def test_only_a_coordinator_of_the_section_decides_what_works(console: ConsoleDriver) -> None:
    await console.say(TWO_SECTIONS)
    out = await console.say(":as Dan\n/section what-works yes gardens")
    assert "Only a coordinator of gardens may do that." in out


async def test_a_section_slipping_is_in_its_coordinators_digest_once(console: ConsoleDriver) -> None:
    """#gardens meets weekly and nobody says yes: after the third meeting Bo's digest asks, kindly, once."""
    await console.say(TWO_SECTIONS + ':as Bo\n:in gardens\n/meeting schedule "every week mon" 18:00 60 "Shed"\n')
    out = await console.say(":time +22d")
    for _ in range(6):
        out += await console.say(":time +1d")
    kindly = "Nobody said yes to the last three meetings of gardens."
    told = [post for post in posts(out) if post.header.startswith("@Bo (direct)") and kindly in post.body]
    assert len(told) == 1, out
    assert "a guest speaker from the needs list (/section needs gardens), or a pause?" in told[0].body
