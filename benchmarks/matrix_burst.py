"""An RSVP burst on Matrix: many accounts react to one meeting call at once, through a real Synapse.

The bot runs as ``netgroups run`` runs it for Matrix: ``build_core`` on a fresh SQLite file (migrated when
opened), ``MatrixAdapter`` started and syncing in a loop, and ``DeliveryRunner`` with the system clock, so the
edits of the call are coalesced as in production. Synapse runs on 127.0.0.1 in a temporary directory, with
the test suite's raised rate limits and the bot exempt from its own.

The set-up goes through the bot's commands: an admin account creates a section and, in its room, schedules a
weekly meeting three days ahead (so its call goes out at once); every member account opens a direct room
with the bot, types ``!section join``, and joins the section's room when invited.

The burst: every account plays its own script of steps on the call — a ✅ / 🤔 / ❌ reaction added, or one of
its reactions taken back by redaction — the accounts concurrently, each account's steps in order. The final
answer of each account is computed here by the rule the bot documents (the reaction added last is the
answer; taking one back clears the answer only when it is the current one). The scripts end on an add that
stays or with every reaction taken back (see ``script``), and never pass through their final answer before
their last step. Once Synapse has accepted every step, the admin types a command in the call's room: the bot
handles a room's events in order, so its reply says it has handled every step before.

Measured: the time from the first step sent until the database came to hold every account's final answer
for good (read every 0.1 s from a second SQLite connection in a thread of its own, so stored means committed
and the bot's event loop is not held up by the reading), as steps per second and as a share of raw
single-row commits on the same disk in the same run; how fast Synapse accepted the steps (the ceiling for
anything downstream of it); the edits of the call the bot made from the first step on (its ``m.replace``
relations, read from Synapse, with their ``origin_server_ts``) and the smallest gap between two; the counts
the last edit shows, against those expected and those stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import logging
import random
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote
from zoneinfo import ZoneInfo

import aiohttp

from adapters.matrix.app import MatrixAdapter
from benchmarks.common import CountingHandler, raw_commit_rate, shown_counts
from bot.bootstrap import Core, build_core
from bot.clock import SystemClock
from bot.delivery.runner import DeliveryRunner
from bot.i18n import Translator
from bot.settings import CommunitySettings, Settings
from tests.synapse.server import RegisteredUser, SynapseServer
from tests.synapse.venv import ensure_synapse

PLATFORM = "matrix"
ANSWER = {"✅": "yes", "🤔": "maybe", "❌": "no"}
SLUG = "burst"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: How often the watcher thread reads the answers: its resolution, at no cost to the bot's event loop.
_WATCH_EVERY_S = 0.1
#: How many accounts go through the set-up (direct room, command, join) at once.
_ENROL_AT_ONCE = 10
_WAIT_S = 60.0
#: The editor's spacing of the edits of one call, and how much shorter a gap between Synapse's stamps may look.
EDIT_GAP_S = 2.0
STAMP_JITTER_S = 0.1

T = TypeVar("T")
Log = Callable[[str], None]


# --- the scripts ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    key: str
    add: bool  # False: this account's reaction with ``key`` is redacted


def final_key(index: int, accounts: int, steps: int) -> str | None:
    """Half the accounts end on yes, a fifth on maybe, the rest on no or on no answer at all (in twentieths of
    the accounts, so that ten accounts have every ending too)."""
    slot = index * 20 // accounts
    if slot < 10:
        return "✅"
    if slot < 14:
        return "🤔"
    if slot < 17 or steps % 2:  # no answer at the end takes every reaction back: as many redactions as adds
        return "❌"
    return None


State = tuple[frozenset[str], str | None]  # this account's reactions on the call, and its current answer


def _moves(state: State, final: str | None) -> list[tuple[Step, State]]:
    """The steps allowed before the last one, and where each leads. Ending on an answer: that key is never
    added before. Ending on none: the current answer is never taken back before the last step."""
    present, current = state
    moves: list[tuple[Step, State]] = [
        (Step(key, True), (present | {key}, key)) for key in ANSWER if key not in present and key != final
    ]
    for key in sorted(present):
        if final is not None or key != current:
            moves.append((Step(key, False), (present - {key}, None if key == current else current)))
    return moves


@functools.cache
def _can_clear(state: State, left: int) -> bool:
    """Whether ``left`` steps can take back every reaction, the one that is the current answer last."""
    present, current = state
    if left == 1:
        return current is not None and present == {current}
    return any(_can_clear(after, left - 1) for _, after in _moves(state, None))


def script(index: int, accounts: int, steps: int) -> list[Step]:
    """``steps`` random valid steps (no key added twice, no redaction of a key not there) ending on
    ``final_key`` and passing through it only at the last step.

    A reaction redacted before the bot's sync fetched it arrives stripped of its key: nobody can tell what it
    was. So the endings do not depend on such a reaction: the last step is an add that stays, or every reaction
    is taken back (what the call then shows, no reaction of this account, is no answer by any reading)."""
    final = final_key(index, accounts, steps)
    chance = random.Random(index)
    state: State = (frozenset(), None)
    played: list[Step] = []
    for left in range(steps, 1, -1):
        moves = _moves(state, final)
        if final is None:
            moves = [(step, after) for step, after in moves if _can_clear(after, left - 1)]
        step, state = chance.choice(moves)
        played.append(step)
    if final is not None:
        played.append(Step(final, True))
    else:
        present, current = state
        assert current is not None
        assert present == {current}
        played.append(Step(current, False))
    return played


def answer_after(steps: list[Step]) -> str | None:
    """The rule the bot documents, applied on its own: the check of what ``script`` meant to end on."""
    answer: str | None = None
    for step in steps:
        if step.add:
            answer = ANSWER[step.key]
        elif answer == ANSWER[step.key]:
            answer = None
    return answer


def steps_per_account(accounts: int, reactions: int) -> list[int]:
    base, extra = divmod(reactions, accounts)
    return [base + (1 if index < extra else 0) for index in range(accounts)]


# --- Synapse over HTTP --------------------------------------------------------------------------------------


def quoted(identifier: str) -> str:
    return quote(identifier, safe="")


class Homeserver:
    """The client-server API with any account's token, over one aiohttp session (as many clients as accounts
    would cost 100 sessions and add nothing: Synapse sees one request per step either way)."""

    def __init__(self, url: str, session: aiohttp.ClientSession) -> None:
        self.url = url
        self._session = session
        self.rate_limited = 0

    async def call(
        self, user: RegisteredUser, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {user.access_token}"}
        async with self._session.request(method, self.url + path, json=body, params=query, headers=headers) as response:
            return response.status, await response.json(content_type=None)

    async def ok(
        self, user: RegisteredUser, method: str, path: str, body: Any = None, query: dict[str, str] | None = None
    ) -> Any:
        """The answer of a request that must succeed; a rate limit (none expected here) is waited out, counted."""
        while True:
            status, answer = await self.call(user, method, path, body, query)
            if status == 200:
                return answer
            if status == 429:
                self.rate_limited += 1
                await asyncio.sleep((answer or {}).get("retry_after_ms", 1000) / 1000)
                continue
            raise RuntimeError(f"{user.user_id}: {method} {path} → {status} {answer}")

    async def say(self, user: RegisteredUser, room: str, text: str) -> str:
        path = f"/_matrix/client/v3/rooms/{quoted(room)}/send/m.room.message/{uuid.uuid4().hex}"
        answer = await self.ok(user, "PUT", path, {"msgtype": "m.text", "body": text})
        return str(answer["event_id"])

    async def react(self, user: RegisteredUser, room: str, event: str, key: str) -> str:
        path = f"/_matrix/client/v3/rooms/{quoted(room)}/send/m.reaction/{uuid.uuid4().hex}"
        relates = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event, "key": key}}
        return str((await self.ok(user, "PUT", path, relates))["event_id"])

    async def redact(self, user: RegisteredUser, room: str, event: str) -> None:
        await self.ok(
            user, "PUT", f"/_matrix/client/v3/rooms/{quoted(room)}/redact/{quoted(event)}/{uuid.uuid4().hex}", {}
        )

    async def membership(self, user: RegisteredUser, room: str, member: str) -> str | None:
        path = f"/_matrix/client/v3/rooms/{quoted(room)}/state/m.room.member/{quoted(member)}"
        status, answer = await self.call(user, "GET", path)
        return str(answer.get("membership")) if status == 200 else None

    async def join_when_invited(self, user: RegisteredUser, room: str) -> None:
        """Join ``room`` as soon as the bot's invitation is there (refused until then)."""
        deadline = time.monotonic() + _WAIT_S
        while True:
            status, answer = await self.call(user, "POST", f"/_matrix/client/v3/rooms/{quoted(room)}/join", {})
            if status == 200:
                return
            if status not in (403, 429) or time.monotonic() > deadline:
                raise RuntimeError(f"{user.user_id} could not join {room}: {status} {answer}")
            await asyncio.sleep(0.2)

    async def open_direct_room(self, user: RegisteredUser, bot: str) -> str:
        """A direct room with the bot, as Element opens one; returns once the bot has joined it (a command typed
        before would be history to the bot, which it does not replay)."""
        body = {"is_direct": True, "invite": [bot], "preset": "trusted_private_chat"}
        room = str((await self.ok(user, "POST", "/_matrix/client/v3/createRoom", body))["room_id"])

        async def joined() -> bool:
            return await self.membership(user, room, bot) == "join"

        await eventually(joined, f"the bot joining {user.user_id}'s direct room")
        return room

    async def edits(self, user: RegisteredUser, room: str, event: str, sender: str) -> list[dict[str, Any]]:
        """The ``m.replace`` edits of ``event`` by ``sender``, oldest first (by the server's timestamp)."""
        path = f"/_matrix/client/v1/rooms/{quoted(room)}/relations/{quoted(event)}/m.replace"
        found: list[dict[str, Any]] = []
        query = {"dir": "f", "limit": "100"}
        while True:
            answer = await self.ok(user, "GET", path, query=query)
            found.extend(e for e in answer["chunk"] if e.get("sender") == sender)
            if not answer.get("next_batch"):
                return sorted(found, key=lambda e: int(e["origin_server_ts"]))
            query = {**query, "from": answer["next_batch"]}

    async def reply_to(self, user: RegisteredUser, room: str, event: str, sender: str) -> bool:
        """Whether ``sender`` has replied to ``event`` among the room's latest messages."""
        query = {"dir": "b", "limit": "50", "filter": '{"types": ["m.room.message"]}'}
        answer = await self.ok(user, "GET", f"/_matrix/client/v3/rooms/{quoted(room)}/messages", query=query)
        return any(
            e.get("sender") == sender
            and (e.get("content") or {}).get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id") == event
            for e in answer["chunk"]
        )


