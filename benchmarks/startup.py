"""Start-up to ready, the read-back of reactions after it, and peak memory, in a fresh process.

The child process (``python -m benchmarks.startup DB``) does what ``netgroups run`` does before the bot
is ready on Discord, with the platform replaced by one that answers at once: imports, ``build_core``
(opening the database, checking migrations), then ``add_gateway`` + ``prepare_delivery`` (take back stale
claims, start the read-back of reactions in the background, wake the delivery loop). That is "ready":
DiscordAdapter sets ``ready`` right after. The parent measures wall time from spawn to the child's
"ready" line, and the child's peak RSS (VmHWM) over the whole run, read-back included.

After ready, as in production, the first delivery round (worker tick, then the call editor's flush of
the calls whose answers changed) runs while the read-back job works through the calls of meetings not
yet started, soonest first. The platform's answers to the read-back come from the database (what the
members' reactions would be if nothing changed while the bot was away), so the job does its real work
and changes nothing: no call is marked for an edit. The job runs without a request budget here, which
measures what the bot's side costs per call (its ceiling); for more than ``READ_BACK_CAP`` seconds it is
stopped by ``Core.close`` (the clean-shutdown path, timed) and the rest is projected at the measured
rate. What real Discord would take at the adapter's budget is computed from that budget.

Also measured: ``python -m netgroups console --db COPY --clock EPOCH`` with an empty standard input (start,
nothing to do, exit), as a second, platform-free reading.
"""

from __future__ import annotations

import time

_T0 = time.monotonic()

import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

#: Emoji by answer, as the bot seeds them on a call.
_EMOJI = {"yes": "✅", "maybe": "🤔", "no": "❌"}
#: Seconds of read-back after ready after which the job is stopped and the rest projected from its rate.
READ_BACK_CAP = 90.0
DIGEST_SAMPLE = 200
_SAMPLE_CALLS = (
    "SELECT o.occurrence_id FROM outbox o JOIN occurrences c ON c.id = o.occurrence_id WHERE o.kind = 'call' "
    "AND o.state = 'sent' AND o.platform = 'discord' AND c.start_at > ? ORDER BY c.start_at LIMIT ?"
)


async def _child(database: Path, epoch: str, read_back_cap: float) -> dict[str, Any]:
    from benchmarks.common import FastGateway, current_rss_mb, peak_rss_mb, quiet_logging, settings_for

    quiet_logging()
    from bot.bootstrap import build_core
    from bot.clock import SimulatedClock
    from bot.ports import ReactionSnapshot, SentMessage

    imported = time.monotonic()
    reader = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    stamp = datetime.fromisoformat(epoch).replace(tzinfo=None).isoformat(" ", "microseconds")
    read_back: list[float] = []  # when each read-back started

    async def reactions_of(message: SentMessage) -> ReactionSnapshot:
        read_back.append(time.monotonic())
        rows = reader.execute(
            "SELECT r.answer, i.external_id FROM outbox o JOIN rsvps r ON r.occurrence_id = o.occurrence_id "
            "JOIN identities i ON i.member_id = r.member_id AND i.platform = o.platform "
            "WHERE o.platform = 'discord' AND o.external_message = ? AND r.source = 'reaction:discord'",
            (message.message,),
        ).fetchall()
        found: dict[str, set[str]] = {}
        for answer, user in rows:
            found.setdefault(_EMOJI[answer], set()).add(user)
        return ReactionSnapshot({emoji: frozenset(users) for emoji, users in found.items()})

    clock = SimulatedClock(datetime.fromisoformat(epoch))
    core = await build_core(settings_for(), clock, database_url=f"sqlite:///{database}")
    built = time.monotonic()
    gateway = FastGateway(reactions_of=reactions_of)

    core.add_gateway(gateway)
    await core.prepare_delivery()
    ready = time.monotonic()
    print(f"READY {ready}", flush=True)
    rss_ready = current_rss_mb()

    # The first delivery round after ready, while the read-back runs beside it (one database connection).
    round_started = time.monotonic()
    await core.worker.tick()
    tick_seconds = time.monotonic() - round_started
    flush_started = time.monotonic()
    await core.editor.flush()
    flush_seconds = time.monotonic() - flush_started
    first_read_after_ready = (read_back[0] - ready) if read_back else None

    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(core.reconciled(), max(0.0, read_back_cap - (time.monotonic() - ready)))
    progress = core.reconciler.progress["discord"]
    rss_read_back = current_rss_mb()
    # The generated calls carry no digest of what they show (they predate it), so the read-back above skipped
    # the check for an edit owed; with digests each read call also composes its content once. Timed on a sample.
    sample = [row[0] for row in reader.execute(_SAMPLE_CALLS, (stamp, DIGEST_SAMPLE)).fetchall()]
    owed_started = time.monotonic()
    for occurrence_id in sample:
        await core.editor.owed(occurrence_id, "no digest matches this")
    owed_per_call = (time.monotonic() - owed_started) / len(sample) if sample else 0.0
    closing = time.monotonic()
    await core.close()  # cancels the read-back if it is still going
    close_seconds = time.monotonic() - closing
    # Counted only now: at scale 100 this join over the outbox takes seconds, which are not the bot's.
    open_total, not_started = reader.execute(
        "SELECT COUNT(*), COALESCE(SUM(c.start_at > ?), 0) FROM outbox o JOIN occurrences c ON c.id = o.occurrence_id "
        "WHERE o.kind = 'call' AND o.state = 'sent' AND o.platform = 'discord' AND c.end_at > ? "
        "AND c.status != 'cancelled'",
        (stamp, stamp),
    ).fetchone()
    finished = progress.finished if progress.finished is not None else closing
    span = finished - ready
    per_call = span / progress.calls if progress.calls else 0.0
    return {
        "import_s": round(imported - _T0, 3),
        "build_core_s": round(built - imported, 3),
        "prepare_delivery_s": round(ready - built, 3),
        "in_process_to_ready_s": round(ready - _T0, 3),
        "rss_at_ready_mb": round(rss_ready, 1),
        "open_calls": open_total,
        "calls_to_read_back": not_started,
        "read_back_done": progress.done,
        "read_back_calls": progress.calls,
        "read_back_changed": progress.changed,
        "read_back_s": round(span, 2),
        "read_back_s_per_call": round(per_call, 5),
        "read_back_projected_s": round(per_call * not_started, 1),
        "owed_check_s_per_call": round(owed_per_call, 5),
        "read_back_projected_with_digests_s": round((per_call + owed_per_call) * not_started, 1),
        "first_read_back_after_ready_s": None if first_read_after_ready is None else round(first_read_after_ready, 3),
        "rss_during_read_back_mb": round(rss_read_back, 1),
        "close_during_read_back_s": round(close_seconds, 3),
        "calls_marked_for_edit": len(core.editor._dirty),
        "first_tick_s": round(tick_seconds, 3),
        "first_flush_s": round(flush_seconds, 3),
        "first_round_s": round(tick_seconds + flush_seconds, 2),
        "first_round_edits": len(gateway.edits),
        "peak_rss_in_child_mb": round(peak_rss_mb(), 1),
    }


