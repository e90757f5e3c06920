"""``netgroups run|console|check``: parse arguments, load settings, start, and exit with a clear status.

Exit status 2 means start-up was refused (a wrong setting, a database that cannot be used, a newer
database, a second process on one SQLite file, nothing to run without a terminal); the one line on
standard error says what to fix.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.clock import SimulatedClock, SystemClock
from bot.errors import StartupError
from bot.settings import Settings, load_settings
from netgroups.platforms import Adapter, configured

if TYPE_CHECKING:
    from bot.bootstrap import Core

log = logging.getLogger(__name__)

#: The libraries whose loggers ``logging.libraries`` governs (at DEBUG they log tokens, URLs and message text);
#: the quiet ones stay at WARNING below DEBUG.
LIBRARIES = (
    "discord",
    "nio",
    "aiohttp",
    "aiohttp_socks",
    "apscheduler",
    "asyncpg",
    "aiosqlite",
    "asyncio",
    "fluent",
    "h2",
    "hpack",
)
QUIET_LIBRARIES = ("sqlalchemy", "alembic")
NOTHING_CONFIGURED = (
    "no chat platform is configured and standard input is not a terminal: set [discord] token "
    "(NETGROUPS_DISCORD_TOKEN), or [matrix] homeserver, user_id and access_token (NETGROUPS_MATRIX_HOMESERVER, "
    "NETGROUPS_MATRIX_USER_ID, NETGROUPS_MATRIX_ACCESS_TOKEN); to script the console on standard input, "
    "use `netgroups console`"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="netgroups", description="Run professional networking groups in chat.")
    parser.add_argument(
        "--config", type=Path, help="TOML settings file (default: $NETGROUPS_CONFIG or ./netgroups.toml)"
    )
    # --config is also taken after the subcommand (``netgroups run --config X``); left out there, the one
    # given before it stands.
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--config", type=Path, default=argparse.SUPPRESS, help="TOML settings file")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", parents=[after], help="start every configured platform (the console when none is, in a terminal)"
    )
    run.add_argument("--console", action="store_true", help="start the console even when platforms are configured")
    console = commands.add_parser(
        "console", parents=[after], help="try the bot in this terminal, or script it on standard input"
    )
    console.add_argument("--db", type=Path, help="SQLite file to use (default: in the data directory)")
    console.add_argument("--clock", type=_aware_datetime, help="simulated start time, e.g. 2026-03-01T09:00+01:00")
    check = commands.add_parser(
        "check", parents=[after], help="check the settings, the database and each platform (exit 0 when ready)"
    )
    check.add_argument(
        "--live", action="store_true", help="health check of a running bot: prints nothing unless something fails"
    )
    return parser


def _aware_datetime(value: str) -> datetime:
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO date-time") from None
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{value!r} needs a UTC offset, e.g. {value}+01:00")
    return instant


def main(argv: Sequence[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        if arguments.command == "check":  # a wrong setting is one of its findings (exit 1), not a refusal
            from netgroups.check import command

            return command(arguments.config, live=arguments.live)
        settings = load_settings(arguments.config)
        _configure_logging(settings)
        if arguments.command == "console" or arguments.console:
            return asyncio.run(_console(settings, getattr(arguments, "db", None), getattr(arguments, "clock", None)))
        if not configured(settings):
            if sys.stdin is None or not sys.stdin.isatty():
                raise StartupError(NOTHING_CONFIGURED)
            return asyncio.run(_console(settings, None, None))
        return asyncio.run(_platforms(settings))
    except StartupError as refusal:
        print(f"netgroups: {refusal}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _configure_logging(settings: Settings) -> None:
    """Our loggers at ``logging.level``; the libraries' at ``logging.libraries`` at most (they log tokens at DEBUG)."""
    level = logging.getLevelNamesMapping()
    logging.basicConfig(
        level=settings.logging.level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    libraries = max(level[settings.logging.level], level[settings.logging.libraries])
    for name in LIBRARIES:
        logging.getLogger(name).setLevel(libraries)
    # SQLAlchemy logs every statement with its values at INFO, and Alembic narrates every step (our own
    # "migrating from … to …" line is enough): both stay at WARNING unless DEBUG is asked for.
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(libraries if libraries == logging.DEBUG else max(libraries, logging.WARNING))


async def _console(settings: Settings, db: Path | None, start: datetime | None) -> int:
    from adapters.console import ConsoleApp
    from bot.bootstrap import build_core

    clock = SimulatedClock(start or SystemClock().now())
    url = f"sqlite:///{db}" if db else settings.storage.url()
    core = await build_core(settings, clock, database_url=url)
    # The console's own "platform" keeps its messages beside an SQLite file, so a restart can
    # still react to them and recognise what was already sent.
    history = Path(url.removeprefix("sqlite:///") + ".console.jsonl") if url.startswith("sqlite:///") else None
    web: list[Adapter] = []
    try:
        web = await _web(core, settings)
        files = Path(url.removeprefix("sqlite:///") + ".files") if url.startswith("sqlite:///") else None
        app = ConsoleApp(
            core.inbound,
            core.simulation(clock),
            sys.stdout,
            echo=not sys.stdin.isatty(),
            history=history,
            files=files or settings.storage.data_dir / "files",
        )
        await app.run(_stdin_lines())
    finally:
        for server in web:
            await server.close()
        await core.close()
    return 0


async def _platforms(settings: Settings) -> int:
    """Every configured platform in one process, with one core, one scheduler and one database."""
    from bot.bootstrap import build_core
    from bot.delivery.runner import DeliveryRunner

    clock = SystemClock()
    core = await build_core(settings, clock)
    runner = DeliveryRunner(core.worker, core.editor, clock)
    core.bus.subscribe(runner.on_event)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signal_number, stop.set)
    try:
        adapters: list[Adapter] = [platform.build(core, settings) for platform in configured(settings)]
        adapters.extend(await _web(core, settings))
    except BaseException:
        await core.close()
        raise
    tasks = [asyncio.create_task(adapter.run(), name=f"netgroups-{type(adapter).__name__}") for adapter in adapters]
    runner.start()
    stopping = asyncio.create_task(stop.wait(), name="netgroups-stop")
    try:
        done, _ = await asyncio.wait([*tasks, stopping], return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task is not stopping and task.exception() is not None:
                log.error("%s stopped", task.get_name(), exc_info=task.exception())
                return 1
        return 0
    finally:
        await runner.stop()
        for adapter in adapters:
            await adapter.close()
        for task in [*tasks, stopping]:
            task.cancel()
        await core.close()


async def _web(core: Core, settings: Settings) -> list[Adapter]:
    """The public pages and calendar feeds, when ``[web] listen`` is set: listening before anything else starts,
    so a port already taken stops start-up with one line."""
    if settings.web.listen is None:
        return []
    from adapters.web import WebServer

    server = WebServer(core.inbound, settings.web)
    try:
        await server.start()
    except OSError as problem:
        raise StartupError(f"setting web.listen: cannot listen on {settings.web.listen} ({problem.strerror})") from None
    return [server]


async def _stdin_lines() -> AsyncIterator[str]:
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            print("> ", end="", flush=True)
        line = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            return
        yield line
