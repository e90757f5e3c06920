"""Database failures in one line: the URL forms operators write, and a full disk while running."""

from __future__ import annotations

import asyncio
import logging
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.bootstrap import Core
from bot.bus import EventBus
from bot.errors import StartupError
from bot.storage.database import Database, async_url
from bot.storage.failures import DiskFull, is_disk_full
from bot.storage.group_commit import GroupCommit
from bot.storage.unit_of_work import Store, Transaction
from tests.console_driver import ConsoleDriver


@pytest.mark.parametrize(
    ("written", "used"),
    [
        ("postgres://u@db/x?sslmode=require", "postgresql+asyncpg://u@db/x?ssl=require"),
        ("postgresql://u@db/x?sslmode=disable&timeout=5", "postgresql+asyncpg://u@db/x?ssl=disable&timeout=5"),
        ("postgresql://u@db/x", "postgresql+asyncpg://u@db/x"),
    ],
)
def test_libpq_sslmode_is_asyncpg_ssl(written: str, used: str) -> None:
    """libpq's sslmode= (as hosting platforms write it) reaches asyncpg as ssl=."""
    assert async_url(written) == used


async def _fill(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(text("CREATE TABLE filler (x TEXT)"))
        await conn.execute(text("INSERT INTO filler VALUES (:x)"), {"x": "x" * 100_000})


async def _duplicate_version(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO alembic_version SELECT version_num FROM alembic_version"))


async def test_a_full_sqlite_database_is_recognised(tmp_path: Path) -> None:
    """SQLite's "database or disk is full" is told apart from other failures."""
    db = await Database.open(str(tmp_path / "full.db"))
    try:
        async with db.transaction() as conn:
            pages = (await conn.exec_driver_sql("PRAGMA page_count")).scalar_one()
            await conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(OperationalError) as full:
            await _fill(db)
        assert is_disk_full(full.value)
        with pytest.raises(IntegrityError) as other:
            await _duplicate_version(db)
        assert not is_disk_full(other.value)
    finally:
        await db.close()


async def test_refusal_keeps_the_driver_error_as_its_cause(tmp_path: Path) -> None:
    """A refusal is one line, and the driver's error stays attached for whoever debugs it."""
    (tmp_path / "noise.db").write_bytes(b"not a database at all, " * 100)
    with pytest.raises(StartupError) as refusal:
        await Database.open(str(tmp_path / "noise.db"))
    assert "\n" not in str(refusal.value)
    assert refusal.value.__cause__ is not None


FULL = "the disk holding the database is full: writes fail (and are refused) until space is freed"
AGAIN = "the database can be written again"


async def test_full_disk_while_running_is_said_to_the_member_and_logged_once(
    console: ConsoleDriver, core: Core, caplog: pytest.LogCaptureFixture
) -> None:
    """On a full disk a command gets the translated "disk is full" error, the log one line and no traceback;
    once there is space again the same command works."""
    async with core.database.transaction() as conn:
        pages = (await conn.exec_driver_sql("PRAGMA page_count")).scalar_one()
        await conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")  # the one pooled connection keeps it
    caplog.set_level(logging.WARNING)
    await console.say(":as Anna")
    purpose = "We have rooms and we need clients. " * 14
    for number in range(200):
        out = await console.say(f'/section create Room{number:03} purpose:"{purpose}"')
        if "is open" not in out:
            break
    assert "The disk where I keep my records is full" in out
    assert [record for record in caplog.records if record.exc_info] == []
    # Once per outage: said again only after a transaction went through in between (as the warning then says) —
    # the first write refused may be the delivery round after a command (its claim), not the command itself.
    said = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert said[0] == FULL
    assert set(said) == {FULL, AGAIN} or said == [FULL]
    assert all((first, second) != (FULL, FULL) for first, second in pairwise(said))
    # Space a delivery frees (a post's payload, dropped once it is out) may take a write or two more: then it is
    # said again, still without a traceback.
    for again in range(20):
        out = await console.say(f"/section create Another{again}")
        if "is open" not in out:
            break
    assert "The disk where I keep my records is full" in out
    assert [record for record in caplog.records if record.exc_info] == []

    async with core.database.transaction() as conn:
        await conn.exec_driver_sql("PRAGMA max_page_count = 1073741823")
    assert "is open" in await console.say(f'/section create Room{number:03} purpose:"{purpose}"')
    assert caplog.records[-1].getMessage() == AGAIN


async def test_full_disk_fails_a_batch_of_writes_at_once_without_tracebacks(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Grouped writes (a burst of reactions) on a full disk each get DiskFull; the log has one line."""
    db = await Database.open(str(tmp_path / "full.db"))
    store = Store(db, EventBus())
    writes = GroupCommit(store, name="answers")
    try:
        async with db.transaction() as conn:
            await conn.execute(text("CREATE TABLE filler (x TEXT)"))
            pages = (await conn.exec_driver_sql("PRAGMA page_count")).scalar_one()
            await conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        caplog.set_level(logging.WARNING)

        async def big(tx: Transaction) -> None:
            await tx.conn.execute(text("INSERT INTO filler VALUES (:x)"), {"x": "x" * 100_000})

        outcomes = await asyncio.gather(*(writes.run(big) for _ in range(5)), return_exceptions=True)
        assert all(isinstance(outcome, DiskFull) for outcome in outcomes)
        assert [record for record in caplog.records if record.exc_info] == []
        assert len(caplog.records) == 1
    finally:
        await writes.close()
        await db.close()
