"""The Synapse homeserver's own virtual environment: created when missing, reused when present.

Synapse pins many dependencies of its own, so it lives in ``.synapse-venv`` beside the bot's ``.venv`` and
the two can never disturb each other. Only the standard library is used here, so this also runs from a
bare ``python3``::

    python -m tests.synapse.venv            # install when missing, print the interpreter's path
    python -m tests.synapse.venv --check    # exit 1 (and install nothing) when it is missing
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# One major version: 1.163 is the first release measured here (room version 12 by default).
REQUIREMENT = "matrix-synapse>=1.163,<2"
MINIMUM = (1, 163)
MAJOR = 1
DEFAULT_VENV = REPO / ".synapse-venv"
# Where the virtual environment lives; override to share one between checkouts.
VENV_VARIABLE = "NETGROUPS_SYNAPSE_VENV"
INSTALL_TIMEOUT = 900.0


class SynapseInstallError(RuntimeError):
    """Synapse's virtual environment could not be created or does not import."""


def venv_dir() -> Path:
    configured = os.environ.get(VENV_VARIABLE)
    return Path(configured).resolve() if configured else DEFAULT_VENV


def venv_python(venv: Path | None = None) -> Path:
    return (venv or venv_dir()) / "bin" / "python"


def installed_version(venv: Path | None = None) -> str | None:
    """Synapse's version in the virtual environment, or None when it is missing or does not import."""
    python = venv_python(venv)
    if not python.exists():
        return None
    try:
        done = subprocess.run(
            [str(python), "-c", "import synapse, importlib.metadata as m; print(m.version('matrix-synapse'))"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def acceptable(version: str | None) -> bool:
    if version is None:
        return False
    match = re.match(r"(\d+)\.(\d+)", version)
    if match is None:
        return False
    major, minor = int(match.group(1)), int(match.group(2))
    return major == MAJOR and (major, minor) >= MINIMUM


@contextlib.contextmanager
def _locked(venv: Path) -> Iterator[None]:
    """Only one process installs at a time (two test runs started together must not both pip install).

    The lock (and the install log) live inside the virtual environment's directory, which `python -m venv`
    fills in place: nothing lands beside it, outside what .gitignore covers.
    """
    venv.mkdir(parents=True, exist_ok=True)
    lock_path = venv / ".install.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run(command: list[str], log: Path, timeout: float) -> None:
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        try:
            done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as problem:
            raise SynapseInstallError(f"{command[0]} timed out after {timeout:.0f} s; see {log}") from problem
        except OSError as problem:
            raise SynapseInstallError(f"cannot run {command[0]}: {problem}") from problem
    if done.returncode != 0:
        tail = "".join(log.read_text(errors="replace").splitlines(keepends=True)[-30:])
        raise SynapseInstallError(f"`{' '.join(command[:4])} …` failed ({done.returncode}); see {log}:\n{tail}")


def ensure_synapse(
    venv: Path | None = None,
    *,
    base_python: str | None = None,
    install: bool = True,
    report: bool = True,
) -> Path:
    """Return the path of a Python that imports Synapse, creating ``.synapse-venv`` when needed.

    Reuse costs one ``import synapse`` (~0.3 s); a first install takes ~30–60 s and ~240 MB (PyPI only).
    Raises SynapseInstallError with pip's output when it cannot be done.
    """
    venv = venv or venv_dir()
    if acceptable(installed_version(venv)):
        return venv_python(venv)
    if not install:
        raise SynapseInstallError(f"no usable Synapse in {venv} (run `python -m tests.synapse.venv`)")
    try:
        return _install(venv, base_python=base_python, report=report)
    except OSError as problem:  # an unwritable or full disk, a missing interpreter
        raise SynapseInstallError(f"cannot install Synapse into {venv}: {problem}") from problem


def _install(venv: Path, *, base_python: str | None, report: bool) -> Path:
    with _locked(venv):
        if acceptable(installed_version(venv)):  # another process installed it while we waited
            return venv_python(venv)
        started = time.monotonic()
        log = venv / "install.log"
        log.write_text("")
        if report:
            print(f"tests.synapse.venv: installing {REQUIREMENT} into {venv} (~1 min, once)", file=sys.stderr)
        if not venv_python(venv).exists():
            _run([base_python or sys.executable, "-m", "venv", str(venv)], log, timeout=120)
        _run(
            [
                str(venv_python(venv)),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "--no-input",
                "--progress-bar",
                "off",
                REQUIREMENT,
            ],
            log,
            timeout=INSTALL_TIMEOUT,
        )
        version = installed_version(venv)
        if not acceptable(version):
            raise SynapseInstallError(f"installed {REQUIREMENT} into {venv}, but it imports as {version!r}; see {log}")
        if report:
            print(
                f"tests.synapse.venv: Synapse {version} installed in {time.monotonic() - started:.1f} s",
                file=sys.stderr,
            )
    return venv_python(venv)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.synapse.venv", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="install nothing; exit 1 when Synapse is missing")
    parser.add_argument("--venv", type=Path, help=f"where the virtual environment lives (default {venv_dir()})")
    arguments = parser.parse_args(argv)
    try:
        python = ensure_synapse(arguments.venv, install=not arguments.check)
    except SynapseInstallError as problem:
        print(f"tests.synapse.venv: {problem}", file=sys.stderr)
        return 1
    print(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
