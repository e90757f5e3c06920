"""Personal data at scale (issue 13): one member's export, and the retention purge with a command waiting on it.

**Export.** On a copy of the scale database one member is given two years of weekly meetings, written as the
bot would have written them (untimed): one of their sections' weekly series is made to start two years back and
the meetings the data lacks are added with their agendas and calls, so it has 104 past meetings; the member
answered each (yes by their standing answer, now and then a no or a maybe of their own), got the reminders by DM
of those they came to and, made a coordinator of the section, its agenda and memo nudges; they keep a direct
conversation, proposed a few agenda items and wrote a few memos. ``PersonalDataService.export`` of a core made
by ``build_core`` (the clock at the data's instant) is then timed several times.

**Purge.** On another copy, what a running bot also keeps is added (untimed): the direct conversation of every
member the data sent a direct message, spent link codes, erasure requests and stale channel locks, and a few
fresh ones. ``RetentionPurge.purge`` then runs as of 24 months after the data's instant, so the answers to every
meeting before it (the four weeks of history) and every finished delivery are past their time. Beside it, in the
same process and over the same single SQLite connection, a member's ``/rsvp`` goes through ``dispatch`` every
0.1 s, as ``commands.py`` runs it: what a command sees while the purge runs, next to the same command with
nothing else running. Then the next day's purge: one day's answers, from where the first purge ended.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Connection, and_, create_engine, delete, func, insert, or_, select, text, update

from benchmarks.common import settings_for, summary_ms
from benchmarks.generate import EPOCH, PLATFORM, Generated, call_due, copy_database, dedupe, fast_fold
from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.commands.context import CommandContext
from bot.commands.dispatcher import dispatch
from bot.commands.grammar import parse
from bot.domain.agenda import default_recipe
from bot.domain.models import Community, Member
from bot.domain.recurrence import Recurrence
from bot.i18n import Translator
from bot.replies import Tone
from bot.services.retention import PurgeReport, RetentionPurge
from bot.storage import schema
from bot.storage.repositories import communities, members
from bot.storage.schema import PERSONAL_DATA, occurrences, outbox, platform_state, rsvps
from bot.storage.unit_of_work import Transaction

WEEKS = 104
PROPOSALS = 12
MEMOS = 12
#: The purge runs as of this instant: two years after the data's, less two hours, so the answers to every meeting
#: over by then (the four weeks of history) are past their time, and none that the commands beside it give.
PURGE_AT = EPOCH - timedelta(hours=2) + relativedelta(months=24)
#: A command every 0.1 s beside the purge (with its own time, about eight a second: a busy bot).
PROBE_PAUSE = 0.1
_PURGE_TASK = "benchmark-purge"
_HOLD_TARGET = 0.1
_FINISHED = ("sent", "skipped", "failed")
_SPENT = ("link:", "erase:", "opening:")
_STALE, _FRESH = 10, 2  # spent codes and locks per community; fresh codes, which stay
_MESSAGES = 940_000_000_000_000_000


@dataclass
class Subject:
    community_id: int
    member_id: int
    section_id: int
    series_id: int
    #: At least this many rows about the member per table (what was added, and what the data gave them).
    least: dict[str, int]


async def measure(data: Generated, work: Path, *, quick: bool, log: Callable[[str], None] = print) -> dict[str, Any]:
    translator = Translator()
    problems: list[str] = []
    copy = copy_database(data.path, work / "export.db")
    export = await _export(data, copy, runs=3 if quick else 9, translator=translator, problems=problems)
    _remove(copy)
    log(
        f"  export: median {export['median_ms']} ms, max {export['max_ms']} ms, first {export['first_ms']} ms "
        f"({export['runs']} runs); {export['bytes']:,} bytes of JSON; rows {export['rows']}"
    )
    copy = copy_database(data.path, work / "purge.db")
    purge = await _purge(data, copy, idle=20 if quick else 200, translator=translator, problems=problems)
    _remove(copy)
    log(
        f"  purge: {purge['removed_total']:,} rows ({purge['removed']}) in {purge['seconds']} s = "
        f"{purge['rows_per_s']:,} rows/s, {purge['batches']} batches, holds {_ms(purge['holds'])} "
        f"({purge['holds']['over_100ms']} over 100 ms), CPU {purge['cpu_us_per_row']} µs/row; /rsvp during it "
        f"{_ms(purge['during'])} (idle {_ms(purge['idle'])}); next day's purge {purge['next_day']['removed_total']:,} "
        f"rows in {purge['next_day']['seconds']} s, holds {_ms(purge['next_day']['holds'])}"
    )
    return {"export": export, "purge": purge, "problems": problems}


def _ms(figures: dict[str, Any]) -> str:
    return f"p50 {figures['p50_ms']} / p99 {figures['p99_ms']} / max {figures['max_ms']} ms (n {figures['n']})"


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}.lock")):
        name.unlink(missing_ok=True)


# --- export ---------------------------------------------------------------------------------------------------


async def _export(
    data: Generated, database: Path, *, runs: int, translator: Translator, problems: list[str]
) -> dict[str, Any]:
    subject = _two_years(database, data)
    core = await build_core(
        settings_for(), SimulatedClock(EPOCH), database_url=f"sqlite:///{database}", translator=translator
    )
    try:
        community, member = await _community_and_member(core, subject.community_id, subject.member_id)
        durations = []
        for _ in range(runs):
            started = time.perf_counter()
            export = await core.services.personal_data.export(community, member)
            durations.append(time.perf_counter() - started)
    finally:
        await core.close()
    document = json.loads(export.document)
    rows = {table: len(document["tables"].get(table, [])) for table in PERSONAL_DATA}
    for table, least in subject.least.items():
        if rows[table] < least:
            problems.append(f"export: {rows[table]} rows of {table}, expected at least {least}")
    return {
        "member_id": subject.member_id,
        "runs": runs,
        "first_ms": round(durations[0] * 1000, 1),
        "median_ms": round(statistics.median(durations) * 1000, 1),
        "max_ms": round(max(durations) * 1000, 1),
        "bytes": len(export.document),
        "rows": {table: count for table, count in rows.items() if count},
    }


def _two_years(database: Path, data: Generated) -> Subject:
    """Give one member two years of weekly meetings, as the bot would have stored them (untimed)."""
    engine = create_engine(f"sqlite:///{database}")
    with engine.begin() as conn:
        subject = _pick(conn, data)
        _coordinator(conn, subject)
        meetings = _past_meetings(conn, subject)
        rng = random.Random(13)
        answered = 0
        for number, (occurrence_id, start) in enumerate(meetings):
            answer = rng.choices(("yes", "no", "maybe"), (85, 10, 5))[0]
            mine = and_(rsvps.c.occurrence_id == occurrence_id, rsvps.c.member_id == subject.member_id)
            conn.execute(delete(rsvps).where(mine))
            conn.execute(
                insert(rsvps).values(
                    occurrence_id=occurrence_id,
                    member_id=subject.member_id,
                    answer=answer,
                    waitlisted=False,
                    source="always" if answer == "yes" else "command",
                    updated_at=start - timedelta(days=rng.uniform(1, 7)),
                )
            )
            answered += 1
            _directs(conn, subject, occurrence_id, start, came=answer != "no", memo=number % (WEEKS // MEMOS) == 0)
            if number % (WEEKS // PROPOSALS) == 3:
                _proposal(conn, subject, occurrence_id, start, number)
        subject.least.update({"rsvps": answered, "memos": MEMOS, "agenda_items": PROPOSALS})
        subject.least["outbox"] = conn.execute(
            select(func.count()).select_from(outbox).where(outbox.c.member_id == subject.member_id)
        ).scalar_one()
        _standing_and_direct(conn, subject)
    engine.dispose()
    return subject


def _pick(conn: Connection, data: Generated) -> Subject:
    """A member with a profile in a section with a weekly series, in the middle community of the federation."""
    community_id = sorted(data.members)[len(data.members) // 2]
    low, high = data.members[community_id]
    found = conn.execute(
        text(
            "SELECT ms.member_id, ms.section_id, s.id FROM memberships ms "
            "JOIN meeting_series s ON s.section_id = ms.section_id "
            "JOIN profiles p ON p.member_id = ms.member_id "
            "WHERE ms.member_id BETWEEN :low AND :high AND ms.role = 'member' "
            "AND s.rrule NOT LIKE '%INTERVAL%' AND s.status = 'active' ORDER BY ms.member_id, s.id LIMIT 1"
        ),
        {"low": low + 1, "high": high},
    ).one()
    member_id, section_id, series_id = found
    return Subject(community_id, member_id, section_id, series_id, {"members": 1, "profiles": 1, "identities": 1})


def _coordinator(conn: Connection, subject: Subject) -> None:
    """Two years in: they coordinate the section and take reminders by DM."""
    memberships = schema.memberships
    conn.execute(
        update(memberships)
        .where(memberships.c.section_id == subject.section_id, memberships.c.member_id == subject.member_id)
        .values(role="coordinator")
    )
    conn.execute(update(schema.members).where(schema.members.c.id == subject.member_id).values(reminder_via="dm"))
    coordinators = conn.execute(
        select(schema.sections.c.id).where(
            schema.sections.c.community_id == subject.community_id, schema.sections.c.kind == "coordinators"
        )
    ).scalar_one()
    joined = EPOCH - timedelta(weeks=WEEKS + 1)
    conn.execute(
        insert(memberships)
        .prefix_with("OR IGNORE")
        .values(section_id=coordinators, member_id=subject.member_id, role="member", joined_at=joined)
    )


def _past_meetings(conn: Connection, subject: Subject) -> list[tuple[int, datetime]]:
    """The series' last 104 meetings before now: those the data has, and the rest added with agenda and call."""
    series = conn.execute(select(schema.meeting_series).where(schema.meeting_series.c.id == subject.series_id)).one()
    first_day = (EPOCH - timedelta(weeks=WEEKS + 1)).date()
    conn.execute(
        update(schema.meeting_series)
        .where(schema.meeting_series.c.id == subject.series_id)
        .values(start_date=first_day, created_at=EPOCH - timedelta(weeks=WEEKS + 2))
    )
    recurrence = Recurrence(
        rrule=series.rrule,
        timezone=series.timezone,
        local_time=clock_time.fromisoformat(series.local_time),
        start_date=first_day,
    )
    instants = recurrence.between(EPOCH - timedelta(weeks=WEEKS + 1), EPOCH)[-WEEKS:]
    known = dict(
        conn.execute(
            select(occurrences.c.original_start, occurrences.c.id).where(occurrences.c.series_id == subject.series_id)
        ).all()
    )
    meetings = []
    for start in instants:
        occurrence_id = known.get(start) or _meeting(conn, subject, start, series.duration_minutes)
        meetings.append((occurrence_id, start))
    return meetings


