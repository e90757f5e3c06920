"""``netgroups check``: the settings and the database (looked at, never changed), the table it prints, its exit
status, and ``--live``. The platforms' own checks are tested beside their adapters (tests/adapters/*/test_check.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command as alembic_command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.checks import Finding, Mark
from bot.i18n import Translator
from bot.replies import msg
from bot.settings import Settings
from bot.storage.database import Database, async_url
from bot.storage.migrate import alembic_config, current_revisions, head_revision
from bot.storage.survey import database_in_use
from netgroups.check import Report, check, describe_database, render

REPO = Path(__file__).resolve().parents[1]


def _revisions_in_order() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


REVISIONS = _revisions_in_order()


def _settings(url: str, **sections: object) -> Settings:
    return Settings(storage={"data_dir": "unused", "database_url": url}, **sections)  # type: ignore[arg-type]


def _marks(report: Report, area: str) -> list[tuple[Mark, str]]:
    return [(finding.mark, finding.what.key) for finding in report.lines(area)]


async def _at_revision(url: str, revision: str) -> None:
    def upgrade(connection: Connection) -> None:
        alembic_command.upgrade(alembic_config(connection), revision)

    engine = create_async_engine(async_url(url))
    try:
        async with engine.begin() as connection:
            await connection.run_sync(upgrade)
    finally:
        await engine.dispose()


async def _revisions(url: str) -> tuple[str, ...]:
    engine = create_async_engine(async_url(url))
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(current_revisions)
    finally:
        await engine.dispose()


async def test_a_database_needing_migrations_says_which_would_run_and_is_left_as_it_is(database_url: str) -> None:
    """A database two migrations behind: ⚠ naming them (they run at the next start), and nothing is migrated."""
    behind = REVISIONS[-3]
    pending = REVISIONS[-2:]
    await _at_revision(database_url, behind)
    report = await check(_settings(database_url))
    (reachable, migrations) = report.lines("database")
    assert (reachable.mark, reachable.what.args["revision"]) == (Mark.OK, behind)
    assert migrations.mark is Mark.WARN
    assert migrations.what == msg("check-database-migrations", count=2, revisions=", ".join(pending))
    assert migrations.fix == msg("check-fix-database-migrations")
    assert await _revisions(database_url) == (behind,)
    text_en = render(report, Translator(), "en")
    assert f"⚠ database  2 migrations would run: {pending[0]}, {pending[1]}." in text_en
    assert "→ They run by themselves at the next start; back up the database first." in text_en


async def test_a_database_at_head_is_fine(database_url: str) -> None:
    """A migrated database: one ✔ line with its revision, no migration to run."""
    database = await Database.open(database_url)
    await database.close()
    report = await check(_settings(database_url))
    assert _marks(report, "database") == [(Mark.OK, "check-database-ok")]
    assert report.lines("database")[0].what.args["revision"] == head_revision()


async def test_a_new_sqlite_file_is_not_made_by_the_check(tmp_path: Path) -> None:
    """No database yet: ✔ it is made at the first start with every migration; the check makes no file or folder."""
    url = f"sqlite:///{tmp_path / 'data' / 'netgroups.db'}"
    report = await check(_settings(url))
    (found,) = report.lines("database")
    assert found == Finding.ok(
        msg("check-database-new", where=str(tmp_path / "data" / "netgroups.db"), count=len(REVISIONS))
    )
    assert not (tmp_path / "data").exists()


async def test_a_database_written_by_a_newer_netgroups_fails_the_check(sqlite_url: str) -> None:
    """An unknown (newer) revision: ✖ with what to do, and exit status 1."""
    database = await Database.open(sqlite_url)
    async with database.transaction() as conn:
        await conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    await database.close()
    report = await check(_settings(sqlite_url))
    assert _marks(report, "database") == [(Mark.FAIL, "check-database-newer")]
    assert report.exit_status == 1


async def test_a_database_that_cannot_be_used_is_said_in_one_line(tmp_path: Path) -> None:
    """A file that is not a database: ✖ with start-up's one-line reason."""
    path = tmp_path / "netgroups.db"
    path.write_bytes(os.urandom(4096))
    report = await check(_settings(f"sqlite:///{path}"))
    (found,) = report.lines("database")
    assert found.mark is Mark.FAIL
    assert found.what.key == "check-database-refused"
    assert f"the file {path} is not an SQLite database" in found.what.args["reason"]


async def test_no_platform_configured_fails_the_check(sqlite_url: str) -> None:
    """Settings that name no chat platform: ✖ naming the settings to set."""
    report = await check(_settings(sqlite_url))
    assert _marks(report, "settings") == [(Mark.FAIL, "check-settings-no-platform")]
    assert report.exit_status == 1


@pytest.mark.parametrize(
    ("locale", "line"),
    [
        ("en", "✖ settings  No chat platform is configured."),
        ("sv", "✖ inställningar  Ingen chattplattform är konfigurerad."),
        ("da", "✖ indstillinger  Ingen chatplatform er konfigureret."),
    ],
)
async def test_the_table_is_in_the_communitys_locale(sqlite_url: str, locale: str, line: str) -> None:
    """The table, its areas and its last line are catalog messages in the community's locale."""
    report = await check(_settings(sqlite_url, community={"locale": locale}))
    assert render(report, Translator(), locale).splitlines()[0] == line


async def test_live_fails_when_no_process_holds_the_sqlite_file(migrated_sqlite_url: str) -> None:
    """--live on an SQLite file nobody holds: ✖ no netgroups process; held by a running bot: no such line."""
    settings = _settings(migrated_sqlite_url)
    idle = await check(settings, live=True)
    assert (Mark.FAIL, "check-database-idle") in _marks(idle, "database")
    database = await Database.open(migrated_sqlite_url)
    try:
        assert database_in_use(migrated_sqlite_url) is True
        running = await check(settings, live=True)
    finally:
        await database.close()
    assert _marks(running, "database") == [(Mark.OK, "check-database-ok")]
    assert database_in_use(migrated_sqlite_url) is False


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:secret@db.example.org:5433/netgroups", "postgresql://db.example.org:5433/netgroups"),
        ("postgres://bot:secret@db/netgroups?sslmode=require", "postgresql://db/netgroups"),
        ("sqlite:///data/netgroups.db", "data/netgroups.db"),
    ],
)
def test_the_database_is_named_without_its_password(url: str, shown: str) -> None:
    """Where the database is, as the table names it: never the password."""
    assert describe_database(url) == shown


def _clean_env(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


@pytest.mark.e2e
def test_the_command_prints_the_table_and_exits_1_when_something_is_missing(tmp_path: Path) -> None:
    """`netgroups check --config FILE` (after the subcommand): the table on standard output, exit status 1."""
    config = tmp_path / "netgroups.toml"
    config.write_text(f'[storage]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "netgroups", "check", "--config", str(config)],
        cwd=tmp_path,
        env=_clean_env(PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        "✖ settings  No chat platform is configured.",
        "            → Set [discord] token (NETGROUPS_DISCORD_TOKEN), or [matrix] homeserver, user_id and access_token"
        " or password.",
        f"✔ database  {tmp_path / 'data' / 'netgroups.db'} does not exist yet: it is made at the first start, with"
        f" {len(REVISIONS)} migrations.",
        "",
        "One thing to fix (✖) before netgroups can run as it should.",
    ]
    assert done.stderr == ""
