"""``agenda show|add|move|time|remove|propose|accept``: the meeting's time-boxed items."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.handlers.scope import DATE_LAST, SECTION_LAST, coordinated, meeting_of, scoped, section_of
from bot.commands.registry import CommandRegistry, Option, OptionType
from bot.delivery.compose import agenda_lines, section_name, when_line
from bot.domain.agenda import AgendaStatus
from bot.replies import Reply, msg, reply, success

_MINUTES = Option("minutes", OptionType.INTEGER, min_value=1, max_value=480)
_ITEM = Option("item", OptionType.INTEGER, min_value=1, max_value=100)


async def show(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await meeting_of(ctx, section, values)
    planned = sum(item.minutes for item in details.items if item.status is AgendaStatus.ACCEPTED)
    return reply(
        when_line(details),
        *agenda_lines(details),
        msg("agenda-total", planned=planned, duration=details.series.duration_minutes),
        title=msg("agenda-title", section=section_name(section)),
    )


async def add(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await meeting_of(ctx, section, values)
    item = await ctx.services.agenda.add(
        details.occurrence.id, values["title"], values["minutes"], values.get("position")
    )
    return success(msg("agenda-added", title=item.title, minutes=item.minutes, position=item.position))


async def move(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await meeting_of(ctx, section, values)
    await ctx.services.agenda.move(details.occurrence.id, values["item"], values["position"])
    return success(msg("agenda-moved", number=values["item"], position=values["position"]))


async def resize(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await meeting_of(ctx, section, values)
    await ctx.services.agenda.resize(details.occurrence.id, values["item"], values["minutes"])
    return success(msg("agenda-resized", number=values["item"], minutes=values["minutes"]))


async def remove(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await meeting_of(ctx, section, values)
    await ctx.services.agenda.remove(details.occurrence.id, values["item"])
    return success(msg("agenda-removed", number=values["item"]))


async def propose(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await meeting_of(ctx, section, values)
    item = await ctx.services.agenda.propose(
        details.occurrence.id, ctx.member, values["title"], values.get("minutes", 10)
    )
    return success(msg("agenda-proposed", title=item.title, id=item.id, section=section.slug))


async def accept(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await section_of(ctx, values)
    details = await meeting_of(ctx, section, values)
    item = await ctx.services.agenda.accept(details.occurrence.id, values["proposal"])
    return success(msg("agenda-accepted", title=item.title, position=item.position))


def register(registry: CommandRegistry) -> None:
    position = Option("position", OptionType.INTEGER, min_value=1, max_value=100)
    registry.add(scoped(("agenda", "show"), show, (SECTION_LAST, DATE_LAST)))
    registry.add(
        coordinated(
            ("agenda", "add"),
            add,
            (
                Option("title"),
                _MINUTES,
                Option("position", OptionType.INTEGER, required=False, min_value=1, max_value=100),
                SECTION_LAST,
                DATE_LAST,
            ),
        )
    )
    registry.add(coordinated(("agenda", "move"), move, (_ITEM, position, SECTION_LAST, DATE_LAST)))
    registry.add(coordinated(("agenda", "time"), resize, (_ITEM, _MINUTES, SECTION_LAST, DATE_LAST)))
    registry.add(coordinated(("agenda", "remove"), remove, (_ITEM, SECTION_LAST, DATE_LAST)))
    registry.add(
        scoped(
            ("agenda", "propose"),
            propose,
            (
                Option("title"),
                Option("minutes", OptionType.INTEGER, required=False, min_value=1, max_value=480),
                SECTION_LAST,
                DATE_LAST,
            ),
        )
    )
    registry.add(
        coordinated(
            ("agenda", "accept"),
            accept,
            (Option("proposal", OptionType.INTEGER, min_value=1, max_value=10**9), SECTION_LAST, DATE_LAST),
        )
    )
