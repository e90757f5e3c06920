"""Runs a command request: converts and checks options, checks rights, calls the handler.

This is the one place that tells user errors (shown, translated, nothing changed) from
bugs (a short apology to the user, a traceback with ids in the log).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.commands.context import CommandContext
from bot.commands.grammar import CommandRequest
from bot.commands.registry import Command, Option, OptionType
from bot.domain.models import Permission, Role, SectionKind
from bot.domain.text import clean_text
from bot.domain.when import parse_date
from bot.errors import UserError
from bot.replies import Reply, error

log = logging.getLogger(__name__)

_TRUE = {"yes", "true", "on", "1", "ja", "y", "j"}
_FALSE = {"no", "false", "off", "0", "nej", "n"}


async def dispatch(ctx: CommandContext, request: CommandRequest) -> Reply:
    command = request.command
    try:
        values = await _convert(ctx, command, request.values)
        await _check_permission(ctx, command, values)
        answer = await command.handler(ctx, values)
        # A command carried out is a sign of life: a coordinator typing one is not a section's missing coordinator.
        # (Only once it succeeded: a refused command changes nothing.)
        ctx.services.activity.note(ctx.member)
        return answer
    except UserError as refusal:
        return error(refusal.key, **refusal.args_)
    except Exception:
        log.exception(
            "command %s failed (community %s, member %s)", " ".join(command.path), ctx.community.id, ctx.member.id
        )
        return error("error-unexpected")


async def _convert(ctx: CommandContext, command: Command, raw: Mapping[str, str | int | bool]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for option in command.options:
        value = raw.get(option.name)
        if value == "" and option.type is OptionType.TEXT and not option.required and option.name in raw:
            values[option.name] = ""  # said explicitly: clear it (e.g. profile set place:"")
            continue
        if value is None or value == "":
            if option.type is OptionType.SECTION and ctx.channel_section and option.name == command.section_option:
                values[option.name] = ctx.channel_section
            elif option.required:
                raise UserError("error-missing-option", option=option.name, usage=usage(command, ctx.prefix))
            continue
        values[option.name] = await _convert_one(ctx, option, value)
    return values


async def _convert_one(ctx: CommandContext, option: Option, value: str | int | bool) -> Any:
    if option.type is OptionType.INTEGER:
        return _integer(option, value)
    if option.type is OptionType.BOOLEAN:
        return _boolean(option, value)
    text = clean_text(str(value), field=option.name, max_length=option.max_length, allow_newlines=option.multiline)
    if option.type is OptionType.CHOICE:
        chosen = text.lower()
        if chosen not in option.choices:
            raise UserError("error-bad-choice", option=option.name, value=text, choices=", ".join(option.choices))
        return chosen
    if option.type is OptionType.MEMBER:
        return await ctx.services.communities.find_member(ctx.community, ctx.platform, text)
    if option.type is OptionType.SECTION:
        return text.lower().lstrip("#")
    return parse_date(text, _today(ctx)) if option.type is OptionType.DATE else text


def _today(ctx: CommandContext) -> date:
    """The clock's date where the community lives: what "today" means to the people typing."""
    return ctx.services.clock.now().astimezone(ZoneInfo(ctx.community.timezone)).date()


def _integer(option: Option, value: str | int | bool) -> int:
    try:
        number = int(value)
    except ValueError:
        raise UserError("error-not-a-number", option=option.name, value=str(value)[:40]) from None
    if (option.min_value is not None and number < option.min_value) or (
        option.max_value is not None and number > option.max_value
    ):
        raise UserError("error-out-of-range", option=option.name, min=option.min_value, max=option.max_value)
    return number


def _boolean(option: Option, value: str | int | bool) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise UserError("error-not-yes-no", option=option.name, value=str(value)[:40])


async def _check_permission(ctx: CommandContext, command: Command, values: Mapping[str, Any]) -> None:
    if command.permission is Permission.MEMBER or ctx.member.is_admin:
        return
    if command.permission is Permission.ADMIN:
        raise UserError("error-permission-admin")
    slug = values.get(command.section_option or "")
    if slug is None:
        raise UserError("error-missing-option", option=command.section_option, usage=usage(command, ctx.prefix))
    section = await ctx.services.sections.get(ctx.community, slug, include_inactive=True)
    role = await ctx.services.sections.role_in(section, ctx.member)
    # The coordinators' section is run by all coordinators together (its meetings are theirs to shape); being in
    # it means coordinating a section.
    if role is Role.COORDINATOR or (section.kind is SectionKind.COORDINATORS and role is not None):
        return
    raise UserError("error-permission-coordinator", section=section.slug)


def usage(command: Command, prefix: str) -> str:
    """``/section join <section>``: how to write a command, from its declaration."""
    parts = [prefix + " ".join(command.path)]
    for option in command.options:
        shown = option.name if not option.choices else "|".join(option.choices)
        parts.append(f"<{shown}>" if option.required else f"[{option.name}:{shown if option.choices else '…'}]")
    return " ".join(parts)
