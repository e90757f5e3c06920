"""Neutral replies and posts: what the core says, as catalog keys; each adapter renders them.

User text travels inside arguments and is always shown literally (escaped where the
platform would interpret it); the core never builds platform markup.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from bot.domain.text import one_line


@dataclass(frozen=True, slots=True)
class Msg:
    """One translatable line: a catalog key and its named arguments."""

    key: str
    args: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def msg(key: str, **args: Any) -> Msg:
    return Msg(key, MappingProxyType(args))


@dataclass(frozen=True, slots=True)
class Listing:
    """Several values shown as one list in the reader's language: "A, B and C", "A, B och C"."""

    items: tuple[Msg | str, ...]


class Tone(enum.StrEnum):
    INFO = "info"
    SUCCESS = "success"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file that goes with a reply (a member's own data): each platform hands it over as a file."""

    filename: str
    media_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Reply:
    """What a command answers. ``private`` replies are shown only to the person who asked."""

    lines: tuple[Msg, ...]
    title: Msg | None = None
    tone: Tone = Tone.INFO
    private: bool = False
    attachments: tuple[Attachment, ...] = ()


def reply(
    *lines: Msg,
    title: Msg | None = None,
    tone: Tone = Tone.INFO,
    private: bool = False,
    attachments: tuple[Attachment, ...] = (),
) -> Reply:
    return Reply(tuple(lines), title=title, tone=tone, private=private, attachments=attachments)


def success(*lines: Msg, private: bool = False) -> Reply:
    return reply(*lines, tone=Tone.SUCCESS, private=private)


def error(key: str, **args: Any) -> Reply:
    """Errors are private: the rest of the channel has no use for someone's typo.

    A refusal may echo what was typed (a word too many, a number that is not one): that text is shown on one
    line, so a line break typed inside quotes cannot start a line that passes for the bot's own."""
    shown = {name: one_line(value) if isinstance(value, str) else value for name, value in args.items()}
    return reply(msg(key, **shown), tone=Tone.ERROR, private=True)
