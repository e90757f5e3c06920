"""Database failures said in one line: why start-up is refused, and a full disk while running.

Start-up refusals are for the operator (English, in the log and on standard error); each names the file,
or the PostgreSQL host, port, database and user, and what to check. A URL's password is never shown.
A full disk while running is a :class:`DiskFull`: a user error (nothing was changed) the member sees
translated, and one line in the log.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import tempfile
from collections.abc import Awaitable, Iterator
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.errors import StartupError, UserError

_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
_PG_DISK_FULL = "53100"
_URL_SETTING = "storage.database_url (or DATABASE_URL)"
_ELSEWHERE = "point storage.data_dir (or --db) at another file"


class DiskFull(UserError):
    """A write failed because the disk holding the database is full: rolled back, so nothing was changed."""

    def __init__(self) -> None:
        super().__init__("error-disk-full")


def is_disk_full(problem: BaseException) -> bool:
    """Whether a database write failed because the disk (or SQLite's page limit) is full."""
    for cause in _causes(problem):
        if isinstance(cause, sqlite3.Error) and cause.sqlite_errorcode & 0xFF == _SQLITE_FULL:
            return True
        if getattr(cause, "sqlstate", None) == _PG_DISK_FULL:
            return True
    return False


# --- SQLite ----------------------------------------------------------------------------------------


def prepare_sqlite_file(path: str) -> None:
    """Before SQLite opens ``path``: its folder exists and can be written, and the file (if any) can be written.

    Netgroups writes even to answer a question (a member seen first, a channel bound), and keeps its lock,
    journal and shared-memory files beside the database.
    """
    folder = Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((part for part in (folder, *folder.parents) if part.exists() and not part.is_dir()), folder)
        raise StartupError(
            f"cannot make the database folder {folder}: {blocker} is a file, not a folder; "
            "check storage.data_dir (or --db)"
        ) from None
    except OSError as problem:
        raise StartupError(
            f"cannot make the database folder {folder} ({problem.strerror}); "
            "check storage.data_dir (or --db) and who may write there"
        ) from None
    if Path(path).is_dir():
        raise StartupError(f"the database {path} is a folder, not a file; {_ELSEWHERE}")
    if Path(path).exists():
        try:
            os.close(os.open(path, os.O_RDWR))
        except OSError as problem:
            raise StartupError(
                f"the database {path} cannot be written ({problem.strerror}); netgroups writes to it even to "
                "answer a question: let the user running netgroups write it (or work on a copy)"
            ) from None
    real_folder = Path(os.path.realpath(path)).parent
    try:
        with tempfile.TemporaryFile(dir=real_folder):
            pass
    except OSError as problem:
        raise StartupError(_unwritable_folder(real_folder, problem)) from None


def lock_file_refusal(lock_path: str, problem: OSError) -> str:
    return (
        f"cannot make the lock file {lock_path} ({problem.strerror}); netgroups needs to write in "
        f"{Path(lock_path).parent}: check who may write there and that the file system is not read-only"
    )


def _unwritable_folder(folder: Path, problem: OSError) -> str:
    return (
        f"cannot write in the database folder {folder} ({problem.strerror}); netgroups keeps its lock and "
        "journal files beside the database: let the user running netgroups write there, and check that the "
        "file system is not read-only"
    )


def refuse_foreign_sqlite(connection: Connection, path: str) -> None:
    """Refuse an SQLite file that holds another application's tables (and no netgroups schema)."""
    tables = sorted(name for name in inspect(connection).get_table_names() if not name.startswith("sqlite_"))
    if tables and "alembic_version" not in tables:
        shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
        raise StartupError(
            f"the database {path} belongs to another application (tables {shown}, no netgroups schema); {_ELSEWHERE}"
        )


#: What each SQLite result code means for the operator, by its primary code; {path} and {reason} are filled in.
_SQLITE_LINES = {
    _SQLITE_NOTADB: "the file {path} is not an SQLite database ({reason}); move it aside, or " + _ELSEWHERE,
    _SQLITE_CORRUPT: (
        "the database {path} is damaged ({reason}: truncated or overwritten?); restore it from a backup, "
        "or move it aside to start afresh"
    ),
    _SQLITE_READONLY: "the database {path} is read-only ({reason}); let the user running netgroups write it and its "
    "folder",
    _SQLITE_CANTOPEN: "cannot open the database {path} ({reason}); check that netgroups may read and write it and "
    "make files beside it",
    _SQLITE_FULL: "the disk holding the database {path} is full; free some space",
    _SQLITE_IOERR: "the database {path} cannot be read or written ({reason}); check the disk",
}


def _sqlite_refusal(path: str, problem: BaseException) -> str | None:
    error = next((cause for cause in _causes(problem) if isinstance(cause, sqlite3.Error)), None)
    if error is None:
        return None
    line = _SQLITE_LINES.get(error.sqlite_errorcode & 0xFF, "the database {path} cannot be used ({reason})")
    return line.format(path=path, reason=str(error).splitlines()[0])


# --- PostgreSQL -------------------------------------------------------------------------------------


def _postgres_refusal(url: str, problem: BaseException) -> str | None:
    return _url_problem(url, problem) or _server_problem(url, problem) or _network_problem(url, problem)


def _url_problem(url: str, problem: BaseException) -> str | None:
    """An option asyncpg does not take, or a port that is no port."""
    if isinstance(problem, TypeError) and "unexpected keyword argument" in str(problem):
        option = str(problem).split("'")[1] if "'" in str(problem) else str(problem)
        return (
            f"the database URL has an option the PostgreSQL driver (asyncpg) does not know: {option}; remove it "
            f"from {_URL_SETTING} (TLS is asked for with ssl=require)"
        )
    if isinstance(problem, ValueError | OverflowError) and not _port_ok(url):
        return (
            f"the database URL has a bad port {_port_text(url)!r}: write a number from 1 to 65535, "
            f"e.g. postgresql://netgroups@db.example.org:5432/netgroups, in {_URL_SETTING}"
        )
    wrong = next((cause for cause in _causes(problem) if isinstance(cause, ValueError) and _from_driver(cause)), None)
    if wrong is not None:  # e.g. asyncpg's "`sslmode` parameter must be one of: …"
        return f"the database URL is not valid ({str(wrong).splitlines()[0]}); fix {_URL_SETTING}"
    return None


#: What PostgreSQL's refusals at connection mean for the operator, by SQLSTATE.
_PG_LINES = {
    "3D000": "{where}: the database does not exist ({reason}); create it, or fix the database name in " + _URL_SETTING,
    "28000": "{where}: PostgreSQL refused the login ({reason}); check the user and password in " + _URL_SETTING,
    "28P01": "{where}: PostgreSQL refused the login ({reason}); check the user and password in " + _URL_SETTING,
    _PG_DISK_FULL: "{where}: the disk of the PostgreSQL server is full ({reason}); free some space there",
}


def _server_problem(url: str, problem: BaseException) -> str | None:
    """PostgreSQL answered, and refused."""
    sqlstate, reason = _postgres_state(problem)
    if sqlstate is None:
        return None
    line = _PG_LINES.get(sqlstate, "{where}: PostgreSQL refused ({reason}); check " + _URL_SETTING)
    return line.format(where=_postgres_place(url), reason=reason)


def _network_problem(url: str, problem: BaseException) -> str | None:
    """PostgreSQL could not be reached: no such host, nobody listening, no answer in time."""
    where = _postgres_place(url)
    if isinstance(problem, socket.gaierror):
        return f"cannot reach {where}: the host name is not known ({problem.strerror}); check {_URL_SETTING}"
    if isinstance(problem, OSError | TimeoutError):
        shown = problem.strerror if isinstance(problem, OSError) and problem.strerror else str(problem) or "timed out"
        return (
            f"cannot reach {where} ({shown}); check that PostgreSQL runs there and accepts connections from "
            f"this machine, and {_URL_SETTING}"
        )
    return None


def _from_driver(problem: BaseException) -> bool:
    return type(problem).__module__.startswith("asyncpg")


def _postgres_place(url: str) -> str:
    """``PostgreSQL at HOST:PORT, database DB, user USER``, read leniently (a bad port is shown as written)."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = _port_text(url) or "5432"
    user = unquote(parts.username) if parts.username else None
    database = unquote(parts.path.lstrip("/")) or user or "postgres"
    return f"PostgreSQL at {host}:{port}, database {database}" + (f", user {user}" if user else "")


def _port_text(url: str) -> str | None:
    host_port = urlsplit(url).netloc.rpartition("@")[2]
    if host_port.startswith("["):  # an IPv6 address
        host_port = host_port.partition("]")[2]
    return host_port.rpartition(":")[2] if ":" in host_port else None


def _port_ok(url: str) -> bool:
    port = _port_text(url)
    return port is None or (port.isdigit() and 0 < int(port) < 65536)


def _postgres_state(problem: BaseException) -> tuple[str | None, str]:
    """The SQLSTATE and the server's message of the innermost error that has one."""
    found: tuple[str | None, str] = (None, "")
    for cause in _causes(problem):
        sqlstate = getattr(cause, "sqlstate", None)
        if isinstance(sqlstate, str):
            found = (sqlstate, str(cause).splitlines()[0] if str(cause) else sqlstate)
    return found


# --- both ---------------------------------------------------------------------------------------------


_Opened = TypeVar("_Opened")


async def refused_in_one_line(url: str, opening: Awaitable[_Opened]) -> _Opened:
    """What ``opening`` gives, or a StartupError with the one line for a failure we recognise (a bug still raises)."""
    try:
        return await opening
    except StartupError:
        raise
    except Exception as problem:
        line = refusal(url, problem)
        if line is None:
            raise
        raise StartupError(line) from problem


def refusal(url: str, problem: BaseException) -> str | None:
    """The one line that says why the database at ``url`` (an async URL) cannot be opened; None for a bug."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else url
        return _sqlite_refusal(path, problem)
    return _postgres_refusal(url, problem)


def _causes(problem: BaseException) -> Iterator[BaseException]:
    """The error, the driver's error inside SQLAlchemy's, and their causes, outermost first."""
    seen: set[int] = set()
    pending: list[BaseException] = [problem]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        inner = getattr(current, "orig", None)
        for following in (inner, current.__cause__, current.__context__):
            if isinstance(following, BaseException):
                pending.append(following)
