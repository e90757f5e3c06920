"""A coordinator who offered their section and then erased themselves: the offer stays open for the member asked,
and nothing kept names the one who offered any more (their id could be given to the next new member)."""

from __future__ import annotations

import json
import re

from bot.storage.schema import platform_state
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import community, rows
from tests.meetings.test_handover import BO_COORDINATES, direct_to, roles


async def _offer(console: ConsoleDriver) -> dict[str, object]:
    (row,) = await rows(console, platform_state, platform_state.c.key.startswith("handover:"))
    record: dict[str, object] = json.loads(row.value)
    return record


async def test_an_offer_made_is_in_the_export_of_who_made_it(console: ConsoleDriver) -> None:
    await console.say(BO_COORDINATES)
    await console.say(":as Bo\n/section handover Cleo gardens\n:time +1m")
    ours = await community(console)
    bo = await console.core.services.communities.find_member(ours, "console", "Bo")
    assert bo is not None
    export = await console.core.services.personal_data.export(ours, bo)
    offers = [row for row in export.tables["platform_state"] if str(row["key"]).startswith("handover:")]
    assert len(offers) == 1
    assert json.loads(str(offers[0]["value"]))["from"] == bo.id


async def test_an_offer_outlives_the_erasure_of_who_made_it_without_naming_them(console: ConsoleDriver) -> None:
    await console.say(BO_COORDINATES)
    await console.say(":as Bo\n/section handover Cleo gardens\n:time +1m")
    assert isinstance((await _offer(console))["from"], int)

    asked = await console.say(":as Bo\n/mydata erase")
    code = re.search(r"confirm:(\w+)", asked)
    assert code is not None, asked
    await console.say(f"/mydata erase confirm:{code.group(1)}\n:time +1m")
    assert (await _offer(console))["from"] is None

    out = await console.say(":as Cleo\n/section coordinator accept gardens\n:time +1m")
    assert "You now coordinate gardens." in out
    assert await roles(console) == {"Anna": "member", "Cleo": "coordinator", "Dan": "member"}
    assert not direct_to(out, "Bo")
