"""Fixtures for the Matrix adapter against a real Synapse: the bot's account, a core on a migrated SQLite copy
with a simulated clock, the adapter started, and people (matrix-nio clients) who talk to it.

Nothing runs on its own: a test moves the bot with :meth:`MatrixWorld.bot_sync` (one ``sync_once``) and the
deliveries with :meth:`MatrixWorld.deliver` (the simulated clock through every due instant). Nothing sleeps to
let time pass; waits for the homeserver are bounded polls that end on a condition.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest
import pytest_asyncio
from nio import AsyncClient, JoinResponse, RoomCreateResponse, RoomPreset, RoomSendResponse, SyncResponse
from sqlalchemy import select

from adapters.matrix.app import MatrixAdapter
from adapters.matrix.gateway import PLATFORM
from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.delivery.simulation import run_until
from bot.domain.delivery import Delivery
from bot.domain.models import Community, Member, Section
from bot.i18n import Translator
from bot.settings import Settings
from bot.storage.repositories import outbox as outbox_rows
from bot.storage.schema import members, outbox, rsvps
from tests.synapse.client import quoted, raw_request
from tests.synapse.fixtures import MakeClient, MakeUser
from tests.synapse.server import RegisteredUser, SynapseServer

#: Real seconds a wait for the homeserver may take before the test fails.
WITHIN = 10.0
POLL_MS = 300
MARKER = "org.netgroups.marker"


def content(event: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = event.get("content") or {}
    return found


def replied_to(event: dict[str, Any]) -> str | None:
    found = content(event).get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")
    return str(found) if found else None


def is_edit(event: dict[str, Any]) -> bool:
    return bool(content(event).get("m.relates_to", {}).get("rel_type") == "m.replace")


def latest_body(world: MatrixWorld, history: list[dict[str, Any]], call: str) -> str:
    """The call as Element shows it: the body of the bot's latest edit, or its own."""
    edits = [
        e
        for e in history
        if is_edit(e) and e["sender"] == world.bot_id and content(e)["m.relates_to"]["event_id"] == call
    ]
    if edits:
        return str(content(edits[-1])["m.new_content"]["body"])
    (original,) = [e for e in history if e["event_id"] == call]
    return str(content(original)["body"])


@dataclass
class Person:
    """Someone using Element, played by a matrix-nio client that keeps everything its syncs brought."""

    name: str
    user: RegisteredUser
    client: AsyncClient
    #: Timeline events (raw JSON) seen so far, per room, in order.
    timelines: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    invites: set[str] = field(default_factory=set)
    #: The direct room this person opened with the bot, where their commands go by default.
    dm: str = ""

    @property
    def user_id(self) -> str:
        return self.user.user_id

    async def sync(self, timeout_ms: int = 0) -> None:
        response = await self.client.sync(timeout=timeout_ms)
        assert isinstance(response, SyncResponse), f"sync of {self.name} failed: {response}"
        for room_id, room in response.rooms.join.items():
            self.timelines.setdefault(room_id, []).extend(event.source for event in room.timeline.events)
        self.invites.update(response.rooms.invite)

    async def until(self, predicate: Callable[[], Any], what: str, *, within: float = WITHIN) -> Any:
        """Sync until ``predicate()`` gives something truthy (returned); fail after ``within`` real seconds."""
        deadline = time.monotonic() + within
        while True:
            found = predicate()
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: {what} did not arrive within {within:.0f} s")
            await self.sync(POLL_MS)

    def events(self, room: str) -> list[dict[str, Any]]:
        return self.timelines.get(room, [])

    def bot_events(self, room: str, bot: str, event_type: str = "m.room.message") -> list[dict[str, Any]]:
        return [e for e in self.events(room) if e.get("sender") == bot and e.get("type") == event_type]

    async def say(self, room: str, text: str) -> str:
        sent = await self.client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": text})
        assert isinstance(sent, RoomSendResponse), f"{self.name} could not send {text!r}: {sent}"
        return str(sent.event_id)

    async def react(self, room: str, event_id: str, key: str) -> str:
        relates = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        sent = await self.client.room_send(room, "m.reaction", relates)
        assert isinstance(sent, RoomSendResponse), f"{self.name} could not react {key}: {sent}"
        return str(sent.event_id)

    async def redact(self, room: str, event_id: str) -> None:
        done = await self.client.room_redact(room, event_id)
        assert type(done).__name__ == "RoomRedactResponse", f"{self.name} could not redact: {done}"

    async def join(self, room: str) -> None:
        """Wait for the invitation to ``room`` and accept it (nothing to do when already in it)."""
        if room in self.timelines:
            return
        await self.until(lambda: room in self.invites, f"an invitation to {room}")
        joined = await self.client.join(room)
        assert isinstance(joined, JoinResponse), f"{self.name} could not join {room}: {joined}"
        self.invites.discard(room)


