"""The README's session by hand, typed into a real console as the README prints it: the bot answers what it shows.

The command and the transcript are read from README.md between the ``readme-session`` markers, so the two
cannot drift apart; the only clock is the one the printed command gives.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

README = Path(__file__).resolve().parents[1] / "README.md"
SESSION = re.compile(r"<!-- readme-session[^>]*-->\n(.*?)<!-- /readme-session -->", re.DOTALL)
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
COMMAND = re.compile(r"scripts/run console --db .+ --clock (\S+)")
#: What a terminal shows before each line typed; piped, the console echoes the line after who typed it instead.
PROMPT = "> "


def _session() -> tuple[str, str]:
    """The README's command and transcript, from between its session markers."""
    (session,) = SESSION.findall(README.read_text(encoding="utf-8"))
    fences = FENCE.findall(session)
    assert [language for language, _ in fences] == ["sh", "text"], session
    return fences[0][1].strip(), fences[1][1]


def _typed(transcript: str) -> list[str]:
    return [line.removeprefix(PROMPT) for line in transcript.splitlines() if line.startswith(PROMPT)]


def _as_in_a_terminal(stdout: str, typed: list[str]) -> str:
    """Piped output with each echoed line (``Anna> /section join shiatsu``) shown after the prompt instead."""
    lines = []
    waiting = iter(typed)
    expected = next(waiting, None)
    for line in stdout.splitlines():
        if expected is not None and line.endswith(PROMPT + expected):
            lines.append(PROMPT + expected)
            expected = next(waiting, None)
        else:
            lines.append(line)
    assert expected is None, f"the console did not echo {expected!r}"
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def answered(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(what the README prints, what the console printed), the README's lines typed into ``python -m netgroups``."""
    command, transcript = _session()
    clock = COMMAND.fullmatch(command)
    assert clock is not None, f"the README's command is not a console with --db and --clock: {command}"
    place = tmp_path_factory.mktemp("readme")
    environment = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    environment.pop("DATABASE_URL", None)
    typed = _typed(transcript)
    done = subprocess.run(
        [sys.executable, "-m", "netgroups", "console", "--db", str(place / "try.db"), "--clock", clock.group(1)],
        input="".join(line + "\n" for line in typed),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=place,
        env={**environment, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return transcript, _as_in_a_terminal(done.stdout, typed)


@pytest.mark.parametrize(
    "answer",
    [
        "  ✔ Section shiatsu (Shiatsu) is open, and you are its coordinator.",
        "#shiatsu · message 4 (edited)",
        "    Answers: ✅ 1 · 🤔 0 · ❌ 0",
        "  Reminder: Shiatsu meets tomorrow",
        "  Reminder: Shiatsu meets in 1 hour",
        "    • Bo — Place: Malmö · Trade: zonterapi · Company: – · Does: –",
    ],
    ids=["anna-is-admin", "call-edited", "react-counted", "reminder-tomorrow", "reminder-in-1-hour", "directory"],
)
def test_session_gets_its_key_answers(answered: tuple[str, str], answer: str) -> None:
    """Anna's section opens, Bo's ✅ on message 4 counts, both reminders and the labelled directory line come."""
    _, printed = answered
    assert answer in printed.splitlines()
    assert "✖" not in printed


def test_readme_prints_exactly_what_the_console_answers(answered: tuple[str, str]) -> None:
    """The README's transcript is the console's output, line for line."""
    readme, printed = answered
    assert printed == readme


MYDATA = re.compile(r"<!-- readme-mydata[^>]*-->\n```\n(.*?)```\n<!-- /readme-mydata -->", re.DOTALL)


def test_the_personal_data_session_exports_erases_and_rejoins(tmp_path: Path) -> None:
    """The README's 'Personal data' lines typed into one console, the confirmation with the code it printed:
    the export is a file only its owner can read, the erasure is done, and Bo comes back as a new member."""
    (block,) = MYDATA.findall(README.read_text(encoding="utf-8"))
    lines = [line.split("←")[0].strip() for line in block.splitlines()]
    assert lines[0] == "scripts/run"
    environment = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    environment.pop("DATABASE_URL", None)
    console = subprocess.Popen(
        [sys.executable, "-m", "netgroups", "console", "--db", str(tmp_path / "try.db")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env={**environment, "PYTHONIOENCODING": "utf-8"},
    )
    assert console.stdin is not None
    assert console.stdout is not None
    printed: list[str] = []

    def read_until(done: Callable[[str], bool]) -> str:
        while True:
            out = console.stdout.readline()  # type: ignore[union-attr]
            assert out, "the console stopped"
            printed.append(out.rstrip("\n"))
            if done(printed[-1]):
                return printed[-1]

    for typed in lines[1:]:
        line = typed
        if "confirm:CODE" in typed:
            # The code is in the answer to the line before: wait for it.
            found = re.search(r"confirm:(\w+)", read_until(lambda text: "confirm:" in text))
            assert found is not None
            line = typed.replace("CODE", found.group(1))
        console.stdin.write(line + "\n")
        console.stdin.flush()
        # The console echoes each line it reads (its input is no terminal).
        read_until(lambda text, line=line: text.endswith("> " + line))  # type: ignore[misc]
    rest, errors = console.communicate(timeout=60)  # closes its input: the console ends
    printed.extend(rest.splitlines())
    assert console.returncode == 0, errors
    saved = next(text for text in printed if "📎" in text).split("📎 ")[1].split(" (")[0]
    assert Path(saved).stat().st_mode & 0o777 == 0o600
    assert (
        "  ✔ Done: everything I kept about you is erased. If you write to me again, you start as a new member."
        in printed
    )
    assert "    • central — Central network group (central group, 2 members)" in printed
    assert "✖" not in "\n".join(printed)
