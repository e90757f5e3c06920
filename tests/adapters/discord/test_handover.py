"""Hand-over on Discord, real discord.py against the stand-in: the offer reaches the member as a direct message, the
answers are private, and accepting hands the section's moderation over (read as Discord computes it)."""

from __future__ import annotations

import pytest

from bot.domain.models import Role
from tests.adapters.discord.conftest import SUCCESS, DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e


async def test_a_handover_offered_and_accepted_on_discord(discord_world: DiscordWorld) -> None:
    """Alice offers #shiatsu to Bob: he is asked in a direct message; he accepts; he manages its messages, she no
    longer does, and she is thanked in hers."""
    w = discord_world
    shiatsu = await w.open_section(coordinator=w.alice, members=(w.bob,))
    offered = await w.command("section handover", {"member": str(w.bob), "section": "shiatsu"}, user=w.alice)
    assert (offered.colour, offered.ephemeral) == (SUCCESS, True), offered.text
    await w.run()
    bobs = w.standin.dm_channel_id(w.bob)
    assert bobs is not None
    (asked,) = w.standin.messages_in(bobs)
    assert asked["embeds"][0]["title"] == "Would you coordinate shiatsu?"
    assert "/section coordinator accept shiatsu" in asked["embeds"][0]["description"]

    accepted = await w.command("section coordinator accept", {"section": "shiatsu"}, user=w.bob)
    assert (accepted.colour, accepted.ephemeral) == (SUCCESS, True), accepted.text
    await w.run()
    section = await w.section("shiatsu")
    assert await w.core.services.sections.role_in(section, await w.member(w.bob)) is Role.COORDINATOR
    assert await w.core.services.sections.role_in(section, await w.member(w.alice)) is Role.MEMBER
    assert w.standin.permissions_in(shiatsu, w.bob) & p.MANAGE_MESSAGES
    assert not w.standin.permissions_in(shiatsu, w.alice) & p.MANAGE_MESSAGES
    alices = w.standin.dm_channel_id(w.alice)
    assert alices is not None
    assert "Bob accepted your hand-over" in w.standin.messages_in(alices)[-1]["embeds"][0]["description"]


async def test_the_last_coordinator_is_refused_privately_on_discord(discord_world: DiscordWorld) -> None:
    w = discord_world
    await w.open_section(coordinator=w.alice, members=(w.bob,))
    refused = await w.command("section coordinator step-down", {"section": "shiatsu"}, user=w.alice)
    assert refused.ephemeral
    assert "Alice is the only coordinator of shiatsu" in refused.text
