"""What ``netgroups check`` finds, as neutral values: the launcher asks each platform's adapter to look at its
platform and renders what they found as one localised table.

A platform's check gets a :class:`CheckRequest` (the settings, what the database knows of the platform, the
command registry and the translator) and answers :class:`Finding` values: a mark, what was found, and for
anything not fine, what to do about it. Every text is a catalog message, shown in the community's locale.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from bot.commands.registry import CommandRegistry
from bot.i18n import Translator
from bot.replies import Msg
from bot.settings import Settings


class Mark(enum.StrEnum):
    #: What the bot needs is there.
    OK = "ok"
    #: Worth knowing, or fixed by the bot itself at its next start: does not fail the check.
    WARN = "warn"
    #: Something the bot needs is missing: the check fails (exit status 1).
    FAIL = "fail"


@dataclass(frozen=True, slots=True)
class Finding:
    mark: Mark
    what: Msg
    #: What to do (for a warning, what to know); none for what is fine.
    fix: Msg | None = None

    @classmethod
    def ok(cls, what: Msg) -> Finding:
        return cls(Mark.OK, what)

    @classmethod
    def warn(cls, what: Msg, fix: Msg | None = None) -> Finding:
        return cls(Mark.WARN, what, fix)

    @classmethod
    def fail(cls, what: Msg, fix: Msg) -> Finding:
        return cls(Mark.FAIL, what, fix)


@dataclass(frozen=True, slots=True)
class KnownSection:
    """An active section with a channel on the platform, as the database binds it."""

    slug: str
    name: str
    channel: str
    #: The role marking its members (Discord), if any.
    role: str | None = None


@dataclass(frozen=True, slots=True)
class KnownCommunity:
    #: The community's own id on the platform: the Discord guild, the Matrix space.
    external_id: str
    sections: tuple[KnownSection, ...]


class Known(Protocol):
    """What the database says of a platform, read without changing anything; nothing when it cannot be read."""

    async def communities(self, platform: str) -> list[KnownCommunity]: ...

    async def state(self, platform: str, key: str) -> str | None:
        """A value the platform's adapter keeps across restarts (``bot.services.platform_state``)."""
        ...


@dataclass(frozen=True, slots=True)
class CheckRequest:
    settings: Settings
    known: Known
    registry: CommandRegistry
    translator: Translator
    #: Only whether the platform can be reached with the bot's credentials (a container's health check).
    live: bool = False
