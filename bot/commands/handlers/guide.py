"""``help [topic]``: what one may type, drawn from the registry in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.commands.context import CommandContext
from bot.commands.dispatcher import usage
from bot.commands.registry import Command, CommandRegistry, Option
from bot.domain.models import Permission
from bot.errors import UserError
from bot.replies import Msg, Reply, msg, reply


def _line(command: Command, prefix: str) -> Msg:
    return msg("help-line", usage=usage(command, prefix), description=msg(command.description_key))


async def show_help(ctx: CommandContext, values: Mapping[str, Any]) -> Reply:
    registry = ctx.services.registry
    topic = values.get("topic", "").lower().removeprefix(ctx.prefix)
    if topic:
        commands = registry.under(tuple(topic.split()))
        if not commands:
            raise UserError("error-unknown-help-topic", topic=topic, groups=", ".join(registry.groups()))
        lines = [_line(command, ctx.prefix) for command in commands]
        for command in commands:
            lines.extend(
                msg("help-option", option=option.name, description=msg(command.option_key(option)))
                for option in command.options
                if len(commands) == 1
            )
        return reply(*lines, title=msg("help-topic-title", topic=topic), private=True)
    visible = [command for command in registry if command.permission is not Permission.ADMIN or ctx.member.is_admin]
    lines = [_line(command, ctx.prefix) for command in visible]
    lines.append(msg("help-more", prefix=ctx.prefix))
    return reply(*lines, title=msg("help-title"), private=True)


def register(registry: CommandRegistry) -> None:
    registry.add(Command(("help",), show_help, (Option("topic", required=False, greedy=True),)))
