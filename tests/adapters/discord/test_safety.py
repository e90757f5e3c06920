"""Scenario 4: rights are checked by the core whatever the guild's command permissions say; user text that
looks like mentions is sent with no mentions parsed and shown literally."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.storage.schema import agenda_items, memos, outbox, sections
from tests.adapters.discord.conftest import ERROR, DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e

#: A mention Discord would render (and, in message content, could ping): not preceded by an escape.
LIVE_MENTION = re.compile(r"<@[!&]?\d+>|@(everyone|here)\b")


def shown(text: str) -> str:
    """What a reader sees: Discord drops Markdown escapes; a zero-width space is invisible."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u200b", "")


def tricky(w: DiscordWorld) -> str:
    role = w.standin.role_named(w.guild_id, "Styrelse")
    assert role is not None
    return f"@everyone <@&{role['id']}> <@{w.admin}> @here"


async def test_a_member_who_is_not_a_coordinator_is_refused_privately_and_nothing_changes(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    channel, _ = await w.first_call(coordinator=w.alice, members=(w.bob,))
    before = {table.name: await w.rows(table) for table in (agenda_items, outbox, memos)}
    posts_before = len(w.standin.messages_in(channel))

    refused = await w.command("agenda add", {"title": "My sales pitch", "minutes": 30}, user=w.bob, channel=channel)

    assert refused.flags == p.FLAG_EPHEMERAL
    assert refused.colour == ERROR
    assert refused.text == "Only a coordinator of shiatsu may do that."
    await w.run(timedelta(seconds=5))
    assert {table.name: await w.rows(table) for table in (agenda_items, outbox, memos)} == before
    assert len(w.standin.messages_in(channel)) == posts_before

    # The coordinator may; and only a community admin may approve sections, whatever Discord lets anyone type.
    added = await w.command("agenda add", {"title": "Guest talk", "minutes": 10}, user=w.alice, channel=channel)
    assert not added.ephemeral, added.text
    await w.command("section create", {"name": "Zonterapi"}, user=w.bob)
    sections_before = await w.rows(sections)
    not_admin = await w.command("section approve", {"section": "zonterapi"}, user=w.alice)
    assert (not_admin.flags, not_admin.text) == (p.FLAG_EPHEMERAL, "Only a community admin may do that.")
    assert await w.rows(sections) == sections_before
    assert w.standin.channel_named(w.guild_id, "zonterapi") is None


async def test_mentions_in_a_profile_are_not_parsed_and_are_shown_literally(discord_world: DiscordWorld) -> None:
    w = discord_world
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    text = tricky(w)
    saved = await w.command("profile set", {"who": text, "does": "Shiatsu *and* __more__", "visible": True}, user=w.bob)
    assert saved.ephemeral, saved.text

    shown_profile = await w.command("profile show", {}, user=w.bob)
    assert f"Who: {text}" in shown(shown_profile.text)
    assert not LIVE_MENTION.search(shown_profile.text)
    response = w.standin.interaction_responses[-1]["data"]
    assert response["allowed_mentions"] == {"parse": []}

    # Bob says yes: the call lists him under the presentation round, with his profile.
    await w.react(int(call["id"]), "✅", w.bob)
    await w.run()
    (edit,) = w.standin.calls_to("PATCH", f"/channels/{channel}/messages/{call['id']}")
    assert edit.json["allowed_mentions"] == {"parse": []}
    description = edit.json["embeds"][0]["description"]
    assert f"– Bob: {text} · does: Shiatsu *and* __more__" in shown(description)
    assert not LIVE_MENTION.search(description)
    assert "\\*and\\*" in description  # Markdown escaped: shown with its stars, not in italics


async def test_mentions_in_a_memo_are_not_parsed_and_are_shown_literally(discord_world: DiscordWorld) -> None:
    w = discord_world
    channel = await w.open_section(coordinator=w.alice)
    text = tricky(w)
    posted = await w.command("memo post", {"text": f"Minutes\\n{text}"}, user=w.alice, channel=channel)
    assert "Memo #1 is posted" in posted.text
    await w.run()
    (memo,) = w.posts_titled(channel, "Memo #1")
    (create,) = [
        call
        for call in w.standin.calls_to("POST", f"/channels/{channel}/messages")
        if call.json.get("embeds") and call.json["embeds"][0].get("title", "").startswith("Memo #1")
    ]
    assert create.json["allowed_mentions"] == {"parse": []}
    description = memo["embeds"][0]["description"]
    assert shown(description).endswith(f"Minutes\n{text}")
    assert not LIVE_MENTION.search(description)
    assert (memo["mention_everyone"], memo["mentions"], memo["mention_roles"]) == (False, [], [])
