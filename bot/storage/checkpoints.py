"""SQLite's WAL checkpoints in a thread of their own, at quiet moments, off the path of commands and deliveries.

In WAL mode a commit appends to the ``-wal`` file, and SQLite copies what was appended back into the database file
(a checkpoint) when the WAL passes 1,000 pages, inside the commit that passed it: that commit waits for the copy
and its fsync. At scale 100 an answer or a join writes about ten pages, so one command in a hundred waited
5 – 15 ms (benchmarks/README, commands). Here the bot's connection never checkpoints (``PRAGMA
wal_autocheckpoint=0``); a thread with a connection of its own does, in PASSIVE mode (it copies what no reader
still needs and waits for no lock), when the database has been quiet for a moment, since a checkpoint's writes
and fsync slow the bot's own fsyncs while they last; under writes that never pause, every half minute anyway,
so the WAL stays small. A crash loses nothing: what is in the WAL is committed, and the next open replays it.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: How often the thread looks whether a checkpoint is due.
LOOK_EVERY_S = 0.25
#: A checkpoint waits for the database to have been this quiet (no transaction begun or ended)...
QUIET_S = 0.2
#: ... but never longer than this after the database was first used since the last checkpoint.
AT_MOST_S = 30.0


@dataclass
class Activity:
    """What the bot's connection did, as the checkpoint thread reads it (written in the event loop's thread)."""

    transactions: int = 0
    last_at: float = 0.0

    def noted(self) -> None:
        self.transactions += 1
        self.last_at = time.monotonic()


def due(activity: Activity, *, copied_up_to: int, waiting_since: float | None, now: float) -> bool:
    """Whether to checkpoint now: something was done since the last one (``copied_up_to`` transactions), and the
    database is quiet or the first of it has waited ``AT_MOST_S``."""
    if activity.transactions == copied_up_to:
        return False
    quiet = now - activity.last_at >= QUIET_S
    overdue = waiting_since is not None and now - waiting_since >= AT_MOST_S
    return quiet or overdue


class Checkpointer:
    """Start with :meth:`start`; :meth:`stop` before the bot's connection closes (which checkpoints once more)."""

    def __init__(self, path: str, activity: Activity, look_every: float = LOOK_EVERY_S) -> None:
        self._path = path
        self._activity = activity
        self._look_every = look_every
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="netgroups-sqlite-checkpoints", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        try:
            connection = _open(self._path)
        except sqlite3.Error as problem:
            log.warning("WAL checkpoints are off: %s could not be opened for them (%s)", self._path, problem)
            return
        try:
            self._loop(connection)
        finally:
            connection.close()

    def _loop(self, connection: sqlite3.Connection) -> None:
        copied_up_to = self._activity.transactions
        waiting_since: float | None = None
        failing = False
        while not self._stopping.wait(self._look_every):
            if waiting_since is None and self._activity.transactions != copied_up_to:
                waiting_since = time.monotonic()
            if not due(self._activity, copied_up_to=copied_up_to, waiting_since=waiting_since, now=time.monotonic()):
                continue
            reached = self._activity.transactions
            try:
                checkpoint(connection)
            except sqlite3.Error as problem:
                if not failing:  # once per spell of failures, not at every look
                    log.warning("a WAL checkpoint of %s failed (%s); trying again", self._path, problem)
                failing = True
            else:
                failing = False
                copied_up_to, waiting_since = reached, None


def _open(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def checkpoint(connection: sqlite3.Connection) -> tuple[int, int]:
    """Copy back what of the WAL no reader needs; returns (frames in the WAL, frames copied back)."""
    _busy, frames, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    return int(frames), int(copied)


def checkpoint_file(path: str) -> tuple[int, int]:
    """One checkpoint of the file from a connection of its own (what the thread does at quiet moments)."""
    connection = _open(path)
    try:
        return checkpoint(connection)
    finally:
        connection.close()
