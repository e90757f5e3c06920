"""Fixtures for one association on Discord and Matrix at once: one core (one database, one outbox, one
simulated clock) driving the real discord.py against the stand-in and the real matrix-nio against the session's
Synapse, as ``netgroups run`` does with both platforms configured (``discord.guild_id`` names the guild that
is the same community as the Matrix space).

Nothing runs on its own: :meth:`BothWorld.run` lets the bot read what both platforms brought (discord.py's
gateway events, one Matrix sync) and then moves the simulated clock through every due delivery.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select

from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.delivery.simulation import run_until
from bot.domain.models import Member
from bot.i18n import Translator
from bot.settings import Settings
from bot.storage.schema import identities, members, outbox, rsvps
from tests.adapters.discord.conftest import SUCCESS, DiscordWorld, connected, description, footer, new_discord_world
from tests.adapters.matrix.conftest import (
    MARKER,
    MatrixWorld,
    Person,
    assert_no_errors_logged,
    bot_settings,
    content,
    latest_body,
    quiet_nio,
)
from tests.synapse.fixtures import MakeClient, MakeUser
from tests.synapse.server import SynapseServer


def utc(value: datetime) -> datetime:
    """SQLite gives naive datetimes back: they are UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


CODE = re.compile(r"Your code is ([A-Z0-9]+)\.")