@dataclass
class MatrixWorld:
    synapse: SynapseServer
    bot: RegisteredUser
    settings: Settings
    clock: SimulatedClock
    database_url: str
    translator: Translator
    data_dir: Path
    make_user: MakeUser
    make_client: MakeClient
    core: Core = field(init=False)
    adapter: MatrixAdapter = field(init=False)
    running: bool = field(init=False, default=False)
    #: False when the core was handed in (shared with another platform's adapter): whoever built it closes it.
    owns_core: bool = field(init=False, default=True)
    people: dict[str, Person] = field(init=False, default_factory=dict)

    # --- the bot ------------------------------------------------------------------------------------------
    async def start_bot(self, core: Core | None = None) -> MatrixAdapter:
        """A new core on the same database (or ``core``, as ``netgroups run`` shares one between adapters) and a
        new adapter with the same device and token, started (the first time, its first sync sets where it starts).
        """
        self.owns_core = core is None
        self.core = core or await build_core(
            self.settings, self.clock, database_url=self.database_url, translator=self.translator
        )
        self.adapter = MatrixAdapter(self.core.inbound, self.settings.matrix, self.data_dir, sync_timeout_ms=0)
        self.running = True
        await self.adapter.start()
        return self.adapter

    async def stop_bot(self) -> None:
        if self.running:
            self.running = False
            await self.adapter.close()
            if self.owns_core:
                await self.core.close()

    async def restart(self) -> MatrixAdapter:
        await self.stop_bot()
        return await self.start_bot()

    async def bot_sync(self, timeout_ms: int = 1000) -> None:
        """One sync of the bot: it handles whatever arrived since its last one (a long poll: returns at once
        when something is there)."""
        await self.adapter.sync_once(timeout_ms=timeout_ms)

    async def deliver(self, to: datetime | timedelta = timedelta(0)) -> None:
        """Let simulated time pass to ``to`` (an instant, or a span from now): every delivery due goes out."""
        target = to if isinstance(to, datetime) else self.clock.now() + to
        await run_until(self.clock, self.core.worker, self.core.editor, target)

    @property
    def bot_id(self) -> str:
        return self.bot.user_id

    @property
    def space(self) -> str:
        return self.adapter._space

    # --- people ------------------------------------------------------------------------------------------
    async def person(self, name: str, *, dm: bool = True, exempt: bool = True) -> Person:
        """A new Matrix user called ``name`` (display name) with a client; with ``dm`` they open a direct room
        with the bot and wait until it has joined."""
        user = self.make_user(name.lower(), displayname=name, exempt=exempt, server=self.synapse)
        client = await self.make_client(user, server=self.synapse)
        person = Person(name, user, client)
        self.people[name] = person
        if dm:
            person.dm = await self.open_dm(person)
        return person

    async def admin(self, name: str) -> Person:
        """A person listed in ``matrix.admins`` (the adapter reads the list it was given, so it sees the change)."""
        person = await self.person(name)
        self.settings.matrix.admins.append(person.user_id)
        return person

    async def open_dm(self, person: Person) -> str:
        created = await person.client.room_create(
            is_direct=True, invite=[self.bot_id], preset=RoomPreset.trusted_private_chat
        )
        assert isinstance(created, RoomCreateResponse), created
        room = str(created.room_id)

        async def bot_joined() -> bool:
            return await self.membership(room, self.bot_id) == "join"

        await self.until(bot_joined, "the bot joining the direct room")
        return room

    async def membership(self, room: str, user_id: str) -> str | None:
        status, answer = await raw_request(
            self.synapse.url,
            self.bot,
            "GET",
            f"/_matrix/client/v3/rooms/{quoted(room)}/state/m.room.member/{quoted(user_id)}",
        )
        return str(answer["membership"]) if status == 200 else None

    async def until(self, check: Callable[[], Awaitable[Any]], what: str, *, within: float = WITHIN) -> Any:
        """Let the bot sync until ``await check()`` is truthy (returned); fail after ``within`` real seconds."""
        deadline = time.monotonic() + within
        while True:
            found = await check()
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {within:.0f} s")
            await self.bot_sync(POLL_MS)

    async def command(
        self, person: Person, text: str, room: str | None = None, *, deliver: bool = True
    ) -> dict[str, Any]:
        """``person`` types ``text`` (in their direct room unless ``room``); the bot syncs; the bot's reply.

        The answer goes out at once; with ``deliver``, so does what the command queued for now (invitations,
        announcements), as the delivery loop would.
        """
        target = room or person.dm
        event_id = await person.say(target, text)
        await self.bot_sync()
        if deliver:
            await self.deliver()
        return await self.reply_to(person, target, event_id)

    async def reply_to(self, person: Person, room: str, event_id: str) -> dict[str, Any]:
        """The bot's answer to ``event_id``: in ``room``, or — a private answer to something typed in a shared
        room — in the person's direct room with the bot (``room`` then shows only a pointer to it)."""
        deadline = time.monotonic() + WITHIN
        while True:
            found = next((e for e in person.bot_events(room, self.bot_id) if replied_to(e) == event_id), None)
            if found is not None:
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{person.name}: the reply to {event_id} did not arrive within {WITHIN:.0f} s")
            await self.retry_soon()
            await person.sync(POLL_MS)
        private = await self.private_answer(event_id)
        if private is None:
            return found
        direct, message = private
        await person.join(direct)
        answer: dict[str, Any] = await person.until(
            lambda: next((e for e in person.events(direct) if e["event_id"] == message), None),
            f"the private answer to {event_id}",
        )
        return answer

    async def retry_soon(self) -> None:
        """An answer the homeserver refused for now (a rate limit) waits in the outbox for a few seconds: let
        that much simulated time pass, as the delivery loop's timer would in real time. (Not when this world's
        bot is stopped and a test runs one of its own: its closed core must not open a connection again.)"""
        if not self.running:
            return
        waiting = [
            row.due_at if row.due_at.tzinfo else row.due_at.replace(tzinfo=UTC)
            for row in await self.outbox()
            if row.kind == "reply" and row.state == "pending"
        ]
        if waiting:
            await self.deliver(max(*waiting, self.clock.now()))

    async def private_answer(self, event_id: str) -> tuple[str, str] | None:
        """(room, event) of the answer to ``event_id`` sent to its author's direct room, if it was one. (Unknown
        while this world's bot is stopped and a test runs its own: the closed core must not open a connection.)"""
        if not self.running:
            return None
        tag = "e" + hashlib.sha256(event_id.encode()).hexdigest()[:24] + ":reply:dm:"
        rows = [row for row in await self.outbox() if row.dedupe_key.startswith(tag)]
        if not rows:
            return None
        (row,) = rows
        assert row.state == "sent", row
        return str(row.external_channel), str(row.external_message)

    async def shiatsu(self, *names: str) -> tuple[str, list[Person]]:
        """#shiatsu opened by Anna (a configured admin), then ``names`` join it and its room: the room, and
        Anna followed by the members."""
        anna = await self.admin("Anna")
        await self.command(anna, "!section create Shiatsu")
        room = await self.room_of("shiatsu")
        await anna.join(room)
        people = [anna]
        for name in names:
            person = await self.person(name)
            await self.command(person, "!section join shiatsu")
            await person.join(room)
            people.append(person)
        return room, people

    # --- the core's side ---------------------------------------------------------------------------------
    async def community(self) -> Community:
        found = await self.core.services.communities.by_binding(PLATFORM, self.space)
        assert found is not None
        return found

    async def section(self, slug: str) -> Section:
        return await self.core.services.sections.get(await self.community(), slug, include_inactive=True)

    async def room_of(self, slug: str) -> str:
        bound = await self.core.services.sections.binding((await self.section(slug)).id, PLATFORM)
        assert bound is not None, f"#{slug} has no Matrix room"
        return bound[0]

    async def member(self, person: Person) -> Member:
        found = await self.core.services.communities.member_by_account(
            (await self.community()).id, PLATFORM, person.user_id
        )
        assert found is not None
        return found

    async def answers(self, occurrence_id: int) -> dict[str, str]:
        query = (
            select(members.c.display_name, rsvps.c.answer)
            .join(rsvps, rsvps.c.member_id == members.c.id)
            .where(rsvps.c.occurrence_id == occurrence_id)
        )
        async with self.core.database.transaction() as conn:
            return {str(row.display_name): str(row.answer) for row in await conn.execute(query)}

    async def delivery_of(self, event_id: str) -> Delivery:
        async with self.core.database.transaction() as conn:
            found = await outbox_rows.by_message(conn, PLATFORM, event_id)
        assert found is not None, f"{event_id} is not a recorded delivery"
        return found

    async def delivery_of_id(self, delivery_id: int) -> Delivery:
        async with self.core.database.transaction() as conn:
            row = (await conn.execute(select(outbox).where(outbox.c.id == delivery_id))).one()
        return outbox_rows._delivery(row)

    async def outbox(self) -> list[Any]:
        async with self.core.database.transaction() as conn:
            return list(await conn.execute(select(outbox).order_by(outbox.c.id)))

    async def state(self, room: str, event_type: str, state_key: str = "") -> dict[str, Any] | None:
        """A state event's content as the bot reads it (None when there is none)."""
        path = f"/_matrix/client/v3/rooms/{quoted(room)}/state/{event_type}/{quoted(state_key)}"
        status, answer = await raw_request(self.synapse.url, self.bot, "GET", path)
        return answer if status == 200 else None

    async def set_power(self, room: str, user_id: str, level: int) -> None:
        """Give ``user_id`` a power level in ``room``, as the bot (the creator of every room it made)."""
        levels = await self.state(room, "m.room.power_levels")
        assert levels is not None
        levels.setdefault("users", {})[user_id] = level
        put = await self.adapter.client.room_put_state(room, "m.room.power_levels", levels)
        assert type(put).__name__ == "RoomPutStateResponse", put

    async def history(self, room: str, limit: int = 1000) -> list[dict[str, Any]]:
        """Every event of ``room`` the bot can see, oldest first (GET /messages, read as the bot)."""
        events: list[dict[str, Any]] = []
        query = {"dir": "b", "limit": str(min(limit, 1000))}
        while True:
            status, answer = await raw_request(
                self.synapse.url, self.bot, "GET", f"/_matrix/client/v3/rooms/{quoted(room)}/messages", query=query
            )
            assert status == 200, answer
            events.extend(answer["chunk"])
            if not answer.get("end") or not answer["chunk"] or len(events) >= limit:
                return list(reversed(events))
            query = {**query, "from": answer["end"]}

    async def bot_posts(self, room: str) -> list[dict[str, Any]]:
        """The bot's own messages in ``room`` that are posts of the outbox (they carry a marker), oldest first."""
        return [
            e
            for e in await self.history(room)
            if e["sender"] == self.bot_id and e["type"] == "m.room.message" and MARKER in content(e)
        ]


