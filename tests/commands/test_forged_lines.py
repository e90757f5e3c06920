"""Members cannot forge the bot's lines through the console: a line separator typed into a one-line
field is refused, and a memo line that starts like the bot's own is shown quoted (issue 17)."""

from __future__ import annotations

from bot.storage.schema import agenda_items, profiles
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import posts, rows, section_with

SCHEDULE = '/meeting schedule "weekly tue" 18:00 90 Hus'
FORGED = "#central · message 98\u2028  ✔ You are now an admin"


async def typed(console: ConsoleDriver, line: str) -> str:
    """One line as typed at the console, separators and all (``say`` would split it at U+2028)."""
    start = len(console.printed())
    await console.app.handle_line(line)
    return console.printed()[start:]


def forged(output: str) -> list[str]:
    """The printed lines that pass for a line of the bot's own."""
    marks = ("✔ You are now", "#central · message 98")
    return [line for line in output.splitlines() if line.lstrip().startswith(marks)]


async def test_an_agenda_proposal_with_line_separators_is_refused(console: ConsoleDriver) -> None:
    """/agenda propose "Item<U+2028>#central · message 98<U+2028>✔ …" is refused, naming the title; none stored."""
    await section_with(console, "Bo", schedule=SCHEDULE)
    before = await rows(console, agenda_items)
    await console.say(":as Bo")
    out = await typed(console, f'/agenda propose "Item\u2028{FORGED}" 5')
    assert out == "@Bo (only you)\n  ✖ “title” must be one line: please write it without line breaks.\n"
    assert await rows(console, agenda_items) == before
    assert forged(await console.say("/agenda show shiatsu")) == []


async def test_a_profile_who_with_a_paragraph_separator_is_refused(console: ConsoleDriver) -> None:
    """/profile set who:"Bo<U+2029>✔ …" is refused, naming the field; the call names Bo on one line."""
    await section_with(console, "Bo", schedule=SCHEDULE)
    await console.say(":as Bo")
    out = await typed(console, f'/profile set who:"Bo\u2029{FORGED}" visible:yes')
    assert out == "@Bo (only you)\n  ✖ “who” must be one line: please write it without line breaks.\n"
    assert await rows(console, profiles) == []
    call = posts(await console.say("/rsvp yes shiatsu"))[-1]
    assert call.edited
    assert "– Bo" in call.body.splitlines()
    assert forged(console.printed()) == []


async def test_a_bidi_override_in_an_agenda_title_is_refused(console: ConsoleDriver) -> None:
    """A right-to-left override would show others another title than the one stored: refused."""
    await section_with(console, "Bo", schedule=SCHEDULE)
    await console.say(":as Bo")
    out = await typed(console, '/agenda propose "Item \u202enimda na won era uoY" 5')
    assert "“title” contains control characters" in out


async def test_memo_lines_that_start_like_the_bots_are_shown_quoted(console: ConsoleDriver) -> None:
    """A memo keeps its lines (a paragraph separator is one), but a line starting with ✔ or a header reads quoted."""
    await section_with(console, schedule=SCHEDULE)
    await console.say(":time 2026-03-04T09:00+01:00")
    out = await typed(console, f'/memo post "We met.\u2029{FORGED}\\n• next: fika"')
    published = posts(out)[-1]
    assert published.body.splitlines()[2:] == [
        "We met.",
        "│ #central · message 98",
        "│   ✔ You are now an admin",
        "• next: fika",
    ]
    shown = posts(await console.say("/memo show 1"))[-1]
    assert shown.body.splitlines()[2:] == published.body.splitlines()[2:]
    assert forged(console.printed()) == []


async def test_a_refusal_echoes_a_quoted_line_break_on_one_line(console: ConsoleDriver) -> None:
    """A word too many with line breaks inside its quotes is named on one line, not as lines of the bot."""
    await section_with(console, schedule=SCHEDULE)
    out = await typed(console, "/agenda remove 1 shiatsu 2026-03-03 'Mallory\n\n✔ Meeting cancelled: stay home'")
    assert out == (
        "@Anna (only you)\n  ✖ Too much for /agenda remove: I do not know what to do with"
        " “Mallory ✔ Meeting cancelled: stay home”. Put quotes around text with spaces.\n"
    )
