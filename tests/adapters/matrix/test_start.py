"""A homeserver that is down when the bot starts (a reboot where Synapse comes up after the bot) is waited for:
the Matrix adapter keeps trying instead of ending ``netgroups run``, which would take Discord down with it."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from adapters.matrix.app import MatrixAdapter
from bot.bootstrap import build_core
from tests.adapters.matrix.conftest import WITHIN, MatrixWorld, content

pytestmark = pytest.mark.e2e


async def test_a_homeserver_down_at_start_is_waited_for_and_then_served(
    world: MatrixWorld, caplog: pytest.LogCaptureFixture
) -> None:
    bo = await world.person("Bo")
    await world.stop_bot()
    await world.synapse.stop_async()
    core = await build_core(world.settings, world.clock, database_url=world.database_url, translator=world.translator)
    adapter = MatrixAdapter(
        core.inbound, world.settings.matrix, world.data_dir, sync_timeout_ms=0, start_retry_seconds=(0.05, 0.2)
    )
    running = asyncio.create_task(adapter.run())
    try:
        with caplog.at_level(logging.WARNING, logger="adapters.matrix.app"):
            deadline = time.monotonic() + WITHIN
            # A bounded poll for real I/O (connection refusals), not a wait for time to pass.
            while sum("unavailable at start" in r.getMessage() for r in caplog.records) < 2:
                assert not running.done(), running.exception()
                assert time.monotonic() < deadline, "the adapter did not try again"
                await asyncio.sleep(0.05)
        assert not adapter.ready.is_set()
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

        await world.synapse.start_async()
        await asyncio.wait_for(adapter.ready.wait(), WITHIN)
        # Served as usual: a command typed now is answered by the running sync loop.
        asked = await bo.say(bo.dm, "!section list")
        answer = await world.reply_to(bo, bo.dm, asked)
        assert "central" in content(answer)["body"].lower()
    finally:
        if not world.synapse.running:
            await world.synapse.start_async()
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)
        await adapter.close()
        await core.close()
