"""Every date a command takes is read once and bounded: a year back to ten years ahead of today.

Outside that window the answer is a polite, translated refusal naming the window, and nothing changes;
before, 9999-12-31 or 0001-01-01 overflowed somewhere in the services, the planner or the schema.
"""

from __future__ import annotations

import pytest

from bot.commands.handlers import build_registry
from bot.commands.registry import Command, Option, OptionType
from tests.adapters.console.helpers import only_post, snapshot
from tests.console_driver import ConsoleDriver
from tests.worlds import ConsoleAfter

REGISTRY = build_registry()
#: Anna creates and coordinates #shiatsu (meeting every other Tuesday from 3 March 2026); Bo is a member.
WORLD = """
:as Anna
/section create Shiatsu
:in shiatsu
/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"
:as Bo
/section join shiatsu
:as Anna
"""
#: The clock starts on Monday 2 March 2026.
WINDOW = "from Sunday, March 2, 2025 to Sunday, March 2, 2036 (a year back, ten years ahead)"
EXTREMES = ("9999-12-31", "0001-01-01")
#: A value for every other required option of a date-taking command (a new one fails loudly below).
SAMPLES = {
    "rule": "weekly tue",
    "time": "18:00",
    "title": "Guest",
    "text": "Notes",
    "answer": "yes",
    "minutes": "10",
    "item": "1",
    "position": "1",
    "proposal": "1",
    "section": "shiatsu",
}
A_MEETING = "2026-03-03"


def _date_options() -> list[tuple[Command, Option]]:
    return [(command, option) for command in REGISTRY for option in command.options if option.type is OptionType.DATE]


DATE_OPTIONS = _date_options()


def _line(command: Command, dated: Option, value: str) -> str:
    """The command with ``dated`` set to ``value``, every other date a real meeting, the rest from SAMPLES."""
    parts = ["/" + " ".join(command.path)]
    for option in command.options:
        if option is dated:
            parts.append(f"{option.name}:{value}")
        elif option.type is OptionType.DATE:
            parts.append(f"{option.name}:{A_MEETING}")
        elif option.required:
            parts.append(f'{option.name}:"{SAMPLES[option.name]}"')
    return " ".join(parts)


def _refusal(value: str) -> str:
    return f"✖ “{value}” is too far away: I take dates {WINDOW}."


@pytest.fixture
async def world(console_after: ConsoleAfter) -> ConsoleDriver:
    return await console_after(WORLD)


async def refused(console: ConsoleDriver, line: str) -> str:
    """Type ``line``; check it printed one private block and changed no row of any table; return the block."""
    before = await snapshot(console)
    post = only_post(await console.say(line))
    assert post.private, post
    assert await snapshot(console) == before
    return post.body


def test_the_walk_sees_every_date_taking_command() -> None:
    """The commands below are the ones that take a date (guards against a vacuous walk)."""
    found = {(" ".join(command.path), option.name) for command, option in DATE_OPTIONS}
    assert found >= {
        ("meeting schedule", "start"),
        ("meeting next", "date"),
        ("meeting cancel", "date"),
        ("meeting move", "date"),
        ("meeting move", "to"),
        ("meeting edit", "from"),
        ("meeting end", "date"),
        ("rsvp", "date"),
        ("agenda show", "date"),
        ("agenda add", "date"),
        ("agenda propose", "date"),
        ("memo post", "date"),
    }


def test_no_other_option_looks_like_a_date() -> None:
    """Options named like dates are typed as dates, so none of them escapes the parser."""
    for command in REGISTRY:
        for option in command.options:
            if option.name in {"date", "to", "from", "start", "until", "day"}:
                assert option.type is OptionType.DATE, (command.path, option.name)


@pytest.mark.parametrize("value", EXTREMES)
@pytest.mark.parametrize(
    ("command", "option"), DATE_OPTIONS, ids=[f"{' '.join(c.path)}-{o.name}" for c, o in DATE_OPTIONS]
)
async def test_every_date_option_refuses_the_extremes(
    world: ConsoleDriver, command: Command, option: Option, value: str
) -> None:
    """Each date a command takes refuses 9999-12-31 and 0001-01-01, naming the window; nothing changes."""
    assert await refused(world, _line(command, option, value)) == _refusal(value)


