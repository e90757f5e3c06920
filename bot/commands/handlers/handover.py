"""``section handover``, ``section coordinator accept|decline|step-down``: passing a section on safely."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.models import Permission
from bot.replies import Reply, msg, success

_SECTION = Option("section", OptionType.SECTION, required=False)


async def handover(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    member = values["member"]
    offer = await ctx.services.handover.offer(ctx.community, ctx.member, values["section"], member)
    return success(msg("handover-offer-sent", member=member.display_name, section=offer.section.slug), private=True)


async def accept(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section, previous = await ctx.services.handover.accept(ctx.community, ctx.member, values["section"])
    lines = [msg("handover-accepted", section=section.slug)]
    if previous is not None:
        lines.append(msg("handover-previous-stepped-down", member=previous.display_name, section=section.slug))
    return success(*lines, private=True)


async def decline(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await ctx.services.handover.decline(ctx.community, ctx.member, values["section"])
    return success(msg("handover-declined", section=section.slug), private=True)


async def step_down(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    outcome = await ctx.services.handover.step_down(ctx.community, ctx.member, values["section"], values.get("member"))
    lines = [msg("step-down-done", member=outcome.member.display_name, section=outcome.section.slug)]
    if outcome.left_none:
        lines.append(msg("step-down-left-none", section=outcome.section.slug))
    return success(*lines, private=True)


def register(registry: CommandRegistry) -> None:
    member = Option("member", OptionType.MEMBER)
    registry.add(
        Command(("section", "handover"), handover, (member, _SECTION), Permission.COORDINATOR, section_option="section")
    )
    # Members answer an offer made to them; the service checks there is one.
    registry.add(Command(("section", "coordinator", "accept"), accept, (_SECTION,), section_option="section"))
    registry.add(Command(("section", "coordinator", "decline"), decline, (_SECTION,), section_option="section"))
    # The service checks rights: a coordinator steps down; naming a member is a community admin's agreement.
    registry.add(
        Command(
            ("section", "coordinator", "step-down"),
            step_down,
            (_SECTION, Option("member", OptionType.MEMBER, required=False)),
            section_option="section",
        )
    )
