"""Platform hygiene on Discord, real discord.py against the stand-in: a section's coordinators may manage its
channel's messages (a member overwrite). What people may do is read as Discord computes it from the overwrites."""

from __future__ import annotations

import pytest

from tests.adapters.discord.conftest import SUCCESS, DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e

WRITE = p.SEND_MESSAGES | p.ADD_REACTIONS


def may(w: DiscordWorld, channel: int, user: int, permission: int) -> bool:
    return w.standin.permissions_in(channel, user) & permission == permission


async def test_coordinators_may_manage_their_sections_messages_and_stop_when_removed(
    discord_world: DiscordWorld,
) -> None:
    """Alice proposed #shiatsu: she manages its messages, Bob does not until the admin makes him a coordinator."""
    w = discord_world
    shiatsu = await w.open_section(coordinator=w.alice, members=(w.bob,))
    central = w.channel_of("central")
    assert may(w, shiatsu, w.alice, p.MANAGE_MESSAGES)
    assert not may(w, central, w.alice, p.MANAGE_MESSAGES)  # only in her own section's channel
    assert not may(w, shiatsu, w.bob, p.MANAGE_MESSAGES)

    added = await w.command("section coordinator add", {"section": "shiatsu", "member": str(w.bob)}, user=w.admin)
    assert added.colour == SUCCESS, added.text
    await w.run()
    assert may(w, shiatsu, w.bob, p.MANAGE_MESSAGES)
    overwrite = next(o for o in w.standin.channel(shiatsu)["permission_overwrites"] if o["id"] == str(w.bob))
    assert (overwrite["type"], overwrite["allow"], overwrite["deny"]) == (1, str(p.MANAGE_MESSAGES), "0")

    removed = await w.command("section coordinator remove", {"section": "shiatsu", "member": str(w.bob)}, user=w.admin)
    assert removed.colour == SUCCESS, removed.text
    await w.run()
    assert not may(w, shiatsu, w.bob, p.MANAGE_MESSAGES)
    assert str(w.bob) not in [o["id"] for o in w.standin.channel(shiatsu)["permission_overwrites"]]
    assert may(w, shiatsu, w.bob, WRITE)  # still a member who writes there
    assert w.standin.unknown_routes == []
