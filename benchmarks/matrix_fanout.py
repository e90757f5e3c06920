"""Matrix fan-out: N meeting calls due in the same second in 10 section rooms, through a real Synapse.

The bot runs as ``netgroups run`` runs it for Matrix (``build_core`` on a fresh SQLite file, ``MatrixAdapter``
syncing in a loop, ``DeliveryRunner`` with the system clock) against Synapse on 127.0.0.1 with the test suite's
raised rate limits and the bot exempt from its own, as a deployment would make it.

Set-up: the community's admin creates ten sections by command in a direct room with the bot (the bot makes
their rooms); each section gets a weekly series whose own meetings are months away (the planner queues
nothing for them), and N meetings of those series (N/10 each) get their call queued for one instant T a few
seconds ahead, as the planner queues a call. Nothing else is due.

Measured from T on: when Synapse stamped each call (``origin_server_ts`` minus T: p50, p99, max), the bot's
events per second (the calls and their seed reactions, first stamp to last), and the bot process's CPU time
from T until every call was recorded as sent (plus two seconds for the syncs its own events wake), divided
by N. Then every event the bot posted in the ten rooms is read back from Synapse: each call's marker must be
there exactly once (delivered, duplicates), each with its seed reactions once each.

The floor, in the same run and on the same Synapse, just before T: another account (exempt too) posts plain
messages into ten rooms of its own, one after another (each sent once the last was accepted) and side by side
(one in flight per room): the homeserver's own rate, and with it the best p99 the bot could hope for,
N ÷ (floor ÷ events per call).

``NETGROUPS_BENCH_PROFILE=FILE`` writes a cProfile (in CPU time) of the bot's event loop thread over the fire window.
"""

from __future__ import annotations

import asyncio
import cProfile
import logging
import math
import os
import shutil
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, insert, select

from adapters.matrix.app import MatrixAdapter
from adapters.matrix.render import MARKER_KEY
from benchmarks.common import CountingHandler, percentile
from benchmarks.matrix_burst import Bot, Homeserver, Reader, _stop_bot, _sync_forever, eventually, quoted
from bot.bootstrap import build_core
from bot.clock import SystemClock
from bot.delivery.runner import DeliveryRunner
from bot.domain.agenda import AgendaStatus, default_recipe
from bot.domain.delivery import Kind, dedupe_key
from bot.domain.meetings import Cadence
from bot.events import DeliveriesQueued
from bot.i18n import Translator
from bot.settings import Settings
from bot.storage.repositories import meetings
from bot.storage.schema import agenda_items, occurrences, outbox
from tests.synapse.server import RegisteredUser, SynapseServer
from tests.synapse.venv import ensure_synapse

PLATFORM = "matrix"
ROOMS = 10
SEEDS = ("✅", "🤔", "❌")
#: Seconds between the end of the set-up and T (the bot's runner must have seen the rows by then).
_LEAD_S = 4.0
#: After the last call is recorded: the syncs its own last events woke still count in the bot's CPU.
_SETTLE_S = 2.0

Log = Callable[[str], None]


@dataclass
class Fanout:
    synapse: SynapseServer
    homeserver: Homeserver
    bot: RegisteredUser
    admin: RegisteredUser
    directory: Path
    database: Path


async def run(*, quick: bool, counts: list[int], seeds: bool = True, log: Log = print) -> dict[str, Any]:
    """One Synapse for the whole part; for each N a fresh bot (database and account), then its fan-out. ``seeds``:
    the setting ``matrix.seed_reactions`` (the three reactions under each call)."""
    directory = Path(tempfile.mkdtemp(prefix="netgroups-fanout-"))
    errors = CountingHandler()
    logging.getLogger().addHandler(errors)
    synapse = SynapseServer(directory / "synapse", python=await asyncio.to_thread(ensure_synapse))
    seeded = SEEDS if seeds else ()
    results: dict[str, Any] = {"rooms": ROOMS, "seed_reactions": seeds, "events_per_call": 1 + len(seeded), "runs": []}
    try:
        started = time.monotonic()
        await asyncio.to_thread(synapse.start)
        log(f"  Synapse {synapse.url} answers after {time.monotonic() - started:.1f} s")
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            homeserver = Homeserver(synapse.url, session)
            for count in counts:
                run_directory = directory / f"n{count}"
                run_directory.mkdir()
                results["runs"].append(
                    await _one_run(synapse, homeserver, run_directory, count, quick=quick, seeds=seeded, log=log)
                )
    finally:
        await asyncio.to_thread(synapse.stop)
        logging.getLogger().removeHandler(errors)
        shutil.rmtree(directory, ignore_errors=True)
    for figures in results["runs"]:
        floor = figures["floor"]["side_by_side_per_s"]
        figures["best_p99_s"] = round(figures["n"] / (floor / results["events_per_call"]), 1)
    results["errors_logged"] = errors.count
    results["first_errors"] = errors.first
    return results


