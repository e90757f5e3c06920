"""Migrations build the schema the code expects, refuse newer databases, and keep one writer per SQLite file."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command as alembic_command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.errors import StartupError
from bot.storage.database import Database, async_url
from bot.storage.migrate import alembic_config, current_revisions, head_revision
from bot.storage.schema import communities, identities, members, metadata

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _schema_differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, metadata)


def _clean_env() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("NETGROUPS_") and name != "DATABASE_URL"
    }


async def test_fresh_database_migrates_to_head(database_url: str) -> None:
    """An empty database is brought to the head revision when first opened."""
    db = await Database.open(database_url)
    try:
        async with db.transaction() as conn:
            assert await conn.run_sync(current_revisions) == (head_revision(),)
    finally:
        await db.close()


async def test_reopening_a_migrated_database_changes_nothing(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Opening an up-to-date database again runs no migration and keeps the data."""
    db = await Database.open(database_url)
    async with db.transaction() as conn:
        await conn.execute(insert(communities).values(name="N", timezone="UTC", locale="en", created_at=NOW))
    await db.close()

    caplog.set_level("INFO", logger="bot.storage.migrate")
    db = await Database.open(database_url)
    try:
        async with db.transaction() as conn:
            assert await conn.run_sync(current_revisions) == (head_revision(),)
            assert (await conn.execute(select(communities.c.name))).scalars().all() == ["N"]
    finally:
        await db.close()
    assert not [record for record in caplog.records if "migrating" in record.getMessage()]


async def test_migrated_schema_equals_metadata(database_url: str) -> None:
    """The tables the migrations build match bot.storage.schema exactly, types included."""
    db = await Database.open(database_url)
    try:
        async with db.transaction() as conn:
            differences = await conn.run_sync(_schema_differences)
    finally:
        await db.close()
    assert differences == []


async def test_newer_revision_refuses_to_start(database_url: str) -> None:
    """A database stamped by a newer netgroups makes start-up fail, naming the revision."""
    db = await Database.open(database_url)
    async with db.transaction() as conn:
        await conn.execute(insert(communities).values(name="Kept", timezone="UTC", locale="en", created_at=NOW))
        await conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    await db.close()

    with pytest.raises(StartupError, match="newer") as refusal:
        await Database.open(database_url)
    assert "9999" in str(refusal.value)


async def test_newer_revision_leaves_data_untouched(database_url: str) -> None:
    """Refusing a newer database changes neither its data nor its revision."""
    db = await Database.open(database_url)
    async with db.transaction() as conn:
        await conn.execute(insert(communities).values(name="Kept", timezone="UTC", locale="en", created_at=NOW))
        await conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    await db.close()

    with pytest.raises(StartupError):
        await Database.open(database_url)

    engine = create_async_engine(async_url(database_url))
    try:
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalars().all() == ["9999"]
            assert (await conn.execute(select(communities.c.name))).scalars().all() == ["Kept"]
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("synchronous", 2), ("foreign_keys", 1)],
)
async def test_sqlite_pragmas(sqlite_url: str, pragma: str, expected: object) -> None:
    """SQLite runs in WAL mode, with synchronous=FULL and foreign keys enforced."""
    db = await Database.open(sqlite_url)
    try:
        async with db.transaction() as conn:
            assert (await conn.exec_driver_sql(f"PRAGMA {pragma}")).scalar_one() == expected
    finally:
        await db.close()


async def test_second_open_of_same_sqlite_file_is_refused(tmp_path: Path) -> None:
    """A second Database.open on a SQLite file in use fails with a StartupError naming the file."""
    path = tmp_path / "netgroups.db"
    first = await Database.open(str(path))
    try:
        with pytest.raises(StartupError, match="another netgroups process") as refusal:
            await Database.open(str(path))
        assert str(path) in str(refusal.value)
    finally:
        await first.close()


async def test_a_second_open_through_a_symlink_is_refused_too(tmp_path: Path) -> None:
    """The same file under another name (a symbolic link to it) is the same database: refused as in use."""
    path = tmp_path / "netgroups.db"
    alias = tmp_path / "alias.db"
    first = await Database.open(str(path))
    try:
        alias.symlink_to(path)
        with pytest.raises(StartupError, match="another netgroups process"):
            await Database.open(str(alias))
    finally:
        await first.close()


async def test_sqlite_file_opens_again_after_close(tmp_path: Path) -> None:
    """Once the first Database is closed, the file can be opened again."""
    path = tmp_path / "netgroups.db"
    await (await Database.open(str(path))).close()
    again = await Database.open(str(path))
    await again.close()


@pytest.mark.e2e
def test_second_process_on_same_sqlite_file_is_refused(tmp_path: Path) -> None:
    """A second netgroups process on a SQLite file in use exits 2 with one line on stderr."""
    db = tmp_path / "shared.db"
    lock = Path(f"{db}.lock")
    command = [str(PYTHON), "-m", "netgroups", "console", "--db", str(db)]
    first = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=_clean_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
            assert first.poll() is None, "the first process ended early"
            assert time.monotonic() < deadline, "the first process never took the lock"
            time.sleep(0.02)

        second = subprocess.run(
            command,
            cwd=tmp_path,
            env=_clean_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 2
        assert second.stderr.count("\n") == 1
        assert second.stderr.startswith("netgroups: another netgroups process is already using")
        assert str(db) in second.stderr
    finally:
        assert first.stdin is not None
        first.stdin.close()
        returncode = first.wait(timeout=60)
    assert returncode == 0


@pytest.mark.e2e
async def test_concurrent_migrations_on_postgres_both_succeed(postgres_url: str) -> None:
    """Two processes migrating one fresh PostgreSQL at once both succeed, thanks to the advisory lock."""
    opened = await asyncio.gather(Database.open(postgres_url), Database.open(postgres_url))
    try:
        for db in opened:
            async with db.transaction() as conn:
                assert await conn.run_sync(current_revisions) == (head_revision(),)
    finally:
        for db in opened:
            await db.close()


def _names_at_0007_then_upgrade(connection: Connection) -> list[str]:
    alembic_command.upgrade(alembic_config(connection), "0007")
    community = connection.execute(
        insert(communities).values(name="N", timezone="UTC", locale="en", created_at=NOW).returning(communities.c.id)
    ).scalar_one()
    for name, user in (
        ("Mallory\n\n✔ Meeting cancelled: stay home", "@mallory:example.org"),
        ("\u202e\u200b", "@blank:example.org"),
        ("Åsa", "@asa:example.org"),
    ):
        member = connection.execute(
            insert(members)
            .values(community_id=community, display_name=name, is_admin=False, created_at=NOW)
            .returning(members.c.id)
        ).scalar_one()
        connection.execute(
            insert(identities).values(community_id=community, member_id=member, platform="matrix", external_id=user)
        )
    alembic_command.upgrade(alembic_config(connection), "head")
    return list(connection.execute(select(members.c.display_name).order_by(members.c.id)).scalars())


async def test_stored_names_are_made_one_line(database_url: str) -> None:
    """Upgrading puts a name stored with line breaks on one line, and one with nothing to show becomes its id."""
    engine = create_async_engine(async_url(database_url))
    try:
        async with engine.begin() as connection:
            names = await connection.run_sync(_names_at_0007_then_upgrade)
    finally:
        await engine.dispose()
    assert names == ["Mallory ✔ Meeting cancelled: stay home", "@blank:example.org", "Åsa"]