async def eventually(
    check: Callable[[], Awaitable[T | None]], what: str, *, within: float = _WAIT_S, every: float = 0.1
) -> T:
    """``await check()`` until it gives something truthy (returned); fail after ``within`` seconds."""
    deadline = time.monotonic() + within
    while True:
        found = await check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(every)


# --- the database, read from the side ---------------------------------------------------------------------


class Reader:
    """Read-only queries on the bot's SQLite file from a connection of its own, in a worker thread: what they
    see is committed, and the bot's event loop does not wait for them."""

    def __init__(self, database: Path) -> None:
        self._connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def rows(self, query: str, *parameters: Any) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._connection.execute(query, parameters))

    async def one(self, query: str, *parameters: Any) -> tuple[Any, ...] | None:
        found = await asyncio.to_thread(self.rows, query, *parameters)
        return found[0] if found else None

    def answers(self, occurrence_id: int) -> dict[str, str]:
        """Each Matrix account's stored answer to the meeting (accounts without one are left out)."""
        return dict(
            self.rows(
                "SELECT i.external_id, r.answer FROM rsvps r JOIN identities i ON i.member_id = r.member_id "
                "AND i.platform = ? WHERE r.occurrence_id = ?",
                PLATFORM,
                occurrence_id,
            )
        )

    def close(self) -> None:
        self._connection.close()


