"""SQLAlchemy over aiosqlite, with each statement in one hand-off to the database thread.

aiosqlite runs every call on the connection in a thread of its own, and each call is a hand-off: a queue put,
the thread woken, the answer posted back to the event loop, the loop woken. SQLAlchemy's aiosqlite adapter
makes four of them per statement (open a cursor, execute, fetch the rows, close the cursor), one for the
``BEGIN`` of each transaction and one more when the pool resets the connection after a commit (a rollback of
nothing). Under load each hand-off costs 30 – 70 µs of waiting for the other thread and the GIL, which was
most of a command's time (benchmarks/README.md, issue 18).

Here a statement is one hand-off: the thread opens the cursor, executes, reads every row and closes the
cursor, and the rows are kept on this side. ``BEGIN IMMEDIATE`` is not sent alone: it goes with the
transaction's first statement that is not a ``SELECT`` (:meth:`OneHopConnection.begin_with_next`), and a
commit or rollback with nothing to end (no write since ``BEGIN`` was asked for, or the connection known to be
outside a transaction) is not sent at all. So a transaction that only reads costs one hand-off per ``SELECT``
and nothing else, and takes no write lock.

A statement that took under :data:`INLINE_BELOW` the last time it ran does not go to the thread at all: it runs
in the event loop's thread, while the database thread is idle (the connection is opened with
``check_same_thread=False``, and :attr:`OneHopConnection._busy` says whether the thread still has it). Most of a
command's statements take 0.02 – 0.7 ms, less than the two thread switches of a hand-off on a busy machine. A
``COMMIT`` (with its fsync) and a rollback go to the thread, unless the last one took under
:data:`INLINE_END_BELOW` (only a file that is never synced, in memory, is that quick); an ``executemany`` always.
A write run in place may take the write lock (its ``BEGIN IMMEDIATE``) there too: it waits for it only when a
process other than the bot writes to the file (the lock file keeps other netgroups processes away), and then holds
up the loop as long as it waits (``busy_timeout``, 5 s at most).

Reading before the ``BEGIN`` sees what a transaction would have seen: the bot has one connection to the file
(``pool_size=1``, and a lock file keeps other netgroups processes away), held by the transaction from its
start, so nothing can be written between its reads and its first write. (PostgreSQL, with a pool of
connections, does not use this module.)

Everything else (exceptions, the pool, closing, the dialect) is SQLAlchemy's aiosqlite dialect unchanged: the
engine is made with ``module=dbapi()``.
"""

from __future__ import annotations

import sqlite3
import time
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.util.concurrency import await_

#: A statement that took less than this (seconds) the last time it ran is run in the event loop's thread, without
#: a hand-off: the loop is held up no longer than the hand-off's two thread switches would have made the caller
#: wait under load (0.3 – 1 ms each on a busy 2-CPU machine). One that turns out slower goes back to the thread.
INLINE_BELOW = 0.002
#: A commit or rollback that took less than this the last time is run in the event loop's thread too. Far below what
#: a sync to a disk takes (1 – 12 ms here): only where nothing is synced (a file in memory, as the tests have) is
#: it met, so a slow fsync never holds the loop; elsewhere commits stay in the database thread.
INLINE_END_BELOW = 0.0002
#: Statements whose timings are kept (the bot has a few hundred; the table starts again past this).
_TIMINGS_KEPT = 4096

#: What one hand-off answers: description, rowcount, lastrowid, rows, and whether a transaction is open after it.
_Answer = tuple[Any, int, int | None, list[Any], bool]


def _reads(operation: str) -> bool:
    """Whether a statement only reads: a ``SELECT`` (which in SQLite cannot write)."""
    return operation.lstrip()[:6].upper() == "SELECT"


def _run(adapter: OneHopConnection, begin: str | None, operation: str, parameters: Any, many: bool) -> _Answer:
    """The pending ``BEGIN``, then the statement, read to the end: in the database thread, or in the event loop's
    for a ``SELECT`` known to be quick. How long it took is noted, and the connection is free again."""
    started = time.perf_counter()
    raw: sqlite3.Connection = adapter._connection._conn
    try:
        if begin is not None:
            raw.execute(begin)
        cursor = raw.cursor()
    except BaseException:
        adapter._busy = False
        raise
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, cursor.rowcount, cursor.lastrowid, rows, raw.in_transaction
    finally:
        cursor.close()
        adapter._took(operation, time.perf_counter() - started)
        adapter._busy = False


async def _inline(adapter: OneHopConnection, begin: str | None, operation: str, parameters: Any) -> _Answer:
    """A quick statement in the event loop's thread (awaited, as SQLAlchemy's asyncio layer requires)."""
    return _run(adapter, begin, operation, parameters, False)


def _end(adapter: OneHopConnection, commit: bool) -> None:
    """Commit (with its fsync) or roll back: in the database thread, or in the event loop's when known quick."""
    started = time.perf_counter()
    try:
        raw: sqlite3.Connection = adapter._connection._conn
        if commit:
            raw.commit()
        else:
            raw.rollback()
    finally:
        adapter._ended_in = time.perf_counter() - started
        adapter._busy = False