def _meeting(conn: Connection, subject: Subject, start: datetime, duration: int) -> int:
    made = start - timedelta(days=11)
    occurrence_id: int = conn.execute(
        insert(occurrences)
        .values(
            series_id=subject.series_id,
            original_start=start,
            start_at=start,
            end_at=start + timedelta(minutes=duration),
            place="",
            status="scheduled",
            agenda_touched=True,
            created_at=made,
        )
        .returning(occurrences.c.id)
    ).scalar_one()
    for position, (step, minutes) in enumerate(default_recipe(duration), start=1):
        conn.execute(
            insert(schema.agenda_items).values(
                occurrence_id=occurrence_id,
                position=position,
                kind=step.value,
                title="",
                minutes=minutes,
                status="accepted",
                proposed_by=None,
                created_at=made,
            )
        )
    called = call_due(start)
    target = f"section:{subject.section_id}"
    key = dedupe("call", occurrence_id, target)
    _sent(conn, subject, key, "call", occurrence_id=occurrence_id, due=called, deadline=start, member=False)
    return occurrence_id


def _directs(
    conn: Connection, subject: Subject, occurrence_id: int, start: datetime, *, came: bool, memo: bool
) -> None:
    """The direct messages the member got about one meeting (reminders, a coordinator's nudges), and a memo."""
    end = start + timedelta(minutes=90)
    called = call_due(start)
    kinds = [("agenda-nudge", called - timedelta(days=2), called), ("memo-prompt", end, end + timedelta(days=3))]
    if came:
        kinds += [(f"reminder-{minutes}", start - timedelta(minutes=minutes), start) for minutes in (1440, 60)]
    if memo:
        _memo(conn, subject, occurrence_id, end + timedelta(hours=1))
    else:
        kinds.append(("memo-nudge", end + timedelta(days=3), end + timedelta(days=9)))
    for kind, due, deadline in kinds:
        key = f"o{occurrence_id}:{kind}:member:{subject.member_id}"
        _sent(conn, subject, key, kind, occurrence_id=occurrence_id, due=due, deadline=deadline, member=True)