@dataclass
class Watcher:
    """Reads the answers every ``_WATCH_EVERY_S`` in a thread and notes each change: when, how many accounts
    had their final answer (no answer counting as one), and whether every one did and nobody else answered."""

    reader: Reader
    occurrence_id: int
    finals: dict[str, str | None]
    changes: list[tuple[float, int, bool]] = field(default_factory=list)
    last: dict[str, str] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="bench-matrix-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        previous: dict[str, str] | None = None
        while True:
            stopping = self._stop.is_set()
            answers, at = self.reader.answers(self.occurrence_id), time.monotonic()
            if answers != previous:
                right = sum(1 for account, answer in self.finals.items() if answers.get(account) == answer)
                self.changes.append((at, right, right == len(self.finals) and answers.keys() <= self.finals.keys()))
                previous = answers
            self.last = answers
            if stopping:
                return
            self._stop.wait(_WATCH_EVERY_S)

    def all_right_since(self) -> float | None:
        """When the last stretch of every answer right began (None when the answers are not all right now)."""
        if not self.changes or not self.changes[-1][2]:
            return None
        return self.changes[-1][0]


# --- the run ------------------------------------------------------------------------------------------------


@dataclass
class World:
    synapse: SynapseServer
    homeserver: Homeserver
    bot: RegisteredUser
    admin: RegisteredUser
    members: list[RegisteredUser]
    directory: Path
    database: Path


