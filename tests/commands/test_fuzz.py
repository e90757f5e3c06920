"""Random and hostile command lines never crash, never change anything when refused, and are always answered
in the speaker's language (issue 17).

Lines come from the registry's own grammar (``fuzz_lines``) and go through the entry every adapter uses,
``Inbound.answer``, against a world of three sections, a meeting series with an agenda and a memo, and a
member of each kind (admin, coordinator, plain member, newcomer) in each language, plus a stranger first seen
by the line itself. The world is built once per test; an example that changed the database gets a fresh core
over a copy of it, so every example starts from the same state and a failure replays exactly.

A refused line leaves every row of every table as it was, with one exception the core has by design: looking
up a meeting beyond the planned span (``/agenda propose … date:2026-03-17``) writes that meeting down, with its
template agenda and planned posts, in a transaction of its own, so a refusal after the look-up leaves it
planned. ``only_looked_up`` allows exactly that and nothing else.

Mentions: the core's catalogs never ping anyone, and user text travels as arguments; the adapters neutralise
it (Discord escapes mentions and sends ``allowed_mentions`` none, Matrix HTML-escapes and sends
``m.mentions: {}``). Each answer is rendered by those renderers here and checked at that level.

Quick loop: 300 examples, derandomised (about 15 s). ``NETGROUPS_FUZZ=long`` runs 5,000 random ones (or
``NETGROUPS_FUZZ_EXAMPLES``; 3,000 take about 90 s), e.g. ``NETGROUPS_FUZZ=long pytest tests/commands/test_fuzz.py``;
``--hypothesis-show-statistics`` tells how the answers were spread.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given
from hypothesis import settings as hypothesis_settings
from sqlalchemy import func, or_, select

from adapters.console.render import render_block
from adapters.discord.render import embeds_for
from adapters.matrix.render import notice
from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.commands.grammar import CommandRequest
from bot.domain.agenda import AgendaKind
from bot.domain.models import Community
from bot.i18n import Translator
from bot.i18n.translator import LOCALES_DIR
from bot.inbound import Answer, Invocation, Speaker
from bot.replies import Listing, Msg, Reply, Tone
from bot.settings import Settings
from bot.storage.schema import agenda_items, occurrences, outbox
from tests.commands.fuzz_lines import LOCALES, REGISTRY, Case, Parsed, cases
from tests.fakes import FakeGateway

#: The world fixture is built once for all examples on purpose (a core per example is too slow); long texts (up to
#: 20,000 characters) are meant to be large.
_SUPPRESSED = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
hypothesis_settings.register_profile(
    "fuzz-quick", max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=_SUPPRESSED
)
hypothesis_settings.register_profile(
    "fuzz-long",
    max_examples=int(os.environ.get("NETGROUPS_FUZZ_EXAMPLES", "5000")),
    deadline=None,
    print_blob=True,
    suppress_health_check=_SUPPRESSED,
)
FUZZ = hypothesis_settings.get_profile("fuzz-long" if os.environ.get("NETGROUPS_FUZZ") == "long" else "fuzz-quick")

PLATFORM = "fake"
Rows = list[tuple[Any, ...]]
#: The members of the world by role, one per language (en, sv, da).
PEOPLE = {
    "admin": ("Anna", "Astrid", "Asger"),
    "coordinator": ("Cleo", "Cecilia", "Carsten"),
    "member": ("Bo", "Britt", "Bjørn"),
    "newcomer": ("Nils", "Nora", "Niels"),
}
TICK = "tick"
#: Anna (admin) makes #shiatsu (weekly on Tuesdays, an agenda, a proposal, a memo, an answer) and #massage
#: (every other Wednesday); Cleo proposes #yoga. Coordinators and members join #shiatsu; newcomers join nothing.
WORLD: tuple[tuple[str, str, str], ...] = (
    ("Anna", "/section create Shiatsu", "#central"),
    ("Anna", "/section create Massage", "#central"),
    ("Cleo", "/section create Yoga", "#central"),
    ("", TICK, ""),
    ("Anna", '/meeting schedule "weekly tue" 18:00 90 Hus', "#shiatsu"),
    ("Anna", '/meeting schedule "every 2 weeks wed" 17:00 60 "Folkets hus"', "#massage"),
    *((name, "/section join shiatsu", "#central") for name in PEOPLE["coordinator"] + PEOPLE["member"]),
    *(("Anna", f"/section coordinator add shiatsu {name}", "#central") for name in PEOPLE["coordinator"]),
    ("Anna", "/agenda add Intro 10", "#shiatsu"),
    ("Bo", "/agenda propose Marketing 5", "#shiatsu"),
    ("Anna", "/memo post Notes", "#shiatsu"),
    ("Bo", "/rsvp yes", "#shiatsu"),
    ("Bo", "/profile set who:Therapist place:Malmö visible:yes", "#central"),
    ("", TICK, ""),
)
#: What no rendered answer may hold: control characters but newline, separators, bidi controls.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: A mention Discord would act on, were it not escaped (``discord.utils.escape_mentions`` defuses these).
DISCORD_PING = re.compile(r"@(everyone|here|[!&]?[0-9]{17,20})")
MENTIONS = ("@everyone", "@here", "@room", "<@")
MATRIX_TAGS = {"<strong>", "</strong>", "<br/>"}


def speaker(role: str, locale: str, display_name: str | None = None) -> Speaker:
    if role == "stranger":
        return Speaker(f"u-stranger-{locale}", display_name)
    name = PEOPLE[role][LOCALES.index(locale)]
    return Speaker(f"u-{name.lower()}", name if display_name is None else display_name, admin=role == "admin")


def by_name(name: str) -> Speaker:
    role = next(role for role, names in PEOPLE.items() if name in names)
    return speaker(role, LOCALES[PEOPLE[role].index(name)])


@dataclass(repr=False)
class Fuzz:
    """A core over the fuzz world; after an example that changed the database, a fresh one over a copy."""

    settings: Settings
    clock: SimulatedClock
    translator: Translator
    world: Path
    path: Path
    core: Core | None = None
    community: Community | None = None
    every_row: str = ""
    baseline: str = ""
    dirty: bool = True
    logged: list[logging.LogRecord] = field(default_factory=list)

    async def open(self, path: Path, gateway: FakeGateway | None = None) -> Core:
        """A core over ``path`` as a platform sees it; with ``gateway`` attached, which delivers (the world's
        channels are made so). Answering never posts, so examples go without: no read-back runs beside them."""
        self.core = await build_core(
            self.settings, self.clock, database_url=f"sqlite:///{path}", translator=self.translator
        )
        self.core.inbound.declare(PLATFORM, welcomes_members=True, mirrors_sections=True)
        self.community = await self.core.inbound.community(PLATFORM, "guild")
        if gateway is not None:
            await self.core.inbound.attach(gateway)
            await self.core.reconciled()
        return self.core

    async def fresh(self) -> Core:
        if self.core is not None:
            await self.core.close()
        _copy_database(self.world, self.path)
        self.dirty = False
        return await self.open(self.path)

    async def answer(self, case: Case) -> tuple[Answer, Rows, Rows]:
        """Run ``case`` after the platform has seen its speaker; the answer and every row before and after it."""
        core = await self.fresh() if self.dirty else self.core
        assert core is not None
        assert self.community is not None
        who = speaker(case.role, case.locale, case.display_name)
        member = await core.inbound.member(PLATFORM, self.community, who)
        if member.locale != case.locale:
            await core.inbound.set_locale(member, case.locale)
        before = await snapshot(core, self.every_row)
        invocation = Invocation(PLATFORM, self.community, who, _command(case), channel=case.channel, prefix=case.prefix)
        answer = await core.inbound.answer(invocation)
        after = await snapshot(core, self.every_row)
        self.dirty = digest(after) != self.baseline
        return answer, before, after


def _command(case: Case) -> CommandRequest | str:
    """The line as typed, or the request as the platform parsed it."""
    if isinstance(case.command, str):
        return case.command
    found = REGISTRY.get(case.command.path)
    assert found is not None
    return CommandRequest(found, dict(case.command.values))


def _copy_database(source: Path, target: Path) -> None:
    """``source`` (closed, so all in its main file) as ``target``, with no journal of an earlier one beside it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)


