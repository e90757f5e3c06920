"""The section watch on the console: a section without an active coordinator is reported once to the community
admins and in the coordinators' section, with who could take over; a section slipping (not meeting, nobody
coming) is counted, without names, in the coordinators' section, once per finding."""

from __future__ import annotations

import json
import re

from bot.services.section_watch import Finding, finding_key
from bot.storage.repositories import platform_state as state
from bot.storage.schema import platform_state
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import community, posts, rows, section

#: Anna (a community admin) makes #gardens for Bo (not an admin) to coordinate; Cleo and Dan are in it.
GARDENS = """
:as Anna
/section create Gardens
:as Bo
/section join gardens
:as Anna
/section coordinator add gardens Bo
/section coordinator step-down gardens Anna
:as Cleo
/section join gardens
:as Dan
/section join gardens
"""
WEEKLY = '/meeting schedule "every week mon" 18:00 60 "Garden shed"'


def reports(output: str, title: str) -> list[tuple[str, str]]:
    """(header, body) of each post in ``output`` whose title starts with ``title``."""
    return [(post.header, post.body) for post in posts(output) if post.title.startswith(title)]


async def test_a_section_left_without_a_coordinator_is_reported_once(console: ConsoleDriver) -> None:
    """Bo steps down with Anna's agreement: the next day Anna (an admin) is told privately and the coordinators'
    section sees it, naming Cleo, who said she may be asked, and not Dan, who did not; not again on later days."""
    await console.say(GARDENS + ":as Cleo\n/profile ask-to-coordinate yes\n")
    await console.say(":as Anna\n/section coordinator step-down gardens Bo")
    out = await console.say(":time +1d")
    found = reports(out, "Gardens (gardens) needs a coordinator")
    assert [header.split(" · ")[0] for header, _ in found] == ["@Anna (direct)", "#coordinators"], out
    body = found[0][1]
    assert "gardens has no coordinator any more." in body
    assert "Cleo (no yes" in body or "Cleo (0 yeses)" in body
    assert "Dan" not in body
    assert "/section coordinator add gardens NAME" in body
    out = await console.say(":time +1d\n:time +1d\n:time +1d")
    assert reports(out, "Gardens (gardens) needs a coordinator") == []


async def test_reported_again_only_when_it_becomes_true_again(console: ConsoleDriver) -> None:
    """Cleo takes #gardens on (the finding ends); when she steps down in turn, it is reported again."""
    await console.say(GARDENS + ":as Anna\n/section coordinator step-down gardens Bo\n:time +1d")
    await console.say(":as Anna\n/section coordinator add gardens Cleo\n:time +1d")
    out = await console.say(":as Anna\n/section coordinator step-down gardens Cleo\n:time +1d")
    assert len(reports(out, "Gardens (gardens) needs a coordinator")) == 2


async def test_a_coordinator_quiet_for_eight_weeks_leaves_the_section_reported(console: ConsoleDriver) -> None:
    """Bo does nothing for eight weeks: the section is reported, without blaming him by name."""
    await console.say(GARDENS)
    out = await console.say(":time +7w")
    assert reports(out, "Gardens (gardens) needs a coordinator") == []
    out = await console.say(":time +8d")
    found = reports(out, "Gardens (gardens) needs a coordinator")
    assert len(found) == 2
    assert "have not been active for eight weeks" in found[0][1]
    assert "Bo" not in found[0][1]


async def test_a_coordinator_typing_a_command_is_active(console: ConsoleDriver) -> None:
    await console.say(GARDENS)
    await console.say(":time +7w\n:as Bo\n/section info gardens")
    out = await console.say(":time +2w")
    assert reports(out, "Gardens (gardens) needs a coordinator") == []


async def test_the_admin_is_told_in_daytime_only(console: ConsoleDriver) -> None:
    """Found at 23:30 (the watch's daily look, at whatever moment passes it), the coordinators' section is told at
    once and the admin's message waits for 08:00."""
    await console.say(GARDENS + ":as Anna\n/section coordinator step-down gardens Bo")
    out = await console.say(":time 2026-03-03T23:30+01:00")
    assert [header.split(" · ")[0] for header, _ in reports(out, "Gardens")] == ["#coordinators"]
    out = await console.say(":time 2026-03-04T07:59+01:00")
    assert reports(out, "Gardens") == []
    out = await console.say(":time 2026-03-04T08:01+01:00")
    assert [header.split(" · ")[0] for header, _ in reports(out, "Gardens")] == ["@Anna (direct)"]


