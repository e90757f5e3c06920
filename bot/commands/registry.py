"""Each command declared once: its path, typed options, permission and catalog keys.

Adapters render this registry their own way (console lines, Matrix ``!`` commands, Discord
app commands with localised names); none of them declares a command of its own.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.domain.models import Permission

if TYPE_CHECKING:
    from bot.commands.context import CommandContext
    from bot.replies import Reply


class OptionType(enum.StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    SECTION = "section"
    MEMBER = "member"
    #: A calendar date (``2026-03-10``, ``10/3``), read and bounded once by ``bot.domain.when.parse_date``.
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    type: OptionType = OptionType.TEXT
    required: bool = True
    choices: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    #: Longest text accepted (checked before any service sees it).
    max_length: int = 500
    #: False: only ``name:value`` fills it, so a stray word is refused rather than misplaced.
    positional: bool = True
    #: True on the last positional option: it takes the rest of the line ("directory search a b").
    greedy: bool = False
    #: True: text of several lines (a memo); every other text option is one line.
    multiline: bool = False


Handler = Callable[["CommandContext", Mapping[str, Any]], Awaitable["Reply"]]


@dataclass(frozen=True, slots=True)
class Command:
    path: tuple[str, ...]
    handler: Handler
    options: tuple[Option, ...] = ()
    permission: Permission = Permission.MEMBER
    #: For COORDINATOR commands: the SECTION option whose coordinators may run it. When the
    #: option is left out, the section of the channel the command was typed in is used.
    section_option: str | None = None

    @property
    def key(self) -> str:
        return "cmd-" + "-".join(self.path)

    @property
    def description_key(self) -> str:
        return self.key + "-desc"

    def option_key(self, option: Option) -> str:
        return f"opt-{option.name}-desc"

    def option(self, name: str) -> Option | None:
        return next((option for option in self.options if option.name == name), None)


class CommandRegistry:
    def __init__(self) -> None:
        self._commands: dict[tuple[str, ...], Command] = {}

    def add(self, command: Command) -> None:
        if command.path in self._commands:
            raise ValueError(f"command {' '.join(command.path)} declared twice")
        for other in self._commands:
            if other[: len(command.path)] == command.path or command.path[: len(other)] == other:
                raise ValueError(f"command {' '.join(command.path)} clashes with {' '.join(other)}")
        self._commands[command.path] = command

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def __len__(self) -> int:
        return len(self._commands)

    def get(self, path: tuple[str, ...]) -> Command | None:
        return self._commands.get(path)

    def match(self, words: list[str]) -> tuple[Command | None, int]:
        """The command named by the leading words, and how many words its name took."""
        for length in range(min(len(words), 3), 0, -1):
            command = self._commands.get(tuple(word.lower() for word in words[:length]))
            if command is not None:
                return command, length
        return None, 0

    def under(self, prefix: tuple[str, ...]) -> list[Command]:
        """Commands whose path starts with ``prefix`` (a group such as ``("section",)``)."""
        return [command for path, command in self._commands.items() if path[: len(prefix)] == prefix]

    def groups(self) -> list[str]:
        return sorted({path[0] for path in self._commands})
