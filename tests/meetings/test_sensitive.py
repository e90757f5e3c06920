"""Sensitive sections (a union's, say): who is in them, who is coming and what they wrote is for their members.

Calls and channel reminders count and name nobody; ``meeting next``, ``section info`` and memos show names to the
section's members, privately, and nothing of them to anyone else.
"""

from __future__ import annotations

from pathlib import Path

from bot.bootstrap import build_core
from bot.clock import SimulatedClock
from bot.i18n import Translator
from bot.settings import Settings
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import only, posts, section_with, titled

WEEKLY = '/meeting schedule "every week tue" 18:00 90 "Folkets hus"'


async def _union(console: ConsoleDriver) -> None:
    """#shiatsu (Anna coordinating, Bo and Cleo in it) with a weekly meeting Bo is coming to; Dan is not in it."""
    await section_with(console, "Bo", "Cleo", schedule=WEEKLY)
    await console.say(":as Bo\n/profile set who:Bo does:massage visible:yes\n/rsvp yes\n:as Dan\n/profile show")


async def test_marking_a_section_sensitive_takes_the_names_off_its_call(console: ConsoleDriver) -> None:
    await _union(console)
    before = titled(console.printed(), "Meeting call: Shiatsu", edits=True)[-1]
    assert "– Bo: Bo · does: massage · needs: –" in before.body
    # (A call is edited at most once in 2 seconds: Bo's answer has just edited it.)
    out = await console.say(":as Anna\n/section sensitive shiatsu yes\n:time +2s")
    reply, edited = posts(out)
    assert reply.header == "@Anna (only you)"
    assert reply.body == (
        "✔ Section shiatsu is sensitive now: who is in it, who is coming to its meetings and its memos are shown "
        "to its members only."
    )
    assert edited.edited
    assert "Bo" not in edited.body
    assert "(who is coming is shown to the section's members: /meeting next shiatsu)" in edited.body
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in edited.body
    # And back: the names return.
    out = await console.say("/section sensitive shiatsu no\n:time +2s")
    assert "– Bo" in posts(out)[-1].body


async def test_only_its_members_see_who_is_coming_and_only_privately(console: ConsoleDriver) -> None:
    await _union(console)
    await console.say(":as Anna\n/section sensitive shiatsu yes")
    for member in ("Bo", "Cleo"):
        seen = only(await console.say(f":as {member}\n/meeting next shiatsu"))
        assert seen.header == f"@{member} (only you)"
        assert "– Bo" in seen.body
    stranger = only(await console.say(":as Dan\n/meeting next shiatsu"))
    assert stranger.header == "@Dan (only you)"
    assert "Bo" not in stranger.body
    assert "Answers: ✅ 1" in stranger.body

    info = only(await console.say("/section info shiatsu"))
    assert info.header == "@Dan (only you)"
    assert "Anna" not in info.body
    assert "Its membership is sensitive: names are shown to its members only." in info.body
    info = only(await console.say(":as Cleo\n/section info shiatsu"))
    assert info.header == "@Cleo (only you)"
    assert "Coordinator: Anna" in info.body.splitlines()


async def test_channel_reminders_name_nobody(console: ConsoleDriver) -> None:
    await _union(console)
    await console.say(":as Anna\n/section sensitive shiatsu yes")
    out = await console.say(":time 2026-03-03T18:00+01:00")
    reminders = titled(out, "Reminder: Shiatsu")
    assert reminders
    for reminder in reminders:
        assert "Bo" not in reminder.body


async def test_its_memos_are_for_its_members(console: ConsoleDriver) -> None:
    await _union(console)
    await console.say(":as Anna\n/section sensitive shiatsu yes\n:time 2026-03-04T09:00+01:00")
    await console.say('/memo post "We talked about the collective agreement." shiatsu')
    await console.say(":as Dan\n/section create Yoga\n:as Anna\n/section approve yoga")

    assert only(await console.say(":as Dan\n/memo list")).body == "No memos yet."
    assert only(await console.say("/memo show 1")).body == "✖ There is no memo #1."
    refused = only(await console.say("/memo list shiatsu"))
    assert refused.body == "✖ What is written in shiatsu is for its members only."
    assert only(await console.say("/memo search agreement")).body == "No memo mentions “agreement”."

    listed = only(await console.say(":as Cleo\n/memo list"))
    assert listed.header == "@Cleo (only you)"
    assert "collective agreement" in listed.body
    shown = only(await console.say("/memo show 1"))
    assert shown.header == "@Cleo (only you)"


async def test_the_community_setting_makes_every_section_sensitive(
    tmp_path: Path, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> None:
    settings = Settings(storage={"data_dir": tmp_path}, sections={"sensitive": True})  # type: ignore[arg-type]
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    try:
        console = ConsoleDriver(core, clock)
        await console.start()
        await _union(console)
        call = titled(console.printed(), "Meeting call: Shiatsu", edits=True)[-1]
        assert "Bo" not in call.body
        assert "(who is coming is shown to the section's members: /meeting next shiatsu)" in call.body
    finally:
        await core.close()
