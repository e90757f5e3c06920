"""``calendar [reset|all|answered]`` (a member's calendar links) and ``section coordinator public`` (a coordinator
chooses to be named on the section's public page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.handlers.scope import SECTION_LAST
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.models import Permission
from bot.replies import Reply, msg, reply, success

#: ``calendar reset`` draws a new address; ``all`` / ``answered`` choose what the personal feed holds.
CALENDAR_CHOICES = ("reset", "all", "answered")


async def calendar(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    what = values.get("what")
    choice = {"all": True, "answered": False}.get(what or "")
    links = await ctx.services.publishing.calendar_links(ctx.member, reset=what == "reset", all_sections=choice)
    lines = [msg("calendar-personal-all" if links.all_sections else "calendar-personal", url=links.personal)]
    if what == "reset":
        lines.insert(0, msg("calendar-reset-done"))
    if links.sections:
        lines.append(msg("calendar-sections-heading"))
        lines.extend(msg("calendar-section-line", section=slug, url=url) for slug, url in links.sections)
    lines.append(msg("calendar-how", prefix=ctx.prefix))
    return reply(*lines, title=msg("calendar-title"), private=True)


async def coordinator_public(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    shown = bool(values["shown"])
    section = await ctx.services.publishing.show_coordinator(ctx.community, values["section"], ctx.member, shown)
    return success(msg("coordinator-shown" if shown else "coordinator-hidden", section=section.slug), private=True)


def register(registry: CommandRegistry) -> None:
    registry.add(
        Command(("calendar",), calendar, (Option("what", OptionType.CHOICE, required=False, choices=CALENDAR_CHOICES),))
    )
    registry.add(
        Command(
            ("section", "coordinator", "public"),
            coordinator_public,
            (SECTION_LAST, Option("shown", OptionType.BOOLEAN)),
            Permission.COORDINATOR,
            section_option="section",
        )
    )
