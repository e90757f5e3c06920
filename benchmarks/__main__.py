"""``python -m benchmarks [--scale 1|10|100 ...] [--quick] [--out FILE.json] [--only PART ...]``.

Runs the benchmarks of issues 7 and 13, prints a table of each figure next to its target, and writes every figure
as JSON. ``--quick`` is a smoke test of about a minute: smaller counts, and the exit status says only
whether everything was correct (nothing lost or duplicated, counts exact), never whether a target was met.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.common import machine, quiet_logging
from benchmarks.generate import EPOCH, cached_scale, copy_database

PARTS = ("fanout-rsvp", "matrix-rsvp", "matrix-fanout", "timers", "startup", "commands", "feeds", "personal-data")
#: The parts that run on each scale database.
SCALE_PARTS = {"startup", "commands", "feeds", "personal-data"}


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=int, action="append", choices=(1, 10, 100), help="scale(s) to run (repeatable; default 1)"
    )
    parser.add_argument("--quick", action="store_true", help="smoke test: small counts, fails only on wrong results")
    parser.add_argument("--out", type=Path, help="write the figures here (default benchmarks/results/<time>.json)")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only these parts (repeatable)")
    parser.add_argument(
        "--calls", type=int, action="append", help="N for the Matrix fan-out (repeatable; default 200 1000 2000 10000)"
    )
    parser.add_argument(
        "--no-seed-reactions",
        action="store_true",
        help="Matrix fan-out with matrix.seed_reactions off (1 event a call)",
    )
    parser.add_argument("--series", type=int, help="series scheduled for the timer benchmark (default 100,000)")
    return parser.parse_args(argv)


def _log(line: str) -> None:
    print(line, flush=True)


async def _limits(quick: bool) -> dict[str, Any]:
    from benchmarks import discord_limits

    _log("fan-out and RSVP burst through discord.py and the Discord stand-in (50 requests/s)")
    if quick:
        return await discord_limits.run(quick=True, deliveries=300, reactions=200, log=_log)
    return await discord_limits.run(quick=False, deliveries=10_000, reactions=5_000, log=_log)


async def _matrix(quick: bool) -> dict[str, Any]:
    from benchmarks import matrix_burst

    _log("RSVP burst through a real Synapse and the MatrixAdapter")
    if quick:
        return await matrix_burst.run(quick=True, accounts=10, reactions=100, log=_log)
    return await matrix_burst.run(quick=False, accounts=100, reactions=1_000, log=_log)


async def _matrix_fanout(quick: bool, counts: list[int] | None, seeds: bool) -> dict[str, Any]:
    from benchmarks import matrix_fanout

    chosen = counts or ([100] if quick else [200, 1_000, 2_000, 10_000])
    how = "with" if seeds else "without"
    _log(f"meeting calls due in one second in 10 rooms, {how} seed reactions, through a real Synapse: N = {chosen}")
    return await matrix_fanout.run(quick=quick, counts=chosen, seeds=seeds, log=_log)


async def _timers(quick: bool, scales: list[int], series: int | None) -> dict[str, Any]:
    from benchmarks import timers

    count = series or (1_000 * max(scales) if quick else 100_000)
    _log(f"timer precision with {count:,} series scheduled (real DeliveryRunner, no rate limit)")
    if quick:
        return await timers.run(series=count, probes=40, window=6.0, log=_log)
    figures = await timers.run(series=count, probes=600, window=60.0, log=_log)
    _log("  again, the day's look at every section due at the start (it runs while the probes come due):")
    figures["daily_look"] = await timers.run(series=count, probes=600, window=60.0, daily_look=True, log=_log)
    return figures


async def _scale(scale: int, quick: bool, parts: set[str]) -> dict[str, Any]:
    from benchmarks import commands, feeds, personal_data, startup

    data = cached_scale(scale, log=_log)
    result: dict[str, Any] = {"rows": data.rows or None, "database_mb": round(data.path.stat().st_size / 2**20, 1)}
    work = Path(tempfile.mkdtemp(prefix=f"netgroups-scale{scale}-"))
    if "personal-data" in parts:
        # First, on copies of its own (the other parts change theirs).
        _log(f"scale {scale}: a member's export, and the retention purge with a command beside it")
        result["personal_data"] = await personal_data.measure(data, work, quick=quick, log=_log)
    if not parts & {"startup", "commands", "feeds"}:
        shutil.rmtree(work, ignore_errors=True)
        return result
    copy = copy_database(data.path, work / "netgroups.db")
    epoch = EPOCH.isoformat()
    if "startup" in parts:
        _log(f"scale {scale}: start-up to ready in a fresh process")
        result["startup"] = startup.measure(
            copy,
            epoch,
            read_back_cap=5.0 if quick else startup.READ_BACK_CAP,
        )
        figures = result["startup"]
        done = "all" if figures["read_back_done"] else f"{figures['read_back_calls']:,} (stopped at the cap)"
        _log(
            f"  ready after {figures['spawn_to_ready_s']} s (build_core {figures['build_core_s']} s, "
            f"prepare_delivery {figures['prepare_delivery_s']} s), peak RSS {figures['peak_rss_mb']} MB; "
            f"first round {figures['first_round_s']} s, {figures['first_round_edits']} edits; read back after ready: "
            f"{done} of {figures['calls_to_read_back']:,} calls of meetings not started "
            f"({figures['open_calls']:,} open) at {figures['read_back_s_per_call'] * 1000:.1f} ms each "
            f"(all ≈ {figures['read_back_projected_s']} s unthrottled; "
            f"{figures['read_back_projected_with_digests_s']} s when calls carry digests, "
            f"{figures['read_back_at_discord_budget_s']} s at Discord's budget); "
            f"close during it {figures['close_during_read_back_s']} s"
        )
        if not quick:
            result["console"] = startup.measure_console(copy, epoch)
            _log(f"  python -m netgroups console < /dev/null: {result['console']}")
    if "commands" in parts:
        _log(f"scale {scale}: command latency (in-process dispatch)")
        result["commands"] = await commands.measure(data, copy, iterations=20 if quick else 1000, log=_log)
    if "feeds" in parts:
        _log(f"scale {scale}: a section's calendar feed and page, {feeds.CONCURRENCY} clients over loopback")
        result["feeds"] = await feeds.measure(data, copy, requests=500 if quick else 10_000, log=_log)
    shutil.rmtree(work, ignore_errors=True)
    return result


async def _main(arguments: argparse.Namespace) -> int:
    quiet_logging()
    scales = sorted(set(arguments.scale or [1]))
    parts = set(arguments.only or PARTS)
    began = time.monotonic()
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": arguments.quick,
        "scales": scales,
        "machine": machine(),
        "python": platform.python_version(),
    }
    sections: dict[str, float] = {}
    if "fanout-rsvp" in parts:
        stamp = time.monotonic()
        results["limits"] = await _limits(arguments.quick)
        sections["fanout-rsvp"] = time.monotonic() - stamp
    if "matrix-rsvp" in parts:
        stamp = time.monotonic()
        results["matrix_rsvp"] = await _matrix(arguments.quick)
        sections["matrix-rsvp"] = time.monotonic() - stamp
    if "matrix-fanout" in parts:
        stamp = time.monotonic()
        seeds = not arguments.no_seed_reactions
        results["matrix_fanout"] = await _matrix_fanout(arguments.quick, arguments.calls, seeds)
        sections["matrix-fanout"] = time.monotonic() - stamp
    if "timers" in parts:
        stamp = time.monotonic()
        results["timers"] = await _timers(arguments.quick, scales, arguments.series)
        sections["timers"] = time.monotonic() - stamp
    results["scale"] = {}
    for scale in scales:
        if parts & SCALE_PARTS:
            stamp = time.monotonic()
            results["scale"][str(scale)] = await _scale(scale, arguments.quick, parts)
            sections[f"scale {scale}"] = time.monotonic() - stamp
    results["seconds"] = {name: round(value, 1) for name, value in sections.items()}
    results["seconds"]["total"] = round(time.monotonic() - began, 1)
    table, verdicts = report.evaluate(results)
    results["targets"] = verdicts
    results["correct"], problems = report.correctness(results)
    print()
    print(table)
    out = _write(arguments.out, results)
    print(f"\nfigures written to {out}")
    if problems:
        print("\nINCORRECT:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    return 0


def _write(out: Path | None, results: dict[str, Any]) -> Path:
    target = out or Path(__file__).with_name("results") / f"{results['started'].replace(':', '')}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    return asyncio.run(_main(_arguments(argv)))


if __name__ == "__main__":
    sys.exit(main())
