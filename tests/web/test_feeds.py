"""Calendar feeds over real HTTP, read back by third-party libraries (icalendar, recurring-ical-events): the same
meetings at the same local times as the bot, the year round; personal feeds behind tokens; conditional requests."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from bot.delivery.planner import recurrence_of
from bot.settings import Settings
from bot.storage.repositories import meetings, sections
from tests.console_driver import ConsoleDriver
from tests.web.conftest import BASE_URL, Web

YEAR = timedelta(days=365)
#: A weekly Tuesday meeting through both 2026 switches (29 March, 25 October), two dates cancelled and two moved,
#: one of each on either side of a switch.
WORLD = """
:as Anna
/section create Shiatsu kind:profession purpose:"We have rooms, we need clients"
:in shiatsu
/meeting schedule "weekly tue" 18:00 90 "Folkets hus"
/meeting cancel 2026-03-17
/meeting move 2026-03-31 2026-04-01 19:00
/meeting cancel 2026-10-20
/meeting move 2026-10-27 2026-10-29
"""


@pytest.fixture
def zone() -> str:
    return "Europe/Stockholm"


@pytest.fixture
def settings(zone: str, tmp_path: Path) -> Settings:
    return Settings(
        storage={"data_dir": tmp_path},  # type: ignore[arg-type]
        community={"timezone": zone, "locale": "sv"},  # type: ignore[arg-type]
        web={"listen": "127.0.0.1:0", "base_url": BASE_URL},  # type: ignore[arg-type]
    )


async def _bots_meetings(console: ConsoleDriver, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """What the bot holds: the series' rule over the span, without its cancelled meetings, moved ones moved."""
    async with console.core.store.transaction() as tx:
        section = await sections.by_slug(tx.conn, 1, "shiatsu")
        assert section is not None
        (series,) = await meetings.series_of_section(tx.conn, section.id)
        planned = await meetings.occurrences_of_series(tx.conn, [series.id], start_from=start - timedelta(days=30))
    by_rule = {instant: instant for instant in recurrence_of(series).between(start, end)}
    for occurrence in planned:
        by_rule.pop(occurrence.original_start, None)
        if not occurrence.is_cancelled:
            by_rule[occurrence.original_start] = occurrence.start_at
    length = timedelta(minutes=series.duration_minutes)
    return sorted((begin, begin + length) for begin in by_rule.values() if start <= begin < end)


def _expanded(body: bytes, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    calendar = icalendar.Calendar.from_ical(body)
    events = recurring_ical_events.of(calendar).between(start, end)
    return sorted((e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC)) for e in events)


@pytest.mark.parametrize("zone", ["Europe/Stockholm", "Europe/Copenhagen"])
async def test_section_feed_gives_the_bots_meetings_for_a_year(world: tuple[ConsoleDriver, Web]) -> None:
    """Expanded by recurring-ical-events, the section's feed is exactly the bot's meetings over 12 months, across
    both daylight-saving switches, with a cancelled and a moved meeting on each side of them."""
    console, web = world
    start = console.clock.now()
    status, _, body = await web.get("/c/1/s/shiatsu/calendar.ics")
    assert status == 200
    expected = await _bots_meetings(console, start, start + YEAR)
    assert _expanded(body, start, start + YEAR) == expected
    assert len(expected) == 52 - 2
    zone = ZoneInfo(console.core.settings.community.timezone)
    local = {begin.astimezone(zone).strftime("%m-%d %H:%M") for begin, _ in expected}
    assert {"04-01 19:00", "10-29 18:00", "04-07 18:00", "11-03 18:00"} <= local
    assert not {"03-17 18:00", "03-31 18:00", "10-20 18:00", "10-27 18:00"} & local


async def test_community_feed_holds_the_same_meetings(world: tuple[ConsoleDriver, Web]) -> None:
    """The community's feed holds the public sections' series: the same meetings as the section's feed."""
    console, web = world
    start = console.clock.now()
    _, _, section = await web.get("/c/1/s/shiatsu/calendar.ics")
    status, _, community = await web.get("/c/1/calendar.ics")
    assert status == 200
    assert _expanded(community, start, start + YEAR) == _expanded(section, start, start + YEAR)


async def test_feed_is_what_calendar_apps_need(world: tuple[ConsoleDriver, Web]) -> None:
    """CRLF line ends, no line over 75 octets, a VTIMEZONE for the zone, no floating time, a stable UID, and the
    moved meetings as RECURRENCE-ID overrides and the cancelled as EXDATE."""
    console, web = world
    _, headers, body = await web.get("/c/1/s/shiatsu/calendar.ics")
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    lines = body.split(b"\r\n")
    assert b"\n" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    calendar = icalendar.Calendar.from_ical(body)
    zone = console.core.settings.community.timezone
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == [zone]
    events = calendar.walk("VEVENT")
    assert {str(event["UID"]) for event in events} == {"series-1.c1@netgroups"}
    assert len([event for event in events if "RECURRENCE-ID" in event]) == 2
    master = next(event for event in events if "RRULE" in event)
    assert len(master["EXDATE"].dts if not isinstance(master["EXDATE"], list) else master["EXDATE"]) >= 1
    for event in events:
        for name in ("DTSTART", "DTEND"):
            assert event[name].dt.tzinfo is not None
            assert event[name].params["TZID"] == zone
    assert int(master["SEQUENCE"]) == 4
    assert str(master["URL"]) == BASE_URL + "/c/1/s/shiatsu/"
    assert "We have rooms" in str(master["DESCRIPTION"])


