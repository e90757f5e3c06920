"""``profile ask-to-coordinate yes|no`` and ``section what-works yes|no``: choices about a network's continuity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.handlers.handover import section_of
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.models import Permission
from bot.replies import Reply, msg, success


async def ask_to_coordinate(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    willing = values["willing"]
    await ctx.services.continuity.set_ask_to_coordinate(ctx.member, willing)
    return success(msg("ask-to-coordinate-yes" if willing else "ask-to-coordinate-no", prefix=ctx.prefix), private=True)


async def what_works(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    share = values["share"]
    section = await ctx.services.continuity.share_what_works(
        ctx.community, section_of(ctx, values, "section what-works yes|no"), share
    )
    return success(msg("what-works-shared" if share else "what-works-not-shared", section=section.slug), private=True)


def register(registry: CommandRegistry) -> None:
    registry.add(Command(("profile", "ask-to-coordinate"), ask_to_coordinate, (Option("willing", OptionType.BOOLEAN),)))
    registry.add(
        Command(
            ("section", "what-works"),
            what_works,
            (Option("share", OptionType.BOOLEAN), Option("section", OptionType.SECTION, required=False)),
            Permission.COORDINATOR,
            section_option="section",
        )
    )
