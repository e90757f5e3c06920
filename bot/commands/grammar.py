"""The text grammar shared by the console and Matrix: ``/section join shiatsu``.

Options go positionally in declared order or as ``name:value``; quotes keep spaces together.
"""

from __future__ import annotations

import difflib
import shlex
from dataclasses import dataclass, field

from bot.commands.registry import Command, CommandRegistry
from bot.errors import UserError


@dataclass(frozen=True, slots=True)
class CommandRequest:
    command: Command
    values: dict[str, str | int | bool] = field(default_factory=dict)


def split_words(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        raise UserError("error-unbalanced-quotes") from None


def parse(registry: CommandRegistry, text: str, prefix: str) -> CommandRequest:
    """Parse a command line without its prefix check: ``text`` starts with ``prefix``."""
    words = split_words(text.removeprefix(prefix))
    if not words:
        raise UserError("error-empty-command", prefix=prefix)
    command, used = registry.match(words)
    if command is None:
        raise _unknown(registry, words, prefix)
    return CommandRequest(command, _bind_options(command, words[used:], prefix))


def _unknown(registry: CommandRegistry, words: list[str], prefix: str) -> UserError:
    group = words[0].lower()
    if group in registry.groups():
        subcommands = sorted(" ".join(command.path) for command in registry.under((group,)))
        return UserError("error-unknown-subcommand", group=group, prefix=prefix, choices=", ".join(subcommands))
    names = [" ".join(command.path) for command in registry] + registry.groups()
    close = difflib.get_close_matches(" ".join(words[:2]).lower(), names, n=1) or difflib.get_close_matches(
        group, names, n=1
    )
    if close:
        return UserError("error-unknown-command-suggest", command=group, prefix=prefix, suggestion=close[0])
    return UserError("error-unknown-command", command=group, prefix=prefix)


def _bind_options(command: Command, words: list[str], prefix: str) -> dict[str, str | int | bool]:
    values: dict[str, str | int | bool] = {}
    positional: list[str] = []
    for word in words:
        name, separator, value = word.partition(":")
        if separator and command.option(name.lower()) is not None:
            if name.lower() in values:
                raise UserError("error-option-twice", option=name.lower())
            values[name.lower()] = value
        else:
            positional.append(word)
    free = [option for option in command.options if option.name not in values and option.positional]
    if free and free[-1].greedy and len(positional) > len(free):
        # The last option takes the rest of the line: "/directory search shiatsu malmo".
        keep = len(free) - 1
        positional = [*positional[:keep], " ".join(positional[keep:])]
    if len(positional) > len(free):
        raise UserError(
            "error-too-many-arguments",
            prefix=prefix,
            command=" ".join(command.path),
            extra=positional[len(free)],
        )
    for option, word in zip(free, positional, strict=False):
        values[option.name] = word
    return values