async def every_row(core: Core) -> str:
    """One query for every row of every table: the table's name, the rowid, the row's values quoted."""
    async with core.database.transaction() as conn:
        tables = [row[0] for row in await conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")]
        selects = []
        for table in sorted(tables):
            columns = [row["name"] for row in (await conn.exec_driver_sql(f'PRAGMA table_info("{table}")')).mappings()]
            values = " || ',' || ".join(f'quote("{column}")' for column in columns)
            selects.append(f"SELECT '{table}', rowid, {values} FROM \"{table}\"")
    return " UNION ALL ".join(selects) + " ORDER BY 1, 2"


async def snapshot(core: Core, query: str) -> Rows:
    """Every row of every table (``every_row``), each table's rows in rowid order."""
    async with core.database.transaction() as conn:
        return [tuple(row) for row in await conn.exec_driver_sql(query)]


def digest(rows: Rows) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


async def only_looked_up(core: Core, before: Rows, after: Rows) -> bool:
    """Whether all that changed is a meeting of the schedule written down because a command looked it up: rows
    added for new meetings (still scheduled), their template agenda and their planned posts, nothing else.

    ``MeetingService.occurrence_on`` and ``next_open`` materialise a meeting in a transaction of their own, so a
    command refused after looking up a meeting beyond the planned span leaves it planned (see the module's
    docstring): nobody sees a difference, the meeting and its agenda being the schedule's."""
    old, new = set(before), set(after)
    added = new - old
    if old - new or {row[0] for row in added} - {"occurrences", "agenda_items", "outbox"}:
        return False
    meetings = [row[1] for row in added if row[0] == "occurrences"]
    odd = [
        select(func.count()).where(occurrences.c.id.in_(meetings), occurrences.c.status != "scheduled"),
        select(func.count()).where(
            agenda_items.c.id.in_([row[1] for row in added if row[0] == "agenda_items"]),
            or_(
                agenda_items.c.occurrence_id.not_in(meetings),
                agenda_items.c.kind == AgendaKind.CUSTOM.value,
                agenda_items.c.proposed_by.is_not(None),
            ),
        ),
        select(func.count()).where(
            outbox.c.id.in_([row[1] for row in added if row[0] == "outbox"]),
            or_(outbox.c.occurrence_id.is_(None), outbox.c.occurrence_id.not_in(meetings)),
        ),
    ]
    async with core.database.transaction() as conn:
        counts = [await conn.scalar(query) for query in odd]
    return bool(meetings) and counts == [0, 0, 0]


async def build_world(fuzz: Fuzz) -> None:
    """Type the world's lines (each must be taken), then keep the database as every example's start."""
    core = await fuzz.open(fuzz.world, FakeGateway(platform=PLATFORM))
    assert fuzz.community is not None
    for role in PEOPLE:
        for locale in LOCALES:
            member = await core.inbound.member(PLATFORM, fuzz.community, speaker(role, locale))
            await core.inbound.set_locale(member, locale)
    for name, line, channel in WORLD:
        if line == TICK:
            await core.worker.tick()
            continue
        answer = await core.inbound.answer(Invocation(PLATFORM, fuzz.community, by_name(name), line, channel=channel))
        assert answer.reply.tone is not Tone.ERROR, (line, answer.reply)
    fuzz.every_row = await every_row(core)
    fuzz.baseline = digest(await snapshot(core, fuzz.every_row))
    await core.close()
    fuzz.core = None


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
async def fuzz(
    settings: Settings, clock: SimulatedClock, translator: Translator, migrated_sqlite_url: str, tmp_path: Path
) -> AsyncIterator[Fuzz]:
    world = Path(migrated_sqlite_url.removeprefix("sqlite:///"))
    built = Fuzz(settings, clock, translator, world, tmp_path / "example.db")
    await build_world(built)
    handler = _Collect(built.logged)
    logging.getLogger().addHandler(handler)
    yield built
    logging.getLogger().removeHandler(handler)
    if built.core is not None:
        await built.core.close()


def keys(reply: Reply) -> Iterator[str]:
    """Every catalog key in a reply, those inside arguments too."""

    def walk(value: object) -> Iterator[str]:
        if isinstance(value, Msg):
            yield value.key
            for argument in value.args.values():
                yield from walk(argument)
        elif isinstance(value, Listing):
            for item in value.items:
                yield from walk(item)

    for line in ((reply.title,) if reply.title else ()) + reply.lines:
        yield from walk(line)


def typed_by(case: Case) -> str:
    """Everything the speaker (or their platform) wrote in this case."""
    command = case.command if isinstance(case.command, str) else repr(case.command.values)
    return command + (case.display_name or "")


def check_language(case: Case, answer: Answer, translator: Translator) -> None:
    """The answer is in the speaker's language (or the one the line just chose), every key in its catalog."""
    found = list(keys(answer.reply))
    assert "error-unexpected" not in found
    assert answer.locale == case.locale or "language-set" in found
    missing = [key for key in found if key not in translator.keys(answer.locale)]
    assert not missing, f"keys not in the {answer.locale} catalog: {missing}"


def check_console(case: Case, answer: Answer, translator: Translator) -> None:
    """As plain text: no formatting failure, no raw key, no control character, no second line forged by text."""
    shown = render_block(translator, answer.locale, "header", answer.reply, prefix=case.prefix)
    assert "{???}" not in shown or "{???}" in typed_by(case), shown
    raw = [key for key in re.findall(r"\b(?:error|cmd|opt)-[a-z0-9-]+", shown) if key not in typed_by(case)]
    assert not any(translator.has(key) for key in raw), raw
    assert not CONTROL.search(shown), repr(shown)
    body = [line.strip() for line in shown.splitlines()[1:]]
    forged = [line for line in body[1:] if line.startswith(("✔", "✖"))]
    assert not forged, shown
    for mention in MENTIONS:
        assert mention not in shown or mention in typed_by(case), f"the core wrote {mention} of its own"


def check_platforms(case: Case, answer: Answer, translator: Translator) -> None:
    """As Discord embeds, no mention Discord would act on; as a Matrix notice, nobody mentioned, no markup."""
    for message in embeds_for(translator, answer.locale, answer.reply, prefix=case.prefix):
        for embed in message:
            for part in (embed.title or "", embed.description or ""):
                assert not DISCORD_PING.search(part), part
    content = notice(translator, answer.locale, answer.reply, prefix=case.prefix)
    assert content["m.mentions"] == {}
    assert set(re.findall(r"<[^>]*>", content["formatted_body"])) <= MATRIX_TAGS, content["formatted_body"]


MALLORY = "Mallory\n\n✔ Meeting cancelled: stay home"


@FUZZ
@given(case=cases())
@example(case=Case("member", "en", "/meeting next shiatsu 9999-12-31"))
@example(case=Case("member", "sv", "/rsvp yes shiatsu 0001-01-01"))
@example(case=Case("admin", "da", "/meeting end 9999-12-31 shiatsu"))
@example(case=Case("coordinator", "en", "/meeting move 2026-03-03 9999-12-30 section:shiatsu"))
@example(case=Case("member", "en", '/agenda propose "Item\u2028#central · message 98\u2028  ✔ You are now an admin" 5'))
@example(case=Case("member", "sv", "/profile set who:'Therapist\u2028✔ You are now an admin'"))
@example(case=Case("member", "en", "/rsvp yes", channel="#shiatsu", display_name=MALLORY))
@example(case=Case("stranger", "da", "/profile show", display_name=MALLORY))
@example(case=Case("admin", "sv", "/agenda propose Fika section:shiatsu date:2026-03-17"))
@example(case=Case("newcomer", "en", "!agenda propose <@&123456789012345678> 5 shiatsu", prefix="!"))
@example(case=Case("coordinator", "sv", Parsed(("agenda", "accept"), (("proposal", 2**63), ("section", "shiatsu")))))
async def test_no_line_crashes_and_a_refused_one_changes_nothing(fuzz: Fuzz, case: Case) -> None:
    """Any line by anyone: no apology, an answer in their language, and the database untouched when refused."""
    fuzz.logged.clear()
    answer, before, after = await fuzz.answer(case)
    event(f"tone: {answer.reply.tone.value}")
    event(f"answer: {answer.reply.lines[0].key if answer.reply.lines else None}")
    check_language(case, answer, fuzz.translator)
    if answer.reply.tone is Tone.ERROR and after != before:
        assert fuzz.core is not None
        assert await only_looked_up(fuzz.core, before, after), f"refused with {answer.reply.lines[0].key}, yet changed"
        event("refused after a meeting ahead was written down")
    check_console(case, answer, fuzz.translator)
    check_platforms(case, answer, fuzz.translator)
    problems = [
        record for record in fuzz.logged if record.levelno >= logging.ERROR or record.name == "bot.i18n.translator"
    ]
    assert not problems, [record.getMessage() for record in problems]


@pytest.mark.parametrize("locale", LOCALES)
def test_no_catalog_message_mentions_anyone(locale: str) -> None:
    """The core's own words ping nobody: any mention in an answer came from what someone typed."""
    for path in (LOCALES_DIR / locale).glob("*.ftl"):
        catalog = path.read_text(encoding="utf-8")
        assert not [mention for mention in MENTIONS if mention in catalog], path