def _sent(
    conn: Connection,
    subject: Subject,
    key: str,
    kind: str,
    *,
    occurrence_id: int | None,
    due: datetime,
    deadline: datetime | None,
    member: bool,
    memo_id: int | None = None,
) -> None:
    global _MESSAGES  # noqa: PLW0603 - message ids only need to be distinct
    _MESSAGES += 1
    conn.execute(
        insert(outbox)
        .prefix_with("OR IGNORE")
        .values(
            dedupe_key=key,
            kind=kind,
            community_id=subject.community_id,
            platform=PLATFORM,
            section_id=subject.section_id,
            member_id=subject.member_id if member else None,
            occurrence_id=occurrence_id,
            memo_id=memo_id,
            series_id=subject.series_id if occurrence_id is not None else None,
            due_at=due,
            deadline_at=deadline,
            state="sent",
            attempts=1,
            sent_at=due + timedelta(seconds=1),
            external_channel=f"dm-{subject.member_id}" if member else str(910_000_000_000_000_000 + subject.section_id),
            external_message=str(_MESSAGES),
            created_at=due - timedelta(days=11),
        )
    )


def _memo(conn: Connection, subject: Subject, occurrence_id: int, posted: datetime) -> None:
    body = "Vi pratade om kunder, offerter och mässan i vår. Nästa gång: priser och avtal."
    memo_id = conn.execute(
        insert(schema.memos)
        .values(
            section_id=subject.section_id,
            occurrence_id=occurrence_id,
            author_id=subject.member_id,
            body=body,
            search_text=fast_fold(body),
            posted_at=posted,
        )
        .returning(schema.memos.c.id)
    ).scalar_one()
    key = f"m{memo_id}:memo:section:{subject.section_id}:{PLATFORM}"
    _sent(conn, subject, key, "memo", occurrence_id=None, due=posted, deadline=None, member=False, memo_id=memo_id)


