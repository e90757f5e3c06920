"""A real aiohttp server of the web adapter on 127.0.0.1 (port 0) over a core, and an HTTP client to ask it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from multidict import CIMultiDict

from adapters.web import WebServer
from bot.bootstrap import Core
from bot.settings import Settings
from tests.console_driver import ConsoleDriver

BASE_URL = "https://net.example.org"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The suite's settings with the web on: any free port, links written for a reverse proxy's address."""
    return Settings(
        storage={"data_dir": tmp_path},  # type: ignore[arg-type]
        web={"listen": "127.0.0.1:0", "base_url": BASE_URL, "discord_invite": "https://discord.gg/netgroups"},  # type: ignore[arg-type]
    )


class Web:
    def __init__(self, session: aiohttp.ClientSession, port: int) -> None:
        self.session = session
        self.root = f"http://127.0.0.1:{port}"

    def local(self, link: str) -> str:
        """A link as the bot writes it (behind the proxy's address), to this test server instead."""
        return link if link.startswith(self.root) else self.root + link.removeprefix(BASE_URL)

    async def get(self, path: str, **headers: str) -> tuple[int, CIMultiDict[str], bytes]:
        async with self.session.get(self.local(path), headers=headers, allow_redirects=False) as response:
            return response.status, CIMultiDict(response.headers), await response.read()


@pytest_asyncio.fixture
async def serve() -> AsyncIterator[Callable[[Core], Awaitable[Web]]]:
    """Start the web adapter over a core (one a test built, or a world's)."""
    servers: list[WebServer] = []
    async with aiohttp.ClientSession() as session:

        async def start(core: Core) -> Web:
            servers.append(WebServer(core.inbound, core.settings.web))
            return Web(session, await servers[-1].start())

        yield start
        for server in servers:
            await server.close()


@pytest_asyncio.fixture
async def web(core: Core, serve: Callable[[Core], Awaitable[Web]]) -> Web:
    return await serve(core)


@pytest_asyncio.fixture
async def world(
    console_after: Callable[[str], Awaitable[ConsoleDriver]],
    serve: Callable[[Core], Awaitable[Web]],
    request: pytest.FixtureRequest,
) -> tuple[ConsoleDriver, Web]:
    """The module's ``WORLD`` script typed once per worker; each test gets a console on a copy, and a server."""
    console = await console_after(request.module.WORLD)
    return console, await serve(console.core)