@dataclass
class BothWorld:
    discord: DiscordWorld
    matrix: MatrixWorld
    core: Core

    @property
    def clock(self) -> SimulatedClock:
        return self.discord.clock

    @property
    def synapse(self) -> SynapseServer:
        return self.matrix.synapse

    # --- the bot ------------------------------------------------------------------------------------------
    async def read_platforms(self) -> None:
        """The bot handles what both platforms brought: discord.py's events, and one Matrix sync (none while
        Synapse is down: the adapter's sync loop would be failing and retrying then)."""
        await self.discord.settle()
        if self.synapse.running:
            await self.matrix.bot_sync(timeout_ms=0)

    async def run(self, to: datetime | timedelta = timedelta(0)) -> None:
        """Reads both platforms, then lets simulated time pass to ``to``: every delivery due goes out."""
        await self.read_platforms()
        target = to if isinstance(to, datetime) else self.clock.now() + to
        await run_until(self.clock, self.core.worker, self.core.editor, target)

    async def restart(self, between: Callable[[], Any] | None = None) -> None:
        """Both adapters and the core stop; ``between()`` runs; a new core on the same database starts both."""
        await self.discord.settle()
        await self.discord.stop_bot()
        await self.matrix.stop_bot()
        await self.core.close()
        await self.discord.standin.wait_until(lambda: not self.discord.standin.connected)
        if between is not None:
            between()
        self.core = await build_core(
            self.discord.settings, self.clock, database_url=self.discord.database_url, translator=self.matrix.translator
        )
        await self.discord.start_bot(self.core)
        await self.matrix.start_bot(self.core)

    # --- the community ------------------------------------------------------------------------------------
    async def open_shiatsu(
        self, *, coordinator: int, on_discord: tuple[int, ...], on_matrix: tuple[Person, ...]
    ) -> tuple[int, str]:
        """#shiatsu, proposed on Discord by ``coordinator`` and approved by the board; joined on each platform
        (the Matrix people accept the bot's invitation to its room). Its channel and its room."""
        channel = await self.discord.open_section(coordinator=coordinator, members=on_discord)
        room = await self.matrix.room_of("shiatsu")
        for person in on_matrix:
            joined = content(await self.matrix.command(person, "!section join shiatsu"))["body"]
            assert not joined.startswith("✖"), joined
            await person.join(room)
        return channel, room

    async def schedule(self, channel: int, *, coordinator: int, rule: str = "every 2 weeks tue") -> None:
        """A fortnightly Tuesday 18:00 series from Discord (the first meeting is 3 March: its calls go out now)."""
        scheduled = await self.discord.command(
            "meeting schedule",
            {"rule": rule, "time": "18:00", "duration": "90", "place": "Folkets hus"},
            user=coordinator,
            channel=channel,
        )
        assert "scheduled" in scheduled.text, scheduled.text
        await self.run()

    async def link(self, on_matrix: Person, on_discord: int) -> Member:
        """The person asks for a code on Matrix and types it on Discord: one member with both accounts."""
        asked = content(await self.matrix.command(on_matrix, "!profile link"))["body"]
        found = CODE.search(asked)
        assert found, asked
        linked = await self.discord.command("profile link", {"code": found.group(1)}, user=on_discord)
        assert linked.colour == SUCCESS, linked.text
        assert "Linked: both accounts are now" in linked.text
        return await self.discord.member(on_discord)

    async def matrix_member(self, person: Person) -> Member:
        found = await self.core.services.communities.member_by_account(
            (await self.discord.community()).id, "matrix", person.user_id
        )
        assert found is not None
        return found

    async def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Who is who and who answered what: the tables that linking changes."""
        return {table.name: await self.discord.rows(table) for table in (members, identities, rsvps)}

    async def outbox(self) -> list[Any]:
        async with self.core.database.transaction() as conn:
            return list(await conn.execute(select(outbox).order_by(outbox.c.id)))

    async def sent_at(self, message: int | str) -> datetime:
        """When the bot posted this message (a Discord message id or a Matrix event id), by the simulated clock."""
        (row,) = [row for row in await self.outbox() if row.external_message == str(message)]
        assert row.sent_at is not None
        return utc(row.sent_at)

    # --- what people see ----------------------------------------------------------------------------------
    def discord_calls(self, channel: int) -> list[dict[str, Any]]:
        """The meeting calls in a Discord channel as they are shown now (edits applied), oldest first."""
        return self.discord.posts_titled(channel, "Meeting call")

    async def matrix_calls(self, room: str) -> list[str]:
        """The event ids of the meeting calls in a Matrix room, oldest first."""
        return [e["event_id"] for e in await self.matrix.bot_posts(room) if ":call:" in content(e)[MARKER]]

    async def matrix_call_text(self, room: str, call: str) -> str:
        """A Matrix call as Element shows it: its latest edit."""
        return latest_body(self.matrix, await self.matrix.history(room), call)

    @staticmethod
    def discord_call_text(message: dict[str, Any]) -> str:
        return description(message)

    @staticmethod
    def marker(message: dict[str, Any]) -> str:
        return footer(message)


@pytest_asyncio.fixture
async def both(
    synapse: SynapseServer,
    matrix_user: MakeUser,
    matrix_client: MakeClient,
    *,
    clock: SimulatedClock,
    migrated_sqlite_url: str,
    translator: Translator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[BothWorld]:
    """The bot on the stand-in's guild (Ada Admin, Alice, Bob) and on a new space of the session's Synapse, one
    community, one core; ready, with nothing posted yet."""
    quiet_nio(caplog)
    discord = new_discord_world(Settings(), clock, migrated_sqlite_url, translator)
    bot = matrix_user("netgroups", displayname="netgroups", exempt=True)
    settings = Settings(
        storage={"data_dir": tmp_path},  # type: ignore[arg-type]
        discord={"token": discord.standin.token, "guild_id": str(discord.guild_id)},  # type: ignore[arg-type]
        matrix=bot_settings(synapse, bot),  # type: ignore[arg-type]
    )
    discord.settings = settings
    matrix = MatrixWorld(
        synapse=synapse,
        bot=bot,
        settings=settings,
        clock=clock,
        database_url=migrated_sqlite_url,
        translator=translator,
        data_dir=tmp_path,
        make_user=matrix_user,
        make_client=matrix_client,
    )
    world = BothWorld(
        discord, matrix, await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    )
    try:
        async with connected(discord, world.core):
            await matrix.start_bot(world.core)
            try:
                yield world
            finally:
                await matrix.stop_bot()
    finally:
        await world.core.close()
    assert_no_errors_logged(caplog)