# --- the floor ---------------------------------------------------------------------------------------------


async def _floor(synapse: SynapseServer, homeserver: Homeserver, *, sends: int, log: Log) -> dict[str, Any]:
    """Plain ``m.notice`` sends from one client into ten rooms of its own: one after another, then one in
    flight per room."""
    sender = await asyncio.to_thread(_exempt_account, synapse, "floor")
    create = "/_matrix/client/v3/createRoom"
    rooms = [
        str((await homeserver.ok(sender, "POST", create, {"preset": "private_chat"}))["room_id"]) for _ in range(ROOMS)
    ]

    async def send(room: str) -> None:
        path = f"/_matrix/client/v3/rooms/{quoted(room)}/send/m.room.message/{uuid.uuid4().hex}"
        await homeserver.ok(sender, "PUT", path, {"msgtype": "m.notice", "body": "floor " * 40})

    started = time.monotonic()
    for number in range(sends):
        await send(rooms[number % ROOMS])
    one_by_one = sends / (time.monotonic() - started)

    async def lane(room: str) -> None:
        for _ in range(sends // ROOMS):
            await send(room)

    started, synapse_cpu = time.monotonic(), process_cpu(synapse.pid)
    await asyncio.gather(*(lane(room) for room in rooms))
    side_by_side = (sends // ROOMS * ROOMS) / (time.monotonic() - started)
    synapse_ms = (process_cpu(synapse.pid) - synapse_cpu) / (sends // ROOMS * ROOMS) * 1000
    log(
        f"  floor: plain sends accepted {one_by_one:.0f}/s one after another, {side_by_side:.0f}/s side by side "
        f"({ROOMS} in flight), {sends} each; Synapse CPU {synapse_ms:.1f} ms per event side by side"
    )
    return {
        "sends": sends,
        "one_by_one_per_s": round(one_by_one, 1),
        "side_by_side_per_s": round(side_by_side, 1),
        "synapse_cpu_ms_per_event": round(synapse_ms, 2),
    }


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user and system) a process has used so far, from /proc; 0 when it cannot be read."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _exempt_account(synapse: SynapseServer, name: str) -> RegisteredUser:
    user = synapse.register(f"{name}{uuid.uuid4().hex[:8]}", displayname=name)
    synapse.exempt_from_rate_limits(synapse.admin.access_token, user.user_id)
    return user


# --- one fan-out --------------------------------------------------------------------------------------------


async def _one_run(
    synapse: SynapseServer,
    homeserver: Homeserver,
    directory: Path,
    count: int,
    *,
    quick: bool,
    seeds: tuple[str, ...],
    log: Log,
) -> dict[str, Any]:
    bot_account = await asyncio.to_thread(_exempt_account, synapse, "netgroups")
    admin = await asyncio.to_thread(synapse.register, f"anna{uuid.uuid4().hex[:8]}", displayname="Anna")
    world = Fanout(synapse, homeserver, bot_account, admin, directory, directory / "netgroups.db")
    bot = await _start_bot(world, seeds=bool(seeds))
    reader = Reader(world.database)
    try:
        rooms = await _sections(world, reader, log)
        floor = await _floor(synapse, homeserver, sends=100 if quick else 300, log=log)
        due, expected = await _queue_calls(bot, rooms, count, log)
        synapse_cpu = process_cpu(synapse.pid)
        fired = await _fire(bot, reader, due, count, within=120.0 if quick else 600.0 + count * 0.5)
        synapse_cpu = process_cpu(synapse.pid) - synapse_cpu
    finally:
        reader.close()
        await _stop_bot(bot)
    seen = await _posted(world, rooms, since_ms=int(due.timestamp() * 1000) - 60_000)
    figures = {**_figures(count, due, expected, fired, seen, seeds), "floor": floor}
    figures["synapse_cpu_ms_per_event"] = round(synapse_cpu / max(1, figures["events"]) * 1000, 2)
    log(
        f"  N={count:,}: at Synapse p50 {figures['p50_s']} s, p99 {figures['p99_s']} s, max {figures['max_s']} s "
        f"after T; {figures['events_per_s']} events/s; delivered {figures['delivered']:,}/{count:,}, duplicates "
        f"{figures['duplicates']}, seeds missing {figures['seeds_missing']}, seeds twice {figures['seeds_twice']}; "
        f"bot CPU {figures['cpu_ms_per_call']} ms per call ({figures['cpu_s']} s, event loop's thread "
        f"{figures['event_loop_cpu_ms_per_call']} ms per call; load average {figures['load']}); Synapse CPU "
        f"{figures['synapse_cpu_ms_per_event']} ms per event"
    )
    return figures


async def _start_bot(world: Fanout, *, seeds: bool) -> Bot:
    settings = Settings(
        storage={"data_dir": world.directory},
        matrix={
            "homeserver": world.synapse.url,
            "user_id": world.bot.user_id,
            "access_token": world.bot.access_token,
            "device_id": world.bot.device_id,
            "admins": [world.admin.user_id],
            "seed_reactions": seeds,
        },
    )
    clock = SystemClock()
    core = await build_core(settings, clock, database_url=f"sqlite:///{world.database}", translator=Translator())
    runner = DeliveryRunner(core.worker, core.editor, clock)
    core.bus.subscribe(runner.on_event)
    adapter = MatrixAdapter(core.inbound, settings.matrix, world.directory)
    try:
        await adapter.start()
        await adapter.sync_once(timeout_ms=0)
    except BaseException:
        await adapter.close()
        await core.close()
        raise
    runner.start()
    return Bot(core, adapter, runner, asyncio.create_task(_sync_forever(adapter), name="bench-matrix-sync"))


async def _sections(world: Fanout, reader: Reader, log: Log) -> dict[int, str]:
    """Ten sections made by the admin's commands in a direct room; returns section id -> its room."""
    started = time.monotonic()
    direct = await world.homeserver.open_direct_room(world.admin, world.bot.user_id)
    for number in range(ROOMS):
        await world.homeserver.say(world.admin, direct, f'!section create "Fan {number}"')

    async def bound() -> dict[int, str] | None:
        rows = await asyncio.to_thread(
            reader.rows,
            "SELECT s.id, b.external_id FROM section_bindings b JOIN sections s ON s.id = b.section_id "
            "WHERE s.name LIKE 'Fan %' AND b.platform = ?",
            PLATFORM,
        )
        return {int(section): str(room) for section, room in rows} if len(rows) == ROOMS else None

    rooms = await eventually(bound, "the ten section rooms", within=300.0)
    log(f"  {ROOMS} sections and their rooms made by command ({time.monotonic() - started:.1f} s)")
    return rooms


async def _queue_calls(bot: Bot, rooms: dict[int, str], count: int, log: Log) -> tuple[datetime, set[str]]:
    """N meetings (N/10 per section), their calls queued for one instant T; returns T and the calls' markers."""
    started = time.monotonic()
    store = bot.core.store
    now = datetime.now(UTC)
    first_start = now + timedelta(days=3)
    markers: set[str] = set()
    async with store.transaction() as tx:
        conn = tx.conn
        community_id = 1
        next_id = int((await conn.execute(select(func.coalesce(func.max(occurrences.c.id), 0)))).scalar_one()) + 1
        occurrence_rows: list[dict[str, Any]] = []
        agenda_rows: list[dict[str, Any]] = []
        call_rows: list[dict[str, Any]] = []
        section_ids = sorted(rooms)
        series_of: dict[int, int] = {}
        for section_id in section_ids:
            series = await meetings.create_series(
                conn,
                section_id=section_id,
                rrule="FREQ=WEEKLY",
                timezone="Europe/Stockholm",
                local_time=clock_time(18, 0),
                duration_minutes=90,
                place="Folkets hus",
                start_date=now.date() + timedelta(days=300),  # its own meetings: far beyond planning
                capacity=None,
                cadence=Cadence(),
                created_by=None,
                now=now,
            )
            series_of[section_id] = series.id
        due = datetime.fromtimestamp(math.ceil(time.time() + _LEAD_S + count / 2_000), UTC)
        for index in range(count):
            section_id = section_ids[index % ROOMS]
            occurrence_id = next_id + index
            start = first_start + timedelta(minutes=index)
            occurrence_rows.append(
                {
                    "id": occurrence_id,
                    "series_id": series_of[section_id],
                    "original_start": start,
                    "start_at": start,
                    "end_at": start + timedelta(minutes=90),
                    "place": "Folkets hus",
                    "status": "scheduled",
                    "agenda_touched": False,
                    "created_at": now,
                }
            )
            for position, (kind, minutes) in enumerate(default_recipe(90), start=1):
                agenda_rows.append(
                    {
                        "occurrence_id": occurrence_id,
                        "position": position,
                        "kind": kind.value,
                        "title": "",
                        "minutes": minutes,
                        "status": AgendaStatus.ACCEPTED.value,
                        "proposed_by": None,
                        "created_at": now,
                    }
                )
            key = dedupe_key(Kind.CALL, PLATFORM, occurrence_id=occurrence_id, target=f"section:{section_id}")
            markers.add(f"netgroups:{key}")
            call_rows.append(
                {
                    "dedupe_key": key,
                    "kind": Kind.CALL.value,
                    "community_id": community_id,
                    "platform": PLATFORM,
                    "section_id": section_id,
                    "occurrence_id": occurrence_id,
                    "series_id": series_of[section_id],
                    "due_at": due,
                    "deadline_at": start,
                    "state": "pending",
                    "attempts": 0,
                    "created_at": now,
                }
            )
        await conn.execute(insert(occurrences), occurrence_rows)
        await conn.execute(insert(agenda_items), agenda_rows)
        await conn.execute(insert(outbox), call_rows)
    await bot.core.bus.publish([DeliveriesQueued()])  # the runner looks again at what is due next: T
    left = due.timestamp() - time.time()
    log(f"  {count:,} calls queued for T in {time.monotonic() - started:.1f} s; T is {left:.1f} s ahead")
    if left < 0.5:
        raise RuntimeError("queueing the calls took longer than the lead before T")
    return due, markers


@dataclass
class Fired:
    cpu_s: float
    main_thread_cpu_s: float  # the event loop's thread; the rest is aiosqlite's thread (and the GC, aiohttp's DNS)
    all_sent_after_s: float | None
    sent: int
    load: tuple[float, float, float]


async def _fire(bot: Bot, reader: Reader, due: datetime, count: int, *, within: float) -> Fired:
    """From T until every call is recorded as sent (or ``within`` seconds): the bot's CPU time."""
    await asyncio.sleep(max(0.0, due.timestamp() - time.time() - 0.2))
    profile_to = os.environ.get("NETGROUPS_BENCH_PROFILE")
    # CPU time of the thread, not the wall clock: a commit waiting on its fsync costs the bot nothing.
    profiler = cProfile.Profile(time.thread_time) if profile_to else None
    cpu_before, main_before = time.process_time(), time.thread_time()
    if profiler is not None:
        profiler.enable()
    deadline = time.monotonic() + within
    all_sent: float | None = None
    sent = 0
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        row = await reader.one("SELECT COUNT(*) FROM outbox WHERE kind = 'call' AND state = 'sent'")
        sent = int(row[0]) if row else 0
        if sent >= count:
            all_sent = time.time() - due.timestamp()
            break
        if bot.syncing.done():
            bot.syncing.result()  # a crash of the sync loop, reported here
    await asyncio.sleep(_SETTLE_S)
    if profiler is not None and profile_to:
        profiler.disable()
        profiler.dump_stats(profile_to)
    cpu, main = time.process_time() - cpu_before, time.thread_time() - main_before
    return Fired(cpu, main, all_sent, sent, os.getloadavg())


@dataclass
class Seen:
    calls: dict[str, list[int]]  # marker -> origin_server_ts of each call event with it
    seeds: dict[str, Counter[str]]  # call event id -> how many of each seed key
    call_events: dict[str, str]  # call event id -> marker
    stamps: list[int]  # every bot event's origin_server_ts (calls and reactions)


async def _posted(world: Fanout, rooms: dict[int, str], *, since_ms: int) -> Seen:
    """Every call and reaction the bot posted in the rooms since ``since_ms``, read from Synapse."""
    seen = Seen({}, {}, {}, [])
    flt = '{"types": ["m.room.message", "m.reaction"]}'
    for room in rooms.values():
        query = {"dir": "b", "limit": "1000", "filter": flt}
        while True:
            answer = await world.homeserver.ok(
                world.bot, "GET", f"/_matrix/client/v3/rooms/{quoted(room)}/messages", query=query
            )
            for event in answer["chunk"]:
                if event.get("sender") != world.bot.user_id or int(event["origin_server_ts"]) < since_ms:
                    continue
                _note(seen, event)
            end = answer.get("end")
            if not answer["chunk"] or not end or int(answer["chunk"][-1]["origin_server_ts"]) < since_ms:
                break
            query = {**query, "from": end}
    return seen


def _note(seen: Seen, event: dict[str, Any]) -> None:
    content = event.get("content") or {}
    stamp = int(event["origin_server_ts"])
    relates = content.get("m.relates_to") or {}
    if event["type"] == "m.reaction":
        seen.seeds.setdefault(relates.get("event_id", ""), Counter())[relates.get("key", "")] += 1
        seen.stamps.append(stamp)
    elif relates.get("rel_type") != "m.replace" and content.get(MARKER_KEY, "").startswith("netgroups:o"):
        marker = content[MARKER_KEY]
        seen.calls.setdefault(marker, []).append(stamp)
        seen.call_events[event["event_id"]] = marker
        seen.stamps.append(stamp)


def _figures(  # noqa: PLR0917 - what one run measured
    count: int, due: datetime, expected: set[str], fired: Fired, seen: Seen, seeds: tuple[str, ...]
) -> dict[str, Any]:
    due_ms = due.timestamp() * 1000
    late = [(min(stamps) - due_ms) / 1000 for marker, stamps in seen.calls.items() if marker in expected]
    duplicates = sum(len(stamps) - 1 for stamps in seen.calls.values())
    seeds_missing = sum(1 for event in seen.call_events for key in seeds if seen.seeds.get(event, Counter())[key] == 0)
    seeds_twice = sum(max(0, n - 1) for keys in seen.seeds.values() for n in keys.values())
    span = (max(seen.stamps) - min(seen.stamps)) / 1000 if len(seen.stamps) > 1 else 0.0
    return {
        "n": count,
        "delivered": len(late),
        "lost": count - len(late),
        "duplicates": duplicates,
        "seeds_missing": seeds_missing,
        "seeds_twice": seeds_twice,
        "p50_s": round(percentile(late, 0.5), 2) if late else None,
        "p99_s": round(percentile(late, 0.99), 2) if late else None,
        "max_s": round(max(late), 2) if late else None,
        "events": len(seen.stamps),
        "events_per_s": round(len(seen.stamps) / span, 1) if span else None,
        "all_recorded_after_s": round(fired.all_sent_after_s, 2) if fired.all_sent_after_s is not None else None,
        "recorded_sent": fired.sent,
        "cpu_s": round(fired.cpu_s, 2),
        "cpu_ms_per_call": round(fired.cpu_s / count * 1000, 1),
        "event_loop_cpu_ms_per_call": round(fired.main_thread_cpu_s / count * 1000, 1),
        "load": [round(value, 2) for value in fired.load],
    }