@dataclass
class Bot:
    core: Core
    adapter: MatrixAdapter
    runner: DeliveryRunner
    syncing: asyncio.Task[None]


async def run(*, quick: bool, accounts: int, reactions: int, log: Log = print) -> dict[str, Any]:
    """Synapse up, accounts registered, the bot started, the section and its call made, then the burst."""
    directory = Path(tempfile.mkdtemp(prefix="netgroups-matrix-"))
    errors = CountingHandler()
    logging.getLogger().addHandler(errors)
    synapse = SynapseServer(directory / "synapse", python=await asyncio.to_thread(ensure_synapse))
    try:
        started = time.monotonic()
        await asyncio.to_thread(synapse.start)
        log(f"  Synapse {synapse.url} answers after {time.monotonic() - started:.1f} s")
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            world = await _register(synapse, Homeserver(synapse.url, session), accounts, directory, log)
            results = await _with_bot(world, quick=quick, reactions=reactions, log=log)
    finally:
        await asyncio.to_thread(synapse.stop)
        logging.getLogger().removeHandler(errors)
        shutil.rmtree(directory, ignore_errors=True)
    results["errors_logged"] = errors.count
    results["first_errors"] = errors.first
    return results


async def _register(synapse: SynapseServer, homeserver: Homeserver, accounts: int, directory: Path, log: Log) -> World:
    """The bot (exempt from rate limits, as a deployment would make it), an admin of the community, members."""
    started = time.monotonic()

    def register() -> tuple[RegisteredUser, RegisteredUser, list[RegisteredUser]]:
        bot = synapse.register("netgroups", displayname="netgroups")
        synapse.exempt_from_rate_limits(synapse.admin.access_token, bot.user_id)
        admin = synapse.register("anna", displayname="Anna")
        members = [synapse.register(f"m{number:03}", displayname=f"Member {number:03}") for number in range(accounts)]
        return bot, admin, members

    bot, admin, members = await asyncio.to_thread(register)
    log(f"  registered the bot, an admin and {accounts} members in {time.monotonic() - started:.1f} s")
    return World(synapse, homeserver, bot, admin, members, directory, directory / "netgroups.db")


async def _with_bot(world: World, *, quick: bool, reactions: int, log: Log) -> dict[str, Any]:
    bot = await _start_bot(world)
    reader = Reader(world.database)
    try:
        room = await _section(world, reader, log)
        await _enrol(world, room, log)
        call, occurrence_id = await _call(world, reader, room, log)
        return await _burst(world, bot, reader, room, call, occurrence_id, reactions=reactions, quick=quick, log=log)
    finally:
        reader.close()
        await _stop_bot(bot)


async def _start_bot(world: World) -> Bot:
    settings = Settings(
        storage={"data_dir": world.directory},
        matrix={
            "homeserver": world.synapse.url,
            "user_id": world.bot.user_id,
            "access_token": world.bot.access_token,
            "device_id": world.bot.device_id,
            "admins": [world.admin.user_id],
        },
    )
    clock = SystemClock()
    core = await build_core(settings, clock, database_url=f"sqlite:///{world.database}", translator=Translator())
    runner = DeliveryRunner(core.worker, core.editor, clock)
    core.bus.subscribe(runner.on_event)
    adapter = MatrixAdapter(core.inbound, settings.matrix, world.directory)
    try:
        await adapter.start()
        # The first sync only sets the starting point: done before anyone writes, so nothing typed is taken
        # for history. The rest is the adapter's own loop (``run`` would start the adapter a second time).
        await adapter.sync_once(timeout_ms=0)
    except BaseException:
        await adapter.close()
        await core.close()
        raise
    runner.start()
    return Bot(core, adapter, runner, asyncio.create_task(_sync_forever(adapter), name="bench-matrix-sync"))


