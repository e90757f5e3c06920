"""SQLite's WAL is copied back by a thread of its own, never by the commit that fills it (``bot.storage.checkpoints``).

With SQLite's automatic checkpoints one command in a hundred waited for a copy of 1,000 pages and its fsync (5 – 15 ms
at scale 100, benchmarks/README); these tests show the bot's commits leave the WAL alone, that a checkpoint from the
other connection copies all of it back while the bot's connection is open, and that nothing is lost."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import text

from bot.storage.checkpoints import AT_MOST_S, QUIET_S, Activity, checkpoint_file, due
from bot.storage.database import Database

PAGE = 4096
ROW = "x" * 1000


async def _write(database: Database, transactions: int, rows: int = 100) -> None:
    for _ in range(transactions):
        async with database.transaction() as conn:
            await conn.execute(text("INSERT INTO scratch (body) VALUES (:body)"), [{"body": ROW}] * rows)


async def test_commits_leave_the_wal_to_the_checkpoints_and_nothing_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    wal = f"{path}-wal"
    database = await Database.open(f"sqlite:///{path}", checkpoints=False)
    try:
        async with database.transaction() as conn:
            await conn.execute(text("CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT)"))
        await _write(database, 60)  # about 1,500 pages: SQLite alone would have copied back at 1,000
        grown = await asyncio.to_thread(os.path.getsize, wal)
        assert grown > 1400 * PAGE

        frames, copied = await asyncio.to_thread(checkpoint_file, str(path))
        assert frames == copied > 1400  # all of it, with the bot's connection open

        await _write(database, 10)  # the bot writes at the start of the WAL again: it grows no more
        assert await asyncio.to_thread(os.path.getsize, wal) == grown
    finally:
        await database.close()
    assert not await asyncio.to_thread(os.path.exists, wal)  # the last connection closed copies the rest back
    with sqlite3.connect(path) as reader:
        assert reader.execute("SELECT COUNT(*) FROM scratch").fetchone() == (7000,)


async def test_a_sqlite_file_gets_its_checkpoint_thread_until_closed(tmp_path: Path) -> None:
    def running() -> int:
        return sum(thread.name == "netgroups-sqlite-checkpoints" for thread in threading.enumerate())

    before = running()
    database = await Database.open(f"sqlite:///{tmp_path / 'bot.db'}")
    assert running() == before + 1
    await database.close()
    assert running() == before


def test_a_checkpoint_waits_for_a_quiet_moment_but_not_for_ever() -> None:
    """Its writes and fsync would slow the bot's own commits: it comes once the database has been quiet a moment,
    or, under writes that never pause, once the first of them has waited its longest; never with nothing to copy."""
    busy = Activity(transactions=12, last_at=100.0)
    assert not due(busy, copied_up_to=12, waiting_since=None, now=500.0)  # nothing new since the last one
    assert not due(busy, copied_up_to=10, waiting_since=99.0, now=100.0 + QUIET_S / 2)
    assert due(busy, copied_up_to=10, waiting_since=99.0, now=100.0 + QUIET_S)
    assert due(busy, copied_up_to=10, waiting_since=100.0 - AT_MOST_S, now=100.0)
