"""Export and erase find a member's rows through an index in every table, never by scanning one whole: the export's
``WHERE column = ?`` per table of PERSONAL_DATA, and the lookup SQLite makes in each table whose foreign key names a
member when the member's row is deleted (ON DELETE CASCADE / SET NULL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect

from bot.storage.database import Database
from bot.storage.schema import PERSONAL_DATA, metadata


def member_columns() -> list[tuple[str, str]]:
    """(table, column) of every column that names a member: PERSONAL_DATA's, and every foreign key to members."""
    found = set(PERSONAL_DATA.items())
    for table in metadata.sorted_tables:
        found.update((table.name, fk.parent.name) for fk in table.foreign_keys if fk.column.table.name == "members")
    return sorted(found)


@pytest.mark.parametrize(("table", "column"), member_columns())
async def test_sqlite_finds_a_members_rows_through_an_index(migrated_sqlite_url: str, table: str, column: str) -> None:
    db = await Database.open(migrated_sqlite_url)
    try:
        async with db.transaction() as conn:
            # Names from the schema itself, never from input.
            sql = f"EXPLAIN QUERY PLAN SELECT * FROM {table} WHERE {column} = 1"
            plan = " ".join(str(row[-1]) for row in await conn.exec_driver_sql(sql))
    finally:
        await db.close()
    assert plan.startswith("SEARCH"), plan


async def test_each_column_naming_a_member_leads_an_index_on_sqlite_and_postgresql(migrated_database_url: str) -> None:
    """The same schema on both: a column the database cannot find by its primary key leads an index of its own."""
    db = await Database.open(migrated_database_url)
    try:
        async with db.transaction() as conn:

            def unindexed(sync_conn: Any) -> list[tuple[str, str]]:
                inspector = inspect(sync_conn)
                missing = []
                for table, column in member_columns():
                    keys = inspector.get_pk_constraint(table)["constrained_columns"]
                    leading = {index["column_names"][0] for index in inspector.get_indexes(table)}
                    unique = {u["column_names"][0] for u in inspector.get_unique_constraints(table)}
                    if column not in leading | unique and keys[:1] != [column]:
                        missing.append((table, column))
                return missing

            assert await conn.run_sync(unindexed) == []
    finally:
        await db.close()