async def _sync_forever(adapter: MatrixAdapter) -> None:
    """What ``MatrixAdapter.run`` does after its start (``run`` would start the adapter a second time)."""
    await adapter.keep_syncing()


async def _stop_bot(bot: Bot) -> None:
    bot.syncing.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await bot.syncing
    await bot.runner.stop()
    await bot.adapter.close()
    await bot.core.close()


async def _section(world: World, reader: Reader, log: Log) -> str:
    """The admin opens a direct room with the bot and creates the section; returns the section's room."""
    started = time.monotonic()
    homeserver, admin = world.homeserver, world.admin
    direct = await homeserver.open_direct_room(admin, world.bot.user_id)
    await homeserver.say(admin, direct, "!section create Burst")

    async def bound() -> str | None:
        row = await reader.one(
            "SELECT b.external_id FROM section_bindings b JOIN sections s ON s.id = b.section_id "
            "WHERE s.slug = ? AND b.platform = ?",
            SLUG,
            PLATFORM,
        )
        return str(row[0]) if row else None

    room = await eventually(bound, "the section's room")
    await homeserver.join_when_invited(admin, room)
    log(f"  section #{SLUG} created by its admin, room {room} ({time.monotonic() - started:.1f} s)")
    return room


async def _enrol(world: World, room: str, log: Log) -> None:
    """Each member, a few at a time: a direct room with the bot, ``!section join``, then the section's room."""
    started = time.monotonic()
    gate = asyncio.Semaphore(_ENROL_AT_ONCE)

    async def enrol(member: RegisteredUser) -> None:
        async with gate:
            direct = await world.homeserver.open_direct_room(member, world.bot.user_id)
            await world.homeserver.say(member, direct, f"!section join {SLUG}")
            await world.homeserver.join_when_invited(member, room)

    await asyncio.gather(*(enrol(member) for member in world.members))
    log(f"  {len(world.members)} members joined #{SLUG} through the bot in {time.monotonic() - started:.1f} s")


async def _call(world: World, reader: Reader, room: str, log: Log) -> tuple[str, int]:
    """The admin schedules a weekly meeting three days ahead in the section's room: its call is due at once
    (calls go out a week ahead). Returns the call's event and its occurrence."""
    started = time.monotonic()
    day = _WEEKDAYS[(datetime.now(ZoneInfo(CommunitySettings().timezone)) + timedelta(days=3)).weekday()]
    await world.homeserver.say(world.admin, room, f'!meeting schedule "weekly {day}" 18:00 90 "Folkets hus"')

    async def sent() -> tuple[Any, ...] | None:
        return await reader.one(
            "SELECT external_message, occurrence_id FROM outbox WHERE kind = 'call' AND platform = ? "
            "AND external_channel = ? AND state = 'sent'",
            PLATFORM,
            room,
        )

    event, occurrence_id = await eventually(sent, "the meeting call")
    log(f"  meeting scheduled, its call {event} posted ({time.monotonic() - started:.1f} s)")
    return str(event), int(occurrence_id)


@dataclass
class Sent:
    first: float = 0.0  # monotonic
    first_wall: float = 0.0
    last: float = 0.0
    added: int = 0
    redacted: int = 0


async def _play(homeserver: Homeserver, member: RegisteredUser, room: str, call: str, steps: list[Step]) -> Sent:
    """One account's steps, each sent once the previous one is accepted (Synapse then orders them so)."""
    done = Sent()
    mine: dict[str, str] = {}  # key -> this account's reaction event
    for step in steps:
        if step.add:
            mine[step.key] = await homeserver.react(member, room, call, step.key)
            done.added += 1
        else:
            await homeserver.redact(member, room, mine.pop(step.key))
            done.redacted += 1
    done.last = time.monotonic()
    return done


