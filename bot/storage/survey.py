"""A look at the database that changes nothing, for ``netgroups check``: can it be used, which migrations would
run, what is bound to which platform, and whether a netgroups process is using an SQLite file right now.

Unlike :class:`bot.storage.database.Database` it never migrates, never makes a file or folder, and never takes
the SQLite lock: it may look at the database of a bot that is running.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.checks import KnownCommunity, KnownSection
from bot.domain.models import SectionStatus
from bot.errors import StartupError
from bot.storage.database import async_url
from bot.storage.failures import prepare_sqlite_file, refuse_foreign_sqlite, refused_in_one_line
from bot.storage.migrate import alembic_config, current_revisions
from bot.storage.schema import community_bindings, platform_state, section_bindings, sections

log = logging.getLogger(__name__)

#: A read run on a synchronous connection: its rows.
_Query = Callable[..., list[tuple[object, ...]]]


@dataclass(frozen=True, slots=True)
class SchemaState:
    #: Where the database is (nothing: a new database).
    current: tuple[str, ...]
    head: str
    #: The migrations the next start applies, oldest first.
    pending: tuple[str, ...]
    #: Revisions this netgroups does not know: written by a newer version (the bot refuses to start).
    unknown: tuple[str, ...]


def schema_state(current: tuple[str, ...]) -> SchemaState:
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = tuple(revision for revision in current if revision not in known)
    if unknown:
        return SchemaState(current, head, (), unknown)
    lower = current[0] if current else "base"
    pending = tuple(reversed([revision.revision for revision in script.iterate_revisions(head, lower)]))
    return SchemaState(current, head, pending, ())


class Survey:
    """Build with :meth:`open`; close with :meth:`close`. Answers :class:`bot.checks.Known`."""

    def __init__(self, url: str, engine: AsyncEngine | None) -> None:
        #: The database as the operator wrote it (a path or ``sqlite:///…``, or PostgreSQL's URL).
        self.url = url
        #: None for an SQLite file that does not exist yet (made at the bot's first start).
        self._engine = engine
        self._schema: SchemaState | None = None

    @classmethod
    async def open(cls, url: str) -> Survey:
        """Connect and read the schema's revision, or raise StartupError with the one line start-up would give."""
        engine_url = async_url(url)
        return await refused_in_one_line(engine_url, cls._open(url, engine_url))

    @classmethod
    async def _open(cls, url: str, engine_url: str) -> Survey:
        path = sqlite_path(url)
        if path is not None and path != ":memory:":
            if _to_be_made(Path(path)):
                survey = cls(url, None)
                survey._schema = schema_state(())
                return survey
            prepare_sqlite_file(path)
        engine = create_async_engine(engine_url, poolclass=NullPool)
        survey = cls(url, engine)
        try:
            async with engine.connect() as conn:
                if path is not None:
                    await conn.run_sync(refuse_foreign_sqlite, path)
                survey._schema = schema_state(await conn.run_sync(current_revisions))
        except BaseException:
            await engine.dispose()
            raise
        return survey

    @property
    def is_new(self) -> bool:
        return self._engine is None

    @property
    def schema(self) -> SchemaState:
        assert self._schema is not None
        return self._schema

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()

    # --- bot.checks.Known ------------------------------------------------------------------------------------

    async def communities(self, platform: str) -> list[KnownCommunity]:
        """The platform's communities with their active sections' channels (none before the schema has them)."""
        rows = await self._read(_bound_sections, platform)
        found: dict[str, list[KnownSection]] = {}
        for community, slug, name, channel, role in rows or []:
            listed = found.setdefault(str(community), [])
            if slug is not None and channel is not None:
                listed.append(KnownSection(str(slug), str(name), str(channel), str(role) if role else None))
        return [KnownCommunity(external, tuple(listed)) for external, listed in found.items()]

    async def state(self, platform: str, key: str) -> str | None:
        rows = await self._read(_state_value, platform, key)
        return str(rows[0][0]) if rows else None

    async def _read(self, query: _Query, *args: str) -> list[tuple[object, ...]] | None:
        if self._engine is None or self.schema.unknown or not self.schema.current:
            return None
        try:
            async with self._engine.connect() as conn:
                return await conn.run_sync(query, *args)
        except SQLAlchemyError as problem:  # a schema too old for the query: the next start migrates it
            log.debug("could not read the database: %s", problem)
            return None


def _bound_sections(conn: Connection, platform: str) -> list[tuple[object, ...]]:
    query = (
        select(
            community_bindings.c.external_id,
            sections.c.slug,
            sections.c.name,
            section_bindings.c.external_id,
            section_bindings.c.role_id,
        )
        .select_from(community_bindings)
        .outerjoin(
            sections,
            (sections.c.community_id == community_bindings.c.community_id)
            & (sections.c.status == SectionStatus.ACTIVE.value),
        )
        .outerjoin(
            section_bindings,
            (section_bindings.c.section_id == sections.c.id) & (section_bindings.c.platform == platform),
        )
        .where(community_bindings.c.platform == platform)
        .order_by(community_bindings.c.id, sections.c.id)
    )
    return [tuple(row) for row in conn.execute(query)]


def _state_value(conn: Connection, platform: str, key: str) -> list[tuple[object, ...]]:
    query = select(platform_state.c.value).where(platform_state.c.platform == platform, platform_state.c.key == key)
    return [tuple(row) for row in conn.execute(query)]


def sqlite_path(url: str) -> str | None:
    """The file of an SQLite URL (or a bare path); None for PostgreSQL."""
    engine_url = async_url(url)
    if not engine_url.startswith("sqlite"):
        return None
    return make_url(engine_url).database or ":memory:"


def _to_be_made(path: Path) -> bool:
    """Whether the SQLite file is still to be made (at the bot's first start): then the nearest existing folder must
    be a folder netgroups may write in."""
    if path.exists():
        return False
    existing = next(part for part in (path.parent, *path.parent.parents) if part.exists())
    if not existing.is_dir():
        raise StartupError(
            f"cannot make the database folder {path.parent}: {existing} is a file, not a folder; "
            "check storage.data_dir (or --db)"
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise StartupError(
            f"cannot make the database {path}: {existing} cannot be written by this user; "
            "let the user running netgroups write there, or check storage.data_dir"
        )
    return True


def database_in_use(url: str) -> bool | None:
    """Whether a netgroups process holds the lock of this SQLite file now (read from ``/proc/locks``, or from the
    process id in the lock file where that cannot be read); None for PostgreSQL, which has no such lock."""
    path = sqlite_path(url)
    if path is None or path == ":memory:":
        return None
    lock = Path(os.path.realpath(path) + ".lock")
    try:
        inode = lock.stat().st_ino
    except OSError:
        return False
    try:
        held = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except OSError:
        return _pid_alive(lock)
    return any(_locks_inode(line, inode) for line in held)


def _locks_inode(line: str, inode: int) -> bool:
    """A line of /proc/locks (``1: FLOCK ADVISORY WRITE 1234 08:01:5678 0 EOF``) that locks ``inode``."""
    fields = line.split()
    if "->" in fields:  # a process waiting for the lock, not holding it
        return False
    device = next((field for field in fields if field.count(":") == 2), None)
    return device is not None and device.rsplit(":", 1)[1] == str(inode)


def _pid_alive(lock: Path) -> bool:
    try:
        pid = int(lock.read_text(encoding="utf-8").strip() or "0")
    except (OSError, ValueError):
        return False
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # someone else's process: alive
    except OSError:
        return False
    return True
