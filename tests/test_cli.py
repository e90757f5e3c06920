"""The command line: real ``python -m netgroups`` and ``netgroups`` processes, and the apology for bugs."""

from __future__ import annotations

import logging
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from bot.bootstrap import Core
from tests.console_driver import ConsoleDriver

REPO = Path(__file__).resolve().parents[1]
PYTHON_M_NETGROUPS = [sys.executable, "-m", "netgroups"]
# The console script pip installed beside the interpreter running the tests (whatever environment that is).
CONSOLE_SCRIPT = [str(Path(sys.executable).with_name("netgroups"))]
SCRIPT = ":as Anna\n/section create Shiatsu\n/section list\n"
CLOCK = "2026-03-01T09:00+01:00"


def _clean_env(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def _run(
    command: list[str], cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env=env if env is not None else _clean_env(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.e2e
@pytest.mark.parametrize("entry", [PYTHON_M_NETGROUPS, CONSOLE_SCRIPT], ids=["python-m-netgroups", "console-script"])
def test_console_runs_a_piped_script(tmp_path: Path, entry: list[str]) -> None:
    """`console --db FILE --clock …` runs piped lines, prints the blocks, and exits 0 at end of input."""
    done = _run([*entry, "console", "--db", str(tmp_path / "try.db"), "--clock", CLOCK], tmp_path, SCRIPT)
    assert done.returncode == 0, done.stderr
    assert "Anna> /section create Shiatsu" in done.stdout
    assert "Section shiatsu (Shiatsu) is open" in done.stdout
    assert "#central · message 3" in done.stdout
    assert "shiatsu — Shiatsu (profession, one member)" in done.stdout


@pytest.mark.e2e
def test_console_data_persists_between_runs(tmp_path: Path) -> None:
    """A second console run on the same file sees what the first one created."""
    db = str(tmp_path / "try.db")
    first = _run([*PYTHON_M_NETGROUPS, "console", "--db", db, "--clock", CLOCK], tmp_path, SCRIPT)
    assert first.returncode == 0, first.stderr
    second = _run([*CONSOLE_SCRIPT, "console", "--db", db], tmp_path, ":as Bo\n/section list\n")
    assert second.returncode == 0, second.stderr
    assert "Sections (3)" in second.stdout
    assert "shiatsu — Shiatsu (profession, one member)" in second.stdout


@pytest.mark.e2e
def test_run_console_without_platforms_uses_data_dir(tmp_path: Path) -> None:
    """`run --console` with no platform configured runs the console, piped, on ./data/netgroups.db."""
    done = _run([*PYTHON_M_NETGROUPS, "run", "--console"], tmp_path, SCRIPT)
    assert done.returncode == 0, done.stderr
    assert "Section shiatsu (Shiatsu) is open" in done.stdout
    assert (tmp_path / "data" / "netgroups.db").is_file()


@pytest.mark.e2e
def test_run_in_a_terminal_without_platforms_starts_the_console(tmp_path: Path) -> None:
    """`run` (the README's quick start) in a terminal with no platform configured starts the console."""
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [*PYTHON_M_NETGROUPS, "run"],
            cwd=tmp_path,
            env=_clean_env(),
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.close(terminal)
        # Typed lines, then end of input (Ctrl-D on an empty line); the terminal echoes them back unread.
        os.write(controller, b":as Anna\n/section create Shiatsu\n\x04")
        out, err = process.communicate(timeout=120)
    finally:
        os.close(controller)
    assert process.returncode == 0, err
    assert "Section shiatsu (Shiatsu) is open" in out
    assert (tmp_path / "data" / "netgroups.db").is_file()


@pytest.mark.e2e
def test_wrong_setting_exits_2_with_one_line(tmp_path: Path) -> None:
    """A wrong setting stops start-up with exit status 2 and one line on stderr naming it."""
    done = _run([*CONSOLE_SCRIPT, "run"], tmp_path, SCRIPT, env=_clean_env(NETGROUPS_COMMUNITY_TIMEZONE="Mars/Base"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("netgroups: setting community.timezone")
    assert done.stdout == ""
    assert not (tmp_path / "data").exists()


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("libraries", "shown"), [(None, False), ("DEBUG", True)], ids=["libraries-default", "libraries-debug"]
)
def test_debug_keeps_libraries_at_info_unless_asked(tmp_path: Path, libraries: str | None, shown: bool) -> None:
    """At logging.level DEBUG the libraries stay at INFO (no SQL with its values, no message text) unless
    logging.libraries asks for DEBUG too."""
    env = _clean_env(NETGROUPS_LOGGING_LEVEL="DEBUG")
    if libraries is not None:
        env["NETGROUPS_LOGGING_LIBRARIES"] = libraries
    script = ':as Anna\n/section create Shiatsu purpose:"our private words"\n'
    done = _run([*PYTHON_M_NETGROUPS, "console", "--db", str(tmp_path / "x.db")], tmp_path, script, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert ("DEBUG aiosqlite" in done.stderr) is shown
    assert ("our private words" in done.stderr) is shown
    assert ("sqlalchemy.engine" in done.stderr) is shown


@pytest.mark.e2e
def test_clock_without_offset_is_an_argument_error(tmp_path: Path) -> None:
    """`--clock` without a UTC offset is refused by argument parsing with exit status 2."""
    done = _run(
        [*PYTHON_M_NETGROUPS, "console", "--db", str(tmp_path / "x.db"), "--clock", "2026-03-01T09:00"], tmp_path
    )
    assert done.returncode == 2
    assert "needs a UTC offset" in done.stderr
    assert not (tmp_path / "x.db").exists()


async def test_unexpected_error_gets_an_apology_and_the_bot_goes_on(
    console: ConsoleDriver, core: Core, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A bug in a command gets a short apology, its traceback is logged, and the next command works."""

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(core.services.sections, "overview", broken)
    caplog.set_level(logging.ERROR)

    out = await console.say(":as Anna\n/section list")
    assert "Sorry, something went wrong" in out
    assert "boom" not in out
    failures = [record for record in caplog.records if record.exc_info is not None]
    assert len(failures) == 1
    assert failures[0].exc_info is not None
    assert isinstance(failures[0].exc_info[1], RuntimeError)

    assert "Section shiatsu (Shiatsu) is open" in await console.say("/section create Shiatsu")