async def _burst(  # noqa: PLR0917 - the burst needs what the set-up made
    world: World,
    bot: Bot,
    reader: Reader,
    room: str,
    call: str,
    occurrence_id: int,
    *,
    reactions: int,
    quick: bool,
    log: Log,
) -> dict[str, Any]:
    scripts = _scripts(world, reactions)
    finals = {account: answer_after(steps) for account, steps in scripts.items()}
    expected = {account: answer for account, answer in finals.items() if answer is not None}
    raw_rate = await raw_commit_rate(world.directory, 500 if quick else 2_000)
    await asyncio.sleep(2.5)  # past the editor's 2 s from any earlier edit of the call
    watcher = Watcher(reader, occurrence_id, finals)
    watcher.start()
    try:
        sent = await _send_all(world, room, call, scripts)
        fence_seen = await _fence(world, room, within=60 + 0.2 * reactions)
    finally:
        watcher.stop()  # it reads once more as it stops: after the fence, that read is the final state
    if bot.syncing.done():
        bot.syncing.result()  # the sync loop never ends on its own: an end is a crash, reported here
    # After the fence the database holds its final answers: the call should come to show them.
    edits, shown = await _final_call(world, room, call, dict(Counter(watcher.last.values())))
    return _figures(
        Measured(raw_rate, sent, watcher, finals, expected, edits, shown, fence_seen, reactions), world, log
    )


def _scripts(world: World, reactions: int) -> dict[str, list[Step]]:
    counts = steps_per_account(len(world.members), reactions)
    accounts = len(world.members)
    scripts = {member.user_id: script(index, accounts, counts[index]) for index, member in enumerate(world.members)}
    for index, steps in enumerate(scripts.values()):
        wanted = final_key(index, accounts, len(steps))
        assert answer_after(steps) == (ANSWER[wanted] if wanted else None), f"script {index} ends elsewhere"
    return scripts


async def _send_all(world: World, room: str, call: str, scripts: dict[str, list[Step]]) -> Sent:
    """Every account's script at once; returns when Synapse has accepted every step."""
    by_id = {member.user_id: member for member in world.members}
    first, first_wall = time.monotonic(), time.time()
    played = await asyncio.gather(
        *(_play(world.homeserver, by_id[account], room, call, steps) for account, steps in scripts.items())
    )
    return Sent(
        first=first,
        first_wall=first_wall,
        last=max(one.last for one in played),
        added=sum(one.added for one in played),
        redacted=sum(one.redacted for one in played),
    )


async def _fence(world: World, room: str, *, within: float) -> bool:
    """A command typed in the call's room after the last step: the bot handles a room's events in order, so
    once it has replied, it has handled every step before (False: no reply within ``within`` seconds)."""
    homeserver, admin = world.homeserver, world.admin
    event = await homeserver.say(admin, room, "!meeting next")

    async def replied() -> bool:
        return await homeserver.reply_to(admin, room, event, world.bot.user_id)

    try:
        await eventually(replied, "the bot's reply after the burst", within=within, every=0.5)
    except TimeoutError:
        return False
    return True


