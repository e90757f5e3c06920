"""Private means private on Matrix: an answer meant for one person never reaches a shared room.

Typed in a section's room, a private answer goes to the person's direct room with the bot (opened for it when
there is none, listed in the bot's ``m.direct``); the room sees only a pointer. Checked from a second member's
own account, as Element would show the room to her.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.adapters.matrix.conftest import MatrixWorld, Person, content, replied_to
from tests.synapse.client import quoted, raw_request

pytestmark = pytest.mark.e2e

POINTER = "I have answered you in a direct message."


async def in_room(world: MatrixWorld, person: Person, room: str, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``person`` types ``text`` in the shared ``room``: what the room shows in reply, and the answer itself."""
    asked = await person.say(room, text)
    await world.bot_sync()
    shown = await person.until(
        lambda: next((e for e in person.bot_events(room, world.bot_id) if replied_to(e) == asked), None),
        f"the reply to {text!r} in the room",
    )
    answer = await world.reply_to(person, room, asked)
    return shown, answer


async def test_private_answers_typed_in_a_shared_room_reach_only_their_member(world: MatrixWorld) -> None:
    """Bo's link code, directory results, an error and an admin's help: Cleo, in the same room, sees none of it."""
    room, (anna, bo, cleo) = await world.shiatsu("Bo", "Cleo")
    await world.command(cleo, '!profile set who:"Cleo, shiatsu" place:Malmö visible:yes')

    answers = {
        "code": await in_room(world, bo, room, "!profile link"),
        "directory": await in_room(world, bo, room, "!directory search malmo"),
        "error": await in_room(world, bo, room, "!section join nosuchsection"),
        "help": await in_room(world, anna, room, "!help"),
    }

    code = re.search(r"code is (\w+)", content(answers["code"][1])["body"])
    assert code, content(answers["code"][1])["body"]
    assert "Cleo" in content(answers["directory"][1])["body"]
    assert content(answers["error"][1])["body"].startswith("✖ ")
    assert "section approve" in content(answers["help"][1])["body"]  # an admin's help lists admin commands
    await cleo.until(lambda: len(cleo.bot_events(room, world.bot_id)) >= len(answers), "the bot's replies")
    seen_by_cleo = "\n".join(str(content(e).get("body", "")) for e in cleo.events(room))
    for what, (shown, answer) in answers.items():
        assert content(shown)["body"] == POINTER, what
        assert content(shown)["m.mentions"] == {}
        private_text = content(answer)["body"]
        assert private_text not in seen_by_cleo, what
    assert code.group(1) not in seen_by_cleo


async def test_a_direct_room_the_bot_opens_is_listed_in_m_direct_and_reused(world: MatrixWorld) -> None:
    """Dan never wrote to the bot directly: the room it opens for his private answer is marked direct for him,
    and his next private answer goes to the same room."""
    room, _ = await world.shiatsu()
    dan = await world.person("Dan", dm=False)
    invited = await world.adapter.client.room_invite(room, dan.user_id)
    assert type(invited).__name__ == "RoomInviteResponse", invited
    await dan.join(room)

    rooms = []
    for text in ("!profile show", "!profile link"):
        asked = await dan.say(room, text)
        await world.bot_sync()
        await world.reply_to(dan, room, asked)
        found = await world.private_answer(asked)
        assert found is not None, text
        rooms.append(found[0])
    assert rooms[0] == rooms[1]
    status, listed = await raw_request(
        world.synapse.url, world.bot, "GET", f"/_matrix/client/v3/user/{quoted(world.bot_id)}/account_data/m.direct"
    )
    assert status == 200, listed
    assert listed[dan.user_id] == [rooms[0]]
    assert await world.membership(rooms[0], dan.user_id) == "join"


async def test_a_direct_room_the_member_left_is_replaced_by_a_new_one(world: MatrixWorld) -> None:
    """Bo leaves his direct room with the bot: the bot leaves it too, and his next private answer comes in a new
    direct room rather than into a room nobody reads."""
    room, (_, bo) = await world.shiatsu("Bo")
    first = await bo.say(room, "!profile show")
    await world.bot_sync()
    await world.reply_to(bo, room, first)
    found = await world.private_answer(first)
    assert found is not None
    old_direct = found[0]
    left = await bo.client.room_leave(old_direct)
    assert type(left).__name__ == "RoomLeaveResponse", left

    async def bot_left() -> bool:
        return await world.membership(old_direct, world.bot_id) == "leave"

    await world.until(bot_left, "the bot leaving Bo's old direct room")
    second = await bo.say(room, "!profile show")
    await world.bot_sync()
    await world.reply_to(bo, room, second)
    found = await world.private_answer(second)
    assert found is not None
    assert found[0] != old_direct
    assert await world.membership(found[0], bo.user_id) == "join"
