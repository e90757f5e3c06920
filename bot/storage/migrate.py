"""Versioned migrations with Alembic, applied at start inside one transaction.

The bot refuses to run on a database written by a newer netgroups (an unknown revision),
and on PostgreSQL an advisory lock lets several processes start at once safely.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.errors import StartupError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Any constant works; it only has to be the same in every netgroups process.
_PG_MIGRATION_LOCK = 7_270_118_001


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _revisions() -> tuple[str, frozenset[str]]:
    """The head and every known revision, read once per process (the files do not change)."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    return head, frozenset(revision.revision for revision in script.walk_revisions())


def head_revision() -> str:
    return _revisions()[0]


def current_revisions(connection: Connection) -> tuple[str, ...]:
    return MigrationContext.configure(connection).get_current_heads()


def upgrade_to_head(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
    head, known = _revisions()
    current = current_revisions(connection)
    unknown = [revision for revision in current if revision not in known]
    if unknown:
        raise StartupError(
            f"the database schema is at revision {unknown[0]}, which this netgroups does not know; "
            "it was written by a newer version: upgrade netgroups instead"
        )
    if current != (head,):
        log.info("migrating the database from %s to %s", current or "empty", head)
        command.upgrade(alembic_config(connection), "head")
