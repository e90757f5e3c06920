"""What the benchmarks share: percentiles, a fast fake platform, settings, memory readings, logging, the raw
commit rate of a disk, and the answer counts a meeting call shows."""

from __future__ import annotations

import atexit
import functools
import logging
import os
import re
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.ports import Destination, Post, ReactionSnapshot, SentMessage
from bot.settings import Settings
from tests.fakes import SimplePlaces


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50, p99, max and mean of durations given in seconds, in milliseconds."""
    if not seconds:
        return {"n": 0}
    return {
        "n": len(seconds),
        "p50_ms": round(percentile(seconds, 0.50) * 1000, 3),
        "p99_ms": round(percentile(seconds, 0.99) * 1000, 3),
        "max_ms": round(max(seconds) * 1000, 3),
        "mean_ms": round(statistics.fmean(seconds) * 1000, 3),
    }


@functools.cache
def _scratch() -> Path:
    """One data directory per process for settings that need one (nothing is written there), removed at exit."""
    directory = Path(tempfile.mkdtemp(prefix="netgroups-bench-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    return directory


def settings_for(data_dir: Path | None = None) -> Settings:
    return Settings(storage={"data_dir": data_dir or _scratch()})


def peak_rss_mb() -> float:
    """This process's peak resident set size since its exec (VmHWM).

    Not ``getrusage``: its ru_maxrss carries over the forking parent's size (a child of a large benchmark
    process would report the parent's peak)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def quiet_logging() -> None:
    """Warnings and worse only; the bot logs every delivery at INFO."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger().setLevel(logging.WARNING)
    for noisy in ("alembic", "discord", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


class CountingHandler(logging.Handler):
    """Counts log records at ERROR and above (a benchmark run that logs errors says so in its figures)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.first) < 5:
            self.first.append(f"{record.name}: {record.getMessage()[:200]}")


@dataclass
class FastGateway(SimplePlaces):
    """A platform that answers at once (no network, no rate limit) and records when each post arrived.

    ``reactions_of`` answers the read-back of reactions on a call (at start-up); by default nobody reacted.
    """

    platform: str = "discord"
    reactions_of: Callable[[SentMessage], Awaitable[ReactionSnapshot]] | None = None
    sent: list[tuple[float, Destination, str]] = field(default_factory=list)
    edits: list[tuple[float, SentMessage]] = field(default_factory=list)
    reaction_reads: int = 0
    _next: int = 10**15

    async def send(self, destination: Destination, post: Post, *, idempotency_key: str) -> SentMessage:
        self.sent.append((time.time(), destination, post.marker))
        self._next += 1
        channel = f"dm-{destination.member_id}" if destination.member_id is not None else f"s{destination.section_id}"
        return SentMessage(channel, str(self._next))

    async def edit(self, message: SentMessage, post: Post) -> None:
        self.edits.append((time.time(), message))

    async def find_sent(self, destination: Destination, marker: str, since: datetime) -> SentMessage | None:
        return None

    async def reactions(self, message: SentMessage) -> ReactionSnapshot:
        self.reaction_reads += 1
        if self.reactions_of is None:
            return ReactionSnapshot({})
        return await self.reactions_of(message)

    async def display_name(self, user: str) -> str:
        return user


async def raw_commit_rate(directory: Path, count: int) -> float:
    """Single-row commits per second on the disk of ``directory``, as the bot opens SQLite (WAL,
    synchronous=FULL; BEGIN IMMEDIATE, INSERT, COMMIT through aiosqlite): the yardstick of the RSVP bursts."""
    path = directory / "raw-commits.db"
    path.unlink(missing_ok=True)
    async with aiosqlite.connect(path, isolation_level=None) as db:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=FULL")
        await db.execute(
            "CREATE TABLE answers (id INTEGER PRIMARY KEY, occurrence INTEGER, member INTEGER, answer TEXT)"
        )
        started = time.perf_counter()
        for number in range(count):
            await db.execute("BEGIN IMMEDIATE")
            await db.execute("INSERT INTO answers (occurrence, member, answer) VALUES (?, ?, ?)", (1, number, "yes"))
            await db.execute("COMMIT")
        elapsed = time.perf_counter() - started
    return count / elapsed


_ISOLATION = re.compile("[\u2068\u2069]")
_NUMBER = r"(\d(?:[\d,.\u00a0\u202f]*\d)?)"
_COUNTS = re.compile(f"✅ {_NUMBER} · 🤔 {_NUMBER} · ❌ {_NUMBER}")


def shown_counts(text: str) -> dict[str, int] | None:
    """The answers a meeting call's text shows ("✅ 3 · 🤔 1 · ❌ 0"), zeros left out; None when it shows none.

    Fluent wraps placeables in isolation marks and formats numbers by locale: both are taken off."""
    found = _COUNTS.search(_ISOLATION.sub("", text))
    if found is None:
        return None
    numbers = [int(re.sub(r"\D", "", group)) for group in found.groups()]
    return {answer: number for answer, number in zip(("yes", "maybe", "no"), numbers, strict=True) if number}


def machine() -> dict[str, Any]:
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as meminfo:
            memory = int(meminfo.readline().split()[1]) // 1024
    except OSError:
        pass
    import platform
    import sqlite3

    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_mb": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "kernel": platform.release(),
    }