async def _final_call(
    world: World, room: str, call: str, stored: dict[str, int]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The bot's edits of the call, and the counts the latest shows once it shows the ``stored`` counts (the
    last edit may wait for its 2 s: up to 10 s; after that, what it shows)."""
    edits: list[dict[str, Any]] = []
    shown: dict[str, int] = {}

    async def final() -> bool:
        nonlocal edits, shown
        edits = await world.homeserver.edits(world.admin, room, call, world.bot.user_id)
        body = (edits[-1].get("content") or {}).get("m.new_content", {}).get("body", "") if edits else ""
        shown = shown_counts(body) or {}
        return shown == stored

    with contextlib.suppress(TimeoutError):
        await eventually(final, "the final edit of the call", within=10, every=0.5)
    return edits, shown


@dataclass
class Measured:
    raw_rate: float
    sent: Sent
    watcher: Watcher
    finals: dict[str, str | None]
    expected: dict[str, str]
    edits: list[dict[str, Any]]
    shown: dict[str, int]
    fence_seen: bool
    reactions: int


def _figures(measured: Measured, world: World, log: Log) -> dict[str, Any]:
    sent, watcher = measured.sent, measured.watcher
    stored = watcher.last
    wrong = sorted(
        account for account in set(measured.finals) | set(stored) if stored.get(account) != measured.finals.get(account)
    )
    right_since = watcher.all_right_since() if not wrong else None
    stored_after = right_since - sent.first if right_since is not None else None
    after_last = right_since - sent.last if right_since is not None else None
    rate = measured.reactions / stored_after if stored_after else None
    sent_in = sent.last - sent.first
    expected_counts = dict(Counter(measured.expected.values()))
    exact = not wrong and measured.shown == expected_counts
    figures = {
        "accounts": len(world.members),
        "reactions": measured.reactions,
        "added": sent.added,
        "redacted": sent.redacted,
        "path": "Synapse (PUT send/m.reaction, PUT redact) -> MatrixAdapter sync -> Inbound.reactions -> RsvpService",
        "sent_in_s": round(sent_in, 2),
        "accepted_by_synapse_per_s": round(measured.reactions / sent_in, 1),
        "all_stored_after_s": round(stored_after, 2) if stored_after is not None else None,
        "after_last_sent_s": round(after_last, 2) if after_last is not None else None,
        "last_change_after_s": round(watcher.changes[-1][0] - sent.first, 2) if watcher.changes else None,
        "stored_per_s": round(rate, 1) if rate is not None else None,
        "raw_commits_per_s": round(measured.raw_rate, 1),
        "share_of_raw": round(rate / measured.raw_rate, 4) if rate is not None else None,
        # (seconds after the first step, accounts with their final answer) at each change the watcher saw.
        "progress": [(round(at - sent.first, 2), right) for at, right, _ in watcher.changes][-50:],
        "rate_limited": world.homeserver.rate_limited,
        "fence_seen": measured.fence_seen,
        "expected": expected_counts,
        "stored": dict(Counter(stored.values())),
        "on_call": measured.shown,
        "on_call_as_stored": measured.shown == dict(Counter(stored.values())),
        "wrong": len(wrong),
        "first_wrong": [
            f"{account} stored {stored.get(account)}, expected {measured.finals.get(account)}" for account in wrong[:5]
        ],
        "exact": exact,
        **_edit_figures(measured.edits, sent.first_wall),
    }
    _say(figures, log)
    return figures


def _edit_figures(edits: list[dict[str, Any]], since_wall: float) -> dict[str, Any]:
    """The edits Synapse received from the first step on, as the server stamped them.

    Allowed: one per 2 s over the span of the edits, each gap allowed ``STAMP_JITTER_S`` short — the editor
    spaces its edits by its own clock before the request, Synapse stamps them when they arrive."""
    times = [int(edit["origin_server_ts"]) / 1000 - since_wall for edit in edits]
    during = [at for at in times if at >= 0]
    gaps = [b - a for a, b in itertools.pairwise(during)]
    window = during[-1] - during[0] if during else 0.0
    return {
        "edits": len(during),
        "edits_before": len(times) - len(during),
        "edit_times_s": [round(at, 2) for at in during],
        "min_edit_gap_s": round(min(gaps), 3) if gaps else None,
        "edits_allowed": int(window // (EDIT_GAP_S - STAMP_JITTER_S)) + 1,
    }


def _say(figures: dict[str, Any], log: Log) -> None:
    if figures["stored_per_s"] is not None:
        stored = (
            f"all stored {figures['all_stored_after_s']} s after the first "
            f"({figures['after_last_sent_s']} s after the last) = {figures['stored_per_s']:.0f}/s vs raw commits "
            f"{figures['raw_commits_per_s']:.0f}/s ({figures['share_of_raw']:.1%})"
        )
    else:
        stored = f"{figures['wrong']} of {figures['accounts']} accounts' answers wrong (first {figures['first_wrong']})"
    log(
        f"  Matrix RSVP burst: {figures['reactions']} steps ({figures['added']} reactions, {figures['redacted']} "
        f"redactions) from {figures['accounts']} accounts accepted by Synapse in {figures['sent_in_s']} s "
        f"({figures['accepted_by_synapse_per_s']:.0f}/s); {stored}; edits {figures['edits']} (min gap "
        f"{figures['min_edit_gap_s']} s, allowed {figures['edits_allowed']}); call shows {figures['on_call']}, "
        f"expected {figures['expected']}; exact: {figures['exact']}"
    )
