"""Scenario 1: log in, sync the commands, open a section, join it."""

from __future__ import annotations

import pytest

from tests.adapters.discord.conftest import DiscordWorld

pytestmark = pytest.mark.e2e


async def test_join_a_section(discord_world: DiscordWorld) -> None:
    w = discord_world
    proposed = await w.command("section create", {"name": "Shiatsu"}, user=w.alice)
    print(proposed.text, proposed.flags)
    approved = await w.command("section approve", {"section": "shiatsu"}, user=w.admin)
    print(approved.text, approved.flags)
    joined = await w.command("section join", {"section": "shiatsu"}, user=w.bob)
    print(joined.text, joined.flags)
    print([ (c["name"], c["type"], c.get("parent_id")) for c in w.standin.channels_in(w.guild_id)])
    print(w.standin.roles_in(w.guild_id))
    await w.run()
    print([(c.method, c.path, c.status) for c in w.standin.calls])
