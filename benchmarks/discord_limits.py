"""Fan-out at Discord's global limit and an RSVP burst, through the real DiscordAdapter and discord.py.

One run of the bot as ``netgroups run`` starts it (``build_core``, ``DiscordAdapter``, ``DeliveryRunner``
with the system clock) against the Discord stand-in from tests/discord_standin, in this process, with the
stand-in enforcing 50 REST requests per second globally (fixed one-second windows, real 429 answers with
``retry_after``, ``X-RateLimit-Global`` and ``Via``, as discord.py expects them).

The data: a freshly generated association (the scale-1 shape, or a small one with --quick) whose guild,
channels and members are the stand-in's, with its history in the past and nothing else due.

Fan-out: N/10 meetings start at the same instant an hour from now; each has ten members who said yes, one
who takes reminders in the section's channel and nine by direct message. Their ``reminder-60`` audience
rows are due now, so the worker fans each out into one channel post and nine DMs: N deliveries at once,
each DM first opening the DM channel (discord.py does not cache it across processes, nor does the bot).
Measured: REST requests answered per second while the fan-out ran, as a share of 50/s; 429s; and, from
the stand-in's stored messages, every expected post once (lost: none; duplicated: none; misdirected: none).

RSVP burst: a meeting call is sent, then R members react to it (``MESSAGE_REACTION_ADD`` from the stand-in's
gateway, as fast as the stand-in sends: the whole burst goes out in well under 10 s). Measured: the time
until the last answer is committed (polled from a second SQLite connection, so "stored" means durable),
against the rate of raw aiosqlite single-row commits (BEGIN IMMEDIATE, INSERT, COMMIT; WAL,
synchronous=FULL) on the same disk in the same run; the edits of the call (PATCH on it at the stand-in)
and their spacing; the final answers in the database, on the message, and in the reactions.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from benchmarks.common import CountingHandler, raw_commit_rate, settings_for, shown_counts
from benchmarks.generate import ExternalIds, Generated, Shape, generate
from tests.discord_standin import DiscordStandIn, import_discord

import_discord()  # before the adapter imports discord: without Python 3.11's audioop warning

from adapters.discord.app import DiscordAdapter  # noqa: E402
from bot.bootstrap import build_core  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.delivery.runner import DeliveryRunner  # noqa: E402
from bot.domain.delivery import Kind, dedupe_key  # noqa: E402
from bot.events import DeliveriesQueued  # noqa: E402
from bot.i18n import Translator  # noqa: E402
from bot.storage.repositories import meetings, outbox  # noqa: E402

LIMIT = 50
_EMOJI = ("✅", "🤔", "❌")
_ANSWER = {"✅": "yes", "🤔": "maybe", "❌": "no"}


@dataclass
class _Session:
    standin: DiscordStandIn
    guild: int
    data: Generated
    database: Path
    users: list[int]  # by member id - 1
    channels: list[int]  # by section id - 1
    reader: sqlite3.Connection


def _prepare(quick: bool, directory: Path, log: Callable[[str], None]) -> _Session:
    shape = (
        Shape(sections=10, members=1_000, series_per_section=3, history_weeks=1, future=False)
        if quick
        else Shape(future=False)
    )
    standin = DiscordStandIn()
    guild = standin.add_guild("Nätverket")
    sections = 2 + shape.sections
    channels = [standin.add_channel(guild, f"section-{number}") for number in range(1, sections + 1)]
    users = []
    for number in range(1, shape.members + 1):
        user = standin.add_user(f"member{number}")
        standin.add_member(guild, user)
        users.append(user)
    ids = ExternalIds(
        guild=lambda _community: str(guild),
        channel=lambda section_id: str(channels[section_id - 1]),
        user=lambda member_id: str(users[member_id - 1]),
    )
    database = directory / "limits.db"
    started = time.perf_counter()
    # Three hours ago: every meeting of the history is over, no call is open, nothing is due.
    data = generate(database, shape, now=datetime.now(UTC) - timedelta(hours=3), ids=ids)
    log(f"  generated the association for the limits in {time.perf_counter() - started:.1f} s ({data.rows:,} rows)")
    reader = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=False)
    # Discord shows the names the bot already stored (it took them from Discord in the first place).
    for member_id, name in reader.execute("SELECT id, display_name FROM members"):
        standin.world.users[users[member_id - 1]]["global_name"] = name
    return _Session(standin, guild, data, database, users, channels, reader)


def _add_fan_out(session: _Session, deliveries: int) -> tuple[dict[str, tuple[int, int]], int]:
    """N/10 meetings an hour from now, ten yes each (one by channel, nine by DM), reminders due now.

    Returns the expected posts (marker -> (channel kind, platform user or channel id)) and the first new
    outbox id."""
    meetings_count = deliveries // 10
    data = session.data
    all_series = sorted(data.series_section)
    step = max(1, len(all_series) // meetings_count)
    chosen = all_series[::step][:meetings_count]
    assert len(chosen) == meetings_count, "not enough series for the fan-out"
    low, high = data.members[1]
    people = list(range(low, high + 1))
    assert len(people) >= deliveries, "not enough members for the fan-out"
    now = datetime.now(UTC)
    start = now + timedelta(hours=1)
    expected: dict[str, tuple[int, int]] = {}
    engine = create_engine(f"sqlite:///{session.database}")
    with engine.begin() as conn:
        first_new = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) + 1 FROM outbox")).scalar_one())
        occurrence_id = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM occurrences")).scalar_one())
        stamp = _stamp(now)
        for index, series_id in enumerate(chosen):
            occurrence_id += 1
            section_id = data.series_section[series_id]
            conn.execute(
                text(
                    "INSERT INTO occurrences (id, series_id, original_start, start_at, end_at, place, status, "
                    "agenda_touched, created_at) VALUES (:id, :series, :start, :start, :end, '', 'scheduled', 0, :now)"
                ),
                {
                    "id": occurrence_id,
                    "series": series_id,
                    "start": _stamp(start),
                    "end": _stamp(start + timedelta(minutes=90)),
                    "now": stamp,
                },
            )
            group = people[index * 10 : index * 10 + 10]
            for position, member_id in enumerate(group):
                via = "channel" if position == 0 else "dm"
                conn.execute(
                    text("UPDATE members SET reminder_via = :via WHERE id = :id"), {"via": via, "id": member_id}
                )
                conn.execute(
                    text(
                        "INSERT INTO rsvps (occurrence_id, member_id, answer, waitlisted, source, updated_at) "
                        "VALUES (:o, :m, 'yes', 0, 'command', :now)"
                    ),
                    {"o": occurrence_id, "m": member_id, "now": stamp},
                )
                # Reminders reach the section's members only (a yes left behind by someone who left does not).
                conn.execute(
                    text(
                        "INSERT OR IGNORE INTO memberships (section_id, member_id, role, joined_at) "
                        "VALUES (:s, :m, 'member', :now)"
                    ),
                    {"s": section_id, "m": member_id, "now": stamp},
                )
                if via == "dm":
                    expected[f"netgroups:o{occurrence_id}:reminder-60:member:{member_id}"] = (
                        0,
                        session.users[member_id - 1],
                    )
            expected[f"netgroups:o{occurrence_id}:reminder-60:section:{section_id}:discord"] = (
                1,
                session.channels[section_id - 1],
            )
            conn.execute(
                text(
                    "INSERT INTO outbox (dedupe_key, kind, community_id, platform, section_id, occurrence_id, "
                    "series_id, due_at, deadline_at, state, attempts, created_at) VALUES (:key, 'reminder-60', 1, "
                    "'discord', :section, :o, :series, :due, :deadline, 'pending', 0, :now)"
                ),
                {
                    "key": f"o{occurrence_id}:reminder-60:audience:discord",
                    "section": section_id,
                    "o": occurrence_id,
                    "series": series_id,
                    "due": stamp,
                    "deadline": _stamp(start),
                    "now": stamp,
                },
            )
    engine.dispose()
    return expected, first_new


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


async def _until(
    predicate: Callable[[], bool],
    timeout: float,  # noqa: ASYNC109
    what: str,
    task: asyncio.Task[Any],
    *,
    every: float = 0.02,
) -> None:
    """Poll ``predicate`` (a query on the reader connection) until true. In a thread: the bot under test shares
    this event loop, and a query on a growing outbox every 20 ms in the loop's thread held it up (the
    fan-out's rate fell as the run went on, from 100% on 500 deliveries to 82% on 10,000)."""
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(predicate):
        if task.done():
            task.result()
            raise RuntimeError("discord.py's client stopped")
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(every)


