"""Scenario 1: the community is a space, a section a room in it; ``!section join`` invites the member there and
the confirmation is an ``m.notice`` that mentions nobody. Admins: configured, or power level ≥ 50 in the space."""

from __future__ import annotations

import pytest

from tests.adapters.matrix.conftest import MARKER, MatrixWorld, content, replied_to

pytestmark = pytest.mark.e2e


async def test_the_bot_sets_up_a_space_with_a_room_for_each_builtin_section(world: MatrixWorld) -> None:
    space = world.space
    created = await world.state(space, "m.room.create")
    assert created is not None
    assert created["type"] == "m.space"
    children = {}
    for slug in ("central", "coordinators"):
        room = await world.room_of(slug)
        assert await world.state(room, "m.space.parent", space) == {"via": ["localhost"], "canonical": True}
        children[room] = await world.state(space, "m.space.child", room)
    assert all(child == {"via": ["localhost"]} for child in children.values()), children
    # The same space and rooms after a restart: nothing is created twice. A room taken out of the space (by hand,
    # or a request refused when it was created) is put back.
    rooms = [await world.room_of("central"), await world.room_of("coordinators")]
    removed = await world.adapter.client.room_put_state(space, "m.space.child", {}, state_key=rooms[0])
    assert type(removed).__name__ == "RoomPutStateResponse", removed
    await world.restart()
    assert world.space == space
    assert [await world.room_of("central"), await world.room_of("coordinators")] == rooms
    assert await world.state(space, "m.space.child", rooms[0]) == {"via": ["localhost"]}


async def test_section_join_invites_the_member_to_the_sections_room_in_the_space(world: MatrixWorld) -> None:
    anna = await world.admin("Anna")
    bo = await world.person("Bo")

    created = await world.command(anna, "!section create Shiatsu")
    assert content(created)["msgtype"] == "m.notice"
    assert "shiatsu" in content(created)["body"]
    room = await world.room_of("shiatsu")
    # The creator coordinates the section: invited to its room (and to the coordinators' room).
    await anna.join(room)
    await anna.join(await world.room_of("coordinators"))

    asked = await bo.say(bo.dm, "!section join shiatsu")
    await world.bot_sync()
    answer = await world.reply_to(bo, bo.dm, asked)
    await world.deliver()  # the invitation goes out from the outbox, after the answer
    body = content(answer)
    assert body["msgtype"] == "m.notice"
    assert body["m.mentions"] == {}
    assert body["body"].startswith("✔ ")
    assert "shiatsu" in body["body"]
    assert body["format"] == "org.matrix.custom.html"
    assert replied_to(answer) == asked
    assert ":reply:" in body[MARKER]  # sent once, through the outbox, like every post

    await bo.join(room)
    assert await world.membership(room, bo.user_id) == "join"
    # The room is in the community's space, both ways.
    assert await world.state(room, "m.space.parent", world.space) == {"via": ["localhost"], "canonical": True}
    assert await world.state(world.space, "m.space.child", room) == {"via": ["localhost"]}
    name = await world.state(room, "m.room.name")
    assert name == {"name": "Shiatsu"}
    # Bo, seen for the first time, was invited to the space and to the central group's room, where he reads
    # about the new section (sent through the outbox).
    await world.deliver()
    central = await world.room_of("central")
    await bo.join(world.space)
    await bo.join(central)
    (opened,) = await world.bot_posts(central)
    assert "Shiatsu" in content(opened)["body"]
    assert content(opened)["m.mentions"] == {}
    assert await bo.until(lambda: [e for e in bo.events(central) if e["event_id"] == opened["event_id"]], "news")

    # Joining again is refused, in the same form.
    again = await world.command(bo, "!section join shiatsu")
    assert content(again)["body"].startswith("✖ ")


async def test_power_level_50_in_the_space_makes_an_admin_and_others_only_propose(world: MatrixWorld) -> None:
    per, cleo = await world.person("Per"), await world.person("Cleo")
    # A space moderator (power 50), set by the bot, which created the space.
    await world.set_power(world.space, per.user_id, 50)

    proposed = await world.command(cleo, "!section create Knitting")
    assert "knitting" in content(proposed)["body"]
    assert not (await world.member(cleo)).is_admin
    assert (await world.section("knitting")).status.value == "proposed"

    refused = await world.command(cleo, "!section approve knitting")
    assert content(refused)["body"].startswith("✖ ")

    approved = await world.command(per, "!section approve knitting")
    assert content(approved)["body"].startswith("✔ "), content(approved)["body"]
    assert (await world.member(per)).is_admin
    room = await world.room_of("knitting")
    await cleo.join(room)  # the proposer coordinates it
    assert await world.state(world.space, "m.space.child", room) == {"via": ["localhost"]}


async def test_commands_in_a_sections_room_apply_to_that_section(world: MatrixWorld) -> None:
    anna = await world.admin("Anna")
    await world.command(anna, "!section create Shiatsu")
    room = await world.room_of("shiatsu")
    await anna.join(room)
    answer = await world.command(anna, "!section info", room=room)
    assert "shiatsu" in content(answer)["body"].lower()
    assert content(answer)["m.mentions"] == {}
    # Text that is not a command is left alone: no reply.
    said = await anna.say(room, "hello everyone")
    probe = await world.command(anna, "!section list", room=room)
    assert replied_to(probe) != said
    assert [e for e in anna.bot_events(room, world.bot_id) if replied_to(e) == said] == []
