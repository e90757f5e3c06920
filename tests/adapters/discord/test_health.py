"""The health report on Discord: a private answer with its chart as a PNG file, for the section's coordinators."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from bot.services.health_chart import HEIGHT, WIDTH
from tests.adapters.discord.conftest import DiscordWorld
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e


async def test_the_report_is_a_private_answer_with_the_chart(discord_world: DiscordWorld) -> None:
    """The coordinator gets the figures and a PNG of the chart's size; nobody is named."""
    w = discord_world
    await w.open_section(coordinator=w.alice, members=(w.bob,))

    answer = await w.command("section health", {"section": "shiatsu"}, user=w.alice)

    assert answer.flags == p.FLAG_EPHEMERAL
    assert "Shiatsu (shiatsu)" in answer.text
    assert "Meetings held: 0 (before: 0, unchanged)" in answer.text
    assert "Bob" not in answer.text
    assert "Alice" not in answer.text
    message = w.standin.interaction_message(answer.record)
    assert message is not None
    (attachment,) = message["attachments"]
    assert attachment["filename"].endswith(".png")
    assert message["embeds"][-1]["image"]["url"] == f"attachment://{attachment['filename']}"
    image = Image.open(io.BytesIO(w.standin.world.uploads[attachment["id"]]))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))


async def test_a_member_is_refused(discord_world: DiscordWorld) -> None:
    """A member who does not coordinate the section gets a private refusal and no file."""
    w = discord_world
    await w.open_section(coordinator=w.alice, members=(w.bob,))

    answer = await w.command("section health", {"section": "shiatsu"}, user=w.bob)

    assert answer.flags == p.FLAG_EPHEMERAL
    assert "Only a coordinator of shiatsu may do that." in answer.text
    message = w.standin.interaction_message(answer.record)
    assert message is None or not message["attachments"]


async def test_the_monthly_report_is_posted_in_the_coordinators_channel_with_the_chart(
    discord_world: DiscordWorld,
) -> None:
    """On the first weekday of April at 10:00 the coordinators' channel gets March's figures, once, the chart shown
    as the embed's image; nobody is named."""
    w = discord_world
    await w.open_section(coordinator=w.alice, members=(w.bob,))

    await w.run(datetime(2026, 4, 1, 10, 1, tzinfo=ZoneInfo("Europe/Stockholm")))
    await w.run(timedelta(days=2))

    (post,) = w.posts_titled(w.channel_of("coordinators"), "How the sections did in March 2026")
    (embed,) = post["embeds"]
    assert "Shiatsu (shiatsu)" in embed["description"]
    assert "Bob" not in embed["description"]
    assert "Alice" not in embed["description"]
    (attachment,) = post["attachments"]
    assert embed["image"]["url"] == f"attachment://{attachment['filename']}"
    image = Image.open(io.BytesIO(w.standin.world.uploads[attachment["id"]]))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
