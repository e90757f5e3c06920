"""A member's own data on Discord: the export comes as a file in an ephemeral answer; an erasure takes the
member's section roles away and leaves nothing about them."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from tests.adapters.discord.conftest import DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e


async def test_the_export_is_a_private_file_of_everything_about_the_member(discord_world: DiscordWorld) -> None:
    w = discord_world
    await w.open_section(coordinator=w.alice, members=(w.bob,))
    await w.command("profile set", {"place": "Malmö", "trade": "Masseur", "visible": True}, user=w.bob)

    answer = await w.command("mydata export", user=w.bob)

    assert answer.flags == p.FLAG_EPHEMERAL
    assert answer.text.splitlines()[:3] == [
        "What I keep about you in Nätverket",
        "Name: Bob",
        f"Accounts: discord {w.bob}",
    ]
    message = w.standin.interaction_message(answer.record)
    assert message is not None
    (attachment,) = message["attachments"]
    assert re.fullmatch(r"netgroups-my-data-\d{4}-\d{2}-\d{2}\.json", attachment["filename"])
    document = json.loads(w.standin.world.uploads[attachment["id"]])
    assert document["format"] == "netgroups-personal-data/1"
    assert document["tables"]["identities"] == [
        {
            "community_id": 1,
            "external_id": str(w.bob),
            "id": document["tables"]["identities"][0]["id"],
            "member_id": document["member_id"],
            "platform": "discord",
        }
    ]
    assert document["tables"]["profiles"][0]["place"] == "Malmö"
    # Nobody else saw it: the only message with a file is the ephemeral answer.
    assert all(not m.get("attachments") for m in w.standin.messages_in(w.general_id))


async def test_an_erased_member_loses_their_section_roles(discord_world: DiscordWorld) -> None:
    w = discord_world
    await w.open_section(coordinator=w.alice, members=(w.bob,))
    role = w.standin.role_named(w.guild_id, "Shiatsu")
    assert role is not None
    assert int(role["id"]) in w.standin.member_roles(w.guild_id, w.bob)

    asked = await w.command("mydata erase", user=w.bob)
    assert asked.flags == p.FLAG_EPHEMERAL
    code = re.search(r"confirm:(\w+)", asked.text)
    assert code is not None, asked.text
    done = await w.command("mydata erase", {"confirm": code.group(1)}, user=w.bob)
    assert done.flags == p.FLAG_EPHEMERAL
    assert done.text == (
        "Done: everything I kept about you is erased. If you write to me again, you start as a new member."
    )
    await w.run(timedelta(seconds=5))

    assert int(role["id"]) not in w.standin.member_roles(w.guild_id, w.bob)
    assert await w.core.inbound.known_member("discord", await w.community(), str(w.bob)) is None
