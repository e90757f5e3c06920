"""The figures next to their targets (issue 7), and the correctness checks the smoke test fails on."""

from __future__ import annotations

from typing import Any

from benchmarks.commands import COMMANDS

FAN_OUT_SHARE = 0.95
#: Issue 18 (issue 7 had 1,000 ms): at 100,000 series, on a normal day and while the day's section look runs.
TIMER_P99_MS = 50.0
RSVP_SHARE = 0.5
EDIT_GAP_S = 2.0
#: The stand-in timestamps a PATCH on arrival; the editor spaces them by its clock before the request.
_EDIT_JITTER_S = 0.1
STARTUP_S = 3.0
STARTUP_MB = 250.0
#: Issue 18 (issue 7 had 10 ms).
COMMAND_P99_MS = 2.0
FEED_P99_MS = 20.0
FEED_RATE = 1000.0
#: Issue 13: the retention purge never holds SQLite's writer longer than this at a time.
PURGE_HOLD_MS = 100.0
TARGET_SCALE = 100
#: Issue 18: the Matrix fan-out's p99 within this factor of N / (the floor / events per call), and below the
#: p99 of matrix-reminder-bot 0.4.0 measured on this machine (seconds, by N).
FANOUT_FLOOR_FACTOR = 1.5
MATRIX_PEER_P99_S = {200: 12.5, 1_000: 31.6, 2_000: 24.9}


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "MISSED")


