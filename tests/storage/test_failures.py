"""Database failures in one line: the URL forms operators write, and a full disk recognised as such."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.errors import StartupError
from bot.storage.database import Database, async_url
from bot.storage.failures import is_disk_full


@pytest.mark.parametrize(
    ("written", "used"),
    [
        ("postgres://u@db/x?sslmode=require", "postgresql+asyncpg://u@db/x?ssl=require"),
        ("postgresql://u@db/x?sslmode=disable&timeout=5", "postgresql+asyncpg://u@db/x?ssl=disable&timeout=5"),
        ("postgresql://u@db/x", "postgresql+asyncpg://u@db/x"),
    ],
)
def test_libpq_sslmode_is_asyncpg_ssl(written: str, used: str) -> None:
    """libpq's sslmode= (as hosting platforms write it) reaches asyncpg as ssl=."""
    assert async_url(written) == used


async def _fill(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(text("CREATE TABLE filler (x TEXT)"))
        await conn.execute(text("INSERT INTO filler VALUES (:x)"), {"x": "x" * 100_000})


async def _duplicate_version(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(text("INSERT INTO alembic_version SELECT version_num FROM alembic_version"))


async def test_a_full_sqlite_database_is_recognised(tmp_path: Path) -> None:
    """SQLite's "database or disk is full" is told apart from other failures."""
    db = await Database.open(str(tmp_path / "full.db"))
    try:
        async with db.transaction() as conn:
            pages = (await conn.exec_driver_sql("PRAGMA page_count")).scalar_one()
            await conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(OperationalError) as full:
            await _fill(db)
        assert is_disk_full(full.value)
        with pytest.raises(IntegrityError) as other:
            await _duplicate_version(db)
        assert not is_disk_full(other.value)
    finally:
        await db.close()


async def test_refusal_keeps_the_driver_error_as_its_cause(tmp_path: Path) -> None:
    """A refusal is one line, and the driver's error stays attached for whoever debugs it."""
    (tmp_path / "noise.db").write_bytes(b"not a database at all, " * 100)
    with pytest.raises(StartupError) as refusal:
        await Database.open(str(tmp_path / "noise.db"))
    assert "\n" not in str(refusal.value)
    assert refusal.value.__cause__ is not None
