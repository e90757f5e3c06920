"""``digest [daily|weekly|off] [hour:HH]``: how often and when a coordinator gets their digest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.digest import DigestMode
from bot.replies import Reply, msg, success


async def digest(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    """Without options it shows the setting; either option changes that part of it."""
    setting = await ctx.services.communities.set_digest(ctx.member, values.get("mode"), values.get("hour"))
    lines = [msg(f"digest-set-{setting.mode}", hour=setting.hour, zone=setting.zone)]
    if not setting.coordinates:
        lines.append(msg("digest-not-coordinating"))
    return success(*lines, private=True)


def register(registry: CommandRegistry) -> None:
    registry.add(
        Command(
            ("digest",),
            digest,
            (
                Option("mode", OptionType.CHOICE, required=False, choices=tuple(mode.value for mode in DigestMode)),
                # Any hour of the day parses; the service refuses a night hour politely, saying which are allowed.
                Option("hour", OptionType.INTEGER, required=False, min_value=0, max_value=23),
            ),
        )
    )
