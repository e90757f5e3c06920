"""Shared fixtures: a simulated clock, real SQLite files, a real PostgreSQL, a core, a console."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio

from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.i18n import Translator
from bot.settings import Settings
from tests.compiled_sql import share_compiled_sql
from tests.console_driver import ConsoleDriver
from tests.worlds import ConsoleAfter, Worlds, copy_database, restore

# One Synapse per run for every Matrix test (started only when a test asks for it); the longest files first.
pytest_plugins = ["tests.synapse.fixtures", "tests.scheduling"]

POSTGRES_URL = os.environ.get("NETGROUPS_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: Where test folders go when nobody chose (``--basetemp``, ``TMPDIR``): in memory, if there is room.
MEMORY = Path("/dev/shm")
MEMORY_NEEDED = 2 * 1024**3


def pytest_configure(config: pytest.Config) -> None:
    share_compiled_sql()
    _test_folders_in_memory(config)


def _test_folders_in_memory(config: pytest.Config) -> None:
    """Test folders in memory: SQLite syncs every commit to disk, which a test does not need (a killed process
    loses nothing either way) and which costs 0.1 ms of CPU and 1-6 ms of waiting a commit on this machine's
    disk, more when others' tests use it too. Workers take their folder from the controller's."""
    chosen = config.option.basetemp or any(os.environ.get(name) for name in ("PYTEST_DEBUG_TEMPROOT", "TMPDIR"))
    if chosen or not MEMORY.is_dir() or not os.access(MEMORY, os.W_OK | os.X_OK):
        return
    room = os.statvfs(MEMORY)
    if room.f_bavail * room.f_frsize >= MEMORY_NEEDED:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY)


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(START)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'netgroups.db'}"


@pytest.fixture(scope="session")
def translator() -> Translator:
    return Translator()


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head per test run; each core test gets a copy (saves ~0.2 s)."""
    import asyncio

    from bot.storage.database import Database

    path = tmp_path_factory.mktemp("template") / "netgroups.db"

    async def migrate() -> None:
        database = await Database.open(f"sqlite:///{path}")
        await database.close()

    asyncio.run(migrate())
    return path


@pytest.fixture
def migrated_sqlite_url(tmp_path: Path, _migrated_template: Path) -> str:
    target = tmp_path / "core.db"
    shutil.copyfile(_migrated_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(storage={"data_dir": tmp_path})  # type: ignore[arg-type]


async def _postgres_admin() -> asyncpg.Connection:
    try:
        return await asyncpg.connect(POSTGRES_URL, timeout=5)
    except (OSError, asyncpg.PostgresError) as problem:
        reason = f"no PostgreSQL at {POSTGRES_URL}: {problem}"
        if os.environ.get("NETGROUPS_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " (NETGROUPS_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)


@pytest_asyncio.fixture
async def postgres_url() -> AsyncIterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    admin = await _postgres_admin()
    name = f"netgroups_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.e2e)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each storage test runs on a real SQLite file and on a real PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
    else:
        yield request.getfixturevalue("postgres_url")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.e2e)])
def migrated_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Like ``database_url``, for tests of what comes after migrating: on SQLite a copy of the file migrated once
    (migrating a new one costs a sixth of a second), on PostgreSQL a new database that opening migrates."""
    if request.param == "sqlite":
        yield request.getfixturevalue("migrated_sqlite_url")
    else:
        yield request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def worlds(tmp_path_factory: pytest.TempPathFactory, _migrated_template: Path, translator: Translator) -> Worlds:
    """Console sessions after a script, typed once per worker (``tests/worlds.py``)."""
    return Worlds(tmp_path_factory.mktemp("worlds"), _migrated_template, translator)


@pytest_asyncio.fixture
async def core(
    request: pytest.FixtureRequest,
    settings: Settings,
    clock: SimulatedClock,
    migrated_sqlite_url: str,
    translator: Translator,
) -> AsyncIterator[Core]:
    if "console" in request.fixturenames:
        # The console starts on a copy of a database it has started on once: the same rows as starting on a new
        # one (checked when that one is made), for half the start's cost.
        worlds: Worlds = request.getfixturevalue("worlds")
        started = await worlds.get("", settings, clock.now())
        copy_database(started, Path(migrated_sqlite_url.removeprefix("sqlite:///")))
    built = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    yield built
    await built.close()


@pytest_asyncio.fixture
async def console(core: Core, clock: SimulatedClock) -> ConsoleDriver:
    driver = ConsoleDriver(core, clock)
    await driver.start()
    return driver


@pytest_asyncio.fixture
async def console_after(
    settings: Settings, clock: SimulatedClock, tmp_path: Path, translator: Translator, worlds: Worlds
) -> AsyncIterator[ConsoleAfter]:
    """A console that goes on after ``script`` (a module's world), from a copy of that world typed once."""
    cores: list[Core] = []

    async def after(script: str) -> ConsoleDriver:
        world = await worlds.get(script, settings, clock.now())
        url = copy_database(world, tmp_path / f"world-{len(cores)}.db")
        clock.set(world.now)
        cores.append(await build_core(settings, clock, database_url=url, translator=translator))
        return await restore(world, cores[-1], clock)

    yield after
    for built in cores:
        await built.close()
