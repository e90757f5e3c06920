"""Scenario 2: a meeting call as an embed with three seed reactions; members' reactions are the RSVPs; the call is
edited to show the counts, at most once per 2 seconds; times as <t:UNIX:F>; the marker in the footer."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest

from tests.adapters.discord.conftest import FIRST, DiscordWorld

pytestmark = pytest.mark.e2e

COUNTS = re.compile(r"✅ (\d+) · 🤔 (\d+) · ❌ (\d+)")


def counts(message: dict[str, object]) -> tuple[int, ...]:
    embeds = message["embeds"]
    assert isinstance(embeds, list)
    found = COUNTS.search(embeds[0]["description"])
    assert found, embeds[0]["description"]
    return tuple(int(number) for number in found.groups())


async def test_the_call_is_an_embed_with_seed_reactions_a_marker_and_discord_times(discord_world: DiscordWorld) -> None:
    w = discord_world
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    delivery = await w.delivery_of(int(call["id"]))
    assert delivery.kind == "call"
    (embed,) = call["embeds"]
    assert embed["title"] == "Meeting call: Shiatsu"
    assert embed["footer"]["text"] == delivery.marker
    assert delivery.marker.startswith(f"netgroups:o{delivery.occurrence_id}:call:section:")
    stamp = int(FIRST.timestamp())
    description = embed["description"]
    assert description.startswith(f"When: <t:{stamp}:F> (<t:{stamp}:R>), 90 minutes\n")
    # <t:…:F> is shown in each reader's own zone: the section's zone is not named beside it.
    assert "Europe/Stockholm" not in description
    assert "Folkets hus" in description
    assert counts(call) == (0, 0, 0)
    assert call["content"] == ""
    bot = w.standin.bot_user_id
    assert w.standin.reactions_on(int(call["id"])) == {"✅": [bot], "🤔": [bot], "❌": [bot]}
    (post,) = w.standin.calls_to("POST", f"/channels/{channel}/messages")
    assert post.json["nonce"] == await w.core.worker.idempotency_key(delivery)
    assert len(post.json["nonce"]) <= 25
    assert post.json["enforce_nonce"] is True
    assert post.json["allowed_mentions"] == {"parse": []}
    # The bot's own seed reactions came back as events and counted for nobody.
    assert await w.answers(delivery.occurrence_id or 0) == {}


async def test_reactions_are_answers_and_edits_are_coalesced(discord_world: DiscordWorld) -> None:
    w = discord_world
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    message_id = int(call["id"])
    occurrence = (await w.delivery_of(message_id)).occurrence_id
    assert occurrence is not None
    edit_path = f"/channels/{channel}/messages/{message_id}"

    def edits() -> int:
        return len(w.standin.calls_to("PATCH", edit_path))

    await w.react(message_id, "✅", w.alice)
    await w.run()
    assert edits() == 1  # the first change is shown at once
    assert counts(w.standin.message(message_id)) == (1, 0, 0)

    # Three more at the same simulated instant: the next edit waits until 2 s after the last.
    await w.react(message_id, "🤔", w.bob)
    await w.react(message_id, "✅", w.admin)
    await w.react(message_id, "❌", w.admin)  # last writer wins: the admin's answer is now no
    await w.run()
    assert edits() == 1
    await w.run(timedelta(seconds=1))
    assert edits() == 1
    await w.run(timedelta(seconds=1))
    assert edits() == 2
    assert counts(w.standin.message(message_id)) == (1, 1, 1)
    assert await w.answers(occurrence) == {"Alice": "yes", "Bob": "maybe", "Ada Admin": "no"}
    assert w.standin.message(message_id)["embeds"][0]["footer"]["text"] == (await w.delivery_of(message_id)).marker

    # Those coming are listed under the presentation round; removing your reaction withdraws your answer.
    description = w.standin.message(message_id)["embeds"][0]["description"]
    assert "   – Alice\n" in description
    await w.unreact(message_id, "🤔", w.bob)
    await w.run(timedelta(seconds=2))
    assert edits() == 3
    assert await w.answers(occurrence) == {"Alice": "yes", "Ada Admin": "no"}
    assert counts(w.standin.message(message_id)) == (1, 0, 1)
    for edit in w.standin.calls_to("PATCH", edit_path):
        assert edit.json["allowed_mentions"] == {"parse": []}
    # Nothing else was posted: edits, never new messages.
    assert len(w.posts_titled(channel, "Meeting call")) == 1


async def test_reactions_that_are_not_answers_and_on_other_messages_change_nothing(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    message_id = int(call["id"])
    occurrence = (await w.delivery_of(message_id)).occurrence_id
    assert occurrence is not None
    await w.react(message_id, "👍", w.bob)
    (announcement, *_) = w.bot_posts(w.channel_of("central"))
    await w.react(int(announcement["id"]), "✅", w.bob)
    await w.run(timedelta(seconds=5))
    assert await w.answers(occurrence) == {}
    assert w.standin.calls_to("PATCH", f"/channels/{channel}/messages/{message_id}") == []


async def test_rsvp_by_command_is_private_and_updates_the_call(discord_world: DiscordWorld) -> None:
    w = discord_world
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    answered = await w.command("rsvp", {"answer": "yes"}, user=w.bob, channel=channel)
    assert answered.ephemeral
    assert f"<t:{int(FIRST.timestamp())}:F>" in answered.text
    await w.run()
    assert counts(w.standin.message(int(call["id"]))) == (1, 0, 0)


async def test_a_reaction_made_while_the_seed_reactions_are_still_being_added_counts(
    discord_world: DiscordWorld,
) -> None:
    """A reaction made before the call's message id was recorded is read back once it is."""
    w = discord_world
    standin = w.standin
    channel = await w.open_section(coordinator=w.alice, members=(w.bob,))
    # Discord is slow to take the bot's last seed reaction; Bob reacts as soon as he sees the call.
    standin.inject("PUT", "/channels/*/messages/*/reactions/❌/@me", status=204, body=None, after=True, delay=0.2)
    scheduled = await w.command(
        "meeting schedule", {"rule": "every 2 weeks tue", "time": "18:00"}, user=w.alice, channel=channel
    )
    assert "scheduled" in scheduled.text
    delivering = asyncio.ensure_future(w.run())
    await standin.wait_until(lambda: len(standin.calls_to("PUT", "/channels/*/messages/*/reactions/❌/@me")) == 1)
    (call,) = w.posts_titled(channel, "Meeting call")
    await standin.add_reaction(channel, int(call["id"]), "✅", w.bob)
    await delivering
    await w.settle()
    occurrence = (await w.delivery_of(int(call["id"]))).occurrence_id
    assert await w.answers(occurrence or 0) == {"Bob": "yes"}


async def test_the_date_option_offers_the_next_meetings_while_typing(discord_world: DiscordWorld) -> None:
    w = discord_world
    channel, _ = await w.first_call(coordinator=w.alice, members=(w.bob,))
    record = await w.standin.dispatch_autocomplete("rsvp", {"answer": "yes"}, "date", channel_id=channel, user_id=w.bob)
    await w.within(w.standin.wait_for_response(record))
    # The meetings planned so far (the planner looks ahead as far as the calls need), in local time.
    assert record.choices[0] == {"name": "2026-03-03 18:00", "value": "2026-03-03"}
