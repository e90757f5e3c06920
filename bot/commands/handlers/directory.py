"""``directory search``: members find each other by place, trade, company or name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.registry import Command, CommandRegistry, Option
from bot.replies import Reply, msg, reply
from bot.services.profiles import SEARCH_LIMIT


async def search(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    found = await ctx.services.profiles.search(ctx.community, values["query"])
    if not found:
        return reply(msg("directory-none", query=values["query"]), private=True)
    lines = [
        msg(
            "directory-line",
            member=member.display_name,
            trade=profile.trade or "–",
            company=profile.company or "–",
            place=profile.place or "–",
            does=profile.does or "–",
        )
        for member, profile in found
    ]
    if len(found) == SEARCH_LIMIT:
        lines.append(msg("directory-more", limit=SEARCH_LIMIT))
    lines.append(msg("directory-hint", prefix=ctx.prefix))
    return reply(*lines, title=msg("directory-title", query=values["query"], count=len(found)), private=True)


def register(registry: CommandRegistry) -> None:
    registry.add(Command(("directory", "search"), search, (Option("query", greedy=True),)))
