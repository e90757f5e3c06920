"""Start-up to ready, and peak memory, in a fresh process on the scale database.

The child process (``python -m benchmarks.startup DB``) does what ``netgroups run`` does before the bot
is ready on Discord, with the platform replaced by one that answers at once: imports, ``build_core``
(opening the database, checking migrations), then ``add_gateway`` + ``prepare_delivery`` (take back stale
claims, read back the reactions on every open meeting call and make the stored answers match, mark those
calls for an edit). That is "ready": DiscordAdapter sets ``ready`` right after. The platform's answers to
the reaction read-back come from the database (what the members' reactions would be if nothing changed
while the bot was away), so reconciliation does its real work and changes nothing. Then the first
delivery round (the worker's tick and the call editor's flush, which re-renders every marked call) is
timed separately: the flush on a sample of the marked calls, extrapolated to all of them. The parent
measures wall time from spawn to the child's "ready" line, and the child's peak RSS from ``wait4``.

Also measured: ``python -m bot console --db COPY --clock EPOCH`` with an empty standard input (start,
nothing to do, exit), as a second, platform-free reading.
"""

from __future__ import annotations

import time

_T0 = time.monotonic()

import asyncio  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

#: Emoji by answer, as the bot seeds them on a call.
_EMOJI = {"yes": "✅", "maybe": "🤔", "no": "❌"}
FIRST_ROUND_SAMPLE = 500
#: Seconds of reaction read-back (reconciliation) after which the rest is projected from the rate so far.
READ_BACK_CAP = 90.0


async def _child(database: Path, epoch: str, first_round_sample: int, read_back_cap: float) -> dict[str, Any]:
    from benchmarks.common import FastGateway, current_rss_mb, peak_rss_mb, quiet_logging, settings_for

    quiet_logging()
    from bot.bootstrap import build_core
    from bot.clock import SimulatedClock
    from bot.ports import ReactionSnapshot, SentMessage

    imported = time.monotonic()
    reader = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    stamp = datetime.fromisoformat(epoch).replace(tzinfo=None).isoformat(" ", "microseconds")
    open_total = reader.execute(
        "SELECT COUNT(*) FROM outbox o JOIN occurrences c ON c.id = o.occurrence_id WHERE o.kind = 'call' "
        "AND o.state = 'sent' AND o.platform = 'discord' AND c.end_at > ?",
        (stamp,),
    ).fetchone()[0]
    read_back: list[float] = []  # when the read-backs within the cap started
    cap_hit = False

    async def reactions_of(message: SentMessage) -> ReactionSnapshot:
        nonlocal cap_hit
        now = time.monotonic()
        if read_back and now - read_back[0] > read_back_cap:
            # Past the cap the platform "fails": reconciliation logs it and moves on (its logger is muted).
            cap_hit = True
            raise RuntimeError("benchmark cap on the reaction read-back")
        read_back.append(now)
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

    async def resolve(community_id: int, user: str) -> Any:
        return await core.services.communities.member_by_account(community_id, "discord", user)

    core.add_gateway(gateway, resolve)
    logging.getLogger("bot.delivery.reconcile").setLevel(logging.CRITICAL)
    await core.prepare_delivery()
    ready = time.monotonic()
    print(f"READY {ready}", flush=True)
    rss_ready = current_rss_mb()
    marked = len(core.editor._dirty)
    # Within the cap: how long each open call took to reconcile, and what all of them would take.
    per_read = (read_back[-1] - read_back[0]) / (len(read_back) - 1) if len(read_back) > 1 else 0.0
    projected_ready = (ready - _T0) + (per_read * (open_total - len(read_back)) if cap_hit else 0.0)

    # The first delivery round after ready: the worker's tick, then the editor's flush of every marked call.
    # The flush is timed on a sample of the marked calls and extrapolated (at scale 100 it runs for minutes).
    round_started = time.monotonic()
    await core.worker.tick()
    tick_seconds = time.monotonic() - round_started
    dirty = sorted(core.editor._dirty)
    sample = dirty[:first_round_sample]
    core.editor._dirty = set(sample)
    flush_started = time.monotonic()
    if sample:
        await core.editor.flush()
    per_call = (time.monotonic() - flush_started) / len(sample) if sample else 0.0
    await core.close()
    return {
        "import_s": round(imported - _T0, 3),
        "build_core_s": round(built - imported, 3),
        "prepare_delivery_s": round(ready - built, 3),
        "in_process_to_ready_s": round(ready - _T0, 3),
        "rss_at_ready_mb": round(rss_ready, 1),
        "open_calls_read_back": open_total,
        "read_back_capped": cap_hit,
        "read_back_s_per_call": round(per_read, 5),
        "projected_to_ready_s": round(projected_ready, 2),
        "calls_marked_for_edit": marked,
        "first_tick_s": round(tick_seconds, 3),
        "edit_s_per_call": round(per_call, 4),
        "first_round_s": round(tick_seconds + per_call * len(dirty), 1),
        "first_round_sampled": len(sample),
        "first_round_edits": len(gateway.edits),
        "peak_rss_in_child_mb": round(peak_rss_mb(), 1),
    }


def measure(
    database: Path, epoch: str, *, first_round_sample: int = FIRST_ROUND_SAMPLE, read_back_cap: float = READ_BACK_CAP
) -> dict[str, Any]:
    """Run the child on ``database`` (changed by it: use a copy) and return its figures."""
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "benchmarks.startup",
        str(database),
        epoch,
        str(first_round_sample),
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
    spawn_to_ready = ready_at - started
    if report["read_back_capped"]:
        # Projected: what the capped part of reconciliation would have added at the rate measured.
        spawn_to_ready += report["projected_to_ready_s"] - report["in_process_to_ready_s"]
    return {"spawn_to_ready_s": round(spawn_to_ready, 3), **report, "peak_rss_mb": report["peak_rss_in_child_mb"]}


def measure_console(database: Path, epoch: str) -> dict[str, Any]:
    """``python -m bot console`` with empty standard input: wall time to exit and peak RSS.

    Run as ``python -m benchmarks.startup --console …``, which calls ``bot.cli.main`` (what ``python -m bot``
    runs) and then reports the process's own high-water mark."""
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
    from bot.cli import main

    status = main(["console", "--db", database, "--clock", epoch])
    print(f"peak RSS MiB {peak_rss_mb():.1f}", file=sys.stderr)
    return status


if __name__ == "__main__" and sys.argv[1] == "--console":
    sys.exit(_console(sys.argv[2], sys.argv[3]))
elif __name__ == "__main__":
    figures = asyncio.run(_child(Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
    print(json.dumps(figures), flush=True)