def _footers(standin: DiscordStandIn) -> tuple[Counter[str], dict[str, set[int]]]:
    counts: Counter[str] = Counter()
    where: dict[str, set[int]] = {}
    for message in standin.world.messages.values():
        for embed in message.get("embeds") or []:
            footer = (embed.get("footer") or {}).get("text")
            if footer:
                counts[footer] += 1
                where.setdefault(footer, set()).add(int(message["channel_id"]))
                break
    return counts, where


async def run(*, quick: bool, deliveries: int, reactions: int, log: Callable[[str], None] = print) -> dict[str, Any]:
    directory = Path(tempfile.mkdtemp(prefix="netgroups-limits-"))
    session = _prepare(quick, directory, log)
    expected, first_new = _add_fan_out(session, deliveries)
    standin = session.standin
    errors = CountingHandler()
    logging.getLogger().addHandler(errors)
    standin.set_global_rate_limit(LIMIT, per=1.0)
    await standin.start()
    clock = SystemClock()
    results: dict[str, Any] = {}
    try:
        with standin.patch_discord_py():
            core = await build_core(
                settings_for(directory), clock, database_url=f"sqlite:///{session.database}", translator=Translator()
            )
            runner = DeliveryRunner(core.worker, core.editor, clock)
            core.bus.subscribe(runner.on_event)
            adapter = DiscordAdapter(core.inbound, standin.token, guild_ready_timeout=0.05)
            task = asyncio.create_task(adapter.client.start(standin.token), name="bench-discord-client")
            runner.start()
            try:
                started = time.monotonic()
                await asyncio.wait_for(adapter.ready.wait(), 120)
                log(f"  the bot is ready on the stand-in after {time.monotonic() - started:.1f} s")
                results["fan_out"] = await _fan_out(session, expected, first_new, task, deliveries=deliveries, log=log)
                results["rsvp_burst"] = await _rsvp_burst(
                    session, core, task, reactions=reactions, directory=directory, log=log
                )
            finally:
                await runner.stop()
                await adapter.close()
                with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                    await asyncio.wait_for(task, 10)
                await core.close()
    finally:
        await standin.stop()
        logging.getLogger().removeHandler(errors)
        session.reader.close()
        shutil.rmtree(directory, ignore_errors=True)
    results["errors_logged"] = errors.count
    results["first_errors"] = errors.first
    return results


