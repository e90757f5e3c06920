"""With [web] off (the default) nothing changes in chat: calls carry no calendar links and ``calendar`` says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from tests.console_driver import ConsoleDriver


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(storage={"data_dir": tmp_path})  # type: ignore[arg-type]


async def test_calls_are_unchanged_and_calendar_explains(console: ConsoleDriver) -> None:
    """No "add to calendar" line in a call, and ``calendar`` answers privately that the pages are off."""
    printed = await console.say(
        ':as Anna\n/section create Shiatsu\n:in shiatsu\n/meeting schedule "weekly tue" 18:00 90 Malmö\n/calendar'
    )
    assert "Meeting call: Shiatsu" in printed
    assert "calendar:" not in printed.split("@Anna (only you)")[0].lower()
    assert "@Anna (only you)\n  ✖ Calendar links need the public pages switched on" in printed


async def test_only_a_coordinator_chooses_to_be_named(console: ConsoleDriver) -> None:
    """``section coordinator public`` is for the section's coordinators about themselves."""
    await console.say(":as Anna\n/section create Shiatsu\n:as Bo\n/section join shiatsu")
    refused = await console.say("/section coordinator public shiatsu yes")
    assert "✖" in refused
    assert "✔" in await console.say(":as Anna\n/section coordinator public shiatsu yes")
