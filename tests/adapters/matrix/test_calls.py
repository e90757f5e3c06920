"""Scenario 2: a meeting call arrives with its three seed reactions; a member's ✅ is a yes, its redaction clears
the answer, and the counts on the call follow by ``m.replace`` edits."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.adapters.matrix.conftest import MARKER, MatrixWorld, Person, content, is_edit

pytestmark = pytest.mark.e2e

SEEDS = ["✅", "🤔", "❌"]


async def shiatsu_with_a_call(world: MatrixWorld, *names: str) -> tuple[Person, list[Person], str, dict[str, Any]]:
    """Anna (admin) opens #shiatsu, ``names`` join it and its room, Anna schedules a fortnightly Tuesday meeting
    (the first is tomorrow, so its call goes out at once). Returns Anna, the members, the room and the call."""
    room, (anna, *people) = await world.shiatsu(*names)
    scheduled = await world.command(anna, '!meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"', room=room)
    assert "scheduled" in content(scheduled)["body"].lower(), content(scheduled)["body"]
    await world.deliver()
    (call,) = [e for e in await world.bot_posts(room) if ":call:" in content(e)[MARKER]]
    return anna, people, room, call


async def seed_reactions(world: MatrixWorld, room: str, event_id: str) -> list[str]:
    return [
        content(e)["m.relates_to"]["key"]
        for e in await world.history(room)
        if e["type"] == "m.reaction"
        and e["sender"] == world.bot_id
        and content(e).get("m.relates_to", {}).get("event_id") == event_id
    ]


async def latest_text(world: MatrixWorld, room: str, call: dict[str, Any]) -> str:
    """The call as Element shows it: the body of its latest edit (by the bot), or its own."""
    edits = [
        e
        for e in await world.history(room)
        if is_edit(e) and e["sender"] == world.bot_id and content(e)["m.relates_to"]["event_id"] == call["event_id"]
    ]
    return str(content(edits[-1])["m.new_content"]["body"] if edits else content(call)["body"])


async def test_a_call_arrives_with_seed_reactions_and_reactions_are_answers(world: MatrixWorld) -> None:
    _, (bo, cleo), room, call = await shiatsu_with_a_call(world, "Bo", "Cleo")
    body = content(call)
    assert body["msgtype"] == "m.notice"
    assert body["body"].startswith("Meeting call: ")
    assert "Folkets hus" in body["body"]
    assert "Answers: ✅ 0 · 🤔 0 · ❌ 0" in body["body"]
    assert body["m.mentions"] == {}
    assert await seed_reactions(world, room, call["event_id"]) == SEEDS
    occurrence = (await world.delivery_of(call["event_id"])).occurrence_id
    assert occurrence is not None

    # Bo sees the call, with the bot's reactions under it, in the room's timeline.
    await bo.until(lambda: any(e["event_id"] == call["event_id"] for e in bo.events(room)), "the call")

    reaction = await bo.react(room, call["event_id"], "✅")
    await cleo.react(room, call["event_id"], "🤔")
    await world.bot_sync()
    assert await world.answers(occurrence) == {"Bo": "yes", "Cleo": "maybe"}
    await world.deliver()
    assert "Answers: ✅ 1 · 🤔 1 · ❌ 0" in await latest_text(world, room, call)

    await bo.redact(room, reaction)
    await world.bot_sync()
    assert await world.answers(occurrence) == {"Cleo": "maybe"}
    await world.deliver(timedelta(seconds=3))  # one edit per call every 2 s
    latest = await latest_text(world, room, call)
    assert "Answers: ✅ 0 · 🤔 1 · ❌ 0" in latest

    # Edits are m.replace of the call, quiet and marked like it; the call itself is still one message.
    edits = [e for e in await world.history(room) if is_edit(e) and e["sender"] == world.bot_id]
    assert len(edits) == 2
    for edit in edits:
        assert content(edit)["m.relates_to"] == {"rel_type": "m.replace", "event_id": call["event_id"]}
        assert content(edit)["m.mentions"] == {}
        assert content(edit)["m.new_content"]["msgtype"] == "m.notice"
        assert content(edit)["m.new_content"][MARKER] == body[MARKER]
    calls = [e for e in await world.bot_posts(room) if ":call:" in content(e)[MARKER] and not is_edit(e)]
    assert [e["event_id"] for e in calls] == [call["event_id"]]


async def test_with_seed_reactions_off_a_call_comes_alone_and_a_reaction_is_still_an_answer(
    world: MatrixWorld,
) -> None:
    """matrix.seed_reactions = false: one event per call, nothing under it; Bo picks ✅ himself and it counts."""
    world.adapter.gateway.seed_reactions = False
    _, (bo,), room, call = await shiatsu_with_a_call(world, "Bo")
    assert await seed_reactions(world, room, call["event_id"]) == []
    occurrence = (await world.delivery_of(call["event_id"])).occurrence_id
    assert occurrence is not None
    await bo.until(lambda: any(e["event_id"] == call["event_id"] for e in bo.events(room)), "the call")
    await bo.react(room, call["event_id"], "✅")
    await world.bot_sync()
    assert await world.answers(occurrence) == {"Bo": "yes"}


async def test_reactions_that_are_not_answers_or_not_on_a_call_change_nothing(world: MatrixWorld) -> None:
    anna, (bo,), room, call = await shiatsu_with_a_call(world, "Bo")
    occurrence = (await world.delivery_of(call["event_id"])).occurrence_id
    assert occurrence is not None
    said = await anna.say(room, "see you all tomorrow")
    await bo.react(room, said, "✅")  # on a person's message
    await bo.react(room, call["event_id"], "🎉")  # not an answer
    await world.bot_sync()
    assert await world.answers(occurrence) == {}

    # Someone else redacting Bo's reaction (a moderator tidying up) is not Bo's answer.
    yes = await bo.react(room, call["event_id"], "✅")
    await world.bot_sync()
    assert await world.answers(occurrence) == {"Bo": "yes"}
    await world.set_power(room, anna.user_id, 50)  # the bot gives coordinators no power of their own
    await anna.redact(room, yes)
    await world.bot_sync()
    assert await world.answers(occurrence) == {"Bo": "yes"}


async def test_reactions_made_while_the_bot_was_down_are_read_back_at_start(world: MatrixWorld) -> None:
    _, (bo, cleo), room, call = await shiatsu_with_a_call(world, "Bo", "Cleo")
    occurrence = (await world.delivery_of(call["event_id"])).occurrence_id
    assert occurrence is not None
    bo_yes = await bo.react(room, call["event_id"], "✅")
    await world.bot_sync()
    assert await world.answers(occurrence) == {"Bo": "yes"}

    await world.stop_bot()
    await bo.redact(room, bo_yes)
    await bo.react(room, call["event_id"], "❌")
    await cleo.react(room, call["event_id"], "🤔")
    await world.start_bot()
    await world.core.reconciled()

    # Read back from the call's relations after ready (in the background), before any sync.
    assert await world.answers(occurrence) == {"Bo": "no", "Cleo": "maybe"}
    # The sync that follows brings the same events again: nothing changes.
    await world.bot_sync()
    assert await world.answers(occurrence) == {"Bo": "no", "Cleo": "maybe"}
    await world.deliver()
    assert "Answers: ✅ 0 · 🤔 1 · ❌ 1" in await latest_text(world, room, call)


async def test_direct_reminders_go_to_the_members_direct_room_or_one_the_bot_opens(world: MatrixWorld) -> None:
    """Bo wrote to the bot in a room of the two of them: his reminders go there. Cleo, invited to #shiatsu's room
    by Anna, only ever wrote there: the bot opens a direct room with her."""
    anna, (bo,), room, call = await shiatsu_with_a_call(world, "Bo")
    cleo = await world.person("Cleo", dm=False)
    invited = await anna.client.room_invite(room, cleo.user_id)
    assert type(invited).__name__ == "RoomInviteResponse", invited
    await cleo.join(room)
    joined = await world.command(cleo, "!section join shiatsu", room=room)  # her invitation is not needed
    assert content(joined)["body"].startswith("✔ ")
    await world.command(bo, "!reminders dm")
    await world.command(cleo, "!reminders dm", room=room)
    await bo.react(room, call["event_id"], "✅")
    await cleo.react(room, call["event_id"], "🤔")
    await world.bot_sync()
    await world.deliver(datetime(2026, 3, 3, 17, 0, tzinfo=UTC))  # the meeting starts: both reminders are out

    bo_reminders = [e for e in await world.bot_posts(bo.dm) if ":reminder-" in content(e)[MARKER]]
    assert len(bo_reminders) == 2
    direct = [row for row in await world.outbox() if row.kind.startswith("reminder-") and row.member_id]
    cleo_rooms = {row.external_channel for row in direct} - {bo.dm}
    assert len(cleo_rooms) == 1
    (cleo_room,) = cleo_rooms
    await cleo.join(cleo_room)
    assert [e["state_key"] for e in await world.history(cleo_room) if e["type"] == "m.room.member"] == [
        world.bot_id,
        cleo.user_id,
        cleo.user_id,
    ]  # the bot created it, invited Cleo, and she joined
    cleo_reminders = [e for e in await world.bot_posts(cleo_room) if ":reminder-" in content(e)[MARKER]]
    assert [content(e)["body"].splitlines()[0] for e in cleo_reminders] == [
        "Reminder: Shiatsu meets tomorrow",
        "Reminder: Shiatsu meets in 1 hour",
    ]


async def test_a_call_posted_before_a_stop_gets_only_its_missing_seeds_after_the_start(world: MatrixWorld) -> None:
    """The bot stops after a call and its first seed: the next start posts neither the call nor ✅ again, only
    🤔 and ❌, in order; and the answer given meanwhile counts, since the call's id was recorded when it was posted."""
    room, (anna, bo) = await world.shiatsu("Bo")
    gateway = world.adapter.gateway
    first_seed_out = asyncio.Event()
    real_seed = gateway._seed

    async def first_seed_only(room: str, event_id: str, emojis: Any, *, later: bool = False) -> None:
        await real_seed(room, event_id, list(emojis)[:1], later=later)
        first_seed_out.set()
        await asyncio.Event().wait()  # the stop comes here

    gateway._seed = first_seed_only  # type: ignore[method-assign]
    await world.command(anna, '!meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"', room=room, deliver=False)
    delivering = asyncio.create_task(world.deliver())
    await first_seed_out.wait()
    (call,) = [e for e in await world.bot_posts(room) if ":call:" in content(e)[MARKER]]
    await bo.react(room, call["event_id"], "✅")
    await world.bot_sync()
    delivering.cancel()
    await asyncio.gather(delivering, return_exceptions=True)

    await world.restart()
    await world.deliver()
    assert [e["event_id"] for e in await world.bot_posts(room) if ":call:" in content(e)[MARKER]] == [call["event_id"]]
    assert await seed_reactions(world, room, call["event_id"]) == SEEDS
    occurrence = (await world.delivery_of(call["event_id"])).occurrence_id
    assert occurrence is not None
    assert await world.answers(occurrence) == {"Bo": "yes"}
