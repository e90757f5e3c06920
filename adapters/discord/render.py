"""Neutral replies as Discord embeds, within Discord's limits, with user text shown literally.

Times become ``<t:UNIX:F>`` so every reader sees them in their own zone (and a zone named beside
such a time becomes ``<t:UNIX:R>``, "in 3 days"); user text has its Markdown and mentions escaped;
long posts are split, in order, into several embeds and messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import discord

from bot.i18n import Translator
from bot.replies import Attachment, Msg, Reply, Tone

DESCRIPTION_LIMIT = 4096
EMBEDS_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
TITLE_LIMIT = 256
# Room left in each message for the title and footer, so a split part never crosses 6,000.
_PART = 3900
_COLOURS = {Tone.INFO: 0x5865F2, Tone.SUCCESS: 0x57F287, Tone.ERROR: 0xED4245}


def literal(text: str) -> str:
    """User text as typed: no Markdown, and mentions (``@everyone``, ``<@id>``, ``<@&id>``) shown, not rendered."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _discord_args(args: Mapping[str, Any]) -> dict[str, Any]:
    moments = [value for value in args.values() if isinstance(value, datetime)]
    prepared: dict[str, Any] = {}
    for name, value in args.items():
        if isinstance(value, Msg):
            prepared[name] = Msg(value.key, _discord_args(value.args))
        elif isinstance(value, datetime):
            prepared[name] = f"<t:{int(value.timestamp())}:F>"
        elif name == "zone" and len(moments) == 1:
            # <t:…:F> shows each reader their own zone: naming the section's zone beside it would mislead
            # a reader elsewhere. "in 3 days" is said instead.
            prepared[name] = f"<t:{int(moments[0].timestamp())}:R>"
        elif isinstance(value, str):
            prepared[name] = literal(value)
        else:
            prepared[name] = value
    return prepared


def text_of(translator: Translator, locale: str, line: Msg, prefix: str = "/") -> str:
    return translator.format(locale, line.key, {"prefix": prefix, **_discord_args(line.args)})


def _split(text: str, size: int) -> list[str]:
    """Cut at line ends where possible, so a memo reads on naturally from one part to the next."""
    parts: list[str] = []
    current = ""
    for whole_line in text.splitlines(keepends=True):
        rest = whole_line
        while len(rest) > size:
            if current:
                parts.append(current)
                current = ""
            parts.append(rest[:size])
            rest = rest[size:]
        if len(current) + len(rest) > size:
            parts.append(current)
            current = ""
        current += rest
    if current or not parts:
        parts.append(current)
    return parts


def embeds_for(
    translator: Translator, locale: str, content: Reply, *, footer: str = "", prefix: str = "/"
) -> list[list[discord.Embed]]:
    """The messages (each a list of embeds) that carry ``content``, in reading order."""
    title = text_of(translator, locale, content.title, prefix)[:TITLE_LIMIT] if content.title else None
    body = "\n".join(text_of(translator, locale, line, prefix) for line in content.lines)
    colour = _COLOURS[content.tone]
    embeds = [
        discord.Embed(title=title if index == 0 else None, description=part, colour=colour)
        for index, part in enumerate(_split(body, _PART))
    ]
    messages: list[list[discord.Embed]] = []
    for embed in embeds:
        # The footer is added to the first message below: leave room for it there.
        room = EMBEDS_TOTAL_LIMIT - (len(footer) if len(messages) == 1 else 0)
        if not messages or len(messages[-1]) >= EMBEDS_PER_MESSAGE or _size(messages[-1]) + len(embed) > room:
            messages.append([])
        messages[-1].append(embed)
    if footer:
        # On the first message: the one a lost send is looked up by after a crash.
        messages[0][-1].set_footer(text=footer)
    return messages


def _size(embeds: list[discord.Embed]) -> int:
    return sum(len(embed) for embed in embeds)


def show_image(embed: discord.Embed, attachments: Sequence[Attachment]) -> None:
    """Show the first image among a message's files in its embed (a chart reads best there; Discord then shows it
    once, inside the embed, rather than as a file below)."""
    image = next((item for item in attachments if item.media_type.startswith("image/")), None)
    if image is not None:
        embed.set_image(url=f"attachment://{image.filename}")
