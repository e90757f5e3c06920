"""The health report on Matrix: the figures as a notice and the chart as an ``m.image`` (with its size) in the
coordinator's direct room, downloaded from a real Synapse."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from PIL import Image

from bot.services.health_chart import HEIGHT, WIDTH
from tests.adapters.matrix.conftest import MatrixWorld, content

pytestmark = pytest.mark.e2e


async def test_the_chart_is_an_image_in_the_direct_room(world: MatrixWorld) -> None:
    """The coordinator gets the figures and an m.image whose w/h are the PNG's own; nobody is named."""
    _room, (anna, _bo) = await world.shiatsu("Bo")

    answer = content(await world.command(anna, "!section health shiatsu"))

    assert "Shiatsu (shiatsu)" in answer["body"]
    assert "Bo" not in answer["body"].split()
    images = await anna.until(
        lambda: [e for e in anna.bot_events(anna.dm, world.bot_id) if content(e).get("msgtype") == "m.image"],
        "the chart in Anna's direct room",
    )
    (sent,) = images
    assert content(sent)["info"] | {"size": 0} == {"mimetype": "image/png", "size": 0, "w": WIDTH, "h": HEIGHT}
    server, media = content(sent)["url"].removeprefix("mxc://").split("/", 1)
    headers = {"Authorization": f"Bearer {anna.user.access_token}"}
    url = f"{world.synapse.url}/_matrix/client/v1/media/download/{server}/{media}"
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as response:
        assert response.status == 200
        data = await response.read()
    assert len(data) == content(sent)["info"]["size"]
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))


async def test_the_monthly_report_is_posted_in_the_coordinators_room_with_the_chart(world: MatrixWorld) -> None:
    """On the first weekday of April at 10:00 the coordinators' room gets March's figures once, with the chart as an
    m.image of the PNG's size just before them; nobody is named."""
    await world.shiatsu("Bo")

    await world.deliver(datetime(2026, 4, 1, 10, 1, tzinfo=ZoneInfo("Europe/Stockholm")))
    await world.deliver(timedelta(days=2))

    room = await world.room_of("coordinators")
    posts = [e for e in await world.bot_posts(room) if content(e)["body"].startswith("How the sections did in")]
    (post,) = posts
    assert content(post)["body"].splitlines()[0] == "How the sections did in March 2026"
    assert "Shiatsu (shiatsu)" in content(post)["body"]
    assert not {"Anna", "Bo"} & set(content(post)["body"].split())
    events = await world.history(room)
    images = [e for e in events if e["sender"] == world.bot_id and content(e).get("msgtype") == "m.image"]
    (image,) = images
    order = [e["event_id"] for e in events]
    assert order.index(image["event_id"]) < order.index(post["event_id"])
    assert content(image)["info"] | {"size": 0} == {"mimetype": "image/png", "size": 0, "w": WIDTH, "h": HEIGHT}
