"""Fixtures for the Discord adapter: the stand-in with a guild and three people, a core on a migrated SQLite
copy with a simulated clock, and the adapter's real discord.py client connected to the stand-in.

Deliveries never run on their own here: a test moves them with :meth:`DiscordWorld.run` (the simulated clock
through every due instant, as the console does). Nothing sleeps for time; waits end on a condition.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest_asyncio
from sqlalchemy import select

from tests.discord_standin import DiscordStandIn, InteractionRecord, import_discord
from tests.discord_standin import payloads as p

import_discord()  # before the adapter imports discord: without Python 3.11's audioop warning

from adapters.discord.app import DiscordAdapter  # noqa: E402
from adapters.discord.gateway import PLATFORM  # noqa: E402
from bot.bootstrap import Core, build_core  # noqa: E402
from bot.clock import SimulatedClock  # noqa: E402
from bot.delivery.simulation import run_until  # noqa: E402
from bot.domain.delivery import Delivery  # noqa: E402
from bot.domain.models import Community, Member, Section  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.storage.repositories import outbox as outbox_rows  # noqa: E402
from bot.storage.schema import members, rsvps  # noqa: E402

TIMEOUT = 5.0
#: The embed colours of success and error replies.
SUCCESS, ERROR = 0x57F287, 0xED4245
#: The first meeting of the fortnightly Tuesday series (18:00 in Stockholm), a day after the clock's start.
FIRST = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)
COUNTS = re.compile(r"Answers: ✅ (\d+) · 🤔 (\d+) · ❌ (\d+)")


def footer(message: dict[str, Any]) -> str:
    """The marker of a bot post (the footer of its last embed), or "" for a message without one."""
    embeds = message.get("embeds") or []
    return str(embeds[-1].get("footer", {}).get("text") or "") if embeds else ""


def description(message: dict[str, Any]) -> str:
    return str(message["embeds"][0]["description"])


def counts(message: dict[str, Any]) -> tuple[int, ...]:
    """The answers a meeting call shows: (yes, maybe, no)."""
    found = COUNTS.search(description(message))
    assert found, description(message)
    return tuple(int(number) for number in found.groups())


@dataclass
class Answer:
    """What the bot answered to one slash command."""

    record: InteractionRecord
    #: Every embed of the initial response and its follow-ups, in order.
    embeds: list[dict[str, Any]]

    @property
    def ephemeral(self) -> bool:
        return self.record.ephemeral

    @property
    def flags(self) -> int:
        return int(self.record.response_data.get("flags") or 0)

    @property
    def text(self) -> str:
        """Titles and descriptions of all embeds, one per line."""
        parts: list[str] = []
        for embed in self.embeds:
            parts.extend(str(embed[key]) for key in ("title", "description") if embed.get(key))
        return "\n".join(parts)

    @property
    def colour(self) -> int | None:
        return self.embeds[0].get("color") if self.embeds else None


@dataclass
class DiscordWorld:
    standin: DiscordStandIn
    guild_id: int
    general_id: int
    admin: int
    alice: int
    bob: int
    settings: Settings
    clock: SimulatedClock
    database_url: str
    translator: Translator
    core: Core = field(init=False)
    #: False when the core was handed in (shared with another platform's adapter): whoever built it closes it.
    owns_core: bool = field(init=False, default=True)
    #: How many times the adapter's on_ready has finished (READY after every IDENTIFY, not after RESUME).
    readies: int = field(init=False, default=0)
    adapter: DiscordAdapter = field(init=False)
    task: asyncio.Task[None] = field(init=False)

    # --- running the bot --------------------------------------------------------------------------------
    async def start_bot(self, core: Core | None = None) -> DiscordAdapter:
        """A new core on the same database (or ``core``, as ``netgroups run`` shares one between adapters) and a
        new adapter, logged in and set up (``adapter.ready``)."""
        self.owns_core = core is None
        self.core = core or await build_core(
            self.settings, self.clock, database_url=self.database_url, translator=self.translator
        )
        self.adapter = DiscordAdapter(
            self.core.inbound, self.standin.token, guild_id=self.settings.discord.guild_id, guild_ready_timeout=0.05
        )
        self.readies = 0
        on_ready = self.adapter.client.on_ready  # type: ignore[attr-defined]

        async def counted() -> None:
            await on_ready()
            self.readies += 1

        self.adapter.client.on_ready = counted  # type: ignore[attr-defined]
        self.task = asyncio.create_task(self.adapter.client.start(self.standin.token), name="test-discord-client")
        await self.within(self.adapter.ready.wait())
        return self.adapter

    async def stop_bot(self) -> None:
        """Close the client (the gateway session ends with 1000), surface anything that broke it, close the core."""
        await self.settle()
        await self.adapter.close()
        await asyncio.wait_for(self.task, TIMEOUT)
        if self.owns_core:
            await self.core.close()

    async def restart(self, between: Callable[[], Any] | None = None) -> DiscordAdapter:
        await self.stop_bot()
        await self.standin.wait_until(lambda: not self.standin.connected)
        if between is not None:
            result = between()
            if asyncio.iscoroutine(result):
                await result
        return await self.start_bot()

    async def within(self, awaitable: Any, timeout: float = TIMEOUT) -> Any:  # noqa: ASYNC109
        """Awaits with a timeout, failing at once (with its exception) if the client's task ends."""
        waiting = asyncio.ensure_future(awaitable)
        done, _ = await asyncio.wait({waiting, self.task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        if waiting in done:
            return waiting.result()
        waiting.cancel()
        if self.task in done:
            self.task.result()
            raise AssertionError("discord.py's client returned early")
        raise TimeoutError("timed out waiting on the bot")

    async def wait_for(self, predicate: Callable[[], bool], what: str = "") -> None:
        """Until ``predicate()`` holds, for conditions inside discord.py that nothing announces."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while not predicate():
            if self.task.done():
                self.task.result()
                raise AssertionError("discord.py's client returned early")
            if loop.time() > deadline:
                raise TimeoutError(f"timed out waiting for {what or predicate}")
            await asyncio.sleep(0.001)

    async def settle(self) -> None:
        """Until the bot has read every gateway event the stand-in sent and its handlers have finished."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while True:
            if self.task.done():
                self.task.result()
                raise AssertionError("discord.py's client returned early")
            session = self.standin.session
            ws = self.adapter.client.ws
            read_all = session is None or session.connection is None or (ws is not None and ws.sequence == session.seq)
            handlers = [
                task
                for task in asyncio.all_tasks()
                if task.get_name().startswith("discord.py: on_") and not task.done()
            ]
            if read_all and not handlers:
                return
            if loop.time() > deadline:
                raise TimeoutError(f"the bot did not settle: {[t.get_name() for t in handlers]}")
            if handlers:
                await asyncio.wait(handlers, timeout=deadline - loop.time())
            else:
                await asyncio.sleep(0.001)  # the frame is on its way through the socket

    async def run(self, to: datetime | timedelta = timedelta(0)) -> None:
        """Let simulated time pass to ``to`` (an instant or a span from now): every delivery due goes out."""
        await self.settle()
        target = to if isinstance(to, datetime) else self.clock.now() + to
        await run_until(self.clock, self.core.worker, self.core.editor, target)

    # --- people acting ----------------------------------------------------------------------------------
    async def command(
        self, name: str, options: dict[str, Any] | None = None, *, user: int, channel: int | None = None
    ) -> Answer:
        """Runs ``/name options`` as ``user`` in ``channel`` (default #general) and returns the bot's answer."""
        record = await self.standin.dispatch_slash_command(
            name, options or {}, channel_id=channel or self.general_id, user_id=user
        )
        await self.within(self.standin.wait_for_response(record))
        await self.settle()
        # Deferred ("thinking…"), the first follow-up becomes the original response and is among the follow-ups.
        embeds = list(record.response_data.get("embeds") or [])
        for message in self.standin.followup_messages(record):
            embeds.extend(message.get("embeds") or [])
        return Answer(record, embeds)

    async def react(self, message_id: int, emoji: str, user: int, *, channel: int | None = None) -> None:
        channel_id = channel or int(self.standin.message(message_id)["channel_id"])
        await self.standin.add_reaction(channel_id, message_id, emoji, user)
        await self.settle()

    async def unreact(self, message_id: int, emoji: str, user: int) -> None:
        channel_id = int(self.standin.message(message_id)["channel_id"])
        await self.standin.remove_reaction(channel_id, message_id, emoji, user)
        await self.settle()

    # --- reading the core's side ------------------------------------------------------------------------
    async def community(self) -> Community:
        found = await self.core.services.communities.by_binding(PLATFORM, str(self.guild_id))
        assert found is not None
        return found

    async def section(self, slug: str) -> Section:
        return await self.core.services.sections.get(await self.community(), slug)

    async def member(self, user: int) -> Member:
        found = await self.core.services.communities.member_by_account((await self.community()).id, PLATFORM, str(user))
        assert found is not None
        return found

    def channel_of(self, name: str) -> int:
        channel = self.standin.channel_named(self.guild_id, name)
        assert channel is not None, f"no #{name}: {[c['name'] for c in self.standin.channels_in(self.guild_id)]}"
        return int(channel["id"])

    async def answers(self, occurrence_id: int) -> dict[str, str]:
        """The stored answers of one meeting, by display name."""
        query = (
            select(members.c.display_name, rsvps.c.answer)
            .join(rsvps, rsvps.c.member_id == members.c.id)
            .where(rsvps.c.occurrence_id == occurrence_id)
        )
        async with self.core.database.transaction() as conn:
            return {str(row.display_name): str(row.answer) for row in await conn.execute(query)}

    async def delivery_of(self, message_id: int) -> Delivery:
        """The outbox row a bot message was sent for."""
        async with self.core.database.transaction() as conn:
            found = await outbox_rows.by_message(conn, PLATFORM, str(message_id))
        assert found is not None, f"message {message_id} is not a recorded delivery"
        return found

    async def rows(self, table: Any) -> list[tuple[Any, ...]]:
        async with self.core.database.transaction() as conn:
            return [tuple(row) for row in await conn.execute(select(table).order_by(*table.primary_key.columns))]

    def bot_posts(self, channel_id: int) -> list[dict[str, Any]]:
        """Messages the bot posted itself in a channel (interaction answers left out), oldest first."""
        return [
            message
            for message in self.standin.messages_in(channel_id)
            if int(message["author"]["id"]) == self.standin.bot_user_id and message["type"] == p.MESSAGE_DEFAULT
        ]

    def posts_titled(self, channel_id: int, title: str) -> list[dict[str, Any]]:
        return [
            message
            for message in self.bot_posts(channel_id)
            if message["embeds"] and str(message["embeds"][0].get("title") or "").startswith(title)
        ]

    # --- common set-ups ----------------------------------------------------------------------------------
    async def open_section(self, name: str = "Shiatsu", *, coordinator: int, members: tuple[int, ...] = ()) -> int:
        """``coordinator`` proposes the section, the admin approves it, ``members`` join; its channel's id."""
        proposed = await self.command("section create", {"name": name}, user=coordinator)
        assert not proposed.ephemeral, proposed.text
        slug = name.lower()
        approved = await self.command("section approve", {"section": slug}, user=self.admin)
        assert approved.colour == SUCCESS, approved.text
        for member in members:
            joined = await self.command("section join", {"section": slug}, user=member)
            assert joined.colour == SUCCESS, joined.text
        await self.run()
        return self.channel_of(slug)

    async def first_call(
        self, *, coordinator: int, members: tuple[int, ...] = (), rule: str = "every 2 weeks tue"
    ) -> tuple[int, dict[str, Any]]:
        """#shiatsu with a fortnightly Tuesday 18:00 series; its channel and the first meeting call (3 March)."""
        channel = await self.open_section(coordinator=coordinator, members=members)
        scheduled = await self.command(
            "meeting schedule",
            {"rule": rule, "time": "18:00", "duration": "90", "place": "Folkets hus"},
            user=coordinator,
            channel=channel,
        )
        assert "scheduled" in scheduled.text, scheduled.text
        await self.run()
        (call,) = self.posts_titled(channel, "Meeting call")
        return channel, call


def new_discord_world(
    settings: Settings, clock: SimulatedClock, database_url: str, translator: Translator
) -> DiscordWorld:
    """The stand-in (not started) with a guild: an admin with the administrator permission, Alice and Bob."""
    standin = DiscordStandIn()
    guild_id = standin.add_guild("Nätverket")
    admin = standin.add_user("admin", global_name="Ada Admin")
    alice = standin.add_user("alice", global_name="Alice")
    bob = standin.add_user("bob", global_name="Bob")
    board = standin.add_role(guild_id, "Styrelse", permissions=p.ADMINISTRATOR)
    standin.add_member(guild_id, admin, [board])
    standin.add_member(guild_id, alice)
    standin.add_member(guild_id, bob)
    general = standin.channel_named(guild_id, "general")
    assert general is not None
    return DiscordWorld(
        standin=standin,
        guild_id=guild_id,
        general_id=int(general["id"]),
        admin=admin,
        alice=alice,
        bob=bob,
        settings=settings,
        clock=clock,
        database_url=database_url,
        translator=translator,
    )


@contextlib.asynccontextmanager
async def connected(world: DiscordWorld, core: Core | None = None) -> AsyncIterator[DiscordWorld]:
    """The stand-in started and discord.py pointed at it, the bot ready (on ``core`` when given); all stopped after."""
    await world.standin.start()
    try:
        with world.standin.patch_discord_py(fast_server_error_retries=True):
            await world.start_bot(core)
            try:
                yield world
            finally:
                if not world.task.done():
                    await world.adapter.close()
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(world.task, TIMEOUT)
                if world.owns_core:
                    await world.core.close()
    finally:
        await world.standin.stop()


@pytest_asyncio.fixture
async def discord_world(
    settings: Settings, clock: SimulatedClock, migrated_sqlite_url: str, translator: Translator
) -> AsyncIterator[DiscordWorld]:
    """The stand-in with a guild (an admin with the administrator permission, Alice and Bob), the bot ready."""
    async with connected(new_discord_world(settings, clock, migrated_sqlite_url, translator)) as world:
        yield world
