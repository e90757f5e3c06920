"""``section handover``, ``section coordinator accept|decline|step-down``: passing a section on safely."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.registry import Command, CommandRegistry, Option, OptionType
from bot.domain.models import Permission
from bot.errors import UserError
from bot.replies import Reply, msg, success

_SECTION = Option("section", OptionType.SECTION, required=False)


def section_of(ctx: CommandContext, values: Mapping[str, Any], command: str) -> str:
    """The section named, or the one of the channel typed in; refused politely when neither (a direct message)."""
    slug = values.get("section")
    if not slug:
        raise UserError("error-missing-option", option="section", usage=f"{ctx.prefix}{command} section:SECTION")
    return str(slug)


async def handover(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    member = values["member"]
    offer = await ctx.services.handover.offer(
        ctx.community, ctx.member, section_of(ctx, values, "section handover MEMBER"), member
    )
    return success(msg("handover-offer-sent", member=member.display_name, section=offer.section.slug), private=True)


async def accept(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section, previous = await ctx.services.handover.accept(
        ctx.community, ctx.member, section_of(ctx, values, "section coordinator accept")
    )
    lines = [msg("handover-accepted", section=section.slug)]
    if previous is not None:
        lines.append(msg("handover-previous-stepped-down", member=previous.display_name, section=section.slug))
    return success(*lines, private=True)


async def decline(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    section = await ctx.services.handover.decline(
        ctx.community, ctx.member, section_of(ctx, values, "section coordinator decline")
    )
    return success(msg("handover-declined", section=section.slug), private=True)


async def step_down(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    outcome = await ctx.services.handover.step_down(
        ctx.community, ctx.member, section_of(ctx, values, "section coordinator step-down"), values.get("member")
    )
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
