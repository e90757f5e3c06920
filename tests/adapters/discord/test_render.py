"""Rendering for Discord without a connection: limits, times, literal text (fast; the scenarios cover the rest)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.discord_standin import import_discord

import_discord()

from adapters.discord.render import embeds_for  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.replies import msg, reply  # noqa: E402

MARKER = "netgroups:m1:memo:section:3:discord"


@pytest.mark.parametrize("length", [5900, 5930, 5950, 5966, 5980, 6000])
def test_every_message_stays_within_6000_with_the_footer_counted(translator: Translator, length: int) -> None:
    lines = [f"Point {number:02}: " + "treatments, prices and the spring fair; " * 12 for number in range(1, 14)]
    body = "\n".join(lines)[:length]
    content = reply(msg("memo-body", text=body), title=msg("memo-title", section="Shiatsu", id=1))
    messages = embeds_for(translator, "en", content, footer=MARKER)
    for embeds in messages:
        assert sum(len(embed) for embed in embeds) <= 6000  # discord.Embed's length counts the footer
        assert all(len(embed.description or "") <= 4096 for embed in embeds)
        assert len(embeds) <= 10
    assert messages[0][-1].footer.text == MARKER
    assert "".join(embed.description or "" for embeds in messages for embed in embeds) == body


def test_a_time_is_shown_in_each_readers_zone_and_the_zone_is_not_named(translator: Translator) -> None:
    start = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)
    content = reply(msg("meeting-when", when=start, zone="Europe/Stockholm", minutes=90))
    ((embed,),) = embeds_for(translator, "sv", content)
    assert embed.description == "När: <t:1772557200:F> (<t:1772557200:R>), 90 minuter"


def test_user_text_is_shown_literally(translator: Translator) -> None:
    typed = "@everyone <@&1234567890123456789> <@1234567890123456780> **bold** _x_"
    ((embed,),) = embeds_for(translator, "en", reply(msg("memo-body", text=typed)))
    assert embed.description == (
        "@\u200beveryone <@\u200b&1234567890123456789> <@\u200b1234567890123456780> \\*\\*bold\\*\\* \\_x\\_"
    )