async def _end_inline(adapter: OneHopConnection, commit: bool) -> None:
    _end(adapter, commit)


class OneHopCursor:
    """A DB-API cursor whose statements each take one hand-off; the rows are read at once and kept here."""

    server_side = False
    __slots__ = ("_adapt_connection", "_rows", "arraysize", "description", "lastrowid", "rowcount")

    def __init__(self, adapt_connection: OneHopConnection) -> None:
        self._adapt_connection = adapt_connection
        self._rows: deque[Any] = deque()
        self.arraysize = 1
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._take(self._adapt_connection.run(operation, parameters, many=False))

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._take(self._adapt_connection.run(operation, seq_of_parameters, many=True))

    def _take(self, answer: _Answer) -> None:
        self.description, self.rowcount, self.lastrowid, rows, _ = answer
        self._rows = deque(rows)

    async def _async_soft_close(self) -> None:
        """Nothing to close in the thread: the cursor there was closed with its statement."""

    def close(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: Any) -> None:
        """Not used by SQLite."""

    def setoutputsize(self, size: Any, column: Any = None) -> None:
        """Not used by SQLite."""

    def __iter__(self) -> Iterator[Any]:
        while self._rows:
            yield self._rows.popleft()

    def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        rows = self._rows
        return [rows.popleft() for _ in range(min(size or self.arraysize, len(rows)))]

    def fetchall(self) -> Sequence[Any]:
        rows = list(self._rows)
        self._rows.clear()
        return rows


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection, with :class:`OneHopCursor` and the ``BEGIN`` sent with the first write."""

    __slots__ = ("_busy", "_ended_in", "_idle", "_pending_begin", "_timings")

    _cursor_cls = OneHopCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        #: The ``BEGIN`` to send before the next write, if one was asked for and not yet sent.
        self._pending_begin: str | None = None
        #: Known to be outside a transaction (so a commit or rollback has nothing to do).
        self._idle = True
        #: A hand-off is queued or running in the database thread (cleared there, when it is done with the
        #: connection: a caller cancelled while waiting does not make the connection free before it is).
        self._busy = False
        #: How long each statement took the last time it ran, in seconds.
        self._timings: dict[str, float] = {}
        #: How long the last commit or rollback took, in seconds (unknown at first: to the thread).
        self._ended_in: float | None = None

    def begin_with_next(self, statement: str) -> None:
        """Open a transaction with ``statement`` (``BEGIN IMMEDIATE``) just before the next write."""
        self._pending_begin = statement

    def run(self, operation: str, parameters: Any, *, many: bool) -> _Answer:
        begin = self._pending_begin
        if begin is not None and (many or not _reads(operation)):
            self._pending_begin = None
        else:
            begin = None
        self._idle = False  # until the statement says otherwise (an error leaves it unknown)
        try:
            if not many and self._quick(operation):
                self._busy = True
                answer = await_(_inline(self, begin, operation, parameters))
            else:
                answer = self._hand_off(_run, self, begin, operation, parameters, many)
        except Exception as error:
            self._handle_exception(error)
        self._idle = not answer[4]
        return answer

    def _quick(self, operation: str) -> bool:
        """Whether to run the statement in the event loop's thread: one that took under :data:`INLINE_BELOW` last
        time, with the database thread idle."""
        return not self._busy and self._timings.get(operation, INLINE_BELOW) < INLINE_BELOW

    def _took(self, operation: str, seconds: float) -> None:
        if len(self._timings) >= _TIMINGS_KEPT and operation not in self._timings:
            self._timings.clear()
        self._timings[operation] = seconds

    def _hand_off(self, function: Any, *args: Any) -> Any:
        if not self._connection._connection:
            raise ValueError("Connection closed")
        self._busy = True
        try:
            return await_(self._connection._execute(function, *args))
        except BaseException:
            if not self._connection._running:
                self._busy = False
            raise

    def commit(self) -> None:
        self._end(commit=True)

    def rollback(self) -> None:
        self._end(commit=False)

    def _end(self, *, commit: bool) -> None:
        if self._nothing_to_end() or not self._connection._connection:
            return
        try:
            if not self._busy and self._ended_in is not None and self._ended_in < INLINE_END_BELOW:
                self._busy = True
                await_(_end_inline(self, commit))
            else:
                self._hand_off(_end, self, commit)
        except Exception as error:
            self._handle_exception(error)
        self._idle = True

    def _nothing_to_end(self) -> bool:
        if self._pending_begin is not None:  # no write since BEGIN was asked for: it was never opened
            self._pending_begin = None
            return True
        return self._idle


class OneHopDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The aiosqlite DB-API adapter, handing out :class:`OneHopConnection` s."""

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        plain = super().connect(*arg, **kw)
        return OneHopConnection(self, plain._connection)


def dbapi() -> OneHopDbapi:
    """The ``module=`` for ``create_async_engine`` on an ``sqlite+aiosqlite`` URL."""
    return OneHopDbapi(aiosqlite, sqlite3)
