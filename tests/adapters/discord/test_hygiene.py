"""Platform hygiene on Discord, real discord.py against the stand-in: a section's coordinators may manage its
channel's messages (a member overwrite), and an archived section's channel is moved aside, read-only for everyone
(its role deleted) until it is unarchived. What people may do is read as Discord computes it from the overwrites."""

from __future__ import annotations

import pytest

from tests.adapters.discord.conftest import SUCCESS, DiscordWorld, description
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e

WRITE = p.SEND_MESSAGES | p.ADD_REACTIONS


def may(w: DiscordWorld, channel: int, user: int, permission: int) -> bool:
    return w.standin.permissions_in(channel, user) & permission == permission


def category_of(w: DiscordWorld, channel: int) -> str:
    parent = w.standin.channel(channel)["parent_id"]
    return str(w.standin.channel(int(parent))["name"])


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


async def test_an_archived_sections_channel_is_moved_aside_read_only_and_loses_its_role(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    standin = w.standin
    shiatsu = await w.open_section(coordinator=w.alice, members=(w.bob,))
    role = standin.role_named(w.guild_id, "Shiatsu")
    assert role is not None

    archived = await w.command("section archive", {"section": "shiatsu"}, user=w.alice)
    assert archived.colour == SUCCESS, archived.text
    await w.run()

    assert category_of(w, shiatsu) == "Archive"
    for person in (w.alice, w.bob, w.admin):
        assert may(w, shiatsu, person, p.VIEW_CHANNEL | p.READ_MESSAGE_HISTORY)  # what was said stays to read
    assert not may(w, shiatsu, w.bob, p.SEND_MESSAGES)
    assert not may(w, shiatsu, w.bob, p.ADD_REACTIONS)
    assert not may(w, shiatsu, w.alice, p.SEND_MESSAGES)  # her coordinator's overwrite gives no writing back
    assert standin.role_named(w.guild_id, "Shiatsu") is None
    assert int(role["id"]) not in standin.member_roles(w.guild_id, w.bob)
    section = await w.core.services.sections.get(await w.community(), "shiatsu", include_inactive=True)
    assert await w.core.services.sections.binding(section.id, "discord") == (str(shiatsu), None)
    (notice,) = [m for m in w.bot_posts(shiatsu) if "is archived" in description(m)]
    assert "/section unarchive shiatsu" in description(notice)
    # The notice went out before the channel was locked; the bot may still post there (as it may on Matrix).
    assert may(w, shiatsu, standin.bot_user_id, p.SEND_MESSAGES)


async def test_unarchiving_brings_the_channel_back_writable_with_a_new_role_for_its_members(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    standin = w.standin
    shiatsu = await w.open_section(coordinator=w.alice, members=(w.bob,))
    await w.command("section archive", {"section": "shiatsu"}, user=w.alice)
    await w.run()

    refused = await w.command("section unarchive", {"section": "shiatsu"}, user=w.alice)
    assert refused.colour != SUCCESS  # admins only
    reopened = await w.command("section unarchive", {"section": "shiatsu"}, user=w.admin)
    assert reopened.text == "Section shiatsu (Shiatsu) is open again.", reopened.text
    await w.run()

    assert category_of(w, shiatsu) == "Sections"
    assert may(w, shiatsu, w.bob, WRITE)
    assert may(w, shiatsu, w.alice, WRITE | p.MANAGE_MESSAGES)  # still its coordinator
    assert not may(w, shiatsu, w.bob, p.MANAGE_MESSAGES)
    role = standin.role_named(w.guild_id, "Shiatsu")
    assert role is not None
    assert int(role["id"]) in standin.member_roles(w.guild_id, w.bob)
    assert int(role["id"]) in standin.member_roles(w.guild_id, w.alice)
    section = await w.core.services.sections.get(await w.community(), "shiatsu")
    assert await w.core.services.sections.binding(section.id, "discord") == (str(shiatsu), role["id"])
    assert str(standin.bot_user_id) not in [o["id"] for o in standin.channel(shiatsu)["permission_overwrites"]]
    assert description(w.bot_posts(shiatsu)[-1]) == "Shiatsu (shiatsu) is open again: welcome back!"
    joined = await w.command("section join", {"section": "shiatsu"}, user=w.admin)
    assert joined.colour == SUCCESS, joined.text
    assert standin.unknown_routes == []