async def test_sequence_grows_when_a_meeting_changes(world: tuple[ConsoleDriver, Web]) -> None:
    """SEQUENCE is bumped by a cancellation, and the feed's ETag changes with it."""
    console, web = world
    _, before_headers, before = await web.get("/c/1/s/shiatsu/calendar.ics")
    await console.say("/meeting cancel 2026-05-05")
    _, after_headers, after = await web.get("/c/1/s/shiatsu/calendar.ics")
    sequence = [int(icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["SEQUENCE"]) for body in (before, after)]
    assert sequence[1] == sequence[0] + 1
    assert before_headers["ETag"] != after_headers["ETag"]


async def test_unchanged_feed_answers_304(world: tuple[ConsoleDriver, Web]) -> None:
    """A calendar app asking again with the ETag or Last-Modified it has gets 304 and no body."""
    _, web = world
    _, headers, body = await web.get("/c/1/s/shiatsu/calendar.ics")
    assert body
    status, again, empty = await web.get("/c/1/s/shiatsu/calendar.ics", **{"If-None-Match": headers["ETag"]})
    assert (status, empty, again["ETag"]) == (304, b"", headers["ETag"])
    status, _, _ = await web.get("/c/1/s/shiatsu/calendar.ics", **{"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    status, _, _ = await web.get("/c/1/s/shiatsu/calendar.ics", **{"If-None-Match": '"something-else"'})
    assert status == 200


async def _personal_link(console: ConsoleDriver, line: str = "/calendar") -> str:
    printed = await console.say(line)
    found = re.search(r"(https://\S+/me/\S+\.ics)", printed)
    assert found, printed
    return found.group(1)


async def test_personal_feed_holds_what_the_member_answered(world: tuple[ConsoleDriver, Web]) -> None:
    """The personal feed has exactly the meetings the member said yes or maybe to, and follows their answers."""
    console, web = world
    await console.say(":as Bo\n/section join shiatsu")
    link = await _personal_link(console)

    async def starts() -> list[str]:
        status, _, body = await web.get(link)
        assert status == 200
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        return sorted(event["DTSTART"].dt.strftime("%m-%d %H:%M") for event in events)

    assert await starts() == []
    await console.say("/rsvp yes shiatsu")
    assert await starts() == ["03-03 18:00"]
    await console.say("/rsvp maybe shiatsu 2026-03-10")
    assert await starts() == ["03-03 18:00", "03-10 18:00"]
    await console.say("/rsvp no shiatsu")
    assert await starts() == ["03-10 18:00"]


async def test_personal_feed_may_hold_every_meeting_of_ones_sections(world: tuple[ConsoleDriver, Web]) -> None:
    """``calendar all``: the personal feed holds the series of the member's sections, as the section feed does."""
    console, web = world
    await console.say(":as Bo\n/section join shiatsu")
    link = await _personal_link(console, "/calendar all")
    start = console.clock.now()
    _, _, personal = await web.get(link)
    _, _, section = await web.get("/c/1/s/shiatsu/calendar.ics")
    assert _expanded(personal, start, start + YEAR) == _expanded(section, start, start + YEAR)


async def test_wrong_or_rotated_token_is_a_plain_404(world: tuple[ConsoleDriver, Web]) -> None:
    """A token that is nobody's, or was replaced by ``calendar reset``, gets the same 404 as any unknown page."""
    console, web = world
    old = await _personal_link(console)
    assert (await web.get(old))[0] == 200
    new = await _personal_link(console, "/calendar reset")
    assert new != old
    gone = await web.get(old)
    wrong = await web.get("/me/" + "x" * 32 + ".ics")
    nothing = await web.get("/c/1/s/no-such-section/")
    assert gone[0] == wrong[0] == nothing[0] == 404
    assert gone[2] == wrong[2] == nothing[2]
    assert (await web.get(new))[0] == 200


async def test_a_call_carries_its_calendar_links(world: tuple[ConsoleDriver, Web]) -> None:
    """With [web] base_url set, a meeting call links its own calendar file and the section's feed; both work."""
    console, web = world
    printed = console.printed()
    meeting, feed = re.search(r"(https://\S+/m/\d+\.ics) · [^:]+: (https://\S+\.ics)", printed).groups()  # type: ignore[union-attr]
    status, _, body = await web.get(meeting)
    assert status == 200
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert event["DTSTART"].dt.strftime("%Y-%m-%d %H:%M") == "2026-03-03 18:00"
    assert (await web.get(feed))[0] == 200


async def test_an_erased_member_takes_their_feed_along(world: tuple[ConsoleDriver, Web]) -> None:
    """``mydata erase`` deletes the calendar token with the member: their address is a 404 from then on."""
    console, web = world
    await console.say(":as Bo\n/section join shiatsu\n/rsvp yes shiatsu")
    link = await _personal_link(console)
    assert (await web.get(link))[0] == 200
    asked = await console.say("/mydata erase")
    code = re.search(r"confirm:(\S+)", asked)
    assert code, asked
    await console.say(f"/mydata erase confirm:{code.group(1)}")
    assert (await web.get(link))[0] == 404