async def _fan_out(
    session: _Session,
    expected: dict[str, tuple[int, int]],
    first_new: int,
    task: asyncio.Task[Any],
    *,
    deliveries: int,
    log: Callable[[str], None],
) -> dict[str, Any]:
    standin, reader = session.standin, session.reader
    calls_before = len(standin.calls)
    parents = deliveries // 10
    # Only the fan-out's own meetings: the bot's first planning tick also queues later meetings' calls and the
    # coordinators' digests, which stay pending until their day.
    meetings = sorted({int(marker.split(":")[1].removeprefix("o")) for marker in expected})
    marks = ",".join("?" * len(meetings))
    query = f"SELECT state, COUNT(*) FROM outbox WHERE id >= ? AND occurrence_id IN ({marks}) GROUP BY state"

    def finished() -> bool:
        rows = dict(reader.execute(query, (first_new, *meetings)).fetchall())
        settled = rows.get("sent", 0) + rows.get("failed", 0) + rows.get("skipped", 0)
        return settled >= parents + deliveries and not rows.get("pending") and not rows.get("claimed")

    started = time.monotonic()
    # At 50 requests/s, N deliveries with a DM channel to open for 9 in 10 need about 1.9·N/50 s.
    # The rate comes from the stand-in's request times; this poll only says when to stop looking.
    await _until(finished, 60 + deliveries * 2 / LIMIT * 3, "the fan-out to finish", task, every=0.5)
    waited = time.monotonic() - started
    calls = standin.calls[calls_before:]
    window = [
        call for call in calls if call.method == "POST" and call.path.startswith(("/channels/", "/users/@me/channels"))
    ]
    first_at, last_at = window[0].at, window[-1].at
    during = [call for call in calls if first_at <= call.at <= last_at]
    answered = [call for call in during if call.status < 400]
    limited = [call for call in calls if call.status == 429]
    duration = last_at - first_at
    rate = (len(answered) - 1) / duration if duration > 0 else 0.0
    counts, where = _footers(standin)
    lost = sorted(marker for marker in expected if counts[marker] == 0)
    duplicates = sum(counts[marker] - 1 for marker in expected if counts[marker] > 1)
    misdirected = 0
    for marker, (is_channel, target) in expected.items():
        channel = target if is_channel else standin.dm_channel_id(target)
        if counts[marker] and where.get(marker) != {channel}:
            misdirected += 1
    states = dict(reader.execute("SELECT state, COUNT(*) FROM outbox WHERE id >= ? GROUP BY state", (first_new,)))
    figures = {
        "deliveries": deliveries,
        "requests": len(answered),
        "seconds": round(duration, 2),
        "requests_per_s": round(rate, 2),
        "share_of_limit": round(rate / LIMIT, 4),
        "messages_per_s": round(deliveries / duration, 2) if duration else 0.0,
        "requests_429": len(limited),
        "lost": len(lost),
        "duplicates": duplicates,
        "misdirected": misdirected,
        "outbox_states": states,
        "wall_s": round(waited, 1),
        "first_lost": lost[:3],
    }
    log(
        f"  fan-out: {deliveries} deliveries, {len(answered)} requests in {duration:.1f} s = {rate:.1f}/s "
        f"({rate / LIMIT:.0%} of {LIMIT}/s), 429s {len(limited)}, lost {len(lost)}, duplicates {duplicates}"
    )
    return figures


