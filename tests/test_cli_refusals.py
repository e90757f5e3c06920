"""Every start-up refusal is one line on standard error and exit status 2, never a traceback.

Each test starts a real ``python -m netgroups`` process on a situation an operator meets: a list
written in the environment, a database that cannot be used, nothing configured on a worker.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import START

pytestmark = pytest.mark.e2e

NETGROUPS = [sys.executable, "-m", "netgroups"]
READ = ":as Anna\n/section list\n"
CLOCK = START.isoformat()


def _env(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def _netgroups(
    *arguments: str, cwd: Path, stdin: str | None = READ, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NETGROUPS, *arguments],
        cwd=cwd,
        env=env if env is not None else _env(),
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _refused(done: subprocess.CompletedProcess[str]) -> str:
    """The one line of a refusal (exit 2, nothing else on stderr), without the ``netgroups: `` in front."""
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("netgroups: ")
    return done.stderr.removeprefix("netgroups: ").rstrip("\n")


@pytest.fixture
def make_read_only() -> Iterator[Callable[[Path], None]]:
    """Make a file or folder read-only for the bot's process; as root (who ignores modes) with ``chattr +i``."""
    immutable: list[Path] = []

    def read_only(path: Path) -> None:
        if os.geteuid() != 0:
            path.chmod(0o555 if path.is_dir() else 0o444)
            return
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: a read-only file cannot be made")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"running as root and chattr +i failed here: {done.stderr.strip()}")
        immutable.append(path)

    yield read_only
    for path in immutable:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    for path in immutable:
        path.chmod(0o755 if path.is_dir() else 0o644)


def _netgroups_database(path: Path) -> None:
    done = _netgroups("console", "--db", str(path), "--clock", CLOCK, cwd=path.parent)
    assert done.returncode == 0, done.stderr


# --- settings and arguments -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "value"),
    [("NETGROUPS_MEETINGS_REMINDER_MINUTES", "1440,60"), ("NETGROUPS_MATRIX_ADMINS", "@a:example.org")],
)
def test_list_from_environment_as_people_write_it_starts(tmp_path: Path, variable: str, value: str) -> None:
    """A list written 1440,60 (or one Matrix id) in the environment starts the bot: no traceback, exit 0."""
    done = _netgroups("console", "--db", str(tmp_path / "x.db"), cwd=tmp_path, env=_env(**{variable: value}))
    assert done.returncode == 0, done.stderr
    assert "Sections (2)" in done.stdout


def test_wrong_list_from_environment_is_one_line(tmp_path: Path) -> None:
    """A list that is neither 1440,60 nor JSON is refused in one line naming the setting."""
    done = _netgroups("run", cwd=tmp_path, env=_env(NETGROUPS_MEETINGS_REMINDER_MINUTES="[1440"))
    assert _refused(done).startswith("setting meetings.reminder_minutes: is not a list")


@pytest.mark.parametrize("where", ["before", "after"])
def test_config_before_or_after_the_subcommand(tmp_path: Path, where: str) -> None:
    """`--config X` works before the subcommand and after it."""
    config = tmp_path / "chosen.toml"
    config.write_text('[storage]\ndata_dir = "chosen-data"\n', encoding="utf-8")
    arguments = ["--config", str(config), "run", "--console"]
    if where == "after":
        arguments = ["run", "--console", "--config", str(config)]
    done = _netgroups(*arguments, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "chosen-data" / "netgroups.db").is_file()


def test_wrong_setting_in_config_after_the_subcommand_is_one_line(tmp_path: Path) -> None:
    """A wrong setting in the file named after the subcommand is refused in one line naming it."""
    config = tmp_path / "wrong.toml"
    config.write_text('[community]\ntimezone = "Mars/Base"\n', encoding="utf-8")
    line = _refused(_netgroups("run", "--config", str(config), cwd=tmp_path))
    assert line.startswith("setting community.timezone")


