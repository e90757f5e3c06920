"""INSERT … ON CONFLICT, written once for both dialects (they share the syntax, not the import)."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection


async def upsert(conn: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]) -> None:
    """Insert the row, or update every non-key column of the row with the same ``keys``."""
    await conn.execute(_upsert_statement(conn.dialect.name, table, tuple(values), tuple(keys)), dict(values))


async def upsert_many(
    conn: AsyncConnection, table: Table, rows: Sequence[Mapping[str, Any]], keys: Sequence[str]
) -> None:
    """``upsert`` for many rows of the same columns in one statement run (executemany)."""
    if not rows:
        return
    await conn.execute(_upsert_statement(conn.dialect.name, table, tuple(rows[0]), tuple(keys)), list(rows))


@functools.cache
def _upsert_statement(dialect: str, table: Table, columns: tuple[str, ...], keys: tuple[str, ...]) -> Any:
    """Built once per table and columns: ``excluded`` makes an alias of the whole table, which cost more than
    running the statement (an answer's upsert, at every ``rsvp``). The values are the parameters of each run."""
    statement = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    updates = {name: statement.excluded[name] for name in columns if name not in keys}
    return statement.on_conflict_do_update(index_elements=list(keys), set_=updates)


async def insert_ignore(conn: AsyncConnection, table: Table, values: Mapping[str, Any], keys: Sequence[str]) -> bool:
    """Insert the row unless one with the same ``keys`` exists; True when it was inserted."""
    result = await conn.execute(_insert_ignore_statement(conn.dialect.name, table, tuple(keys)), dict(values))
    return bool(result.rowcount)


@functools.cache
def _insert_ignore_statement(dialect: str, table: Table, keys: tuple[str, ...]) -> Any:
    """Built once per table (the columns are the parameters'), as ``upsert``'s."""
    statement = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    return statement.on_conflict_do_nothing(index_elements=list(keys))
