"""Opening the database: URL rules, SQLite pragmas, one writer, migrations at start.

Whatever stops the database from opening (a file that cannot be written or is not a database, a
PostgreSQL that cannot be reached or refuses) becomes a StartupError with one line (``failures``).
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from bot.errors import StartupError
from bot.storage import sqlite_driver
from bot.storage.checkpoints import Activity, Checkpointer
from bot.storage.failures import lock_file_refusal, prepare_sqlite_file, refuse_foreign_sqlite, refused_in_one_line
from bot.storage.migrate import upgrade_to_head

log = logging.getLogger(__name__)


def async_url(url: str) -> str:
    """Map the URLs operators write to the async drivers: ``postgres://`` -> asyncpg, a path -> aiosqlite.

    libpq's ``sslmode=`` (as hosting platforms write it) is asyncpg's ``ssl=``, which takes the same values.
    """
    if url.startswith(("postgres://", "postgresql://")):
        rest, _, query = url.split("://", 1)[1].partition("?")
        if query:
            options = [("ssl" if name == "sslmode" else name, value) for name, value in parse_qsl(query, True)]
            rest += "?" + urlencode(options)
        return "postgresql+asyncpg://" + rest
    if url.startswith("sqlite:///"):
        return "sqlite+aiosqlite:///" + url.removeprefix("sqlite:///")
    if "://" not in url:
        return "sqlite+aiosqlite:///" + url
    return url


class Database:
    """One engine and the rules for using it. Build with :meth:`open`; close with :meth:`close`."""

    def __init__(self, engine: AsyncEngine, lock_file: IO[str] | None = None) -> None:
        self.engine = engine
        self._lock_file = lock_file
        self._checkpointer: Checkpointer | None = None
        #: When SQLite's connection was last used, for the checkpoints' quiet moments.
        self._activity = Activity()
        #: SQLite's one connection, kept between transactions (see :meth:`transaction`), and whose turn it is.
        self._kept: AsyncConnection | None = None
        self._turn = asyncio.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @classmethod
    async def open(cls, url: str, *, checkpoints: bool = True) -> Database:
        """Open and migrate the database, or raise StartupError with one line saying what to check.

        ``checkpoints``: a SQLite file's WAL is copied back by a thread at quiet moments (``checkpoints``); a test
        that makes them itself says False."""
        url = async_url(url)
        return await refused_in_one_line(url, cls._open(url, checkpoints))

    @classmethod
    async def _open(cls, url: str, checkpoints: bool) -> Database:
        lock_file = None
        path = None
        if url.startswith("sqlite"):
            path = make_url(url).database
            if path and path != ":memory:":
                prepare_sqlite_file(path)
                lock_file = _lock_sqlite_file(path)
            else:
                path = None
            engine = _sqlite_engine(url)
        else:
            engine = create_async_engine(url, pool_pre_ping=True)
        database = cls(engine, lock_file)
        try:
            async with database.transaction() as conn:
                if path is not None:
                    await conn.run_sync(refuse_foreign_sqlite, path)
                await conn.run_sync(upgrade_to_head)
        except BaseException:
            await database.close()
            raise
        if path is not None and checkpoints:
            database._checkpointer = Checkpointer(path, database._activity)
            database._checkpointer.start()
        return database

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """A transaction that commits on success and rolls back on any exception."""
        if not self.is_sqlite:
            async with self.engine.begin() as conn:
                yield conn
            return
        # SQLite has one connection (one writer): it is kept, and transactions take turns on it. Taking it from the
        # pool and giving it back for each transaction cost 90 of the 120 µs of CPU an empty transaction took, and
        # the bot runs several transactions for every delivery and every command.
        # Each transaction first lets the other tasks that are ready run, as taking the connection from the pool
        # did: without it, the timers benchmark saw deliveries go out up to 5 s late (benchmarks/README, timers).
        await asyncio.sleep(0)
        async with self._turn:
            self._activity.noted()
            try:
                conn = await self._connection()
                async with conn.begin():
                    yield conn
            finally:
                self._activity.noted()

    async def _connection(self) -> AsyncConnection:
        kept = self._kept
        if kept is not None and (kept.closed or kept.invalidated):
            await kept.close()
            kept = None
        if kept is None:
            kept = self._kept = await self.engine.connect()
        elif kept.in_transaction():  # a transaction cut short where it could not roll back
            await kept.rollback()
        return kept

    async def close(self) -> None:
        if self._checkpointer is not None:
            # Before the bot's connection closes: closing the last connection copies the rest of the WAL back.
            await asyncio.to_thread(self._checkpointer.stop)
            self._checkpointer = None
        async with self._turn:
            if self._kept is not None:
                kept, self._kept = self._kept, None
                await kept.close()
        await self.engine.dispose()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None


def _sqlite_engine(url: str) -> AsyncEngine:
    # One connection serves reads and writes: SQLite has a single writer anyway, and queueing
    # in the pool is cheaper and clearer than "database is locked" retries.
    # Each statement in one hand-off to aiosqlite's thread, BEGIN sent with the first write (``sqlite_driver``).
    engine = create_async_engine(
        url,
        poolclass=AsyncAdaptedQueuePool,
        pool_size=1,
        max_overflow=0,
        module=sqlite_driver.dbapi(),
        # Quick reads run in the event loop's thread, never beside the database thread's (``sqlite_driver``).
        connect_args={"check_same_thread": False},
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA busy_timeout=5000",
            # The WAL is copied back by a thread of its own, not by whichever commit fills it (``checkpoints``).
            "PRAGMA wal_autocheckpoint=0",
        ):
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock before the first write, so a transaction never fails half-way on upgrade.
        # It is sent with the transaction's first write, in the same hand-off to the database thread; a transaction
        # that only reads sends none (``sqlite_driver``: one connection, so its reads cannot be raced).
        conn.connection.dbapi_connection.begin_with_next("BEGIN IMMEDIATE")

    return engine


def _lock_sqlite_file(path: str) -> IO[str]:
    """Hold an exclusive lock beside the database for the life of the process.

    The lock sits beside the file's real path: opened through a symbolic link (or ``..`` and the like) it is
    still the one file, and a second process on it must be refused like any other.
    """
    lock_path = os.path.realpath(path) + ".lock"
    try:
        handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held open on purpose
    except OSError as problem:
        raise StartupError(lock_file_refusal(lock_path, problem)) from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StartupError(
            f"another netgroups process is already using {path}; "
            "run one process per SQLite file, or use PostgreSQL to run several"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle
