"""Console sessions after a script ("worlds"), typed once per test worker; each test starts from a copy.

A module's tests often start from the same world: an admin, a section, a few members, a meeting. Typing it
again before each test cost up to a fifth of a second a test. Here a world is typed once: the database file it
leaves, the messages the console shows, what it printed and the moment it reached are kept. A test gets a new
core on a copy of that file and a console that starts on it, shows the same messages and is told again who
types where (the script's last ``:as`` and ``:in`` lines).

That is the same session only when nothing of it lived in memory alone, so each world is checked as it is made
and refused with the difference if it fails: closing its core stores nothing more (no answer waiting in a
queue, no direct conversation unsaved), no call waits for its edit, and a console restored from it has the
same rows in every table, the same messages, the same console settings and simulation state, and printed
nothing more.
"""

from __future__ import annotations

import copy
import itertools
import shutil
import sqlite3
from collections.abc import Awaitable, Callable
from contextlib import closing
from dataclasses import dataclass, is_dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from adapters.console.gateway import ConsoleMessage
from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.i18n import Translator
from bot.settings import Settings
from tests.console_driver import ConsoleDriver

#: What a console holds that is not the session's state: the core's objects, the output, and the folder it saves
#: files in (each test's own).
_NOT_STATE = frozenset({"_inbound", "_time", "_out", "gateway", "_files"})
_PLAIN = (str, int, float, bool, type(None), datetime, Path)

#: The ``console_after`` fixture: a console that goes on after a script.
ConsoleAfter = Callable[[str], Awaitable[ConsoleDriver]]


@dataclass(frozen=True)
class World:
    """A console session as a script left it."""

    database: Path
    messages: dict[int, ConsoleMessage]
    sends: int
    printed: str
    now: datetime
    #: The lines that tell a new console who types and where, as the script left it.
    replay: str


class Worlds:
    """The worlds made so far in this worker, by script, settings and starting moment."""

    def __init__(self, folder: Path, migrated: Path, translator: Translator) -> None:
        self._folder = folder
        self._migrated = migrated
        self._translator = translator
        self._made: dict[tuple[str, str, datetime], World] = {}
        self._folders = itertools.count()

    async def get(self, script: str, settings: Settings, now: datetime) -> World:
        """The world ``script`` makes from a new database at ``now`` (typed, and checked, the first time)."""
        key = (script, settings.model_dump_json(exclude={"storage": {"data_dir"}}), now)
        if key not in self._made:
            self._made[key] = await self._make(script, settings, now)
        return self._made[key]

    async def _make(self, script: str, settings: Settings, now: datetime) -> World:
        folder = self._folder / f"world-{next(self._folders)}"
        folder.mkdir()
        database = folder / "netgroups.db"
        shutil.copyfile(self._migrated, database)
        clock = SimulatedClock(now)
        core = await build_core(
            _in_folder(settings, folder), clock, database_url=f"sqlite:///{database}", translator=self._translator
        )
        try:
            typing = ConsoleDriver(core, clock)
            await typing.start()
            await typing.say(script)
            rows = every_row(database)
            state = console_state(typing)
            if core.editor.pending:
                raise WorldError(script, "a call waits for its edit (let 2 s pass with :time +2s at the end)")
        finally:
            await core.close()
        if every_row(database) != rows:
            raise WorldError(script, "closing the core stored more: something of the session lived in memory only")
        gateway = typing.app.gateway
        messages = copy.deepcopy(gateway.messages)
        world = World(database, messages, gateway.sends, typing.printed(), clock.now(), _replay(script))
        await self._check(script, world, settings, now=now, rows=rows, state=state)
        return world

    async def _check(
        self,
        script: str,
        world: World,
        settings: Settings,
        *,
        now: datetime,
        rows: dict[str, list[str]],
        state: dict[str, Any],
    ) -> None:
        """Restore a console from ``world`` as a test would, and compare it with the one that typed the script."""
        folder = world.database.parent / "check"
        folder.mkdir()
        clock = SimulatedClock(now)
        url = copy_database(world, folder / "netgroups.db")
        core = await build_core(_in_folder(settings, folder), clock, database_url=url, translator=self._translator)
        try:
            restored = await restore(world, core, clock)
            differences = _differences(
                {"rows": rows, **state},
                {"rows": every_row(folder / "netgroups.db"), **console_state(restored)},
            )
        finally:
            await core.close()
        if differences:
            raise WorldError(script, "a console restored from it differs from the one that typed it: " + differences)


class WorldError(AssertionError):
    def __init__(self, script: str, problem: str) -> None:
        super().__init__(f"this world cannot be kept and copied: {problem}\n{script}")


def copy_database(world: World, target: Path) -> str:
    """A copy of the world's database file at ``target``; its URL."""
    shutil.copyfile(world.database, target)
    return f"sqlite:///{target}"


async def restore(world: World, core: Core, clock: SimulatedClock) -> ConsoleDriver:
    """A console on ``core`` (built on a copy of the world's database) that goes on from where the script stopped."""
    clock.set(world.now)
    driver = ConsoleDriver(core, clock, printed=world.printed)
    driver.app.gateway.messages = copy.deepcopy(world.messages)
    driver.app.gateway.sends = world.sends
    await driver.start()
    if world.replay:
        said = await driver.say(world.replay)
        assert said == "", said
    return driver


def every_row(database: Path) -> dict[str, list[str]]:
    """Every row of every table of a SQLite file (internal ones too: the next ids are part of a session)."""
    with closing(sqlite3.connect(database)) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"'))) for table in tables}


def console_state(driver: ConsoleDriver) -> dict[str, Any]:
    """What a console session is besides its database: who types where, the messages, the clock, the output."""
    app = driver.app
    return {
        "console": {name: value for name, value in vars(app).items() if name not in _NOT_STATE},
        "simulation": _plain_fields(app._time),
        "messages": app.gateway.messages,
        "sends": app.gateway.sends,
        "now": driver.clock.now(),
        "printed": driver.printed(),
    }


def _plain_fields(thing: object) -> dict[str, Any]:
    return {name: value for name, value in vars(thing).items() if isinstance(value, _PLAIN) or is_dataclass(value)}


def _replay(script: str) -> str:
    """The last ``:as`` and ``:in`` lines of the script: who types, and where."""
    last: dict[str, str] = {}
    for line in script.splitlines():
        words = line.strip().split(maxsplit=1)
        if words and words[0] in (":as", ":in"):
            last[words[0]] = line.strip()
    return "\n".join(last[verb] for verb in (":as", ":in") if verb in last)


def _differences(expected: dict[str, Any], found: dict[str, Any]) -> str:
    return "; ".join(
        f"{name}: {_first_difference(expected[name], found.get(name))}"
        for name in expected
        if expected[name] != found.get(name)
    )


def _first_difference(expected: Any, found: Any) -> str:
    if isinstance(expected, dict) and isinstance(found, dict):
        for key in sorted(set(expected) | set(found), key=repr):
            if expected.get(key) != found.get(key):
                return f"{key!r}: {expected.get(key)!r} != {found.get(key)!r}"
    return f"{expected!r} != {found!r}"


def _in_folder(settings: Settings, folder: Path) -> Settings:
    return settings.model_copy(update={"storage": settings.storage.model_copy(update={"data_dir": folder})})