@pytest.mark.parametrize(
    ("who", "line", "value"),
    [
        ("Bo", "/meeting next shiatsu 9999-12-31", "9999-12-31"),
        ("Bo", "/rsvp yes shiatsu 0001-01-01", "0001-01-01"),
        ("Anna", "/meeting end 9999-12-31 shiatsu", "9999-12-31"),
        ("Anna", "/meeting move 2026-03-03 9999-12-30 section:shiatsu", "9999-12-30"),
        ("Anna", "/meeting cancel 0001-01-01", "0001-01-01"),
        ("Anna", "/meeting edit 9999-12-31 time:19:00", "9999-12-31"),
        ("Bo", "/agenda propose Marketing 5 shiatsu 9999-12-31", "9999-12-31"),
        ("Anna", "/memo post Notes shiatsu 0001-01-01", "0001-01-01"),
    ],
)
async def test_the_lines_that_crashed_are_refused(world: ConsoleDriver, who: str, line: str, value: str) -> None:
    """The probe's lines, typed positionally as people do, now get the window instead of an apology."""
    await world.say(f":as {who}")
    assert await refused(world, line) == _refusal(value)


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("/meeting next shiatsu 2025-03-02", "✖ shiatsu has no meeting on Sunday, March 2, 2025."),
        ("/meeting next shiatsu 2036-03-02", "✖ shiatsu has no meeting on Sunday, March 2, 2036."),
        ("/meeting next shiatsu 2025-03-01", _refusal("2025-03-01")),
        ("/meeting next shiatsu 2036-03-03", _refusal("2036-03-03")),
    ],
    ids=["first-day", "last-day", "day-before", "day-after"],
)
async def test_both_ends_of_the_window_are_taken(world: ConsoleDriver, line: str, answer: str) -> None:
    """The window's first and last days are looked up; the days beyond are refused."""
    assert only_post(await world.say(line)).body == answer


async def test_a_meeting_ten_years_ahead_is_found(world: ConsoleDriver) -> None:
    """A meeting near the far end of the window is planned and shown like any other."""
    body = only_post(await world.say("/meeting next shiatsu 2036-02-19")).body
    assert body.startswith("Next meeting of Shiatsu")
    assert "Tuesday, February 19, 2036 18:00" in body


@pytest.mark.parametrize(
    ("locale", "start"),
    [
        ("sv", "✖ ”9999-12-31” ligger för långt bort: jag tar datum från "),
        ("da", "✖ »9999-12-31« ligger for langt væk: jeg tager datoer fra "),
    ],
)
async def test_the_refusal_is_translated(world: ConsoleDriver, locale: str, start: str) -> None:
    """The refusal reads in the member's language, with the window's dates in it."""
    await world.say(f":as Bo\n:locale {locale}")
    body = await refused(world, "/meeting next shiatsu 9999-12-31")
    assert body.startswith(start)
    assert "2025" in body
    assert "2036" in body


@pytest.mark.parametrize("until", ["99991231", "00010101", "99991231T235959Z", "20370101"])
async def test_an_until_in_a_rule_is_bounded_like_a_typed_date(world: ConsoleDriver, until: str) -> None:
    """A raw rule's UNTIL is a date the coordinator typed: outside the window it is refused, nothing changes."""
    line = f'/meeting schedule "FREQ=WEEKLY;BYDAY=TU;UNTIL={until}" 18:00 section:central'
    day = f"{until[:4]}-{until[4:6]}-{until[6:8]}"
    assert await refused(world, line) == _refusal(day)


async def test_an_until_inside_the_window_is_kept(world: ConsoleDriver) -> None:
    """A rule ending within the window schedules as before."""
    out = await world.say('/meeting schedule "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101" 18:00 section:central')
    assert "Rule FREQ=WEEKLY;UNTIL=20270101;BYDAY=TU, at 18:00" in out