def _proposal(conn: Connection, subject: Subject, occurrence_id: int, start: datetime, number: int) -> None:
    conn.execute(
        insert(schema.agenda_items).values(
            occurrence_id=occurrence_id,
            position=7,
            kind="custom",
            title=f"Förslag {number}: gemensam monter på mässan",
            minutes=10,
            status="accepted",
            proposed_by=subject.member_id,
            created_at=start - timedelta(days=4),
        )
    )


def _standing_and_direct(conn: Connection, subject: Subject) -> None:
    since = EPOCH - timedelta(weeks=WEEKS + 1)
    conn.execute(
        insert(schema.standing_rsvps)
        .prefix_with("OR IGNORE")
        .values(series_id=subject.series_id, member_id=subject.member_id, created_at=since)
    )
    conn.execute(
        insert(platform_state)
        .prefix_with("OR IGNORE")
        .values(
            platform=PLATFORM,
            key=f"dm:{subject.member_id}",
            value=f"dm-{subject.member_id}",
            updated_at=since,
            member_id=subject.member_id,
        )
    )
    subject.least.update({"standing_rsvps": 1, "platform_state": 1, "memberships": 2})


async def _community_and_member(core: Core, community_id: int, member_id: int) -> tuple[Community, Member]:
    async with core.store.transaction() as tx:
        return await communities.get(tx.conn, community_id), await members.get(tx.conn, member_id)


# --- purge ----------------------------------------------------------------------------------------------------


