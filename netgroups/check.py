"""``netgroups check [--live]``: is this deployment ready to run, and is it running?

The settings are read as ``netgroups run`` reads them; the database is looked at without being changed (which
migrations the next start would apply); each configured platform's adapter logs in and looks at what the bot
needs there (its ``check`` in ``netgroups.platforms``). The table is localised in the community's locale:
one ✔, ⚠ or ✖ line per finding, with what to do under each ✖ (and under a ⚠ what to know). Exit status 0
when everything the bot needs is there, 1 otherwise (warnings do not fail).

``--live`` is the quick variant for a container's health check: the settings, the database reachable, on an
SQLite file a netgroups process holding it, and each platform reachable with the bot's credentials; it prints
nothing unless something fails.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlsplit

from bot.checks import CheckRequest, Finding, Known, KnownCommunity, Mark
from bot.errors import StartupError
from bot.i18n import Translator
from bot.replies import Msg, msg
from bot.settings import Settings, load_settings
from bot.storage.survey import Survey, database_in_use, sqlite_path
from netgroups.check_web import check_web
from netgroups.platforms import Platform, configured

log = logging.getLogger(__name__)

#: How long one platform's check may take (a homeserver or Discord that does not answer fails it).
PLATFORM_SECONDS = 20.0
_MARKS = {Mark.OK: "✔", Mark.WARN: "⚠", Mark.FAIL: "✖"}
_AREAS = {
    "settings": msg("check-area-settings"),
    "database": msg("check-area-database"),
    "discord": msg("check-area-discord"),
    "matrix": msg("check-area-matrix"),
    "web": msg("check-area-web"),
}


@dataclass(frozen=True, slots=True)
class Row:
    #: "settings", "database", a platform's name or "web".
    area: str
    finding: Finding


@dataclass(slots=True)
class Report:
    rows: list[Row] = field(default_factory=list)

    def add(self, area: str, *findings: Finding) -> None:
        self.rows.extend(Row(area, finding) for finding in findings)

    @property
    def failed(self) -> bool:
        return any(row.finding.mark is Mark.FAIL for row in self.rows)

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0

    def lines(self, area: str) -> list[Finding]:
        return [row.finding for row in self.rows if row.area == area]


class _NothingKnown:
    """What the database says when it cannot be read: nothing."""

    async def communities(self, platform: str) -> list[KnownCommunity]:
        return []

    async def state(self, platform: str, key: str) -> str | None:
        return None


def command(config: Path | None, *, live: bool, out: TextIO | None = None) -> int:
    """The subcommand: check, print the table (with ``live``, only when something fails), and the exit status."""
    stream = out or sys.stdout
    locale = "en"
    try:
        settings = load_settings(config)
    except StartupError as problem:
        report = Report()
        report.add(
            "settings", Finding.fail(msg("check-settings-refused", reason=str(problem)), msg("check-fix-settings"))
        )
    else:
        locale = settings.community.locale
        report = asyncio.run(check(settings, live=live))
    if report.failed or not live:
        print(render(report, Translator(), locale), file=stream)
    return report.exit_status


async def check(settings: Settings, *, live: bool = False, translator: Translator | None = None) -> Report:
    """Every finding about this deployment, in the order of the table."""
    from bot.commands.handlers import build_registry

    report = Report()
    platforms = configured(settings)
    report.add("settings", _settings_finding(platforms))
    survey = await _database(report, settings, live=live)
    known: Known = survey if survey is not None else _NothingKnown()
    request = CheckRequest(settings, known, build_registry(), translator or Translator(), live=live)
    try:
        found = await asyncio.gather(*(_platform(platform, request) for platform in platforms))
    finally:
        if survey is not None:
            await survey.close()
    for platform, findings in zip(platforms, found, strict=True):
        report.add(platform.name, *findings)
    report.add("web", *await check_web(settings.web, live=live))
    return report


def _settings_finding(platforms: Sequence[Platform]) -> Finding:
    if not platforms:
        return Finding.fail(msg("check-settings-no-platform"), msg("check-fix-no-platform"))
    names = ", ".join(platform.name.capitalize() for platform in platforms)
    return Finding.ok(msg("check-settings-ok", platforms=names))


async def _database(report: Report, settings: Settings, *, live: bool) -> Survey | None:
    url = settings.storage.url()
    where = describe_database(url)
    try:
        survey = await Survey.open(url)
    except StartupError as problem:
        report.add(
            "database", Finding.fail(msg("check-database-refused", reason=str(problem)), msg("check-fix-database"))
        )
        return None
    report.add("database", *_schema_findings(survey, where, live=live))
    if live:
        in_use = database_in_use(url)
        if in_use is False:
            report.add("database", Finding.fail(msg("check-database-idle", where=where), msg("check-fix-start")))
    return survey


def _schema_findings(survey: Survey, where: str, *, live: bool) -> list[Finding]:
    schema = survey.schema
    if schema.unknown:
        return [
            Finding.fail(
                msg("check-database-newer", where=where, revision=schema.unknown[0]), msg("check-fix-database-newer")
            )
        ]
    if survey.is_new:
        return [Finding.ok(msg("check-database-new", where=where, count=len(schema.pending)))]
    reachable = Finding.ok(msg("check-database-ok", where=where, revision=schema.current[0] if schema.current else "-"))
    if live or not schema.pending:
        return [reachable]
    pending = Finding.warn(
        msg("check-database-migrations", count=len(schema.pending), revisions=", ".join(schema.pending)),
        msg("check-fix-database-migrations"),
    )
    return [reachable, pending]


async def _platform(platform: Platform, request: CheckRequest) -> list[Finding]:
    try:
        async with asyncio.timeout(PLATFORM_SECONDS):
            return await platform.check(request)
    except TimeoutError:
        return [
            Finding.fail(
                msg("check-platform-timeout", platform=platform.name.capitalize(), seconds=int(PLATFORM_SECONDS)),
                msg("check-fix-platform-timeout"),
            )
        ]
    except Exception as problem:
        log.exception("the check of %s failed", platform.name)
        return [
            Finding.fail(
                msg("check-platform-broke", platform=platform.name.capitalize(), error=type(problem).__name__),
                msg("check-fix-platform-broke"),
            )
        ]


def describe_database(url: str) -> str:
    """Where the database is, for the table: the SQLite file, or PostgreSQL's host, port and database (never the
    password)."""
    path = sqlite_path(url)
    if path is not None:
        return path
    parts = urlsplit(url)
    port = f":{parts.port}" if _has_port(url) else ""
    database = unquote(parts.path.lstrip("/")) or "postgres"
    return f"postgresql://{parts.hostname or 'localhost'}{port}/{database}"


def _has_port(url: str) -> bool:
    try:
        return urlsplit(url).port is not None
    except ValueError:
        return False


# --- the table ----------------------------------------------------------------------------------------------


def render(report: Report, translator: Translator, locale: str) -> str:
    """The table: a mark, the area and the finding on one line, what to do on the next, and a last word."""
    areas = {row.area: _area(translator, locale, row.area) for row in report.rows}
    width = max((len(name) for name in areas.values()), default=0)
    lines: list[str] = []
    for row in report.rows:
        finding = row.finding
        lines.append(
            f"{_MARKS[finding.mark]} {areas[row.area].ljust(width)}  {_text(translator, locale, finding.what)}"
        )
        if finding.fix is not None:
            lines.append(f"  {' ' * width}  → {_text(translator, locale, finding.fix)}")
    problems = sum(1 for row in report.rows if row.finding.mark is Mark.FAIL)
    summary = msg("check-summary-failed", count=problems) if problems else msg("check-summary-ok")
    lines.extend(["", _text(translator, locale, summary)])
    return "\n".join(lines)


def _area(translator: Translator, locale: str, area: str) -> str:
    known = _AREAS.get(area)
    return _text(translator, locale, known) if known is not None else area


def _text(translator: Translator, locale: str, message: Msg) -> str:
    return translator.format(locale, message.key, message.args)