def measure(database: Path, epoch: str, *, read_back_cap: float = READ_BACK_CAP) -> dict[str, Any]:
    """Run the child on ``database`` (changed by it: use a copy) and return its figures."""
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "benchmarks.startup",
        str(database),
        epoch,
        str(read_back_cap),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parents[1])
    assert process.stdout is not None
    ready_at = None
    report = None
    for line in process.stdout:
        if line.startswith("READY "):
            ready_at = float(line.split()[1])
        elif line.startswith("{"):
            report = json.loads(line)
    code = process.wait()
    if code != 0 or report is None or ready_at is None:
        raise RuntimeError(f"the start-up child failed with status {code}")
    from adapters.discord.app import READ_BACK_BUDGET

    # On real Discord the job is held to the adapter's budget, well below the bot's own ceiling measured above.
    at_budget = report["calls_to_read_back"] * READ_BACK_BUDGET.interval
    return {
        "spawn_to_ready_s": round(ready_at - started, 3),
        **report,
        "read_back_at_discord_budget_s": round(at_budget, 1),
        "discord_budget_requests_per_s": READ_BACK_BUDGET.requests_per_second,
        "peak_rss_mb": report["peak_rss_in_child_mb"],
    }


def measure_console(database: Path, epoch: str) -> dict[str, Any]:
    """``python -m netgroups console`` with empty standard input: wall time to exit and peak RSS.

    Run as ``python -m benchmarks.startup --console …``, which calls ``netgroups.cli.main`` (what
    ``python -m netgroups`` runs) and then reports the process's own high-water mark."""
    started = time.monotonic()
    process = subprocess.run(
        [sys.executable, "-m", "benchmarks.startup", "--console", str(database), epoch],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[1],
        env={**os.environ, "NETGROUPS_LOGGING_LEVEL": "WARNING"},
        check=False,
    )
    elapsed = time.monotonic() - started
    if process.returncode != 0:
        raise RuntimeError(f"bot console failed with status {process.returncode}: {process.stderr[-500:]}")
    peak = float(process.stderr.strip().splitlines()[-1].split()[-1])
    return {"start_to_exit_s": round(elapsed, 3), "peak_rss_mb": round(peak, 1)}


def _console(database: str, epoch: str) -> int:
    from benchmarks.common import peak_rss_mb
    from netgroups.cli import main

    status = main(["console", "--db", database, "--clock", epoch])
    print(f"peak RSS MiB {peak_rss_mb():.1f}", file=sys.stderr)
    return status


if __name__ == "__main__" and sys.argv[1] == "--console":
    sys.exit(_console(sys.argv[2], sys.argv[3]))
elif __name__ == "__main__":
    figures = asyncio.run(_child(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])))
    print(json.dumps(figures), flush=True)
