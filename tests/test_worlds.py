"""The harness's worlds (``tests/worlds.py``): a typed session is copied for each test only when the copy is it."""

from __future__ import annotations

import pytest

from bot.clock import SimulatedClock
from bot.settings import Settings
from tests.adapters.console.helpers import only_post, posts
from tests.worlds import ConsoleAfter, WorldError, Worlds

MEETING = """
:as Anna
/section create Shiatsu
:in shiatsu
/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"
:as Bo
/section join shiatsu
:react 4 ✅
"""


async def test_a_world_goes_on_where_its_script_stopped(console_after: ConsoleAfter) -> None:
    """The copy shows the script's messages and output, numbers after them, and types as its last :as in its :in."""
    console = await console_after(MEETING)
    assert console.app.gateway.messages[4].reactions["✅"] == {"netgroups", "bo"}
    assert "Meeting call: Shiatsu" in console.printed()
    assert posts(await console.say("/rsvp maybe"))[0].header == "@Bo (only you)"
    out = await console.say(":as Anna\n/section list")
    assert only_post(out).header == "#shiatsu · message 5"


async def test_a_world_with_an_edit_waiting_is_refused(
    worlds: Worlds, settings: Settings, clock: SimulatedClock
) -> None:
    """A second answer within 2 s leaves the call's edit in memory only: that world is refused, never copied."""
    with pytest.raises(WorldError, match="a call waits for its edit"):
        await worlds.get(MEETING + ":as Anna\n:react 4 🤔\n", settings, clock.now())
