"""A member's own data on Matrix: the export is a file in the member's direct room, never in a shared one; an
erasure is confirmed with a code and leaves nothing about them. Checked against a real Synapse, from a second
member's account too."""

from __future__ import annotations

import re

import pytest

from tests.adapters.matrix.conftest import MatrixWorld, content
from tests.adapters.matrix.test_privacy import POINTER, in_room
from tests.synapse.client import raw_request

pytestmark = pytest.mark.e2e


async def test_the_export_typed_in_a_shared_room_is_a_file_only_its_member_gets(world: MatrixWorld) -> None:
    room, (_, bo, cleo) = await world.shiatsu("Bo", "Cleo")
    await world.command(bo, "!profile set place:Malmö trade:Masseur visible:yes")

    shown, answer = await in_room(world, bo, room, "!mydata export")

    assert content(shown)["body"] == POINTER
    summary = content(answer)["body"]
    assert "Accounts: matrix " + bo.user_id in summary
    found = await world.private_answer(shown["content"]["m.relates_to"]["m.in_reply_to"]["event_id"])
    assert found is not None
    direct_room, _ = found
    files = await bo.until(
        lambda: [e for e in bo.bot_events(direct_room, world.bot_id) if content(e).get("msgtype") == "m.file"],
        "the export file in Bo's direct room",
    )
    (sent,) = files
    assert re.fullmatch(r"netgroups-my-data-\d{4}-\d{2}-\d{2}\.json", content(sent)["body"])
    assert content(sent)["info"]["mimetype"] == "application/json"
    server, media = content(sent)["url"].removeprefix("mxc://").split("/", 1)
    status, document = await raw_request(
        world.synapse.url, bo.user, "GET", f"/_matrix/client/v1/media/download/{server}/{media}"
    )
    assert status == 200, document
    assert document["format"] == "netgroups-personal-data/1"
    assert [row["external_id"] for row in document["tables"]["identities"]] == [bo.user_id]
    assert document["tables"]["profiles"][0]["place"] == "Malmö"

    # Cleo, in the same room, sees the pointer and nothing of it.
    await cleo.until(lambda: any(e["event_id"] == shown["event_id"] for e in cleo.events(room)), "the pointer")
    assert not [e for e in cleo.events(room) if content(e).get("msgtype") == "m.file"]
    assert summary not in "\n".join(str(content(e).get("body", "")) for e in cleo.events(room))


async def test_an_erasure_confirmed_in_the_direct_room_leaves_nothing(world: MatrixWorld) -> None:
    _, (_, bo) = await world.shiatsu("Bo")
    asked = content(await world.command(bo, "!mydata erase"))["body"]
    code = re.search(r"confirm:(\w+)", asked)
    assert code is not None, asked
    done = content(await world.command(bo, f"!mydata erase confirm:{code.group(1)}"))["body"]
    assert done == "✔ Done: everything I kept about you is erased. If you write to me again, you start as a new member."
    community = await world.community()
    assert await world.core.inbound.known_member("matrix", community, bo.user_id) is None