@pytest.mark.parametrize("stdin", [None, "", "closed"], ids=["devnull", "empty-pipe", "closed"])
def test_run_with_nothing_configured_and_no_terminal_is_refused(tmp_path: Path, stdin: str | None) -> None:
    """The Procfile's `netgroups run` with no platform and no terminal names the settings to set."""
    if stdin == "closed":
        done = subprocess.run(
            ["sh", "-c", 'exec "$0" "$@" <&-', *NETGROUPS, "run"],
            cwd=tmp_path,
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    else:
        done = _netgroups("run", cwd=tmp_path, stdin=stdin)
    line = _refused(done)
    assert "no chat platform is configured" in line
    assert "NETGROUPS_DISCORD_TOKEN" in line
    assert "[matrix] homeserver" in line
    assert "netgroups console" in line
    assert not (tmp_path / "data").exists()


# --- SQLite ---------------------------------------------------------------------------------------------------


def test_read_only_database_file_even_for_a_read_command(
    tmp_path: Path, make_read_only: Callable[[Path], None]
) -> None:
    """A database file that cannot be written is refused at start, even to list sections."""
    db = tmp_path / "ro.db"
    _netgroups_database(db)
    make_read_only(db)
    line = _refused(_netgroups("console", "--db", str(db), cwd=tmp_path))
    assert line.startswith(f"the database {db} cannot be written")


def test_read_only_folder_without_a_lock_file(tmp_path: Path, make_read_only: Callable[[Path], None]) -> None:
    """A folder where the lock file cannot be made is refused, naming the folder."""
    folder = tmp_path / "ro"
    folder.mkdir()
    make_read_only(folder)
    line = _refused(_netgroups("console", "--db", str(folder / "x.db"), cwd=tmp_path))
    assert line.startswith(f"cannot write in the database folder {folder}")
    assert "read-only" in line


def test_read_only_folder_of_an_existing_database(tmp_path: Path, make_read_only: Callable[[Path], None]) -> None:
    """A database (and its lock file) in a folder that cannot be written is refused: SQLite needs its journal."""
    folder = tmp_path / "ro"
    folder.mkdir()
    _netgroups_database(folder / "x.db")
    make_read_only(folder)
    line = _refused(_netgroups("console", "--db", str(folder / "x.db"), cwd=tmp_path))
    assert line.startswith(f"cannot write in the database folder {folder}")


def test_data_dir_under_a_file(tmp_path: Path) -> None:
    """storage.data_dir below a file is refused, naming the file in the way."""
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    done = _netgroups("run", "--console", cwd=tmp_path, env=_env(NETGROUPS_STORAGE_DATA_DIR="afile/data"))
    assert _refused(done) == (
        "cannot make the database folder afile/data: afile is a file, not a folder; check storage.data_dir (or --db)"
    )


def test_database_path_is_a_folder(tmp_path: Path) -> None:
    """A database path that is a folder is refused."""
    (tmp_path / "x.db").mkdir()
    assert "is a folder, not a file" in _refused(_netgroups("console", "--db", "x.db", cwd=tmp_path))


def test_file_of_random_bytes(tmp_path: Path) -> None:
    """A file that is not an SQLite database is refused, and left as it was."""
    db = tmp_path / "random.db"
    noise = os.urandom(20_000)
    db.write_bytes(noise)
    line = _refused(_netgroups("console", "--db", str(db), cwd=tmp_path))
    assert line.startswith(f"the file {db} is not an SQLite database")
    assert db.read_bytes() == noise


def test_foreign_sqlite_file(tmp_path: Path) -> None:
    """The SQLite database of another application is refused and not changed."""
    db = tmp_path / "photos.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
        connection.execute("CREATE TABLE members (id INTEGER PRIMARY KEY)")
    connection.close()
    line = _refused(_netgroups("console", "--db", str(db), cwd=tmp_path))
    assert line.startswith(f"the database {db} belongs to another application (tables members, photos")
    with sqlite3.connect(db) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    connection.close()
    assert tables == {"photos", "members"}


@pytest.mark.parametrize("keep", [0.5, 50], ids=["half", "header-only"])
def test_truncated_database(tmp_path: Path, keep: float) -> None:
    """A netgroups database cut short is refused as damaged, with what to do."""
    db = tmp_path / "cut.db"
    _netgroups_database(db)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(int(size * keep) if keep < 1 else int(keep))
    line = _refused(_netgroups("console", "--db", str(db), cwd=tmp_path))
    assert line.startswith(f"the database {db} is damaged")
    assert "backup" in line


# --- PostgreSQL -----------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _with(url: str, *, user: str | None = None, database: str | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc if user is None else f"{user}@{parts.netloc.rpartition('@')[2]}"
    path = parts.path if database is None else f"/{database}"
    return urlunsplit((parts.scheme, netloc, path, parts.query, parts.fragment))


def _refused_on(tmp_path: Path, url: str) -> str:
    return _refused(_netgroups("run", "--console", cwd=tmp_path, env=_env(DATABASE_URL=url)))


def test_unreachable_postgres_names_host_port_and_database(tmp_path: Path) -> None:
    """Nobody listening at the URL's port: the line names host, port and database and what to check."""
    port = _free_port()
    line = _refused_on(tmp_path, f"postgresql://netgroups:pw-sekret@127.0.0.1:{port}/association")
    assert line.startswith(f"cannot reach PostgreSQL at 127.0.0.1:{port}, database association, user netgroups")
    assert "check that PostgreSQL runs there" in line
    assert "pw-sekret" not in line


def test_unknown_postgres_host(tmp_path: Path) -> None:
    """A host name that does not resolve is said as such."""
    line = _refused_on(tmp_path, "postgresql://netgroups@db.invalid:5432/association")
    assert line.startswith("cannot reach PostgreSQL at db.invalid:5432, database association")
    assert "host name is not known" in line


@pytest.mark.parametrize("port", ["abc", "99999"])
def test_bad_postgres_port(tmp_path: Path, port: str) -> None:
    """A port that is no port is refused before any connection."""
    line = _refused_on(tmp_path, f"postgresql://netgroups@127.0.0.1:{port}/association")
    assert line.startswith(f"the database URL has a bad port '{port}'")


def test_unknown_postgres_url_option(tmp_path: Path) -> None:
    """An option the driver does not know is named."""
    line = _refused_on(tmp_path, "postgresql://netgroups@127.0.0.1:5432/association?colour=red")
    assert line.startswith("the database URL has an option the PostgreSQL driver (asyncpg) does not know: colour")


def test_missing_postgres_database(tmp_path: Path, postgres_url: str) -> None:
    """PostgreSQL without the URL's database: the line says to create it."""
    missing = f"missing_{uuid.uuid4().hex[:8]}"
    line = _refused_on(tmp_path, _with(postgres_url, database=missing))
    assert f"database {missing}" in line
    assert "the database does not exist" in line


def test_postgres_refuses_the_login(tmp_path: Path, postgres_url: str) -> None:
    """PostgreSQL refusing the user: the line names the user and says to check the credentials."""
    line = _refused_on(tmp_path, _with(postgres_url, user="nobody_here:pw-sekret"))
    assert "user nobody_here: PostgreSQL refused the login" in line
    assert "pw-sekret" not in line