async def _purge(
    data: Generated, database: Path, *, idle: int, translator: Translator, problems: list[str]
) -> dict[str, Any]:
    settings = settings_for()
    retention = settings.retention
    cuts = (
        PURGE_AT - relativedelta(months=retention.answers_months),
        PURGE_AT - timedelta(days=retention.delivered_days),
        PURGE_AT - timedelta(days=retention.bookkeeping_days),
    )
    stale = _bookkeeping(database, data)
    expected = _expired(database, cuts)
    core = await build_core(
        settings, SimulatedClock(EPOCH), database_url=f"sqlite:///{database}", translator=translator
    )
    try:
        probe = await _Probe.make(core, data)
        await probe.run(5)
        idle_cpu = time.process_time()
        at_rest = await probe.run(idle)
        idle_cpu = (time.process_time() - idle_cpu) / idle
        purge = RetentionPurge(core.store, core.clock, retention)
        holds = _meter_holds(core)
        cpu = time.process_time()
        report, during = await probe.beside(purge.purge(PURGE_AT))
        cpu = time.process_time() - cpu
        first_holds = list(holds)
        holds.clear()
        next_day = await asyncio.create_task(purge.purge(PURGE_AT + timedelta(days=1)), name=_PURGE_TASK)
    finally:
        await core.close()
    left = _expired(database, cuts)
    if report.removed != expected or expected["bookkeeping rows"] != stale or any(left.values()):
        problems.append(f"purge: expected to remove {expected}, removed {report.removed}; left past their time {left}")
    problems.extend(f"purge: /rsvp answered {error}" for error in probe.errors[:3])
    figures = _purge_figures(report, first_holds, cpu=cpu, probes_cpu=idle_cpu * len(during))
    return {
        **figures,
        "idle": summary_ms(at_rest),
        "during": summary_ms(during),
        "next_day": _next_day(next_day, holds),
    }


def _meter_holds(core: Core) -> list[float]:
    """Every transaction of the purge's task, timed from BEGIN to the end of its COMMIT: the batches as the
    purge times them itself, plus its two small bookkeeping transactions; the whole distribution, not only the
    longest."""
    holds: list[float] = []
    plain = core.store.transaction

    @asynccontextmanager
    async def timed() -> AsyncIterator[Transaction]:
        task = asyncio.current_task()
        async with plain() as tx:
            began = time.perf_counter()
            yield tx
        if task is not None and task.get_name() == _PURGE_TASK:
            holds.append(time.perf_counter() - began)

    core.store.transaction = timed  # type: ignore[method-assign]
    return holds


def _hold_figures(holds: list[float]) -> dict[str, Any]:
    figures = summary_ms(holds)
    return {**figures, "over_100ms": sum(hold > _HOLD_TARGET for hold in holds)}


def _purge_figures(report: PurgeReport, holds: list[float], *, cpu: float, probes_cpu: float) -> dict[str, Any]:
    total = report.total
    return {
        "at": PURGE_AT.isoformat(),
        "removed": report.removed,
        "removed_total": total,
        "seconds": round(report.seconds, 2),
        "rows_per_s": round(total / report.seconds) if report.seconds else None,
        "batches": report.batches,
        "longest_hold_ms": round(report.longest_hold * 1000, 1),
        "holds": _hold_figures(holds),
        "cpu_s": round(cpu, 2),
        # The process's CPU during the purge, less what the /rsvp beside it costs at rest.
        "cpu_us_per_row": round(max(cpu - probes_cpu, 0.0) / total * 1e6, 1) if total else None,
    }


def _next_day(report: PurgeReport, holds: list[float]) -> dict[str, Any]:
    return {
        "removed": report.removed,
        "removed_total": report.total,
        "seconds": round(report.seconds, 3),
        "batches": report.batches,
        "longest_hold_ms": round(report.longest_hold * 1000, 1),
        "holds": _hold_figures(holds),
    }


