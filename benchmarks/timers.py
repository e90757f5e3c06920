"""Timer precision: how late deliveries go out with the real DeliveryRunner, many series scheduled, no rate limit.

Method. A database holds N active series in the state a running bot keeps (occurrences planned to the
horizon, their agendas, answers on open calls, every delivery of the next days pending, every coordinator's
next digest waiting, the day's look at every section done, and the planner's next look at each series spread
over the coming day, so some series are planned during the run, as in production). A second run starts with the
day's look due, so that it runs (seconds at scale) while the probes come due. Into it go P probes due at instants
spread at random over a window of W seconds that starts a few seconds after the bot is up: half are meeting calls
(one post each), half are ``reminder-60`` audience rows (fanned out at their due instant into a channel post and
two DMs: two hops through the outbox). The bot runs as ``netgroups run`` runs it: ``build_core`` on that file,
the real ``DeliveryRunner`` (APScheduler as the wake-up timer, ``SystemClock``), with a platform that answers at
once (no network, no rate limit).
Lateness of a post = the wall-clock instant the platform received it minus the due instant of the row it
came from (for a fanned-out DM or channel post, its audience row's). Reported: p50, p99 and max over all
probe posts, and the duration of the worker's ticks (plan, skip superseded, claim and send; the runner has a
loop per platform and one for planning and edits, each calling tick).
"""

from __future__ import annotations

import asyncio
import logging
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from adapters.discord.app import READ_BACK_BUDGET
from benchmarks.common import CountingHandler, FastGateway, settings_for, summary_ms
from benchmarks.generate import Generated, Shape, generate
from bot.bootstrap import build_core
from bot.clock import SystemClock
from bot.delivery.runner import DeliveryRunner

#: Everything due before generation time plus this margin is generated as done; nothing else is due
#: until the probes, whatever the time generation and start-up take.
_DONE_MARGIN = timedelta(minutes=15)
_LEAD = 4.0


def shape_for(series: int) -> Shape:
    """N series as communities of 100 sections x 10 series, a few hundred members each, no history."""
    communities = max(1, series // 1000)
    return Shape(communities=communities, members=300, history_weeks=0, rsvps_per_meeting=5, series_per_section=10)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _add_probes(data: Generated, count: int, window: float, lead: float) -> dict[str, float]:
    """P probes due over the window; returns marker -> due instant (epoch seconds) of every expected post."""
    rng = random.Random(5)
    engine = create_engine(f"sqlite:///{data.path}")
    first_due = datetime.now(UTC) + timedelta(seconds=lead)
    # One probe per section: a member's reminder choice is set per probe, so no two probes share members.
    by_section: dict[int, int] = {}
    for series_id, section_id in sorted(data.series_section.items()):
        by_section.setdefault(section_id, series_id)
    chosen = rng.sample(sorted(by_section.values()), count)
    expected: dict[str, float] = {}
    used: set[int] = set()  # a member's reminder choice is set per probe: no member in two probes
    with engine.begin() as conn:
        # The planner's next look, as of now rather than as of the margin ahead (see _DONE_MARGIN).
        conn.execute(
            text(
                "UPDATE meeting_series "
                "SET next_plan_at = strftime('%Y-%m-%d %H:%M:%f', next_plan_at, '-15 minutes') || '000'"
            )
        )
        occurrence_id = int(conn.execute(text("SELECT COALESCE(MAX(id), 0) FROM occurrences")).scalar_one())
        for index, series_id in enumerate(chosen):
            occurrence_id += 1
            section_id = data.series_section[series_id]
            community_id = 1 + (section_id - 1) // (data.shape.sections + 2)
            due = first_due + timedelta(seconds=rng.uniform(0, window))
            call = index % 2 == 0
            start = due + (timedelta(hours=2) if call else timedelta(minutes=60))
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
                    "now": _stamp(due),
                },
            )
            if call:
                kind, key = "call", f"o{occurrence_id}:call:section:{section_id}:discord"
                expected[f"netgroups:{key}"] = due.timestamp()
            else:
                kind, key = "reminder-60", f"o{occurrence_id}:reminder-60:audience:discord"
                candidates = conn.execute(
                    text("SELECT member_id FROM memberships WHERE section_id = :s ORDER BY member_id"),
                    {"s": section_id},
                )
                people = [int(row[0]) for row in candidates if int(row[0]) not in used][:3]
                used.update(people)
                for position, member_id in enumerate(people):
                    via = "channel" if position == 0 else "dm"
                    conn.execute(text("UPDATE members SET reminder_via = :v WHERE id = :m"), {"v": via, "m": member_id})
                    conn.execute(
                        text(
                            "INSERT OR REPLACE INTO rsvps (occurrence_id, member_id, answer, waitlisted, source, "
                            "updated_at) VALUES (:o, :m, 'yes', 0, 'command', :now)"
                        ),
                        {"o": occurrence_id, "m": member_id, "now": _stamp(due)},
                    )
                    target = f"section:{section_id}:discord" if via == "channel" else f"member:{member_id}"
                    expected[f"netgroups:o{occurrence_id}:reminder-60:{target}"] = due.timestamp()
            conn.execute(
                text(
                    "INSERT INTO outbox (dedupe_key, kind, community_id, platform, section_id, occurrence_id, "
                    "series_id, due_at, deadline_at, state, attempts, created_at) VALUES (:key, :kind, :c, 'discord', "
                    ":section, :o, :series, :due, :deadline, 'pending', 0, :now)"
                ),
                {
                    "key": key,
                    "kind": kind,
                    "c": community_id,
                    "section": section_id,
                    "o": occurrence_id,
                    "series": series_id,
                    "due": _stamp(due),
                    "deadline": _stamp(start),
                    "now": _stamp(due),
                },
            )
    engine.dispose()
    return expected


