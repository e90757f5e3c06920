"""The section watch on Matrix, against a real Synapse: a section left without a coordinator is reported once, the
next day in daytime, to the admin in their direct room with the bot and in the coordinators' room, nowhere else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.adapters.matrix.conftest import MatrixWorld, content
from tests.synapse.client import quoted, raw_request

pytestmark = pytest.mark.e2e

TITLE = "Shiatsu (shiatsu) needs a coordinator"


async def test_a_section_left_without_a_coordinator_is_reported_to_the_admin_and_the_coordinators(
    world: MatrixWorld,
) -> None:
    """Anna (an admin), #shiatsu's only coordinator, steps down with her own admin's agreement: nothing is said that
    day; the next morning's look tells her in her direct room with the bot and the coordinators' room, once; no
    other room the bot is in gets it."""
    room, (anna, bo) = await world.shiatsu("Bo")
    stepped = content(await world.command(anna, "!section coordinator step-down shiatsu Anna"))
    assert "shiatsu has no coordinator now: the community admins will be told" in stepped["body"], stepped

    stockholm = ZoneInfo("Europe/Stockholm")
    await world.deliver(datetime(2026, 3, 3, 9, 59, tzinfo=stockholm))
    coordinators = await world.room_of("coordinators")

    def reports(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e for e in events if content(e)["body"].startswith(TITLE)]

    assert reports(await world.bot_posts(coordinators)) == []
    assert reports(await world.bot_posts(anna.dm)) == []

    await world.deliver(datetime(2026, 3, 3, 10, 1, tzinfo=stockholm))

    (told,) = reports(await world.bot_posts(anna.dm))
    body = content(told)["body"]
    assert "shiatsu has no coordinator any more." in body
    assert "!section coordinator add shiatsu NAME" in body
    status, joined = await raw_request(
        world.synapse.url, world.bot, "GET", f"/_matrix/client/v3/rooms/{quoted(anna.dm)}/joined_members"
    )
    assert status == 200, joined
    assert set(joined["joined"]) == {anna.user_id, world.bot_id}  # her direct room: only she and the bot
    (posted,) = reports(await world.bot_posts(coordinators))
    assert content(posted)["body"] == body

    status, rooms = await raw_request(world.synapse.url, world.bot, "GET", "/_matrix/client/v3/joined_rooms")
    assert status == 200, rooms
    assert {room, bo.dm} <= set(rooms["joined_rooms"])
    for other in set(rooms["joined_rooms"]) - {anna.dm, coordinators}:
        assert reports(await world.bot_posts(other)) == [], other

    await world.deliver(timedelta(days=3))
    assert len(reports(await world.bot_posts(anna.dm))) == 1
    assert len(reports(await world.bot_posts(coordinators))) == 1
