"""``section health``: the figures equal counts from the database, the chart is a real image, nobody is named."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from bot.services.health_chart import HEIGHT, WIDTH
from bot.storage.schema import meeting_series, memberships, memos, occurrences, rsvps, sections
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import only, posts, rows
from tests.worlds import ConsoleAfter

NAMES = ("Bo", "Cia", "Dag")
#: Three weeks of weekly meetings (Bo always yes, Cia maybe on one, a memo), then three months more of them
#: with Dag joining: the report on 10 June compares 10 March – 10 June with 10 December – 10 March.
SCENARIO = """
:as Anna
/section create Shiatsu
/section create Zonterapi
:in shiatsu
/meeting schedule "weekly tue" 18:00 90 "Folkets hus"
:as Bo
/section join shiatsu
/rsvp always shiatsu
:as Cia
/section join shiatsu
/rsvp maybe shiatsu
:time 2026-03-04T09:00+01:00
:as Anna
/memo post "Notes of the first meeting"
:time 2026-04-20T09:00+02:00
:as Dag
/section join shiatsu
/section join zonterapi
:as Anna
/memo post "Notes of April"
:time 2026-06-10T09:00+02:00
"""
NOW = datetime(2026, 6, 10, 7, tzinfo=UTC)
START = datetime(2026, 3, 9, 23, tzinfo=UTC)  # 10 March, local midnight
BEFORE = datetime(2025, 12, 9, 23, tzinfo=UTC)


@pytest.fixture
async def console(console_after: ConsoleAfter) -> ConsoleDriver:
    """A console after the scenario: three months typed once per worker (about 4 s), each test on a copy."""
    return await console_after(SCENARIO)


async def _expected(console: ConsoleDriver, slug: str, start: datetime, end: datetime) -> list[int]:
    """Counted in Python from every row: meetings held, yes, maybe, new members, memos."""
    (section,) = await rows(console, sections, sections.c.slug == slug)
    series = {row.id for row in await rows(console, meeting_series) if row.section_id == section.id}

    def inside(moment: datetime) -> bool:
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return start <= moment <= end

    held = {
        row.id
        for row in await rows(console, occurrences)
        if row.series_id in series and row.status != "cancelled" and inside(row.start_at) and row.start_at <= NOW
    }
    answers = [row.answer for row in await rows(console, rsvps) if row.occurrence_id in held]
    joined = [row for row in await rows(console, memberships) if row.section_id == section.id and inside(row.joined_at)]
    posted = [row for row in await rows(console, memos) if row.section_id == section.id and inside(row.posted_at)]
    return [len(held), answers.count("yes"), answers.count("maybe"), len(joined), len(posted)]


def _read(path: str) -> bytes:
    return Path(path).read_bytes()


def _figures(body: str, name: str) -> list[int]:
    """Meetings, yes, maybe, new members and memos of one section, as the report printed them."""
    lines = body.splitlines()
    at = lines.index(f"{name} ({name.lower()})")
    block = "\n".join(lines[at + 1 : at + 6])
    meetings = re.search(r"Meetings held: (\d+)", block)
    split = re.search(r"Answers: (\d+) yes, (\d+) maybe", block)
    joined = re.search(r"New members: (\d+)", block)
    posted = re.search(r"Memos posted: (\d+)", block)
    assert meetings, block
    assert split, block
    assert joined, block
    assert posted, block
    return [int(meetings[1]), int(split[1]), int(split[2]), int(joined[1]), int(posted[1])]


def _before(body: str, name: str) -> list[str]:
    lines = body.splitlines()
    at = lines.index(f"{name} ({name.lower()})")
    return re.findall(r"\(before: ([\d.]+), (\w+)\)", "\n".join(lines[at + 1 : at + 6]))


async def test_the_figures_equal_counts_from_the_database(console: ConsoleDriver) -> None:
    """Each section's figures, now and in the period before, are what the database holds; sections alphabetical."""
    body = only(await console.say(":as Anna\n/section health")).body
    assert body.splitlines()[0] == "Health of the sections, Mar 10, 2026 – Jun 10, 2026"
    headers = [line for line in body.splitlines() if re.fullmatch(r".+ \([a-z]+\)", line)]
    assert headers.index("Shiatsu (shiatsu)") < headers.index("Zonterapi (zonterapi)")
    now = await _expected(console, "shiatsu", START, NOW)
    assert _figures(body, "Shiatsu") == now
    assert now[0] >= 12  # the scenario did happen
    assert (now[1], now[3], now[4]) == (now[0], 1, 1)
    before = await _expected(console, "shiatsu", BEFORE, START)
    assert before[0] == 1  # 3 March
    shown = _before(body, "Shiatsu")
    assert [int(shown[0][0]), int(shown[2][0]), int(shown[3][0])] == [before[0], before[3], before[4]]
    assert float(shown[1][0]) == round((before[1] + before[2]) / before[0], 1)
    assert _figures(body, "Zonterapi") == await _expected(console, "zonterapi", START, NOW)


async def test_the_report_names_nobody(console: ConsoleDriver) -> None:
    """Neither the lines nor the chart's file name carry a member's name."""
    body = only(await console.say(":as Anna\n/section health shiatsu")).body  # under the header "@Anna (only you)"
    for name in ("Anna", *NAMES):
        assert not re.search(rf"\b{name}\b", body), name


async def test_the_chart_is_a_png_of_the_expected_size(console: ConsoleDriver) -> None:
    """The attached chart decodes as a PNG of the fixed size, with bars drawn on it."""
    out = await console.say(":as Anna\n/section health shiatsu")
    found = re.search(r"📎 (\S+\.png) \(", out)
    assert found, out
    image = Image.open(io.BytesIO(_read(found[1])))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is not None
    assert len(colours) > 10
    assert any(colour == (0x2F, 0x6D, 0xB5) and count > 1000 for count, colour in colours)  # this period's bars


async def test_the_chart_is_the_same_for_the_same_figures(console: ConsoleDriver) -> None:
    """Drawing is deterministic: asked twice at the same moment, the same bytes."""
    first = re.findall(r"📎 (\S+\.png)", await console.say(":as Anna\n/section health shiatsu"))
    data = _read(first[0])
    second = re.findall(r"📎 (\S+\.png)", await console.say("/section health shiatsu"))
    assert _read(second[0]) == data


async def test_in_swedish(console: ConsoleDriver) -> None:
    """Labels and dates in the reader's language."""
    body = only(await console.say(":as Anna\n:locale sv\n/section health shiatsu")).body
    assert body.splitlines()[:2] == ["Sektionernas hälsa, 10 mars 2026 – 10 juni 2026", "Shiatsu (shiatsu)"]
    assert body.splitlines()[2].startswith("Hållna möten: ")


async def test_a_member_may_not_see_it(console: ConsoleDriver) -> None:
    """Only the section's coordinators (and admins) see its health; a member is refused, even in its channel."""
    out = await console.say(
        ":as Bo\n/section health shiatsu\n:in shiatsu\n/section health\n:in central\n/section health"
    )
    assert [post.body for post in posts(out)] == [
        "✖ Only a coordinator of shiatsu may do that.",
        "✖ Only a coordinator of shiatsu may do that.",
        "✖ Only a coordinator of central may do that.",
    ]


def test_starting_the_bot_does_not_import_matplotlib() -> None:
    """matplotlib is imported where the chart is drawn, not when the core and its commands are built."""
    code = "import sys, bot.bootstrap, bot.commands.handlers; print('matplotlib' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "False"
