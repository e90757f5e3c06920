"""Platform hygiene on Matrix, against a real Synapse: the bot joins only rooms it has business in, coordinators and
admins get moderator power where they look after things, and an archived section's room takes no more messages."""

from __future__ import annotations

from typing import Any

import pytest
from nio import RoomCreateResponse, RoomRedactResponse, RoomSendError, RoomSendResponse

from tests.adapters.matrix.conftest import MatrixWorld, Person, content
from tests.synapse.client import quoted, raw_request

pytestmark = pytest.mark.e2e


async def membership_seen_by(world: MatrixWorld, person: Person, room: str) -> str | None:
    """The bot's membership of ``room`` as ``person`` (in the room) reads it."""
    path = f"/_matrix/client/v3/rooms/{quoted(room)}/state/m.room.member/{quoted(world.bot_id)}"
    status, answer = await raw_request(world.synapse.url, person.user, "GET", path)
    return str(answer["membership"]) if status == 200 else None


async def invite_bot(person: Person, world: MatrixWorld, name: str) -> str:
    """``person`` makes an ordinary (not direct) room and invites the bot to it."""
    made = await person.client.room_create(name=name, invite=[world.bot_id])
    assert isinstance(made, RoomCreateResponse), made
    return str(made.room_id)


async def answered(world: MatrixWorld, person: Person, room: str) -> str:
    """Until the bot has answered the invitation to ``room``: its membership then."""

    async def settled() -> str | None:
        found = await membership_seen_by(world, person, room)
        return found if found in ("join", "leave") else None

    found: str = await world.until(settled, f"the bot answering the invitation to {room}")
    return found


async def test_an_invitation_from_a_stranger_is_declined_and_one_from_an_admin_or_coordinator_accepted(
    world: MatrixWorld, caplog: pytest.LogCaptureFixture
) -> None:
    """A stranger's room is left with a line in the log; an admin's and a coordinator's are joined."""
    stranger = await world.person("Mallory", dm=False)
    pitch = await invite_bot(stranger, world, "Buy my leads")
    assert await answered(world, stranger, pitch) == "leave"
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("declined the invitation")]
    assert stranger.user_id in line
    assert pitch in line
    assert (
        await world.core.services.communities.member_by_account(
            (await world.community()).id, "matrix", stranger.user_id
        )
        is None
    )  # declining made no member of them

    anna = await world.admin("Anna")
    board = await invite_bot(anna, world, "Board")
    assert await answered(world, anna, board) == "join"

    cleo = await world.person("Cleo")
    await world.command(cleo, "!section create Knitting")
    await world.command(anna, "!section approve knitting")  # Cleo coordinates it now
    circle = await invite_bot(cleo, world, "Knitting circle")
    assert await answered(world, cleo, circle) == "join"


async def levels_of(world: MatrixWorld, room: str) -> dict[str, Any]:
    levels = await world.state(room, "m.room.power_levels")
    assert levels is not None
    return levels


async def test_coordinators_moderate_their_sections_room_and_admins_the_space(world: MatrixWorld) -> None:
    """Power levels read back from Synapse: 50 for the coordinator (who can then redact), none once removed."""
    room, (anna, bo, cleo) = await world.shiatsu("Bo", "Cleo")
    assert (await levels_of(world, room))["users"].get(anna.user_id) == 50  # she opened it: its coordinator
    assert bo.user_id not in (await levels_of(world, room))["users"]
    assert (await levels_of(world, world.space))["users"].get(anna.user_id) == 50  # a community admin

    await world.command(anna, "!section coordinator add shiatsu Bo")
    assert (await levels_of(world, room))["users"].get(bo.user_id) == 50
    spam = await cleo.say(room, "cheap watches")
    redacted = await bo.client.room_redact(room, spam, reason="spam")
    assert isinstance(redacted, RoomRedactResponse), redacted  # a moderator's power, really

    await world.command(anna, "!section coordinator remove shiatsu Bo")
    assert bo.user_id not in (await levels_of(world, room))["users"]
    assert (await levels_of(world, room))["users"].get(anna.user_id) == 50


async def test_an_archived_sections_room_says_so_then_takes_no_messages_until_unarchived(world: MatrixWorld) -> None:
    room, (anna, bo) = await world.shiatsu("Bo")
    before = await levels_of(world, room)

    await world.command(anna, "!section archive shiatsu")

    history = await world.history(room)
    notice = next(i for i, e in enumerate(history) if "is archived" in str(content(e).get("body", "")))
    read_only = next(
        i for i, e in enumerate(history) if e["type"] == "m.room.power_levels" and content(e)["events_default"] == 100
    )
    assert notice < read_only  # said while members could still read it as the last word, then locked
    assert content(history[notice])["msgtype"] == "m.notice"
    assert "!section unarchive shiatsu" in content(history[notice])["body"]
    assert (await levels_of(world, room))["events_default"] == 100
    refused = await bo.client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": "hello?"})
    assert isinstance(refused, RoomSendError), refused
    assert refused.status_code == "M_FORBIDDEN"
    # The room stays in the space, its history readable.
    assert await world.state(world.space, "m.space.child", room) == {"via": ["localhost"]}

    reopened = await world.command(anna, "!section unarchive shiatsu")
    assert "open again" in content(reopened)["body"]
    assert await levels_of(world, room) == {**before, "events_default": 0}
    assert await world.state(room, "org.netgroups.archived") == {}
    said = await bo.client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": "back!"})
    assert isinstance(said, RoomSendResponse), said
    posts = [str(content(e)["body"]) for e in await world.bot_posts(room)]
    assert "Shiatsu (shiatsu) is open again: welcome back!" in posts
