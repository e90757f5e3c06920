"""Scenario 5: a restart with unchanged commands syncs nothing; reactions changed while the bot was down are
read back at start. Scenario 6: a dropped gateway connection RESUMEs and the reaction made meanwhile counts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.adapters.discord.conftest import FIRST, DiscordWorld
from tests.discord_standin import Call, DiscordStandIn

pytestmark = pytest.mark.e2e


async def test_a_restart_with_unchanged_commands_writes_no_commands(discord_world: DiscordWorld) -> None:
    w = discord_world
    standin = w.standin
    await w.open_section(coordinator=w.alice, members=(w.bob,))
    channels_before = standin.channels_in(w.guild_id)
    roles_before = standin.roles_in(w.guild_id)
    assert standin.command_writes(w.guild_id) == 1
    calls_before = len(standin.calls)

    await w.restart()

    assert standin.command_writes(w.guild_id) == 1
    assert standin.identify_count == 2
    since = standin.calls[calls_before:]
    assert [(c.method, c.path) for c in since] == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    assert standin.channels_in(w.guild_id) == channels_before  # no second channel or category
    assert standin.roles_in(w.guild_id) == roles_before
    joined_again = await w.command("section join", {"section": "shiatsu"}, user=w.bob)
    assert joined_again.text == "You are already a member of shiatsu."


async def test_changed_commands_are_synced_again(discord_world: DiscordWorld) -> None:
    w = discord_world
    await w.core.platform_state.put("discord", f"commands:{w.guild_id}", "an older version")
    await w.restart()
    assert w.standin.command_writes(w.guild_id) == 2


async def test_reactions_changed_while_the_bot_was_down_are_reconciled_at_start(discord_world: DiscordWorld) -> None:
    w = discord_world
    standin = w.standin
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    message_id = int(call["id"])
    occurrence = (await w.delivery_of(message_id)).occurrence_id
    assert occurrence is not None
    await w.react(message_id, "✅", w.bob)
    await w.react(message_id, "✅", w.alice)
    await w.run()
    assert await w.answers(occurrence) == {"Bob": "yes", "Alice": "yes"}
    carol = standin.add_user("carol", global_name="Carol")
    standin.add_member(w.guild_id, carol)

    async def while_down() -> None:
        # Nobody is connected: these change Discord's state, and no event reaches the bot (nor will on IDENTIFY).
        await standin.remove_reaction(channel, message_id, "✅", w.bob)
        await standin.add_reaction(channel, message_id, "❌", w.bob)
        await standin.remove_reaction(channel, message_id, "✅", w.alice)
        await standin.add_reaction(channel, message_id, "🤔", carol)  # never seen by the bot before

    await w.restart(while_down)
    await w.core.reconciled()  # read back after ready, in the background

    assert await w.answers(occurrence) == {"Bob": "no", "Carol": "maybe"}
    assert (standin.identify_count, standin.resume_count) == (2, 0)
    # The call is brought up to date on the first delivery round.
    await w.run()
    description = standin.message(message_id)["embeds"][0]["description"]
    assert "✅ 0 · 🤔 1 · ❌ 1" in description
    assert len(w.posts_titled(channel, "Meeting call")) == 1
    # And live reactions count again.
    await w.react(message_id, "✅", w.alice)
    assert (await w.answers(occurrence))["Alice"] == "yes"


async def test_a_reaction_made_while_the_connection_was_down_is_replayed_on_resume(
    discord_world: DiscordWorld,
) -> None:
    w = discord_world
    standin = w.standin
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    message_id = int(call["id"])
    occurrence = (await w.delivery_of(message_id)).occurrence_id
    assert occurrence is not None
    connections = len(standin.gateway_connections)

    standin.hold_connections()
    await standin.drop_connection()  # 4000: resumable
    # discord.py is reconnecting (the new socket gets no HELLO yet): the bot is certainly offline.
    await standin.wait_until(lambda: len(standin.gateway_connections) == connections + 1)
    await standin.add_reaction(channel, message_id, "✅", w.bob)
    assert await w.answers(occurrence) == {}
    standin.release_connections()
    await standin.wait_until(lambda: standin.resume_count == 1 and standin.connected)
    await w.run(timedelta(seconds=1))

    assert await w.answers(occurrence) == {"Bob": "yes"}
    assert (standin.identify_count, standin.resume_count) == (1, 1)
    assert standin.gateway_connections[-1].path == "/resume"
    replayed = [frame["t"] for frame in standin.gateway_connections[-1].sent if frame["op"] == 0]
    assert replayed == ["MESSAGE_REACTION_ADD", "RESUMED"]
    assert "✅ 1 · 🤔 0 · ❌ 0" in standin.message(message_id)["embeds"][0]["description"]


async def test_after_an_invalidated_session_the_reactions_missed_meanwhile_are_reconciled(
    discord_world: DiscordWorld,
) -> None:
    """A session Discord will not resume loses the events in between: the new READY reads the calls back."""
    w = discord_world
    standin = w.standin
    channel, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    message_id = int(call["id"])
    occurrence = (await w.delivery_of(message_id)).occurrence_id
    assert occurrence is not None
    connections = len(standin.gateway_connections)

    async def no_wait(shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before re-IDENTIFYing; not worth waiting for here."""

    w.adapter.client.before_identify_hook = no_wait  # type: ignore[method-assign]
    standin.hold_connections()
    await standin.invalidate_session(resumable=False)
    await standin.wait_until(lambda: len(standin.gateway_connections) == connections + 1)
    await standin.add_reaction(channel, message_id, "🤔", w.bob)  # lost with the session
    standin.release_connections()
    await standin.wait_until(lambda: standin.identify_count == 2 and standin.connected)
    await w.wait_for(lambda: w.readies == 2, "the second READY to be handled")
    await w.settle()
    await w.core.reconciled()

    assert await w.answers(occurrence) == {"Bob": "maybe"}
    assert standin.resume_count == 0
    assert standin.command_writes(w.guild_id) == 1


def dms_opened(standin: DiscordStandIn, user: int) -> list[Call]:
    """Requests for a DM channel with ``user`` (the guild's owner has one too: the first admin's welcome)."""
    return [c for c in standin.calls_to("POST", "/users/@me/channels") if int(c.json["recipient_id"]) == user]


async def test_a_dm_channel_opened_before_a_restart_is_used_after_it(discord_world: DiscordWorld) -> None:
    """Reminders by DM before and after a restart: Discord is asked for the DM channel once."""
    w = discord_world
    standin = w.standin
    _, call = await w.first_call(coordinator=w.alice, members=(w.bob,))
    chose = await w.command("reminders", {"via": "dm"}, user=w.bob)
    assert chose.text == "Meeting reminders: as a direct message."
    await w.react(int(call["id"]), "✅", w.bob)
    await w.run(FIRST - timedelta(hours=23))  # the reminder a day before
    opened = dms_opened(standin, w.bob)
    assert len(opened) == 1

    await w.restart()
    await w.run(FIRST - timedelta(minutes=59))  # the reminder an hour before

    dm = standin.dm_channel_id(w.bob)
    assert dm is not None
    assert [m["embeds"][0]["title"] for m in standin.messages_in(dm)] == [
        "Reminder: Shiatsu meets tomorrow",
        "Reminder: Shiatsu meets in 1 hour",
    ]
    assert dms_opened(standin, w.bob) == opened
