"""The section watch on Discord, real discord.py against the stand-in: a section left without a coordinator is
reported once, the next day in daytime, to the admin in a direct message and in the coordinators' channel, pinging
nobody."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.adapters.discord.conftest import SUCCESS, DiscordWorld

pytestmark = pytest.mark.e2e

TITLE = "Shiatsu (shiatsu) needs a coordinator"


async def test_a_section_left_without_a_coordinator_is_reported_to_the_admin_and_the_coordinators(
    discord_world: DiscordWorld,
) -> None:
    """Alice, #shiatsu's only coordinator, steps down with the admin's agreement: nothing is said that day; the next
    morning's look tells the admin in a direct message (in no guild channel) and the coordinators' channel, once,
    with no @everyone nor role mention."""
    w = discord_world
    shiatsu = await w.open_section(coordinator=w.alice, members=(w.bob,))
    stepped = await w.command(
        "section coordinator step-down", {"section": "shiatsu", "member": str(w.alice)}, user=w.admin
    )
    assert stepped.colour == SUCCESS, stepped.text
    assert "shiatsu has no coordinator now: the community admins will be told" in stepped.text, stepped.text

    stockholm = ZoneInfo("Europe/Stockholm")
    await w.run(datetime(2026, 3, 3, 9, 59, tzinfo=stockholm))
    coordinators = w.channel_of("coordinators")
    assert w.posts_titled(coordinators, TITLE) == []

    await w.run(datetime(2026, 3, 3, 10, 1, tzinfo=stockholm))

    admins = w.standin.dm_channel_id(w.admin)
    assert admins is not None
    assert w.standin.world.guild_of_channel(admins) is None  # a direct message, in no guild
    (told,) = w.posts_titled(admins, TITLE)
    body = told["embeds"][0]["description"]
    assert "shiatsu has no coordinator any more." in body
    assert "/section coordinator add shiatsu NAME" in body
    (posted,) = w.posts_titled(coordinators, TITLE)
    assert posted["embeds"][0]["description"] == body
    for channel in w.standin.channels_in(w.guild_id):
        if int(channel["id"]) != coordinators:
            assert w.posts_titled(int(channel["id"]), TITLE) == [], channel["name"]
    for user in (w.alice, w.bob):
        dm = w.standin.dm_channel_id(user)
        assert dm is None or w.posts_titled(dm, TITLE) == []
    assert w.posts_titled(shiatsu, TITLE) == []

    for target in (admins, coordinators):
        (create,) = [
            call
            for call in w.standin.calls_to("POST", f"/channels/{target}/messages")
            if call.json.get("embeds") and call.json["embeds"][0].get("title") == TITLE
        ]
        assert create.json["allowed_mentions"] == {"parse": []}
        for text in (create.json.get("content") or "", create.json["embeds"][0]["description"]):
            for ping in ("@everyone", "@here", "<@&"):
                assert ping not in text

    await w.run(timedelta(days=3))
    assert len(w.posts_titled(admins, TITLE)) == 1
    assert len(w.posts_titled(coordinators, TITLE)) == 1
