"""One fixture, ``platform``, parametrised over every adapter: the console in-process, Discord (real discord.py
against the stand-in) and Matrix (a real Synapse). Adding a platform is one more parameter here and a class in
platforms.py; the tests in this folder stay as they are."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.bootstrap import build_core
from bot.clock import SimulatedClock
from bot.i18n import Translator
from bot.settings import Settings
from tests.adapters.contract.platforms import ConsolePlatform, DiscordPlatform, MatrixPlatform, Platform
from tests.adapters.discord.conftest import connected, new_discord_world
from tests.adapters.matrix.conftest import MakeWorld, make_world  # noqa: F401 - a fixture used by name
from tests.console_driver import ConsoleDriver

PLATFORMS = ["console", "discord", "matrix"]


@pytest.fixture(params=PLATFORMS)
def platform(request: pytest.FixtureRequest) -> Platform:
    """#shiatsu with Anna (admin), Bo and Cleo, on one platform, the bot ready. (Each platform's own fixture is
    looked up only for its parameter: the console's tests start no Synapse and no stand-in.)"""
    found: Platform = request.getfixturevalue(f"{request.param}_platform")
    return found


@pytest_asyncio.fixture
async def console_platform(
    settings: Settings, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> AsyncIterator[Platform]:
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    console = ConsolePlatform(ConsoleDriver(core, clock), core, settings, migrated_sqlite_url)
    await console.setup()
    try:
        yield console
    finally:
        await console.core.close()


@pytest_asyncio.fixture
async def discord_platform(
    settings: Settings, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> AsyncIterator[Platform]:
    async with connected(new_discord_world(settings, clock, migrated_sqlite_url, translator)) as world:
        discord = DiscordPlatform(world)
        await discord.setup()
        yield discord


@pytest_asyncio.fixture
async def matrix_platform(make_world: MakeWorld) -> Platform:  # noqa: F811 - the Matrix tests' fixture
    matrix = MatrixPlatform(await make_world())
    await matrix.setup()
    return matrix


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Discord and Matrix need their real counterparts: end-to-end; the console runs in the quick loop."""
    for item in items:
        if "contract" in str(item.fspath) and "[console]" not in item.nodeid:
            item.add_marker(pytest.mark.e2e)
