"""A sensitive section's room on a real Synapse: invite-only, history from the invitation on, not in the room
directory and not among the space's rooms; someone outside the section who tries to join it is refused (403), a
member gets in by the bot's invitation and is taken out when they leave the section; switched back, it is a normal
section's room again (where someone who leaves keeps their place, as before)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.adapters.matrix.conftest import MakeWorld, MatrixWorld, Person, content
from tests.synapse.client import quoted, raw_request

pytestmark = pytest.mark.e2e


async def joining(world: MatrixWorld, person: Person, room: str) -> tuple[int, Any]:
    """``person`` asks to join ``room`` uninvited: (status, answer)."""
    return await raw_request(world.synapse.url, person.user, "POST", f"/_matrix/client/v3/join/{quoted(room)}", {})


async def listed_for(world: MatrixWorld, person: Person, room: str) -> bool:
    """Whether the space lists ``room`` among its rooms as ``person`` (in the space) reads it: its ``m.space.child``.
    (Synapse's hierarchy of the space leaves out invite-only rooms someone is not in either way; the listing is
    what names a room to everyone in the space.)"""
    path = f"/_matrix/client/v3/rooms/{quoted(world.space)}/state/m.space.child/{quoted(room)}"
    status, answer = await raw_request(world.synapse.url, person.user, "GET", path)
    assert status in (200, 404), answer
    return status == 200 and bool(answer.get("via"))


async def published(world: MatrixWorld, room: str) -> str:
    status, answer = await raw_request(
        world.synapse.url, world.bot, "GET", f"/_matrix/client/v3/directory/list/room/{quoted(room)}"
    )
    assert status == 200, answer
    return str(answer["visibility"])


async def in_space(world: MatrixWorld, person: Person) -> None:
    """``person`` (seen by the bot: invited to the space) accepts the space's invitation."""
    await world.deliver()
    await person.join(world.space)


async def assert_private(world: MatrixWorld, room: str) -> None:
    assert await world.state(room, "m.room.join_rules") == {"join_rule": "invite"}
    assert await world.state(room, "m.room.history_visibility") == {"history_visibility": "invited"}
    assert not (await world.state(world.space, "m.space.child", room) or {}).get("via")
    assert await published(world, room) == "private"


async def test_a_section_made_sensitive_has_a_room_only_its_members_get_into(world: MatrixWorld) -> None:
    room, (anna, _bo) = await world.shiatsu("Bo")
    cleo = await world.person("Cleo")
    await world.command(cleo, "!section list")
    await in_space(world, cleo)
    assert await listed_for(world, cleo, room)  # a normal section's room: listed in the space

    answer = await world.command(anna, "!section sensitive shiatsu yes")
    assert "sensitive now" in content(answer)["body"]

    await assert_private(world, room)
    assert not await listed_for(world, cleo, room)
    status, refused = await joining(world, cleo, room)
    assert (status, refused["errcode"]) == (403, "M_FORBIDDEN")
    # Its room still shows under the space for those in it: its own parent link stays.
    assert (await world.state(room, "m.space.parent", world.space) or {}).get("via")

    await world.command(cleo, "!section join shiatsu")  # a member now: invited, and she gets in
    await cleo.join(room)
    assert await world.membership(room, cleo.user_id) == "join"

    # Leaving the section, she leaves its room: she would see who joins it next otherwise.
    await world.command(cleo, "!section leave shiatsu")
    assert await world.membership(room, cleo.user_id) == "leave"
    assert (await joining(world, cleo, room))[0] == 403


async def test_switched_back_the_room_is_a_normal_sections_again(world: MatrixWorld) -> None:
    room, (anna, _bo) = await world.shiatsu("Bo")
    before = {kind: await world.state(room, kind) for kind in ("m.room.join_rules", "m.room.history_visibility")}
    child = await world.state(world.space, "m.space.child", room)
    await world.command(anna, "!section sensitive shiatsu yes")
    await assert_private(world, room)

    await world.command(anna, "!section sensitive shiatsu no")
    after = {kind: await world.state(room, kind) for kind in ("m.room.join_rules", "m.room.history_visibility")}
    assert (
        after
        == before
        == {
            "m.room.join_rules": {"join_rule": "invite"},
            "m.room.history_visibility": {"history_visibility": "shared"},
        }
    )
    assert await world.state(world.space, "m.space.child", room) == child == {"via": ["localhost"]}
    # Repeated, it changes nothing: no new state event in the room or the space.
    rows_before = len(await world.history(room))
    await world.command(anna, "!section sensitive shiatsu yes", deliver=False)
    await world.command(anna, "!section sensitive shiatsu no")
    events = await world.history(room)
    assert [e["type"] for e in events[rows_before:] if "state_key" in e] == []


async def test_with_the_community_setting_a_new_sections_room_is_private_from_the_start(
    make_world: MakeWorld,
) -> None:
    """``[sections] sensitive``: made private (never listed, not for a moment), and the start's repair of the
    space's list of rooms leaves it out."""
    world = await make_world(sections={"sensitive": True})
    room, (_anna, bo) = await world.shiatsu("Bo")
    await assert_private(world, room)
    assert await world.membership(room, bo.user_id) == "join"  # invited as a member, as ever
    cleo = await world.person("Cleo")
    await world.command(cleo, "!section list")
    await in_space(world, cleo)
    assert not await listed_for(world, cleo, room)
    assert (await joining(world, cleo, room))[0] == 403

    await world.restart()
    assert not (await world.state(world.space, "m.space.child", room) or {}).get("via")
    central = await world.room_of("central")  # everyone is in the central group: its room stays listed
    assert await world.state(world.space, "m.space.child", central) == {"via": ["localhost"]}
    assert await world.state(central, "m.room.history_visibility") == {"history_visibility": "shared"}


async def test_made_sensitive_the_room_loses_those_who_left_the_section_before(world: MatrixWorld) -> None:
    """Bo left #shiatsu while it was a normal section and kept his place in its room, as anyone does; once the
    section is sensitive he is removed from the room (he would see who joins it next). Its members stay."""
    room, (anna, bo, cleo) = await world.shiatsu("Bo", "Cleo")
    await world.command(bo, "!section leave shiatsu")
    assert await world.membership(room, bo.user_id) == "join"  # a normal section's room keeps him

    await world.command(anna, "!section sensitive shiatsu yes")
    assert await world.membership(room, bo.user_id) == "leave"
    assert await world.membership(room, cleo.user_id) == "join"
    assert await world.membership(room, anna.user_id) == "join"
    assert await world.membership(room, world.bot_id) == "join"