async def test_three_meetings_nobody_came_to_are_counted_once_without_names(console: ConsoleDriver) -> None:
    """#gardens meets weekly and nobody says yes: after the third meeting the coordinators' section is told how many
    sections had nobody coming, naming no section and nobody; the next days add nothing."""
    await console.say(GARDENS + f":as Bo\n:in gardens\n{WEEKLY}\n")
    out = await console.say(":time +22d")
    (header, body), *more = reports(out, "How our sections are doing")
    assert not more
    assert header.startswith("#coordinators")
    assert "One section's last three meetings had nobody saying yes." in body
    assert "a new time, a guest speaker from the needs list, or a pause" in body
    for name in ("gardens", "Gardens", "Anna", "Bo", "Cleo", "Dan"):
        assert name not in body
    out = await console.say(":time +1d\n:time +1d")
    assert reports(out, "How our sections are doing") == []
    remembered = await rows(console, platform_state, platform_state.c.key.startswith("watch:nobody-coming:"))
    assert [row.key for row in remembered] == [
        finding_key(Finding.NOBODY_COMING, (await section(console, "gardens")).id)
    ]


async def test_a_yes_ends_the_finding_and_three_more_empty_meetings_report_it_again(console: ConsoleDriver) -> None:
    await console.say(GARDENS + f":as Bo\n:in gardens\n{WEEKLY}\n:time +22d")
    await console.say(":as Cleo\n/rsvp yes gardens\n:time +8d")
    out = await console.say(":time +21d")
    assert len(reports(out, "How our sections are doing")) == 1


async def test_a_section_not_meeting_for_six_weeks_is_counted(console: ConsoleDriver) -> None:
    await console.say(GARDENS)
    out = await console.say(":time +41d")
    assert reports(out, "How our sections are doing") == []
    out = await console.say(":time +2d")
    ((_, body),) = reports(out, "How our sections are doing")
    assert "One section has not met for six weeks." in body


async def test_saying_yes_to_being_asked_is_kept_exported_and_can_be_taken_back(console: ConsoleDriver) -> None:
    """The member's choice is theirs: it shows in their export, and a no takes them off the suggestions."""
    out = await console.say(GARDENS + ":as Cleo\n/profile ask-to-coordinate yes")
    assert "the community admins may suggest you" in out
    cleo = await console.core.services.communities.find_member(await community(console), "console", "Cleo")
    export = await console.core.services.personal_data.export(await community(console), cleo)
    assert export.tables["members"][0]["ask_to_coordinate"] is True
    await console.say(":as Cleo\n/profile ask-to-coordinate no\n:as Anna\n/section coordinator step-down gardens Bo")
    out = await console.say(":time +1d")
    body = reports(out, "Gardens (gardens) needs a coordinator")[0][1]
    assert "Nobody in gardens has said yet that they may be asked (/profile ask-to-coordinate yes)." in body


async def test_the_most_faithful_who_never_said_are_asked_once(console: ConsoleDriver) -> None:
    """When #gardens needs a coordinator, Dan (who said yes to its meeting and never said whether he may be asked) is
    asked privately, once: not again when it is reported again; Cleo, who never came, is not asked."""
    await console.say(GARDENS + f":as Bo\n:in gardens\n{WEEKLY}\n:as Dan\n/rsvp yes gardens\n")
    await console.say(":as Anna\n/section coordinator step-down gardens Bo")
    out = await console.say(":time +1d")
    asked = [post for post in posts(out) if post.title == "May we ask you, one day?"]
    assert [post.header.split(" · ")[0] for post in asked] == ["@Dan (direct)"]
    assert "/profile ask-to-coordinate yes" in asked[0].body
    await console.say(":as Anna\n/section coordinator add gardens Bo\n:time +1d")
    out = await console.say(":as Anna\n/section coordinator step-down gardens Bo\n:time +1d")
    assert len(reports(out, "Gardens (gardens) needs a coordinator")) == 2
    assert [post for post in posts(out) if post.title == "May we ask you, one day?"] == []


async def test_a_section_whose_only_coordinator_was_erased_is_reported(console: ConsoleDriver) -> None:
    """Bo erases himself: #gardens has no coordinator, and the next day the admins hear of it (his name nowhere)."""
    await console.say(GARDENS)
    asked = await console.say(":as Bo\n/mydata erase")
    code = re.search(r"confirm:(\w+)", asked)
    assert code, asked
    await console.say(f"/mydata erase confirm:{code.group(1)}")
    out = await console.say(":time +1d")
    found = reports(out, "Gardens (gardens) needs a coordinator")
    assert [header.split(" · ")[0] for header, _ in found] == ["@Anna (direct)", "#coordinators"]
    assert "gardens has no coordinator any more." in found[0][1]
    assert "Bo" not in found[0][1]


async def test_a_finding_left_uncounted_by_a_crash_is_counted_at_the_next_look(console: ConsoleDriver) -> None:
    """The process stopped after remembering a finding and before posting its count: the next look posts it."""
    await console.say(GARDENS + ":time +43d")
    gardens = await section(console, "gardens")
    key = finding_key(Finding.NOT_MEETING, gardens.id)
    async with console.core.database.transaction() as conn:
        record = json.loads(await state.get(conn, "core", key) or "{}")
        assert record["counted"] is True
        await state.put(conn, "core", key, json.dumps({**record, "counted": False}), console.clock.now())
    out = await console.say(":time +1d")
    ((_, body),) = reports(out, "How our sections are doing")
    assert "One section has not met for six weeks." in body
    out = await console.say(":time +1d")
    assert reports(out, "How our sections are doing") == []