class MakeWorld(Protocol):
    async def __call__(
        self,
        *,
        server: SynapseServer | None = None,
        exempt: bool = True,
        bot: RegisteredUser | None = None,
        **settings: Any,
    ) -> MatrixWorld: ...


@pytest_asyncio.fixture
async def make_world(
    synapse: SynapseServer,
    matrix_user: MakeUser,
    matrix_client: MakeClient,
    *,
    clock: SimulatedClock,
    migrated_sqlite_url: str,
    translator: Translator,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[MakeWorld]:
    """Builds the bot on a Synapse (the session one unless ``server``), started; ``settings`` are sections of
    Settings merged over the test defaults (``matrix={...}`` adds to the [matrix] table); ``bot``: the bot's
    account, registered before (e.g. to be invited somewhere first), else a new one."""
    worlds: list[MatrixWorld] = []

    quiet_nio(caplog)

    async def make(
        *,
        server: SynapseServer | None = None,
        exempt: bool = True,
        bot: RegisteredUser | None = None,
        **sections: Any,
    ) -> MatrixWorld:
        target = server or synapse
        bot = bot or matrix_user("netgroups", displayname="netgroups", exempt=exempt, server=target)
        settings = Settings(
            storage={"data_dir": tmp_path}, matrix=bot_settings(target, bot, sections.pop("matrix", {})), **sections
        )
        world = MatrixWorld(
            synapse=target,
            bot=bot,
            settings=settings,
            clock=clock,
            database_url=migrated_sqlite_url,
            translator=translator,
            data_dir=tmp_path,
            make_user=matrix_user,
            make_client=matrix_client,
        )
        worlds.append(world)
        await world.start_bot()
        return world

    try:
        yield make
    finally:
        for world in worlds:
            await world.stop_bot()
    assert_no_errors_logged(caplog)


def bot_settings(server: SynapseServer, bot: RegisteredUser, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The [matrix] settings of the bot's account on ``server`` (its token and device, so no login)."""
    return {
        "homeserver": server.url,
        "user_id": bot.user_id,
        "access_token": bot.access_token,
        "device_id": bot.device_id,
        **(extra or {}),
    }


def quiet_nio(caplog: pytest.LogCaptureFixture) -> None:
    # nio narrates every sync at INFO. (The order matters: set_level also sets the capturing handler's level.)
    caplog.set_level(logging.WARNING, logger="nio")
    caplog.set_level(logging.INFO)


def assert_no_errors_logged(caplog: pytest.LogCaptureFixture) -> None:
    # Anything the adapter or the core logged as an error was swallowed by a handler: the test did not see it.
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, "errors were logged:\n" + "\n".join(f"{r.name}: {r.getMessage()}" for r in errors)


@pytest_asyncio.fixture
async def world(make_world: MakeWorld) -> MatrixWorld:
    """The bot on the session Synapse (rate limits raised, the bot exempt too); Anna is a configured admin."""
    return await make_world()
