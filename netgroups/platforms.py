"""The table of chat platforms ``netgroups run`` can start: how each is recognised as configured, built, and
checked (``netgroups check``).

Adding a platform is a row here and a package in ``adapters/``; their libraries are imported only when a
platform is configured, so a deployment on one platform needs nothing of the others.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.checks import CheckRequest, Finding
from bot.errors import StartupError
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.bootstrap import Core


class Adapter(Protocol):
    async def run(self) -> None: ...

    async def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Platform:
    name: str
    is_configured: Callable[[Settings], bool]
    build: Callable[[Core, Settings], Adapter]
    #: Log in and look at what the bot needs on the platform, changing nothing there.
    check: Callable[[CheckRequest], Awaitable[list[Finding]]]


def _discord(core: Core, settings: Settings) -> Adapter:
    from adapters.discord.app import DiscordAdapter

    assert settings.discord.token is not None
    return DiscordAdapter(core.inbound, settings.discord.token.get_secret_value(), guild_id=settings.discord.guild_id)


def _matrix(core: Core, settings: Settings) -> Adapter:
    from adapters.matrix.app import MatrixAdapter

    if settings.matrix.user_id is None:
        raise StartupError("setting matrix.user_id: needed with matrix.homeserver (e.g. @netgroups:example.org)")
    return MatrixAdapter(core.inbound, settings.matrix, settings.storage.data_dir)


async def _check_discord(request: CheckRequest) -> list[Finding]:
    from adapters.discord.check import check

    return await check(request)


async def _check_matrix(request: CheckRequest) -> list[Finding]:
    from adapters.matrix.check import check

    return await check(request)


PLATFORMS: tuple[Platform, ...] = (
    Platform("discord", lambda settings: settings.discord.token is not None, _discord, _check_discord),
    Platform("matrix", lambda settings: settings.matrix.homeserver is not None, _matrix, _check_matrix),
)


def configured(settings: Settings) -> list[Platform]:
    return [platform for platform in PLATFORMS if platform.is_configured(settings)]
