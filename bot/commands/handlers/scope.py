"""Which section and which meeting a command is about: named, or the channel's and the next one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.registry import Command, Handler, Option, OptionType
from bot.delivery.compose import MeetingDetails
from bot.domain.models import Permission, Section

#: Channel-scoped commands take the section last: typed in a section's channel it can be left out.
SECTION_LAST = Option("section", OptionType.SECTION)
DATE_LAST = Option("date", OptionType.DATE, required=False)


async def section_of(ctx: CommandContext, values: Mapping[str, Any]) -> Section:
    return await ctx.services.sections.get(ctx.community, values["section"])


async def meeting_of(ctx: CommandContext, section: Section, values: Mapping[str, Any]) -> MeetingDetails:
    """The meeting on the given date, or the next one to come."""
    if values.get("date"):
        return await ctx.services.meetings.occurrence_on(section, values["date"])
    return await ctx.services.meetings.next_occurrence(section, ctx.community)


def coordinated(path: tuple[str, ...], handler: Handler, options: tuple[Option, ...]) -> Command:
    """A command only the coordinators of the ``section`` option (or admins) may run."""
    return Command(path, handler, options, Permission.COORDINATOR, section_option="section")


def scoped(path: tuple[str, ...], handler: Handler, options: tuple[Option, ...]) -> Command:
    """A command for any member, about the ``section`` option (the channel's by default)."""
    return Command(path, handler, options, section_option="section")
