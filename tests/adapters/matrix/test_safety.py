"""Scenario 3: what members type is shown as typed — ``<img src=x>``, ``@room`` and Markdown stay text in the
body and are HTML-escaped in ``formatted_body`` — and ``"m.mentions": {}`` means nobody is pinged."""

from __future__ import annotations

import html
from typing import Any

import pytest

from tests.adapters.matrix.conftest import MARKER, MatrixWorld, Person, content
from tests.synapse.client import raw_request

pytestmark = pytest.mark.e2e

HOSTILE = "<img src=x onerror=alert(1)> @room **bold** [click](https://example.org) # Heading"


async def highlights(world: MatrixWorld, person: Person) -> list[str]:
    """Event ids the homeserver counts as highlights (mentions) for ``person``."""
    status, answer = await raw_request(
        world.synapse.url, person.user, "GET", "/_matrix/client/v3/notifications", query={"only": "highlight"}
    )
    assert status == 200, answer
    return [notification["event"]["event_id"] for notification in answer["notifications"]]


def assert_literal(event: dict[str, Any], text: str) -> None:
    body = content(event)
    assert text in body["body"]
    assert body["format"] == "org.matrix.custom.html"
    assert html.escape(text) in body["formatted_body"]
    assert "<img" not in body["formatted_body"]
    assert "<a " not in body["formatted_body"]
    assert "<h1" not in body["formatted_body"]
    assert body["m.mentions"] == {}


async def test_a_memo_is_shown_literally_and_pings_nobody(world: MatrixWorld) -> None:
    anna = await world.admin("Anna")
    bo = await world.person("Bo")
    await world.command(anna, "!section create Shiatsu")
    room = await world.room_of("shiatsu")
    await anna.join(room)
    await world.command(bo, "!section join shiatsu")
    await bo.join(room)

    posted = await world.command(anna, f'!memo post "{HOSTILE}"', room=room)
    assert content(posted)["body"].startswith("✔ "), content(posted)["body"]
    await world.deliver()
    (memo,) = [e for e in await world.bot_posts(room) if ":memo:" in content(e)[MARKER]]
    assert_literal(memo, HOSTILE)
    assert content(memo)["msgtype"] == "m.notice"
    # Bo receives it, and it is no highlight for him.
    await bo.until(lambda: any(e["event_id"] == memo["event_id"] for e in bo.events(room)), "the memo")
    assert memo["event_id"] not in await highlights(world, bo)

    # Shown again on request and found by search: still literal.
    shown = await world.command(bo, "!memo show 1")
    assert_literal(shown, HOSTILE)
    found = await world.command(bo, "!memo search <img src=x")
    assert "<img src=x" in content(found)["body"]
    assert "&lt;img src=x" in content(found)["formatted_body"]
    assert content(found)["m.mentions"] == {}

    # The check can fail: an @room without m.mentions from someone allowed to use it does highlight Bo.
    control = await world.adapter.client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": "@room hi"})
    event_id = getattr(control, "event_id", None)
    assert event_id is not None, control
    assert event_id in await highlights(world, bo)


async def test_user_text_in_replies_and_errors_is_escaped(world: MatrixWorld) -> None:
    bo = await world.person("Bo")
    refused = await world.command(bo, "!section join <b>@room</b>")
    body = content(refused)
    assert body["body"].startswith("✖ ")
    assert "<b>" not in body["formatted_body"]
    assert body["m.mentions"] == {}
    profile = await world.command(bo, '!profile set who:"<script>x</script> @room" visible:yes')
    assert content(profile)["body"].startswith("✔ "), content(profile)["body"]
    shown = await world.command(bo, "!profile show")
    assert "<script>x</script> @room" in content(shown)["body"]
    assert "&lt;script&gt;x&lt;/script&gt; @room" in content(shown)["formatted_body"]
    # Bo's display name is his own text too: "Bo" here, escaped like the rest wherever it is shown.
    assert "<script>" not in content(shown)["formatted_body"]