def _as_kept_running(data: Generated, now: datetime, *, look_done: bool) -> None:
    """What a bot that has been running keeps besides the schedule: every coordinator's next digest waiting in the
    outbox (tomorrow morning), and (``look_done``) today's look at every section done (``SectionWatch``: a day after
    the last)."""
    tomorrow = (now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    engine = create_engine(f"sqlite:///{data.path}")
    with engine.begin() as conn:
        if look_done:
            conn.execute(
                text(
                    "INSERT INTO platform_state (platform, key, value, updated_at) "
                    "VALUES ('core', 'watch:last', :v, :t)"
                ),
                {"v": now.isoformat(), "t": _stamp(now)},
            )
        conn.execute(
            text(
                "INSERT INTO outbox (dedupe_key, kind, community_id, platform, member_id, due_at, deadline_at, state, "
                "attempts, created_at) "
                "SELECT 'digest:member:' || m.member_id || ':' || :day, 'digest', MIN(s.community_id), 'discord', "
                "m.member_id, :due, :deadline, 'pending', 0, :now FROM memberships m JOIN sections s ON s.id = "
                "m.section_id WHERE m.role = 'coordinator' AND s.status = 'active' AND s.kind != 'coordinators' "
                "GROUP BY m.member_id"
            ),
            {
                "day": tomorrow.date().isoformat(),
                "due": _stamp(tomorrow),
                "deadline": _stamp(tomorrow.replace(hour=19)),
                "now": _stamp(now),
            },
        )
    engine.dispose()


async def run(
    *, series: int, probes: int, window: float, daily_look: bool = False, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """With ``daily_look`` the day's look at every section (``SectionWatch``) is due when the bot starts, and runs
    while the probes come due; without, the bot starts as it restarts on a normal day."""
    directory = Path(tempfile.mkdtemp(prefix="netgroups-timers-"))
    shape = shape_for(series)
    started = time.perf_counter()
    data = generate(directory / "timers.db", shape, now=datetime.now(UTC) + _DONE_MARGIN)
    log(
        f"  generated {len(data.series_section):,} scheduled series ({data.rows:,} rows) "
        f"in {time.perf_counter() - started:.1f} s"
    )
    _as_kept_running(data, datetime.now(UTC), look_done=not daily_look)
    clock = SystemClock()
    errors = CountingHandler()
    logging.getLogger().addHandler(errors)
    core = await build_core(settings_for(directory), clock, database_url=f"sqlite:///{data.path}")
    gateway = FastGateway()

    # The platform stands for Discord: the open calls are read back at the pace the Discord adapter allows.
    core.add_gateway(gateway, READ_BACK_BUDGET)
    rounds: list[float] = []
    tick = core.worker.tick

    async def timed_tick(*args: Any, **kwargs: Any) -> int:
        began = time.perf_counter()
        try:
            return await tick(*args, **kwargs)
        finally:
            rounds.append(time.perf_counter() - began)

    core.worker.tick = timed_tick  # type: ignore[method-assign]
    # The probes' instants are set now, after start-up, so that start-up time is not counted as lateness.
    expected = _add_probes(data, probes, window, _LEAD)
    runner = DeliveryRunner(core.worker, core.editor, clock)
    core.bus.subscribe(runner.on_event)
    runner.start()
    try:
        deadline = time.time() + _LEAD + window + 30
        while time.time() < deadline:
            seen = {marker for _, _, marker in gateway.sent}
            if all(marker in seen for marker in expected):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        stopped = time.time()
    finally:
        await runner.stop()
        await core.close()
        logging.getLogger().removeHandler(errors)
    shutil.rmtree(directory, ignore_errors=True)
    figures = _figures(gateway, expected, stopped, rounds)
    figures.update(
        series_scheduled=len(data.series_section),
        probes=probes,
        window_s=window,
        errors_logged=errors.count,
        first_errors=errors.first,
        generation_s=round(data.seconds, 1),
    )
    lateness = figures["lateness"]
    log(
        f"  timers: {len(data.series_section):,} series, {len(expected)} probe posts: lateness p50 "
        f"{lateness.get('p50_ms')} ms, p99 {lateness.get('p99_ms')} ms, max {lateness.get('max_ms')} ms; "
        f"ticks p50 {figures['ticks'].get('p50_ms')} ms; unsent {figures['unsent']}, duplicates {figures['duplicates']}"
    )
    return figures


def _figures(gateway: FastGateway, expected: dict[str, float], stopped: float, ticks: list[float]) -> dict[str, Any]:
    arrivals: dict[str, list[float]] = {}
    for at, _, marker in gateway.sent:
        arrivals.setdefault(marker, []).append(at)
    # A post never sent counts as late as the wait lasted (a lower bound), so the percentiles do not flatter.
    late = [arrivals[marker][0] - due if marker in arrivals else stopped - due for marker, due in expected.items()]
    direct = [arrivals[m][0] - due for m, due in expected.items() if m in arrivals and ":call:" in m]
    fanned = [arrivals[m][0] - due for m, due in expected.items() if m in arrivals and ":call:" not in m]
    return {
        "posts_expected": len(expected),
        "lateness": summary_ms(late),
        "lateness_calls": summary_ms(direct),
        "lateness_fanned_out": summary_ms(fanned),
        "ticks": summary_ms(ticks),
        "other_posts": len([1 for _, _, marker in gateway.sent if marker not in expected]),
        # Not sent by the end of the wait (window + 30 s): lost in the smoke test, hopelessly late otherwise.
        "unsent": len([marker for marker in expected if marker not in arrivals]),
        "duplicates": sum(len(arrivals[marker]) - 1 for marker in expected if marker in arrivals),
        "early": sum(1 for value in late if value < 0),
    }
