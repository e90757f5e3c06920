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

Reading before the ``BEGIN`` sees what a transaction would have seen: the bot has one connection to the file
(``pool_size=1``, and a lock file keeps other netgroups processes away), held by the transaction from its
start, so nothing can be written between its reads and its first write. (PostgreSQL, with a pool of
connections, does not use this module.)

Everything else (exceptions, the pool, closing, the dialect) is SQLAlchemy's aiosqlite dialect unchanged: the
engine is made with ``module=dbapi()``.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_dbapi
from sqlalchemy.util.concurrency import await_

#: What one hand-off answers: description, rowcount, lastrowid, rows, and whether a transaction is open after it.
_Answer = tuple[Any, int, int | None, list[Any], bool]


def _reads(operation: str) -> bool:
    """Whether a statement only reads: a ``SELECT`` (which in SQLite cannot write)."""
    return operation.lstrip()[:6].upper() == "SELECT"


def _run(connection: aiosqlite.Connection, begin: str | None, operation: str, parameters: Any, many: bool) -> _Answer:
    """In the database thread: the pending ``BEGIN``, then the statement, read to the end."""
    raw: sqlite3.Connection = connection._conn
    if begin is not None:
        raw.execute(begin)
    cursor = raw.cursor()
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

    __slots__ = ("_idle", "_pending_begin")

    _cursor_cls = OneHopCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        #: The ``BEGIN`` to send before the next write, if one was asked for and not yet sent.
        self._pending_begin: str | None = None
        #: Known to be outside a transaction (so a commit or rollback has nothing to do).
        self._idle = True

    def begin_with_next(self, statement: str) -> None:
        """Open a transaction with ``statement`` (``BEGIN IMMEDIATE``) just before the next write."""
        self._pending_begin = statement

    def run(self, operation: str, parameters: Any, *, many: bool) -> _Answer:
        begin = self._pending_begin
        if begin is not None and (many or not _reads(operation)):
            self._pending_begin = None
        else:
            begin = None
        self._idle = False  # until the thread says otherwise (an error leaves it unknown)
        try:
            call = self._connection._execute(_run, self._connection, begin, operation, parameters, many)
            answer: _Answer = await_(call)
        except Exception as error:
            self._handle_exception(error)
        self._idle = not answer[4]
        return answer

    def commit(self) -> None:
        if self._nothing_to_end():
            return
        super().commit()
        self._idle = True

    def rollback(self) -> None:
        if self._nothing_to_end():
            return
        super().rollback()
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