async def _rsvp_burst(  # noqa: PLR0915 - one straight story: send the call, burst, wait, check
    session: _Session,
    core: Any,
    task: asyncio.Task[Any],
    *,
    reactions: int,
    directory: Path,
    log: Callable[[str], None],
) -> dict[str, Any]:
    standin, reader, data = session.standin, session.reader, session.data
    now = datetime.now(UTC)
    series_id = max(data.series_section)
    section_id = data.series_section[series_id]
    series = None
    async with core.store.transaction() as tx:
        series = await meetings.get_series(tx.conn, series_id)
        start = now + timedelta(days=3)
        await meetings.insert_occurrence(
            tx.conn, series_id=series_id, start=start, end=start + timedelta(minutes=90), place=series.place, now=now
        )
        occurrence = await meetings.occurrence_at(tx.conn, series_id, start)
        assert occurrence is not None
        await outbox.enqueue(
            tx.conn,
            dedupe_key=dedupe_key(Kind.CALL, "discord", occurrence_id=occurrence.id, target=f"section:{section_id}"),
            kind=Kind.CALL,
            community_id=1,
            platform="discord",
            due_at=now,
            deadline_at=start,
            section_id=section_id,
            occurrence_id=occurrence.id,
            series_id=series_id,
            now=now,
        )
        tx.emit(DeliveriesQueued())
    occurrence_id = occurrence.id

    def call_sent() -> bool:
        row = reader.execute(
            "SELECT external_channel, external_message FROM outbox WHERE occurrence_id = ? AND kind = 'call' "
            "AND state = 'sent'",
            (occurrence_id,),
        ).fetchone()
        return row is not None and len(standin.reactions_on(int(row[1]))) == 3

    await _until(call_sent, 30, "the meeting call", task)
    channel, message = (
        int(value)
        for value in reader.execute(
            "SELECT external_channel, external_message FROM outbox WHERE occurrence_id = ? AND kind = 'call'",
            (occurrence_id,),
        ).fetchone()
    )
    raw_rate = await raw_commit_rate(directory, 2_000 if reactions > 1000 else 500)
    await asyncio.sleep(2.5)  # past the editor's 2 s from any earlier edit
    low, _ = data.members[1]
    reactors = [session.users[member_id - 1] for member_id in range(low + 1, low + 1 + reactions)]
    planned = {user: _EMOJI[0 if index % 10 < 6 else 1 if index % 10 < 8 else 2] for index, user in enumerate(reactors)}
    expected = Counter(_ANSWER[emoji] for emoji in planned.values())
    edits_before = len(standin.calls_to("PATCH", f"/channels/{channel}/messages/{message}"))

    def stored() -> int:
        return int(reader.execute("SELECT COUNT(*) FROM rsvps WHERE occurrence_id = ?", (occurrence_id,)).fetchone()[0])

    progress: list[tuple[float, int]] = []  # (when, how many stored) at each change
    done = asyncio.Event()

    async def watch() -> None:
        """Until every answer is stored, or none more has been for 40 s (the pool's wait is 30 s)."""
        while True:
            count, at = stored(), time.monotonic()
            if not progress or count != progress[-1][1]:
                progress.append((at, count))
            if count >= reactions or at - progress[-1][0] > 40:
                done.set()
                return
            await asyncio.sleep(0.01)

    watcher = asyncio.create_task(watch())
    first = time.monotonic()
    for user, emoji in planned.items():
        await standin.add_reaction(channel, message, emoji, user)
    dispatched = time.monotonic() - first
    try:
        await done.wait()
    finally:
        watcher.cancel()
    stored_after = progress[-1][0] - first
    stored_count = progress[-1][1]
    # The last edit may wait for its 2 s; then the call must show the final counts.
    final_seen = await _final_call(standin, channel, message, expected, task)
    edits = standin.calls_to("PATCH", f"/channels/{channel}/messages/{message}")[edits_before:]
    gaps = [b.at - a.at for a, b in itertools.pairwise(edits)]
    window = (edits[-1].at - edits[0].at) if edits else 0.0
    db_counts = dict(
        reader.execute("SELECT answer, COUNT(*) FROM rsvps WHERE occurrence_id = ? GROUP BY answer", (occurrence_id,))
    )
    on_discord = {
        _ANSWER[emoji]: len([u for u in users if u != standin.bot_user_id])
        for emoji, users in standin.reactions_on(message).items()
        if emoji in _ANSWER
    }
    exact = db_counts == dict(expected) and on_discord == dict(expected) and final_seen == dict(expected)
    rate = stored_count / stored_after
    figures = {
        "reactions": reactions,
        "lost": reactions - stored_count,
        "path": "stand-in MESSAGE_REACTION_ADD -> discord.py -> DiscordAdapter.on_raw_reaction_add",
        "dispatched_in_s": round(dispatched, 2),
        "all_stored_after_s": round(stored_after, 2),
        "stored_per_s": round(rate, 1),
        "raw_commits_per_s": round(raw_rate, 1),
        "share_of_raw": round(rate / raw_rate, 4),
        "edits": len(edits),
        "edit_times_s": [round(call.at - first, 2) for call in edits],
        "min_edit_gap_s": round(min(gaps), 3) if gaps else None,
        "edits_allowed": int(window // 2) + 1,
        "expected": dict(expected),
        "stored": db_counts,
        "on_message": final_seen,
        "exact": exact,
    }
    log(
        f"  RSVP burst: {reactions} reactions sent in {dispatched:.1f} s, {stored_count} stored after "
        f"{stored_after:.1f} s "
        f"= {rate:.0f}/s vs raw commits {raw_rate:.0f}/s ({rate / raw_rate:.0%}); edits {len(edits)}"
        f" (min gap {figures['min_edit_gap_s']} s); counts exact: {exact}"
    )
    return figures


async def _final_call(
    standin: DiscordStandIn, channel: int, message: int, expected: Counter[str], task: asyncio.Task[Any]
) -> dict[str, int]:
    """The counts the call shows once the editor has caught up (waits up to 10 s for the last edit)."""
    seen: dict[str, int] = {}

    def shows_final() -> bool:
        nonlocal seen
        seen = _shown_counts(standin.message(message))
        return seen == dict(expected)

    with contextlib.suppress(TimeoutError):
        await _until(shows_final, 10, "the final edit", task)
    return seen


def _shown_counts(message: dict[str, Any]) -> dict[str, int]:
    for embed in message.get("embeds") or []:
        for part in [
            embed.get("description") or "",
            *(field.get("value") or "" for field in embed.get("fields") or []),
        ]:
            found = shown_counts(part)
            if found is not None:
                return found
    return {}