def evaluate(results: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    rows: list[dict[str, Any]] = []

    def add(figure: str, scale: str, measured: str, target: str, ok: bool | None) -> None:
        rows.append({"figure": figure, "scale": scale, "measured": measured, "target": target, "verdict": _verdict(ok)})

    limits = results.get("limits") or {}
    fan = limits.get("fan_out")
    if fan:
        add(
            "fan-out rate",
            "-",
            f"{fan['requests_per_s']:.1f} req/s = {fan['share_of_limit']:.1%} of 50/s "
            f"({fan['deliveries']} deliveries, {fan['requests']} requests, {fan['requests_429']} × 429)",
            f"≥ {FAN_OUT_SHARE:.0%}",
            fan["share_of_limit"] >= FAN_OUT_SHARE,
        )
        add(
            "fan-out lost / duplicated",
            "-",
            f"{fan['lost']} / {fan['duplicates']} (misdirected {fan['misdirected']})",
            "0 / 0",
            fan["lost"] == 0 and fan["duplicates"] == 0 and fan["misdirected"] == 0,
        )
    timers = results.get("timers")
    for label, run in (("", timers), (", day's look running", (timers or {}).get("daily_look"))):
        if run and run["lateness"].get("n"):
            late = run["lateness"]
            add(
                f"timer lateness p50 / p99{label}",
                "-",
                f"{late['p50_ms']:.0f} / {late['p99_ms']:.0f} ms (max {late['max_ms']:.0f}; "
                f"{run['series_scheduled']:,} series, {run['posts_expected']} posts)",
                f"p99 ≤ {TIMER_P99_MS:.0f} ms",
                late["p99_ms"] <= TIMER_P99_MS,
            )
    burst = limits.get("rsvp_burst")
    if burst:
        add(
            "RSVP burst store rate",
            "-",
            f"{burst['stored_per_s']:.0f}/s = {burst['share_of_raw']:.1%} of raw "
            f"{burst['raw_commits_per_s']:.0f} commits/s ({burst['reactions'] - burst['lost']} of {burst['reactions']} "
            f"in {burst['all_stored_after_s']} s)",
            f"≥ {RSVP_SHARE:.0%} of raw",
            burst["share_of_raw"] >= RSVP_SHARE,
        )
        gap = burst["min_edit_gap_s"]
        edits_ok = burst["edits"] <= burst["edits_allowed"] and (gap is None or gap >= EDIT_GAP_S - _EDIT_JITTER_S)
        add("RSVP burst edits of the call", "-", f"{burst['edits']} (min gap {gap} s)", "≤ 1 per 2 s", edits_ok)
        add(
            "RSVP burst final counts",
            "-",
            f"stored {burst['stored']}, shown {burst['on_message']}",
            "exact",
            burst["exact"],
        )
    rows.extend(_matrix_rows(results.get("matrix_rsvp")))
    rows.extend(_matrix_fanout_rows(results.get("matrix_fanout")))
    scales = results.get("scale") or {}
    for scale, figures in sorted(scales.items(), key=lambda item: int(item[0])):
        at_target = int(scale) == TARGET_SCALE
        start = figures.get("startup")
        if start:
            add(
                "start-up to ready",
                scale,
                f"{start['spawn_to_ready_s']:.2f} s (then {start['calls_to_read_back']:,} calls read back in the "
                f"background, ≈ {start['read_back_projected_s']:.0f} s unthrottled; first round "
                f"{start['first_round_s']:.1f} s)",
                f"≤ {STARTUP_S:.0f} s at {TARGET_SCALE}",
                start["spawn_to_ready_s"] <= STARTUP_S if at_target else None,
            )
            add(
                "peak RSS",
                scale,
                f"{start['peak_rss_mb']:.0f} MB",
                f"≤ {STARTUP_MB:.0f} MB at {TARGET_SCALE}",
                start["peak_rss_mb"] <= STARTUP_MB if at_target else None,
            )
        for command in COMMANDS:
            found = (figures.get("commands") or {}).get(command)
            if found and found.get("n"):
                add(
                    f"/{command} p50 / p99",
                    scale,
                    f"{found['p50_ms']:.1f} / {found['p99_ms']:.1f} ms",
                    f"p99 ≤ {COMMAND_P99_MS:.0f} ms at {TARGET_SCALE}",
                    found["p99_ms"] <= COMMAND_P99_MS if at_target else None,
                )
        for kind in ("feed", "page"):
            served = (figures.get("feeds") or {}).get(kind)
            if served and served.get("n"):
                add(
                    f"section {kind}, 50 clients: p99 / rate",
                    scale,
                    f"{served['p99_ms']:.1f} ms / {served['requests_per_s']:,.0f} req/s "
                    f"(first {served['first_ms']:.0f} ms)",
                    f"p99 ≤ {FEED_P99_MS:.0f} ms, ≥ {FEED_RATE:,.0f}/s at {TARGET_SCALE}",
                    served["p99_ms"] <= FEED_P99_MS and served["requests_per_s"] >= FEED_RATE if at_target else None,
                )
        rows.extend(_personal_data_rows(scale, figures.get("personal_data")))
    rows.extend(_growth(scales))
    return _table(rows), rows


def _personal_data_rows(scale: str, figures: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Issue 13: a member's export (time and size reported), the purge's rate and its longest hold (a target at
    every scale: the hold is what any command may wait behind), and a command issued while the purge runs."""
    if not figures:
        return []
    export, purge = figures["export"], figures["purge"]
    rows = ", ".join(f"{table} {count}" for table, count in export["rows"].items())
    removed = ", ".join(f"{what} {count:,}" for what, count in purge["removed"].items())
    during, idle, next_day = purge["during"], purge["idle"], purge["next_day"]
    return [
        _row(
            "export, 2 years of weekly meetings",
            scale,
            f"median {export['median_ms']:.1f} ms, max {export['max_ms']:.1f} ms ({export['runs']} runs, first "
            f"{export['first_ms']:.1f} ms); {export['bytes']:,} bytes of JSON ({rows})",
            "reported",
            None,
        ),
        _row(
            "retention purge rate",
            scale,
            f"{purge['rows_per_s']:,} rows/s: {purge['removed_total']:,} rows ({removed}) in {purge['seconds']} s, "
            f"{purge['batches']:,} batches; CPU {purge['cpu_us_per_row']} µs/row",
            "reported",
            None,
        ),
        _row(
            "retention purge longest hold",
            scale,
            f"{purge['longest_hold_ms']:.1f} ms ({_holds(purge['holds'])}); next day's purge "
            f"{next_day['longest_hold_ms']:.1f} ms ({next_day['removed_total']:,} rows in {next_day['seconds']} s, "
            f"{_holds(next_day['holds'])})",
            f"≤ {PURGE_HOLD_MS:.0f} ms",
            purge["longest_hold_ms"] <= PURGE_HOLD_MS and next_day["longest_hold_ms"] <= PURGE_HOLD_MS,
        ),
        _row(
            "/rsvp during the purge p50 / p99 / max",
            scale,
            f"{during['p50_ms']:.1f} / {during['p99_ms']:.1f} / {during['max_ms']:.1f} ms ({during['n']} commands; "
            f"with nothing beside: {idle['p50_ms']:.1f} / {idle['p99_ms']:.1f} / {idle['max_ms']:.1f} ms)",
            "reported",
            None,
        ),
    ]


def _matrix_rows(burst: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The Matrix burst: answers exact, edits spaced, and the stored rate next to the raw commit rate (no
    share is set as a target here: the rate is bounded by how fast one Synapse takes the reactions)."""
    if not burst:
        return []
    if burst["stored_per_s"] is not None:
        rate = (
            f"{burst['stored_per_s']:.0f}/s = {burst['share_of_raw']:.1%} of raw {burst['raw_commits_per_s']:.0f} "
            f"commits/s ({burst['reactions']} reactions from {burst['accounts']} accounts, accepted by Synapse in "
            f"{burst['sent_in_s']} s, all stored {burst['all_stored_after_s']} s after the first)"
        )
    else:
        rate = (
            f"— (answers wrong; the last answer stored {burst['last_change_after_s']} s after the first step, "
            f"{burst['reactions']} reactions from {burst['accounts']} accounts accepted by Synapse in "
            f"{burst['sent_in_s']} s; raw {burst['raw_commits_per_s']:.0f} commits/s)"
        )
    gap = burst["min_edit_gap_s"]
    # edits_allowed already allows each gap the stamps' jitter (see matrix_burst._edit_figures).
    edits_ok = burst["edits"] <= burst["edits_allowed"] and (gap is None or gap >= EDIT_GAP_S - _EDIT_JITTER_S)
    return [
        _row("Matrix RSVP burst store rate", "-", rate, "share of raw (reported)", None),
        _row(
            "Matrix RSVP burst stored answers",
            "-",
            f"{burst['accounts'] - burst['wrong']} of {burst['accounts']} accounts right "
            f"(stored {burst['stored']}, expected {burst['expected']})",
            "exact",
            burst["wrong"] == 0,
        ),
        _row(
            "Matrix RSVP burst edits of the call", "-", f"{burst['edits']} (min gap {gap} s)", "≤ 1 per 2 s", edits_ok
        ),
        _row(
            "Matrix RSVP burst final counts",
            "-",
            f"shown {burst['on_call']}" + ("" if burst["on_call_as_stored"] else " (not what is stored)"),
            "exact",
            burst["exact"],
        ),
    ]


def _matrix_fanout_rows(fanout: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Issue 18: p99 at Synapse within 1.5x of what its floor allows and below matrix-reminder-bot's p99."""
    if not fanout:
        return []
    rows = []
    for run in fanout["runs"]:
        floor = run["floor"]
        peer = MATRIX_PEER_P99_S.get(run["n"])
        bound = min(FANOUT_FLOOR_FACTOR * run["best_p99_s"], peer or float("inf"))
        ok = run["p99_s"] is not None and run["p99_s"] <= bound and run["delivered"] == run["n"]
        rows.append(
            _row(
                f"Matrix fan-out N={run['n']:,}",
                "-",
                f"p50/p99/max {run['p50_s']}/{run['p99_s']}/{run['max_s']} s, {run['events_per_s']} events/s, "
                f"{run['delivered']:,}/{run['n']:,}, dup {run['duplicates']}, CPU {run['cpu_ms_per_call']} ms/call; "
                f"floor {floor['one_by_one_per_s']:.0f}/s one by one, {floor['side_by_side_per_s']:.0f}/s side by side",
                f"p99 ≤ {FANOUT_FLOOR_FACTOR}×{run['best_p99_s']} s" + (f", < peer {peer} s" if peer else ""),
                ok,
            )
        )
    return rows


def _matrix_fanout_problems(fanout: dict[str, Any] | None) -> list[str]:
    problems = []
    for run in (fanout or {}).get("runs", []):
        wrong = {key: run[key] for key in ("lost", "duplicates", "seeds_missing", "seeds_twice") if run[key]}
        if wrong:
            problems.append(f"Matrix fan-out N={run['n']}: {wrong}")
    return problems


def _holds(holds: dict[str, Any]) -> str:
    if not holds.get("n"):
        return "no transactions"
    return f"p50 {holds['p50_ms']:.1f} / p99 {holds['p99_ms']:.1f} ms, {holds['over_100ms']} of {holds['n']:,} over 100"


def _row(figure: str, scale: str, measured: str, target: str, ok: bool | None) -> dict[str, Any]:
    return {"figure": figure, "scale": scale, "measured": measured, "target": target, "verdict": _verdict(ok)}


def _growth(scales: dict[str, Any]) -> list[dict[str, Any]]:
    """How each per-scale figure grows from the smallest to the largest scale run (linear = the scale ratio)."""
    if len(scales) < 2:
        return []
    low, high = sorted(scales, key=int)[0], sorted(scales, key=int)[-1]
    factor = int(high) / int(low)
    pairs: list[tuple[str, float | None, float | None]] = []
    a, b = scales[low], scales[high]
    if a.get("startup") and b.get("startup"):
        pairs.append(("start-up to ready", a["startup"]["spawn_to_ready_s"], b["startup"]["spawn_to_ready_s"]))
        pairs.append(("peak RSS", a["startup"]["peak_rss_mb"], b["startup"]["peak_rss_mb"]))
    for command in COMMANDS:
        x, y = (a.get("commands") or {}).get(command), (b.get("commands") or {}).get(command)
        if x and y and x.get("n") and y.get("n"):
            pairs.append((f"/{command} p99", x["p99_ms"], y["p99_ms"]))
    rows = []
    for name, first, last in pairs:
        if not first or last is None:
            continue
        ratio = last / first
        rows.append(
            {
                "figure": f"growth: {name}",
                "scale": f"{low}→{high}",
                "measured": f"× {ratio:.2f}",
                "target": f"≤ × {factor:.0f} (linear)",
                "verdict": _verdict(ratio <= factor),
            }
        )
    return rows


def _table(rows: list[dict[str, Any]]) -> str:
    headers = {"figure": "figure", "scale": "scale", "measured": "measured", "target": "target", "verdict": ""}
    widths = {key: max(len(str(row[key])) for row in [headers, *rows]) for key in headers}
    lines = []
    for index, row in enumerate([headers, *rows]):
        lines.append("  ".join(str(row[key]).ljust(widths[key]) for key in headers).rstrip())
        if index == 0:
            lines.append("  ".join("-" * widths[key] for key in headers).rstrip())
    return "\n".join(lines)


def correctness(results: dict[str, Any]) -> tuple[bool, list[str]]:
    """Only what must hold whatever the machine: nothing lost, nothing twice, counts exact, nothing crashed."""
    problems: list[str] = []
    limits = results.get("limits") or {}
    fan = limits.get("fan_out")
    if fan:
        for key in ("lost", "duplicates", "misdirected"):
            if fan[key]:
                problems.append(f"fan-out: {fan[key]} {key} (first: {fan.get('first_lost')})")
    burst = limits.get("rsvp_burst")
    if burst and not burst["exact"]:
        problems.append(
            f"RSVP burst: {burst['lost']} answers lost; expected {burst['expected']}, stored {burst['stored']}, "
            f"shown {burst['on_message']}"
        )
    matrix = results.get("matrix_rsvp")
    if matrix and not matrix["exact"]:
        problems.append(
            f"Matrix RSVP burst: {matrix['wrong']} of {matrix['accounts']} accounts' answers wrong (first "
            f"{matrix['first_wrong']}); expected {matrix['expected']}, stored {matrix['stored']}, shown "
            f"{matrix['on_call']}"
        )
    problems.extend(_matrix_fanout_problems(results.get("matrix_fanout")))
    for scale, figures in (results.get("scale") or {}).items():
        for kind, served in (figures.get("feeds") or {}).items():
            if isinstance(served, dict) and served.get("errors"):
                problems.append(f"feeds at scale {scale}: {served['errors']} {kind} requests failed")
    for scale, figures in sorted((results.get("scale") or {}).items(), key=lambda item: int(item[0])):
        found = (figures.get("personal_data") or {}).get("problems", [])
        problems.extend(f"scale {scale}: {problem}" for problem in found)
    problems.extend(_timers_problems(results.get("timers")))
    return not problems, problems


def _timers_problems(timers: dict[str, Any] | None) -> list[str]:
    problems = []
    for run in (timers, (timers or {}).get("daily_look")):
        for key in ("unsent", "duplicates", "early"):
            if run and run[key]:
                problems.append(f"timers: {run[key]} {key}")
    return problems
