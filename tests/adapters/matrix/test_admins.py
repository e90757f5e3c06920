"""Admins on Matrix from the first start, against a real Synapse: the first configured admin gets power level 100
in the space the bot makes, an invitation to it and a welcome in a direct room; in a space someone else made,
whoever invited the bot (and whoever made the space) is an admin, whatever their power level. The bot says in one
log line when it is ready, and answers what was typed while it was starting (not what was typed before)."""

from __future__ import annotations

from typing import Any

import pytest
from nio import RoomCreateResponse, RoomInviteResponse

from adapters.matrix.gateway import PLATFORM
from bot.bootstrap import build_core
from tests.adapters.matrix.conftest import MakeWorld, MatrixWorld, Person, content, replied_to
from tests.synapse.fixtures import MakeClient, MakeUser

pytestmark = pytest.mark.e2e


async def someone(name: str, matrix_user: MakeUser, matrix_client: MakeClient) -> Person:
    """A Matrix user with a client that has synced once (it sees invitations from now on), not yet known to the bot."""
    user = matrix_user(name.lower(), displayname=name, exempt=True)
    return Person(name, user, await matrix_client(user))


async def welcome_of(world: MatrixWorld, person: Person) -> dict[str, Any]:
    """The welcome ``person`` was sent in a direct room the bot opened: joined, and read as Element shows it."""
    (row,) = [row for row in await world.outbox() if row.kind == "welcome"]
    assert row.state == "sent", row
    assert row.member_id == (await world.member(person)).id
    room = str(row.external_channel)
    await person.join(room)
    found: dict[str, Any] = await person.until(
        lambda: next((e for e in person.bot_events(room, world.bot_id) if e["event_id"] == row.external_message), None),
        "the welcome",
    )
    return found


def ready_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("matrix: ready")]


async def test_the_first_configured_admin_gets_power_an_invitation_and_a_welcome_at_the_first_start(
    make_world: MakeWorld,
    matrix_user: MakeUser,
    matrix_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    anna = await someone("Anna", matrix_user, matrix_client)
    world = await make_world(matrix={"admins": [anna.user_id]})
    await world.deliver()

    # Power level 100 in the space the bot made (the bot, its creator, outranks every level in room v12).
    levels = await world.state(world.space, "m.room.power_levels")
    assert levels is not None
    assert levels["users"][anna.user_id] == 100
    # A member and an admin before typing anything, invited to the space.
    assert (await world.member(anna)).is_admin
    await anna.join(world.space)

    welcome = content(await welcome_of(world, anna))
    body = welcome["body"]
    assert welcome["msgtype"] == "m.notice"
    assert body.startswith("Welcome, admin of ")
    assert "1. Open a section, a group by profession, region or theme: !section create Shiatsu." in body
    assert "2. Schedule its meeting, typed in the section's channel: !meeting schedule" in body
    assert "3. Bring the members in: ask them to write to me in a direct message" in body
    assert welcome["m.mentions"] == {}
    assert ready_lines(caplog) == [f"matrix: ready as {world.bot_id}, 2 section rooms in space {world.space}"]


async def test_power_is_not_given_again_and_nobody_is_welcomed_twice_after_a_restart(
    make_world: MakeWorld, matrix_user: MakeUser, matrix_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    anna = await someone("Anna", matrix_user, matrix_client)
    world = await make_world(matrix={"admins": [anna.user_id]})
    await world.deliver()
    levels = await world.state(world.space, "m.room.power_levels")

    await world.restart()
    await world.deliver()

    assert await world.state(world.space, "m.room.power_levels") == levels  # no second power-levels event
    assert [row.kind for row in await world.outbox()].count("welcome") == 1
    assert len(ready_lines(caplog)) == 2  # one per start


async def test_whoever_invited_the_bot_into_a_configured_space_is_an_admin_and_is_welcomed(
    make_world: MakeWorld, matrix_user: MakeUser, matrix_client: MakeClient
) -> None:
    eve = await someone("Eve", matrix_user, matrix_client)
    finn = await someone("Finn", matrix_user, matrix_client)
    bot = matrix_user("netgroups", displayname="netgroups", exempt=True)
    # Eve makes the association's space; anyone may invite there; the bot may add rooms to it (power 50).
    made = await eve.client.room_create(
        space=True,
        name="Nätverket",
        invite=[finn.user_id],
        power_level_override={"invite": 0, "users": {bot.user_id: 50}},
    )
    assert isinstance(made, RoomCreateResponse), made
    space = str(made.room_id)
    await finn.join(space)
    # Finn, with no power at all, invites the bot.
    invited = await finn.client.room_invite(space, bot.user_id)
    assert isinstance(invited, RoomInviteResponse), invited

    world = await make_world(bot=bot, matrix={"space_id": space})
    await world.deliver()

    assert await world.membership(space, world.bot_id) == "join"
    levels = await world.state(space, "m.room.power_levels")
    assert levels is not None
    assert finn.user_id not in levels["users"]
    # Finn (who invited the bot) and Eve (who made the space) are admins; Finn, named first, is welcomed.
    assert (await world.member(finn)).is_admin
    assert (await world.member(eve)).is_admin
    assert content(await welcome_of(world, finn))["body"].startswith("Welcome, admin of ")

    # What only an admin may do: a section opens at once instead of waiting for approval.
    finn.dm = await world.open_dm(finn)
    opened = await world.command(finn, "!section create Shiatsu")
    assert "is open" in content(opened)["body"], content(opened)["body"]


async def test_a_command_typed_while_the_bot_starts_is_answered_and_one_typed_before_is_not(
    world: MatrixWorld, caplog: pytest.LogCaptureFixture
) -> None:
    bo = await world.person("Bo")
    await world.stop_bot()
    before = await bo.say(bo.dm, "!section list")  # typed before the bot starts: history, not for it
    # The bot's database is new (a first start) while its account is already in Bo's direct room.
    core = await build_core(world.settings, world.clock, database_url=world.database_url, translator=world.translator)
    await core.platform_state.put(PLATFORM, "next_batch", "")
    await core.close()

    await world.start_bot()  # the first sync, done at the start, sets where the bot starts
    during = await bo.say(bo.dm, "!help")  # typed after that, before the bot's running loop has synced
    await world.bot_sync()

    answer = await world.reply_to(bo, bo.dm, during)
    assert "section" in content(answer)["body"]
    await bo.sync()
    assert [e for e in bo.bot_events(bo.dm, world.bot_id) if replied_to(e) == before] == []
    assert await world.private_answer(before) is None
    assert [row for row in await world.outbox() if row.kind == "reply" and row.state != "sent"] == []
    assert ready_lines(caplog) == [f"matrix: ready as {world.bot_id}, 2 section rooms in space {world.space}"]
