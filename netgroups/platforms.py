"""The table of chat platforms ``netgroups run`` can start: how each is recognised as configured and built.

Adding a platform is a row here and a package in ``adapters/``; their libraries are imported only when a
platform is configured, so a deployment on one platform needs nothing of the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

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


def _discord(core: Core, settings: Settings) -> Adapter:
    from adapters.discord.app import DiscordAdapter

    assert settings.discord.token is not None
    return DiscordAdapter(core.inbound, settings.discord.token.get_secret_value(), guild_id=settings.discord.guild_id)


def _matrix(core: Core, settings: Settings) -> Adapter:
    from adapters.matrix.app import MatrixAdapter

    if settings.matrix.user_id is None:
        raise StartupError("setting matrix.user_id: needed with matrix.homeserver (e.g. @netgroups:example.org)")
    return MatrixAdapter(core.inbound, settings.matrix, settings.storage.data_dir)


PLATFORMS: tuple[Platform, ...] = (
    Platform("discord", lambda settings: settings.discord.token is not None, _discord),
    Platform("matrix", lambda settings: settings.matrix.homeserver is not None, _matrix),
)


def configured(settings: Settings) -> list[Platform]:
    return [platform for platform in PLATFORMS if platform.is_configured(settings)]
