"""Scenario 1: log in, sync the commands once, open a section (channel under "Sections", a role), join, leave."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.domain.models import Role
from tests.adapters.discord.conftest import SUCCESS, DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e


async def test_login_syncs_the_guild_commands_once(discord_world: DiscordWorld) -> None:
    w = discord_world
    standin = w.standin
    assert [(c.method, c.path) for c in standin.calls[:3]] == [
        ("GET", "/users/@me"),
        ("GET", "/oauth2/applications/@me"),
        ("PUT", f"/applications/{standin.application_id}/guilds/{w.guild_id}/commands"),
    ]
    assert standin.command_writes(w.guild_id) == 1
    assert standin.command_writes(None) == 0  # guild commands only: they update at once, global ones do not
    names = {command["name"] for command in standin.guild_commands(w.guild_id)}
    assert {"section", "meeting", "agenda", "memo", "profile", "rsvp", "reminders"} <= names
    assert standin.unknown_routes == []
    community = await w.community()
    assert community.name == "Nätverket"


async def test_joining_a_section_stores_it_answers_privately_and_grants_the_role(discord_world: DiscordWorld) -> None:
    w = discord_world
    standin = w.standin
    proposed = await w.command("section create", {"name": "Shiatsu"}, user=w.alice)
    assert "proposed" in proposed.text
    approved = await w.command("section approve", {"section": "shiatsu"}, user=w.admin)
    assert approved.colour == SUCCESS, approved.text

    joined = await w.command("section join", {"section": "shiatsu"}, user=w.bob)

    assert joined.record.response_type == p.CALLBACK_CHANNEL_MESSAGE
    assert joined.flags == p.FLAG_EPHEMERAL
    assert joined.text == "You joined Shiatsu (shiatsu)."
    assert joined.colour == SUCCESS
    section = await w.section("shiatsu")
    assert await w.core.services.sections.role_in(section, await w.member(w.bob)) is Role.MEMBER
    # The role is granted by the delivery loop, never inside the command's answer.
    await w.run()
    role = standin.role_named(w.guild_id, "Shiatsu")
    assert role is not None
    assert not role["mentionable"]
    assert int(role["id"]) in standin.member_roles(w.guild_id, w.bob)
    # The proposer became the coordinator when the section opened — before it had a role — and has it too.
    assert int(role["id"]) in standin.member_roles(w.guild_id, w.alice)
    assert int(role["id"]) not in standin.member_roles(w.guild_id, w.admin)
    category = standin.channel_named(w.guild_id, "Sections")
    assert category is not None
    assert category["type"] == p.GUILD_CATEGORY
    channel = standin.channel_named(w.guild_id, "shiatsu")
    assert channel is not None
    assert (channel["type"], channel["parent_id"], channel["topic"]) == (p.GUILD_TEXT, category["id"], "Shiatsu")
    assert await w.core.services.sections.binding(section.id, "discord") == (channel["id"], role["id"])
    # The central group has its channel too; one category holds them all.
    assert [c["name"] for c in standin.channels_in(w.guild_id) if c.get("parent_id") == category["id"]] == [
        "central",
        "coordinators",
        "shiatsu",
    ]
    assert [c["name"] for c in standin.channels_in(w.guild_id) if c["type"] == p.GUILD_CATEGORY] == ["Sections"]

    left = await w.command("section leave", {"section": "shiatsu"}, user=w.bob)
    assert left.flags == p.FLAG_EPHEMERAL
    await w.run()
    assert int(role["id"]) not in standin.member_roles(w.guild_id, w.bob)
    assert await w.core.services.sections.role_in(section, await w.member(w.bob)) is None


async def test_the_section_opening_is_announced_in_the_central_channel(discord_world: DiscordWorld) -> None:
    w = discord_world
    await w.open_section(coordinator=w.alice)
    central = w.channel_of("central")
    texts = [post["embeds"][0]["description"] for post in w.bot_posts(central)]
    assert len(texts) == 2, texts  # the proposal, then the opening: each once
    assert texts[0].startswith("Alice proposes a new section: Shiatsu (shiatsu).")
    assert texts[1] == "New section: Shiatsu (shiatsu).\nJoin it with /section join shiatsu."


async def test_the_section_option_is_completed_while_typing(discord_world: DiscordWorld) -> None:
    w = discord_world
    await w.open_section(coordinator=w.alice)
    record = await w.standin.dispatch_autocomplete(
        "section join", {}, "section", channel_id=w.general_id, user_id=w.bob
    )
    await w.within(w.standin.wait_for_response(record))
    assert record.response_type == p.CALLBACK_AUTOCOMPLETE_RESULT
    assert "shiatsu" in [choice["value"] for choice in record.choices]


async def test_a_slow_answer_is_deferred_and_completed_by_a_follow_up(
    discord_world: DiscordWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discord wants an answer within 3 s: past the adapter's limit (2 s; 50 ms here) it defers, then follows up."""
    w = discord_world
    standin = w.standin
    monkeypatch.setattr("adapters.discord.app._ANSWER_WITHIN", 0.05)
    await w.command("section create", {"name": "Shiatsu"}, user=w.alice)
    sections = w.core.services.sections
    approve = sections.approve

    async def slow_approve(*args: Any) -> Any:
        await asyncio.sleep(0.2)  # a busy database, say
        return await approve(*args)

    monkeypatch.setattr(sections, "approve", slow_approve)
    approved = await w.command("section approve", {"section": "shiatsu"}, user=w.admin)

    assert approved.record.response_type == p.CALLBACK_DEFERRED_CHANNEL_MESSAGE
    original = standin.interaction_message(approved.record)
    assert original is not None
    assert original["flags"] == p.FLAG_EPHEMERAL  # "thinking…" gone, the answer in its place
    assert approved.text == "Section shiatsu (Shiatsu) is approved and open."
    await w.run()  # the channel is made by the delivery loop (for the coordinator's role), not in the answer
    assert standin.channel_named(w.guild_id, "shiatsu") is not None


async def test_a_channel_made_before_a_crash_is_taken_rather_than_made_twice(discord_world: DiscordWorld) -> None:
    """The bot made #shiatsu under "Sections" and stopped before storing it: on opening, that channel is used."""
    w = discord_world
    standin = w.standin
    category = standin.channel_named(w.guild_id, "Sections")
    assert category is not None  # made at start for the central group
    made_before = standin.add_channel(w.guild_id, "shiatsu", parent_id=int(category["id"]))
    await w.standin.dispatch("CHANNEL_CREATE", {**standin.channel(made_before), "guild_id": str(w.guild_id)})
    creates = len(standin.calls_to("POST", f"/guilds/{w.guild_id}/channels"))
    await w.open_section(coordinator=w.alice)
    assert w.channel_of("shiatsu") == made_before
    assert len(standin.calls_to("POST", f"/guilds/{w.guild_id}/channels")) == creates
    section = await w.section("shiatsu")
    binding = await w.core.services.sections.binding(section.id, "discord")
    assert binding is not None
    assert binding[0] == str(made_before)