def _bookkeeping(database: Path, data: Generated) -> int:
    """What a running bot keeps beside the generated data: a direct conversation with every member it sent a
    direct message, spent codes and stale locks (which go), fresh codes (which stay). Returns how many go."""
    engine = create_engine(f"sqlite:///{database}")
    spent = EPOCH - timedelta(days=3)
    fresh = PURGE_AT - timedelta(days=1)
    rows: list[dict[str, Any]] = []
    for community_id, (low, _) in sorted(data.members.items()):
        someone, section_id = low + 1, data.sections[community_id][0][0]
        for number in range(_STALE):
            if number % 3 == 0:
                rows.append(_state("core", f"link:S{community_id:05d}{number:03d}", spent, someone + number))
            elif number % 3 == 1:
                rows.append(_state("core", f"erase:{someone + number}", spent, someone + number))
            else:
                rows.append(_state(PLATFORM, f"opening:{section_id + number}", spent, None))
        rows += [_state("core", f"link:F{community_id:05d}{n:03d}", fresh, someone + n) for n in range(_FRESH)]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT OR IGNORE INTO platform_state (platform, key, value, updated_at, member_id) "
                "SELECT platform, 'dm:' || member_id, MIN(external_channel), MIN(sent_at), member_id FROM outbox "
                "WHERE member_id IS NOT NULL AND state = 'sent' GROUP BY platform, member_id"
            )
        )
        conn.execute(insert(platform_state), rows)
    engine.dispose()
    return len(data.members) * _STALE


def _state(platform: str, key: str, updated: datetime, member_id: int | None) -> dict[str, Any]:
    return {"platform": platform, "key": key, "value": "{}", "updated_at": updated, "member_id": member_id}


def _expired(database: Path, cuts: tuple[datetime, datetime, datetime]) -> dict[str, int]:
    """Rows past their time as of the purge, by the purge's own rules, counted independently of it."""
    answers_cut, delivered_cut, bookkeeping_cut = cuts
    spent = or_(*(platform_state.c.key.startswith(prefix) for prefix in _SPENT))
    queries = {
        "answers": select(func.count())
        .select_from(rsvps.join(occurrences, occurrences.c.id == rsvps.c.occurrence_id))
        .where(occurrences.c.start_at < answers_cut),
        "deliveries": select(func.count())
        .select_from(outbox)
        .where(outbox.c.state.in_(_FINISHED), outbox.c.due_at < delivered_cut),
        "bookkeeping rows": select(func.count())
        .select_from(platform_state)
        .where(and_(spent, platform_state.c.updated_at < bookkeeping_cut)),
    }
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        counts = {what: conn.execute(query).scalar_one() for what, query in queries.items()}
    engine.dispose()
    return counts


@dataclass
class _Probe:
    """A member's ``/rsvp`` as an adapter runs it, by members and about sections chosen before anything is timed
    (looking them up during the purge would wait on it outside the timed span)."""

    core: Core
    lines: list[tuple[Community, Member, str]]
    errors: list[str]
    _next: int = 0

    @classmethod
    async def make(cls, core: Core, data: Generated, count: int = 500) -> _Probe:
        rng = random.Random(17)
        lines = []
        for _ in range(count):
            community_id = rng.choice(sorted(data.members))
            low, high = data.members[community_id]
            community, member = await _community_and_member(core, community_id, rng.randint(low + 1, high))
            _, slug = rng.choice(data.sections[community_id])
            lines.append((community, member, f"/rsvp {rng.choice(('yes', 'maybe', 'no'))} {slug}"))
        return cls(core, lines, [])

    async def once(self) -> float:
        community, member, line = self.lines[self._next % len(self.lines)]
        self._next += 1
        ctx = CommandContext(services=self.core.services, community=community, member=member, platform=PLATFORM)
        started = time.perf_counter()
        answer = await dispatch(ctx, parse(self.core.services.registry, line, "/"))
        elapsed = time.perf_counter() - started
        if answer.tone is Tone.ERROR:
            self.errors.append(f"{line}: {answer.lines[0].key if answer.lines else answer.title}")
        return elapsed

    async def run(self, count: int) -> list[float]:
        durations = []
        for _ in range(count):
            durations.append(await self.once())
            await asyncio.sleep(PROBE_PAUSE)
        return durations

    async def beside(self, work: Coroutine[Any, Any, PurgeReport]) -> tuple[PurgeReport, list[float]]:
        """Run ``work`` (the purge) and the command every PROBE_PAUSE until it is done."""
        task = asyncio.create_task(work, name=_PURGE_TASK)
        durations = []
        while not task.done():
            durations.append(await self.once())
            await asyncio.sleep(PROBE_PAUSE)
        return await task, durations
