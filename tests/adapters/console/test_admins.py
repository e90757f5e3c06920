"""Who is a community admin on the console: the starting user ``admin``, and the first member named with ``:as``."""

from __future__ import annotations

import pytest

from tests.adapters.console.helpers import posts
from tests.console_driver import ConsoleDriver

OPENED = "✔ Section shiatsu (Shiatsu) is open, and you are its coordinator."
PROPOSED = "✔ Thank you! Section shiatsu (Shiatsu) is proposed; a community admin will approve it"


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        pytest.param(":as Anna\n/section create Shiatsu", OPENED, id="first-named-member"),
        pytest.param("/help\n:as Anna\n/section create Shiatsu", OPENED, id="first-named-after-help"),
        pytest.param(
            "/section create Other\n:as Anna\n/section create Shiatsu", OPENED, id="first-named-after-a-command"
        ),
        pytest.param("/section create Shiatsu", OPENED, id="starting-user"),
        pytest.param("/help\n:as Anna\n:as Bo\n/section create Shiatsu", PROPOSED, id="second-named-member"),
    ],
)
async def test_who_may_open_a_section_at_once(console: ConsoleDriver, script: str, expected: str) -> None:
    """An admin's section opens at once, a plain member's waits: typing as ``admin`` first makes no one less of one."""
    out = await console.say(script)
    assert posts(out)[-2].body.startswith(expected), out


async def test_starting_user_stays_admin_after_others(console: ConsoleDriver) -> None:
    """Back as ``admin`` after Anna and Bo, the starting user approves Bo's proposal."""
    await console.say(":as Anna\n:as Bo\n/section create Shiatsu")
    out = await console.say(":as admin\n/section approve shiatsu")
    assert "✔ Section shiatsu (Shiatsu) is approved and open." in posts(out)[0].body
