"""The SQLite driver: a statement per hand-off, BEGIN with the first write, quick reads in the loop's thread."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.storage import sqlite_driver
from bot.storage.database import Database
from bot.storage.sqlite_driver import OneHopConnection

_COUNT_TO_A_LOT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 300000) SELECT count(*) FROM c"


@pytest_asyncio.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(str(tmp_path / "driver.db"))
    async with database.transaction() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"))
    yield database
    await database.close()


def _other(database: Database) -> sqlite3.Connection:
    """A second connection to the same file, as another process would have."""
    path = database.engine.url.database
    assert path is not None
    return sqlite3.connect(path, timeout=0, isolation_level=None)


async def _adapter(database: Database) -> OneHopConnection:
    async with database.transaction() as conn:
        raw = await conn.get_raw_connection()
        adapter = raw.dbapi_connection
        assert isinstance(adapter, OneHopConnection)
        return adapter


async def test_a_transaction_that_only_reads_takes_no_write_lock(database: Database) -> None:
    """While a reading transaction is open, another connection can still write."""
    other = _other(database)
    try:
        async with database.transaction() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0
            other.execute("INSERT INTO t (v) VALUES ('elsewhere')")
    finally:
        other.close()


async def test_the_first_write_takes_the_write_lock(database: Database) -> None:
    """After the first write, another connection cannot write until the commit."""
    other = _other(database)
    try:
        async with database.transaction() as conn:
            await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("INSERT INTO t (v) VALUES ('b')")
        other.execute("INSERT INTO t (v) VALUES ('b')")
    finally:
        other.close()


async def _insert_twice(database: Database) -> None:
    async with database.transaction() as conn:
        await conn.execute(text("INSERT INTO t (id, v) VALUES (1, 'a')"))
        await conn.execute(text("INSERT INTO t (id, v) VALUES (1, 'again')"))


async def test_a_failed_transaction_leaves_none_of_its_writes(database: Database) -> None:
    """The BEGIN sent with the first write is rolled back with it when a later statement fails."""
    with pytest.raises(IntegrityError):
        await _insert_twice(database)
    async with database.transaction() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0
        await conn.execute(text("INSERT INTO t (id, v) VALUES (1, 'a')"))
    async with database.transaction() as conn:
        assert (await conn.execute(text("SELECT v FROM t"))).scalars().all() == ["a"]


async def test_a_quick_read_runs_in_the_loop_thread_once_timed(database: Database) -> None:
    """A SELECT goes to the database thread the first time; once known to be quick, it runs without a hand-off."""
    adapter = await _adapter(database)
    handed: list[object] = []
    original = adapter._connection._execute

    async def counted(function: object, *args: object) -> object:
        handed.append(function)
        return await original(function, *args)

    adapter._connection._execute = counted
    query = text("SELECT v FROM t WHERE id = :id")
    for _ in range(3):
        async with database.transaction() as conn:
            await conn.execute(query, {"id": 1})
    assert len(handed) == 1


async def _handed_off_in_three_writes(database: Database) -> list[str]:
    adapter = await _adapter(database)
    handed: list[str] = []
    original = adapter._connection._execute

    async def counted(function: Callable[..., object], *args: object) -> object:
        handed.append(function.__name__)
        return await original(function, *args)

    adapter._connection._execute = counted
    for number in range(3):
        async with database.transaction() as conn:
            await conn.execute(text("INSERT INTO t (id, v) VALUES (:id, 'v')"), {"id": number})
    adapter._connection._execute = original
    async with database.transaction() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 3
    return handed


async def test_a_quick_write_runs_in_place_but_a_commit_as_slow_as_a_disk_sync_in_the_thread(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once known to be quick, a write (with its BEGIN) runs without a hand-off; a commit that syncs to a disk
    (here: every commit counted as slower than the bound) is always handed off."""
    monkeypatch.setattr(sqlite_driver, "INLINE_END_BELOW", 0.0)
    assert await _handed_off_in_three_writes(database) == ["_run", "_end", "_end", "_end"]


async def test_a_commit_known_to_sync_nothing_runs_in_place(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where a commit syncs nothing (a file in memory), it runs in place once timed (the fixture's own commit timed
    the first): none of the three is handed off."""
    monkeypatch.setattr(sqlite_driver, "INLINE_END_BELOW", 1.0)
    assert await _handed_off_in_three_writes(database) == ["_run"]


async def test_a_cancelled_caller_does_not_free_the_connection_early(database: Database) -> None:
    """A read cancelled while the thread runs it keeps the connection busy until the thread is done."""
    adapter = await _adapter(database)
    started = asyncio.Event()

    async def slow() -> None:
        async with database.transaction() as conn:
            started.set()
            await conn.execute(text(_COUNT_TO_A_LOT))

    task = asyncio.create_task(slow())
    await started.wait()
    await asyncio.sleep(0.001)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with database.transaction() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar() == 0
    assert not adapter._busy


async def test_transactions_take_turns_on_the_one_connection(database: Database) -> None:
    """The connection is kept between transactions; tasks running side by side each get a whole transaction."""

    async def add_one(times: int) -> None:
        for _ in range(times):
            async with database.transaction() as conn:
                count = (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one()
                await asyncio.sleep(0)  # another task's turn would come here, if turns were not whole
                await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": str(count)})

    await asyncio.gather(add_one(50), add_one(50))
    async with database.transaction() as conn:
        values = sorted(int(v) for v in (await conn.execute(text("SELECT v FROM t"))).scalars())
    assert values == list(range(100))


async def test_a_transaction_cancelled_half_way_leaves_nothing_and_the_next_one_works(database: Database) -> None:
    written = asyncio.Event()

    async def stuck() -> None:
        async with database.transaction() as conn:
            await conn.execute(text("INSERT INTO t (v) VALUES ('half')"))
            written.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(stuck())
    await written.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with database.transaction() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
        await conn.execute(text("INSERT INTO t (v) VALUES ('whole')"))
    async with database.transaction() as conn:
        assert list((await conn.execute(text("SELECT v FROM t"))).scalars()) == ["whole"]
