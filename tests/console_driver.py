"""Drive the console adapter in-process: push lines, read back what the bot printed."""

from __future__ import annotations

import io

from adapters.console import ConsoleApp
from bot.bootstrap import Core
from bot.clock import SimulatedClock


class ConsoleDriver:
    def __init__(self, core: Core, clock: SimulatedClock, *, printed: str = "") -> None:
        """``printed``: what the console had printed before this driver (a session restored from a world)."""
        self.core = core
        self.clock = clock
        self._buffer = io.StringIO()
        self._buffer.write(printed)
        self.app = ConsoleApp(
            core.inbound,
            core.simulation(clock),
            self._buffer,
            echo=False,
            files=core.settings.storage.data_dir / "files",
        )

    async def start(self) -> None:
        await self.app.start()

    async def say(self, script: str) -> str:
        """Run each line of ``script``; return only what the bot printed for them."""
        start = self._buffer.tell()
        for line in script.strip().splitlines():
            await self.app.handle_line(line)
        return self._buffer.getvalue()[start:]

    def printed(self) -> str:
        """Everything the console printed so far (posts made outside ``say`` too)."""
        return self._buffer.getvalue()
