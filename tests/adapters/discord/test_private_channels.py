"""A sensitive section's channel on Discord, real discord.py against the stand-in: hidden from @everyone and seen by
the section's role (and the bot), so a second account outside the section cannot see it and a member can; switched
back, its overwrites are a normal section's again. What people see is read as Discord computes it from the
overwrites (the stand-in's permission arithmetic)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.settings import Settings
from tests.adapters.discord.conftest import SUCCESS, DiscordWorld, description
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e

SEE = p.VIEW_CHANNEL | p.READ_MESSAGE_HISTORY


def sees(w: DiscordWorld, channel: int, user: int) -> bool:
    return w.standin.permissions_in(channel, user) & SEE == SEE


def overwrites(w: DiscordWorld, channel: int) -> set[tuple[int, str, str, str]]:
    return {
        (int(o["type"]), str(o["id"]), str(o["allow"]), str(o["deny"]))
        for o in w.standin.channel(channel)["permission_overwrites"]
    }


async def sensitive(w: DiscordWorld, value: bool, *, user: int) -> None:
    answer = await w.command("section sensitive", {"section": "shiatsu", "sensitive": value}, user=user)
    assert answer.colour == SUCCESS, answer.text
    await w.run()


async def test_a_sensitive_sections_channel_is_seen_by_its_members_only(discord_world: DiscordWorld) -> None:
    """Bob is outside #shiatsu: he sees it while it is a normal section, not once it is sensitive, and again as a
    member (its role)."""
    w = discord_world
    shiatsu = await w.open_section(coordinator=w.alice)
    assert sees(w, shiatsu, w.bob)

    await sensitive(w, True, user=w.alice)
    assert not sees(w, shiatsu, w.bob)
    assert sees(w, shiatsu, w.alice)  # its coordinator, a member
    assert sees(w, shiatsu, w.admin)  # Administrator sees every channel: the guild's own rule
    assert w.standin.permissions_in(shiatsu, w.standin.bot_user_id) & (SEE | p.SEND_MESSAGES)
    role = w.standin.role_named(w.guild_id, "Shiatsu")
    assert role is not None
    assert (0, str(w.guild_id), "0", str(p.VIEW_CHANNEL)) in overwrites(w, shiatsu)
    assert (0, str(role["id"]), str(p.VIEW_CHANNEL), "0") in overwrites(w, shiatsu)

    joined = await w.command("section join", {"section": "shiatsu"}, user=w.bob)
    assert joined.colour == SUCCESS, joined.text
    await w.run()
    assert sees(w, shiatsu, w.bob)
    left = await w.command("section leave", {"section": "shiatsu"}, user=w.bob)
    assert left.colour == SUCCESS, left.text
    await w.run()
    assert not sees(w, shiatsu, w.bob)
    assert w.standin.unknown_routes == []


async def test_switched_back_the_channel_has_a_normal_sections_overwrites(discord_world: DiscordWorld) -> None:
    w = discord_world
    shiatsu = await w.open_section(coordinator=w.alice)
    before = overwrites(w, shiatsu)
    await sensitive(w, True, user=w.alice)
    assert not sees(w, shiatsu, w.bob)

    await sensitive(w, False, user=w.alice)
    assert sees(w, shiatsu, w.bob)
    assert overwrites(w, shiatsu) == before  # the coordinator's Manage Messages kept, nothing else left
    # Told again, nothing is queued and nothing changes on Discord.
    edits = len(w.standin.calls_to("PATCH", f"/channels/{shiatsu}"))
    refused = await w.command("section sensitive", {"section": "shiatsu", "sensitive": False}, user=w.alice)
    assert refused.colour != SUCCESS
    await w.run()
    assert len(w.standin.calls_to("PATCH", f"/channels/{shiatsu}")) == edits


async def test_a_sensitive_section_archived_and_unarchived_stays_hidden(discord_world: DiscordWorld) -> None:
    """Unarchiving makes a new role: the channel is hidden again, and its members see it through the new role."""
    w = discord_world
    shiatsu = await w.open_section(coordinator=w.alice)
    await sensitive(w, True, user=w.alice)
    await w.command("section archive", {"section": "shiatsu"}, user=w.alice)
    await w.run()
    assert not sees(w, shiatsu, w.bob)
    reopened = await w.command("section unarchive", {"section": "shiatsu"}, user=w.admin)
    assert reopened.colour == SUCCESS, reopened.text
    await w.run()
    assert not sees(w, shiatsu, w.bob)
    assert sees(w, shiatsu, w.alice)
    assert description(w.bot_posts(shiatsu)[-1]) == "Shiatsu (shiatsu) is open again: welcome back!"


class TestTheCommunitySetting:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        """``[sections] sensitive``: every section's membership is sensitive."""
        settings.sections.sensitive = True
        return settings

    async def test_a_new_sections_channel_is_made_hidden_and_the_central_group_stays_open(
        self, discord_world: DiscordWorld
    ) -> None:
        w = discord_world
        shiatsu = await w.open_section(coordinator=w.alice)
        (made,) = [c for c in w.standin.calls_to("POST", f"/guilds/{w.guild_id}/channels") if name_of(c) == "shiatsu"]
        assert {"id": str(w.guild_id), "type": 0, "allow": "0", "deny": str(p.VIEW_CHANNEL)} in made.json[
            "permission_overwrites"
        ]  # hidden in the request that made it: never a moment visible
        assert not sees(w, shiatsu, w.bob)
        assert sees(w, shiatsu, w.alice)
        assert sees(w, w.channel_of("central"), w.bob)


def name_of(call: Any) -> str:
    return str((call.json or {}).get("name"))
