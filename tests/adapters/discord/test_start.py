"""Discord failing when the bot logs in (server errors, an outage) is waited out: the adapter keeps trying
instead of ending ``netgroups run``, which would take Matrix down with it. A refused token stops at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import pytest

from bot.bootstrap import build_core
from bot.clock import SimulatedClock
from bot.i18n import Translator
from bot.settings import Settings
from tests.adapters.discord.conftest import TIMEOUT, new_discord_world
from tests.discord_standin import import_discord

import_discord()

import discord  # noqa: E402

from adapters.discord.app import DiscordAdapter  # noqa: E402

pytestmark = pytest.mark.e2e

#: discord.py itself tries a request five times on a server error before it gives up.
TRIES_PER_LOGIN = 5


async def test_server_errors_at_login_are_waited_out_and_then_the_bot_is_ready(
    settings: Settings,
    clock: SimulatedClock,
    migrated_sqlite_url: str,
    translator: Translator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = new_discord_world(settings, clock, migrated_sqlite_url, translator)
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    await world.standin.start()
    try:
        with world.standin.patch_discord_py(fast_server_error_retries=True):
            # Two whole logins fail (each after discord.py's own retries); the third gets through.
            outage = world.standin.inject_server_error("GET", "/users/@me", status=502, times=2 * TRIES_PER_LOGIN)
            adapter = DiscordAdapter(
                core.inbound, world.standin.token, guild_ready_timeout=0.05, login_retry_seconds=(0.01, 0.05)
            )
            with caplog.at_level(logging.WARNING, logger="adapters.discord.app"):
                running = asyncio.create_task(adapter.run())
                try:
                    await asyncio.wait_for(adapter.ready.wait(), TIMEOUT)
                    assert outage.hits == 2 * TRIES_PER_LOGIN
                    assert sum("unavailable at login" in r.getMessage() for r in caplog.records) == 2
                    # Set up as on any start: the guild is the community, with its central channel.
                    community = await core.services.communities.by_binding("discord", str(world.guild_id))
                    assert community is not None
                finally:
                    await adapter.close()
                    with contextlib.suppress(asyncio.CancelledError):
                        await asyncio.wait_for(running, TIMEOUT)
    finally:
        await world.standin.stop()
        await core.close()


async def test_a_refused_token_stops_the_adapter_at_once(
    settings: Settings, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> None:
    world = new_discord_world(settings, clock, migrated_sqlite_url, translator)
    core = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    await world.standin.start()
    try:
        with world.standin.patch_discord_py(fast_server_error_retries=True):
            adapter = DiscordAdapter(core.inbound, "not-the-token", login_retry_seconds=(0.01, 0.05))
            try:
                with pytest.raises(discord.LoginFailure):
                    await asyncio.wait_for(adapter.run(), TIMEOUT)
            finally:
                await adapter.close()
    finally:
        await world.standin.stop()
        await core.close()
