"""The monthly health report in the coordinators' section: once a month, on the first weekday at 10:00 where the
community lives, once whatever happens (restarts, downtime, two processes), nobody named, no sensitive section named.

Only the content test draws the real chart (a second of matplotlib); the others count posts with a tiny stand-in.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest_asyncio
from PIL import Image

from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.domain.health import Figures
from bot.i18n import Translator
from bot.services.health_chart import HEIGHT, WIDTH, ChartLabels
from bot.services.health_monthly import MonthlyHealth
from bot.settings import Settings
from bot.storage.schema import outbox
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import rows, titled

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LATE_MARCH = datetime(2026, 3, 30, 10, tzinfo=STOCKHOLM)
TITLE = "How the sections did in"
#: Anna runs #shiatsu (monthly, Bo always comes) and #union, which is sensitive; Bo is in both.
SCENARIO = """
:as Anna
/section create Shiatsu
/section create Union
:in shiatsu
/meeting schedule "2nd tue" 18:00 90 "Folkets hus"
:as Bo
/section join shiatsu
/section join union
/rsvp always shiatsu
:as Anna
/section sensitive union yes
"""


async def _tiny_chart(rows_: Sequence[tuple[Figures, Figures]], labels: ChartLabels) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buffer, format="PNG")
    return buffer.getvalue()


Start = Callable[[], Awaitable[ConsoleDriver]]


@pytest_asyncio.fixture
async def start(
    settings: Settings, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> AsyncIterator[Start]:
    """Start the bot on the same database, stopping the one before (a restart); charts drawn small. The first start
    is on Monday 30 March unless the test moved the clock further: April's report is the first, and there is less
    time to simulate before it."""
    cores: list[Core] = []

    async def started() -> ConsoleDriver:
        if cores:
            await cores.pop().close()
        else:
            clock.set(max(clock.now(), LATE_MARCH))
        cores.append(await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator))
        assert cores[-1].worker.monthly_health is not None
        cores[-1].worker.monthly_health.draw = _tiny_chart
        driver = ConsoleDriver(cores[-1], clock)
        await driver.start()
        return driver

    yield started
    for core in cores:
        await core.close()


async def _sent(console: ConsoleDriver) -> list[datetime]:
    """When each monthly report went out, in Stockholm time."""
    found = await rows(console, outbox, outbox.c.dedupe_key.startswith("health:monthly:"))
    assert all(row.state == "sent" for row in found), found
    return sorted(row.sent_at.astimezone(STOCKHOLM) for row in found)


async def test_one_post_a_month_on_the_first_weekday_at_ten(start: Start) -> None:
    """From 30 March to 2 June: April's (Wednesday the 1st), May's (Friday the 1st) and June's (Monday the 1st)
    reports, each once, at 10:00; none in March, the month the community began."""
    console = await start()
    await console.say(SCENARIO)
    sent: list[datetime] = []
    out = ""
    for end in ("2026-03-31", "2026-04-30", "2026-05-31", "2026-06-02"):
        out += await console.say(f":time {end}T12:00+02:00")
        sent += [moment for moment in await _sent(console) if moment not in sent]
    reports = titled(out, TITLE)
    assert [post.title for post in reports] == [f"{TITLE} {month} 2026" for month in ("March", "April", "May")]
    assert all(post.header.startswith("#coordinators") for post in reports)
    assert sent == [datetime(2026, month, 1, 10, tzinfo=STOCKHOLM) for month in (4, 5, 6)]


async def test_a_weekend_first_waits_for_monday(start: Start, clock: SimulatedClock) -> None:
    """August 2026 begins on a Saturday: its report goes out on Monday the 3rd."""
    clock.set(datetime(2026, 7, 20, 10, tzinfo=STOCKHOLM))
    console = await start()
    await console.say(SCENARIO + ":time 2026-07-31T12:00+02:00")
    out = await console.say(":time 2026-08-04T12:00+02:00")
    assert [post.title for post in titled(out, TITLE)] == [f"{TITLE} July 2026"]
    assert (await _sent(console))[-1] == datetime(2026, 8, 3, 10, tzinfo=STOCKHOLM)


async def test_a_restart_in_the_same_month_posts_nothing_more(start: Start, clock: SimulatedClock) -> None:
    console = await start()
    await console.say(SCENARIO + ":time 2026-04-01T12:00+02:00")
    assert len(await _sent(console)) == 1
    console = await start()
    out = await console.say(":time 2026-04-20T20:00+02:00")
    assert titled(out, TITLE) == []
    assert len(await _sent(console)) == 1


async def test_after_downtime_across_month_starts_only_the_latest_goes_once_in_daytime(
    start: Start, clock: SimulatedClock
) -> None:
    """Stopped on 2 April, started again at 02:00 on 2 July: neither May's report nor June's is sent; July's (June's
    figures) goes once, at 08:00 (not at night)."""
    console = await start()
    await console.say(SCENARIO + ":time 2026-04-02T12:00+02:00")
    clock.set(datetime(2026, 7, 2, 2, tzinfo=STOCKHOLM))
    console = await start()
    out = await console.say(":time 2026-07-03T12:00+02:00")
    assert [post.title for post in titled(out, TITLE)] == [f"{TITLE} June 2026"]
    assert (await _sent(console))[-1] == datetime(2026, 7, 2, 8, tzinfo=STOCKHOLM)


async def test_two_processes_queue_one_post(start: Start, clock: SimulatedClock, translator: Translator) -> None:
    """Two bots on one database passing the moment together: one post (the second finds it done)."""
    console = await start()
    await console.say(SCENARIO + ":time 2026-03-31T12:00+02:00")
    clock.set(datetime(2026, 4, 1, 10, tzinfo=STOCKHOLM))
    store = console.core.store
    first, second = (MonthlyHealth(store, clock, translator, draw=_tiny_chart) for _ in range(2))
    assert sorted(await asyncio.gather(first.run_if_due(), second.run_if_due())) == [0, 1]
    out = await console.say(":time 2026-04-10T12:00+02:00")
    assert len(titled(out, TITLE)) == 1


async def test_a_chart_that_cannot_be_drawn_is_tried_again_an_hour_later(start: Start, clock: SimulatedClock) -> None:
    """Drawing fails at 10:00 (the round's sends go on regardless); at 11:00 the report goes out, once."""
    console = await start()
    await console.say(SCENARIO + ":time 2026-03-31T12:00+02:00")
    attempts: list[datetime] = []

    async def failing_once(rows_: Sequence[tuple[Figures, Figures]], labels: ChartLabels) -> bytes:
        attempts.append(clock.now())
        if len(attempts) == 1:
            raise RuntimeError("no chart today")
        return await _tiny_chart(rows_, labels)

    assert console.core.worker.monthly_health is not None
    console.core.worker.monthly_health.draw = failing_once
    out = await console.say(":time 2026-04-01T12:00+02:00")
    assert len(titled(out, TITLE)) == 1
    assert attempts == [datetime(2026, 4, 1, hour, tzinfo=STOCKHOLM) for hour in (10, 11)]
    assert await _sent(console) == [datetime(2026, 4, 1, 11, tzinfo=STOCKHOLM)]


async def test_turned_off_nothing_is_posted(start: Start, settings: Settings) -> None:
    settings.sections.monthly_health = False
    console = await start()
    out = await console.say(SCENARIO + ":time 2026-04-02T12:00+02:00")
    assert titled(out, TITLE) == []


async def test_in_the_communitys_language(start: Start, settings: Settings) -> None:
    settings.community.locale = "sv"
    console = await start()
    out = await console.say(SCENARIO + ":time 2026-04-01T12:00+02:00")
    assert [post.title for post in titled(out, "Så gick det")] == ["Så gick det för sektionerna i mars 2026"]


async def test_the_post_counts_names_nobody_and_no_sensitive_section(console: ConsoleDriver) -> None:
    """The real post (and chart): all sections together, then #shiatsu; #union only in the total; nobody named."""
    await console.say(SCENARIO)
    out = await console.say(":time 2026-04-01T12:00+02:00")
    (post,) = titled(out, TITLE)
    body = post.body
    for word in ("Anna", "Bo", "Union", "union"):
        assert not re.search(rf"\b{word}\b", body), word
    lines = body.splitlines()
    assert lines[:3] == [f"{TITLE} March 2026", "Figures for March 2026, against February 2026.", "All sections (2)"]
    assert "One section is sensitive: it is counted in the line for all sections, and not named." in lines
    shiatsu = lines.index("Shiatsu (shiatsu)")
    # One meeting in March (the 10th), Bo said yes; Anna and Bo joined #shiatsu in March, and #union too.
    assert lines[shiatsu + 1] == "Meetings held: 1 (before: 0, up)"
    assert lines[shiatsu + 3] == "Answers: 1 yes, 0 maybe"
    assert lines[shiatsu + 4] == "New members: 2 (before: 0, up)"
    assert lines[lines.index("All sections (2)") + 4] == "New members: 4 (before: 0, up)"
    found = re.search(r"📎 (\S+\.png) \(", out)
    assert found, out
    with Image.open(found[1]) as image:
        assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
