"""The synthetic association, written straight into the schema with bulk inserts (never timed).

Scale 1 is one association as the issue describes it: 100 sections, 10,000 members, 1,000 meeting
series (ten per section: the schema and the planner take any number, the ``meeting schedule`` command
keeps one per section), four weeks of past meetings with their agendas, answers, memos and the outbox
rows the bot wrote for them, and the state a running bot keeps ahead: occurrences planned to the
horizon, calls already out for the coming week (with answers on them), deliveries pending.

Scale N is a federation of N such associations in one database (one bot for many guilds): scale 100 is
100 communities, 10,000 sections, 1,000,000 members and 100,000 series. Everything is deterministic
(a seeded random generator) and consistent with what the planner itself would compute, so the bot
running on the database plans no occurrence twice and sends nothing twice.
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Date, Table, create_engine, event, text
from sqlalchemy.engine import Connection

from bot.domain.agenda import default_recipe
from bot.domain.recurrence import Recurrence
from bot.domain.text import fold
from bot.domain.words import with_endings
from bot.storage import schema
from bot.storage.migrate import current_revisions, head_revision, upgrade_to_head
from bot.storage.repositories.directory import profile_text

DATA_DIR = Path(__file__).with_name(".data")
#: Bumped whenever the generated data changes shape, so cached databases are made again.
GENERATOR_VERSION = 6
#: The instant the cached scale databases describe (a Monday morning in Stockholm). Benchmarks that run
#: in simulated time use it as "now"; those in real time generate their own data relative to the wall clock.
EPOCH = datetime(2026, 9, 7, 7, 0, tzinfo=UTC)
ZONE = "Europe/Stockholm"
PLATFORM = "discord"
DURATION = 90
CALL_DAYS_BEFORE = 7
REMINDERS = (1440, 60)
_MEMO_NUDGE_AFTER = timedelta(days=3)
_AGENDA_NUDGE_BEFORE_CALL = timedelta(days=2)
_CHUNK = 20_000

_FIRST = (  # noqa: SIM905
    "Anna Erik Maria Lars Karin Anders Eva Per Kristina Johan Lena Karl Sara Mikael Emma Nils Ingrid "
    "Olof Sofia Henrik Elin Gustav Maja Fredrik Astrid Jonas Frida Magnus Linnea Björn Ida Mats "
    "Hanna Tobias Alva"
).split()
_LAST = (  # noqa: SIM905
    "Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson "
    "Pettersson Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Olofsson "
    "Lindström Lindqvist Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson "
    "Berglund Fredriksson Sandberg"
).split()
PLACES = (  # noqa: SIM905
    "Malmö Lund Göteborg Stockholm Uppsala Västerås Örebro Linköping Helsingborg Jönköping "
    "Norrköping Umeå Gävle Borås Eskilstuna Södertälje Karlstad Täby Växjö Halmstad Sundsvall Luleå "
    "Trollhättan Östersund"
).split()
TRADES = (  # noqa: SIM905
    "shiatsu zonterapi redovisning juridik snickeri elektriker frisör fotografi webbdesign tandvård "
    "arkitektur massage coaching översättning bokföring städning måleri trädgård catering florist "
    "revision marknadsföring it-konsult rörmokare yoga naprapat copywriting tryckeri bageri "
    "tapetsering"
).split()
_WORDS = (  # noqa: SIM905
    "möte agenda kunder nätverk tips samarbete offert marknad priser leverantör rekrytering ekonomi "
    "skatt moms hemsida sociala medier event mässa utbildning lokal hyra avtal försäkring bank lån"
).split()
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
_TIMES = ("07:30", "08:00", "12:00", "17:00", "17:30", "18:00", "18:30", "19:00")
_KINDS = ("profession", "region", "theme")


@dataclass(frozen=True)
class Shape:
    """How much of everything; counts of sections and members are per community."""

    communities: int = 1
    sections: int = 100
    members: int = 10_000
    series_per_section: int = 10
    history_weeks: int = 4
    #: Occurrences planned ahead to the planner's horizon, calls for the coming week already sent.
    future: bool = True
    #: Answers on a past meeting (on an open call, a share of this by how long the call has been out).
    rsvps_per_meeting: int = 15
    memberships_per_member: int = 3
    coordinators_per_section: int = 2
    seed: int = 7

    @classmethod
    def at_scale(cls, scale: int) -> Shape:
        return cls(communities=scale)

    @property
    def key(self) -> str:
        return (
            f"v{GENERATOR_VERSION}-c{self.communities}-s{self.sections}-m{self.members}-r{self.series_per_section}"
            f"-h{self.history_weeks}-f{int(self.future)}-a{self.rsvps_per_meeting}-seed{self.seed}"
        )


@dataclass
class ExternalIds:
    """Platform ids for the rows that point at the platform: by default made up, for the stand-in real ones."""

    guild: Callable[[int], str] = lambda community_id: str(900_000_000_000_000_000 + community_id)
    channel: Callable[[int], str] = lambda section_id: str(910_000_000_000_000_000 + section_id)
    user: Callable[[int], str] = lambda member_id: str(920_000_000_000_000_000 + member_id)


@dataclass
class Generated:
    """What the benchmarks need to know about the data without querying it."""

    path: Path
    shape: Shape
    now: datetime
    #: community id -> its regular sections' (id, slug)
    sections: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    #: community id -> (first member id, last member id)
    members: dict[int, tuple[int, int]] = field(default_factory=dict)
    central: dict[int, int] = field(default_factory=dict)
    series: dict[int, list[int]] = field(default_factory=dict)  # section id -> series ids
    series_section: dict[int, int] = field(default_factory=dict)
    rows: int = 0
    seconds: float = 0.0


class _Writer:
    """Buffers rows per table and writes them with executemany in chunks, inside the caller's transaction.

    Values are turned into what SQLAlchemy itself would store (datetimes as naive UTC text with
    microseconds, dates as ISO text, booleans as 0/1) once per row, then handed to the driver's
    executemany through SQLAlchemy's connection: the same bytes as ``insert(table)``, five times faster.
    """

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.buffers: dict[str, list[tuple[Any, ...]]] = {}
        self.written = 0
        self._plans: dict[str, tuple[str, list[tuple[str, Callable[[Any], Any] | None]]]] = {}

    def _plan(self, table: Table, row: dict[str, Any]) -> tuple[str, list[tuple[str, Callable[[Any], Any] | None]]]:
        """The statement for the table's rows (a column with a server default that the first row leaves out is left to
        the database, as ``insert(table)`` would)."""
        plan = self._plans.get(table.name)
        if plan is None:
            kept = [column for column in table.columns if column.name in row or column.server_default is None]
            columns = [column.name for column in kept]
            statement = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            converters = [(column.name, _converter(column.type)) for column in kept]
            plan = self._plans[table.name] = (statement, converters)
        return plan

    def add(self, table: Table, row: dict[str, Any]) -> None:
        _, converters = self._plan(table, row)
        values = tuple(
            (convert(row[name]) if convert is not None and row.get(name) is not None else row.get(name))
            for name, convert in converters
        )
        buffer = self.buffers.setdefault(table.name, [])
        buffer.append(values)
        if len(buffer) >= _CHUNK:
            self.flush(table)

    def flush(self, table: Table | None = None) -> None:
        names = [table.name] if table is not None else [t.name for t in schema.metadata.sorted_tables]
        for name in names:
            rows = self.buffers.get(name)
            if rows:
                statement, _ = self._plans[name]
                self.conn.exec_driver_sql(statement, rows)
                self.written += len(rows)
                self.buffers[name] = []


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _converter(kind: Any) -> Callable[[Any], Any] | None:
    if isinstance(kind, schema.UTCDateTime):
        return _timestamp
    if isinstance(kind, Date):
        return lambda value: value.isoformat()
    if isinstance(kind, Boolean):
        return int
    return None


class _Ids:
    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        value = self._next.get(table, 0) + 1
        self._next[table] = value
        return value


_fold_word = functools.cache(fold)


def fast_fold(value: str) -> str:
    """``fold`` word by word, each word folded once: folding is per character, so the result is the same."""
    return " ".join(_fold_word(word) for word in value.split(" "))


def call_due(start: datetime) -> datetime:
    local = start.astimezone(ZoneInfo(ZONE))
    return (local - timedelta(days=CALL_DAYS_BEFORE)).astimezone(UTC)


def dedupe(kind: str, occurrence_id: int, target: str) -> str:
    return f"o{occurrence_id}:{kind}:{target}:{PLATFORM}"


class Generator:
    def __init__(self, conn: Connection, shape: Shape, now: datetime, ids: ExternalIds, result: Generated) -> None:
        self.w = _Writer(conn)
        self.shape = shape
        self.now = now
        self.ext = ids
        self.result = result
        self.rng = random.Random(shape.seed)
        self.id = _Ids()
        self._message = 930_000_000_000_000_000
        self.via: dict[int, str] = {}

    def message_id(self) -> str:
        self._message += 1
        return str(self._message)

    # --- the whole thing ----------------------------------------------------------------------------------
    def run(self) -> None:
        for _ in range(self.shape.communities):
            self.community()
            self.w.flush()

    def community(self) -> None:
        s, now, rng = self.shape, self.now, self.rng
        community_id = self.id("communities")
        founded = now - timedelta(days=730)
        self.w.add(
            schema.communities,
            {
                "id": community_id,
                "name": f"Nätverket {community_id}",
                "timezone": ZONE,
                "locale": "en",
                "created_at": founded,
            },
        )
        self.w.add(
            schema.community_bindings,
            {
                "id": self.id("community_bindings"),
                "community_id": community_id,
                "platform": PLATFORM,
                "external_id": self.ext.guild(community_id),
            },
        )
        builtin = {kind: self.section(community_id, kind, kind, kind, founded) for kind in ("central", "coordinators")}
        regular = []
        for number in range(1, s.sections + 1):
            trade = TRADES[number % len(TRADES)]
            slug = f"{trade}-{number:04d}"
            regular.append(
                (self.section(community_id, slug, f"{trade.title()} {number}", _KINDS[number % 3], founded), slug)
            )
        self.result.sections[community_id] = regular
        self.result.central[community_id] = builtin["central"]

        first = self.id("members")
        member_ids = [first] + [self.id("members") for _ in range(s.members - 1)]
        self.result.members[community_id] = (member_ids[0], member_ids[-1])
        for index, member_id in enumerate(member_ids):
            self.member(community_id, member_id, is_admin=index == 0, joined=founded + timedelta(minutes=index))
        # Memberships: everyone in the central group, each in a few sections; coordinators from the members.
        in_section: dict[int, list[int]] = {section_id: [] for section_id, _ in regular}
        for member_id in member_ids:
            self.w.add(schema.memberships, self._membership(builtin["central"], member_id, "member", founded))
            for section_id, _ in rng.sample(regular, min(s.memberships_per_member, len(regular))):
                in_section[section_id].append(member_id)
        coordinators: dict[int, list[int]] = {}
        all_coordinators: set[int] = set()
        for section_id, people in in_section.items():
            chosen = set(people[: s.coordinators_per_section])
            coordinators[section_id] = sorted(chosen)
            all_coordinators |= chosen
            for member_id in people:
                role = "coordinator" if member_id in chosen else "member"
                self.w.add(schema.memberships, self._membership(section_id, member_id, role, founded))
        for member_id in sorted(all_coordinators):
            self.w.add(schema.memberships, self._membership(builtin["coordinators"], member_id, "member", founded))

        for section_id, _ in regular:
            ids = []
            for _ in range(s.series_per_section):
                ids.append(self.series(community_id, section_id, in_section[section_id], coordinators[section_id]))
            self.result.series[section_id] = ids

    def section(self, community_id: int, slug: str, name: str, kind: str, founded: datetime) -> int:
        section_id = self.id("sections")
        self.w.add(
            schema.sections,
            {
                "id": section_id,
                "community_id": community_id,
                "slug": slug,
                "name": name,
                "kind": kind,
                "status": "active",
                "description": f"Vi som arbetar med {name.lower()}.",
                "purpose": "",
                "proposed_by": None,
                "created_at": founded,
                "archived_at": None,
            },
        )
        self.w.add(
            schema.section_bindings,
            {
                "id": self.id("section_bindings"),
                "section_id": section_id,
                "platform": PLATFORM,
                "external_id": self.ext.channel(section_id),
                "role_id": None,
            },
        )
        return section_id

    def member(self, community_id: int, member_id: int, *, is_admin: bool, joined: datetime) -> None:
        rng = self.rng
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        via = rng.choices(("channel", "dm", "none"), (70, 20, 10))[0]
        self.via[member_id] = via
        self.w.add(
            schema.members,
            {
                "id": member_id,
                "community_id": community_id,
                "display_name": name,
                "is_admin": is_admin,
                "locale": None,
                "created_at": joined,
                "reminder_via": via,
            },
        )
        self.w.add(
            schema.identities,
            {
                "id": self.id("identities"),
                "community_id": community_id,
                "member_id": member_id,
                "platform": PLATFORM,
                "external_id": self.ext.user(member_id),
            },
        )
        if rng.random() < 0.8:
            place, trade = rng.choice(PLACES), rng.choice(TRADES)
            company = f"{name.split()[1]} {trade.title()} AB"
            fields = {
                "who": f"{name}, {trade} i {place}",
                "does": f"Jag arbetar med {trade} för små företag i {place}.",
                "needs": f"Fler kunder och tips om {rng.choice(_WORDS)}.",
                "offers": f"Hjälp med {rng.choice(_WORDS)} och {rng.choice(_WORDS)}.",
                "place": place,
                "trade": trade,
                "company": company,
            }
            visible = rng.random() < 0.85
            folded = fast_fold(profile_text(name, fields))
            self.w.add(
                schema.profiles,
                {
                    "member_id": member_id,
                    **fields,
                    "visible": visible,
                    "search_text": folded,
                    "updated_at": joined,
                },
            )
            if visible:  # as bot.storage.repositories.directory.refresh keeps them
                for word, ending in with_endings(folded).items():
                    self.w.add(
                        schema.profile_words,
                        {"community_id": community_id, "word": word, "ending": ending, "member_id": member_id},
                    )

    @staticmethod
    def _membership(section_id: int, member_id: int, role: str, joined: datetime) -> dict[str, Any]:
        return {"section_id": section_id, "member_id": member_id, "role": role, "joined_at": joined}

    # --- series, occurrences and what the bot did about them --------------------------------------------
    def series(self, community_id: int, section_id: int, people: list[int], coordinators: list[int]) -> int:
        s, now, rng = self.shape, self.now, self.rng
        series_id = self.id("meeting_series")
        weekly = rng.random() < 0.7
        rule = (
            f"FREQ=WEEKLY;BYDAY={rng.choice(_WEEKDAYS)}"
            if weekly
            else (f"FREQ=WEEKLY;INTERVAL=2;BYDAY={rng.choice(_WEEKDAYS)}")
        )
        local = rng.choice(_TIMES)
        start_date = (now - timedelta(weeks=s.history_weeks + 4)).date()
        # The planner looked at the series within the last day (it does daily): next look within a day.
        last_planned = now - timedelta(seconds=rng.uniform(0, 86_400))
        until = last_planned + timedelta(days=CALL_DAYS_BEFORE) + _AGENDA_NUDGE_BEFORE_CALL + timedelta(days=2)
        next_plan_at = until - timedelta(days=CALL_DAYS_BEFORE) - _AGENDA_NUDGE_BEFORE_CALL - timedelta(days=1)
        if not s.future:
            until, next_plan_at = now, now + timedelta(days=1)
        place = f"{rng.choice(PLACES)}, {rng.choice(('Folkets hus', 'Stadsbiblioteket', 'Kafé Koppen', 'Rådhuset'))}"
        self.w.add(
            schema.meeting_series,
            {
                "id": series_id,
                "section_id": section_id,
                "rrule": rule,
                "timezone": ZONE,
                "local_time": local,
                "duration_minutes": DURATION,
                "place": place,
                "start_date": start_date,
                "until_date": None,
                "capacity": None,
                "call_days_before": CALL_DAYS_BEFORE,
                "reminder_minutes": ",".join(map(str, REMINDERS)),
                "status": "active",
                "previous_id": None,
                "created_by": coordinators[0] if coordinators else None,
                "created_at": now - timedelta(weeks=10),
                "planned_until": until,
                "next_plan_at": next_plan_at,
            },
        )
        self.result.series_section[series_id] = section_id
        recurrence = Recurrence(
            rrule=rule, timezone=ZONE, local_time=clock_time.fromisoformat(local), start_date=start_date
        )
        for start in recurrence.between(now - timedelta(weeks=s.history_weeks), until):
            self.occurrence(community_id, section_id, series_id, start, people=people, coordinators=coordinators)
        return series_id

    def occurrence(  # noqa: PLR0912 - one branch per kind of delivery, as the planner and the worker have them
        self,
        community_id: int,
        section_id: int,
        series_id: int,
        start: datetime,
        *,
        people: list[int],
        coordinators: list[int],
    ) -> int:
        s, now, rng = self.shape, self.now, self.rng
        occurrence_id = self.id("occurrences")
        end = start + timedelta(minutes=DURATION)
        cancelled = rng.random() < 0.02
        self.w.add(
            schema.occurrences,
            {
                "id": occurrence_id,
                "series_id": series_id,
                "original_start": start,
                "start_at": start,
                "end_at": end,
                "place": "",
                "status": "cancelled" if cancelled else "scheduled",
                "agenda_touched": start < now and rng.random() < 0.5,
                "created_at": start - timedelta(days=11),
            },
        )
        for position, (step, minutes) in enumerate(default_recipe(DURATION), start=1):
            self.w.add(
                schema.agenda_items,
                {
                    "id": self.id("agenda_items"),
                    "occurrence_id": occurrence_id,
                    "position": position,
                    "kind": step.value,
                    "title": "",
                    "minutes": minutes,
                    "status": "accepted",
                    "proposed_by": None,
                    "created_at": start - timedelta(days=11),
                },
            )
        called = call_due(start)
        # Answers: all of them on a past meeting, on an open call a share by how long it has been out.
        answering: list[tuple[int, str]] = []
        if called <= now and people and not cancelled:
            share = 1.0 if start <= now else min(1.0, (now - called) / timedelta(days=CALL_DAYS_BEFORE))
            count = min(len(people), round(s.rsvps_per_meeting * share))
            for member_id in rng.sample(people, count):
                answer = rng.choices(("yes", "maybe", "no"), (60, 20, 20))[0]
                answering.append((member_id, answer))
                self.w.add(
                    schema.rsvps,
                    {
                        "occurrence_id": occurrence_id,
                        "member_id": member_id,
                        "answer": answer,
                        "waitlisted": False,
                        "source": f"reaction:{PLATFORM}",
                        "updated_at": called + (now - called) * rng.random()
                        if start > now
                        else called + timedelta(hours=rng.uniform(1, 100)),
                    },
                )
        memo_id = None
        if end + timedelta(hours=2) <= now and not cancelled and coordinators and rng.random() < 0.9:
            memo_id = self.id("memos")
            body = " ".join(rng.choice(_WORDS) for _ in range(40)).capitalize() + "."
            posted = end + timedelta(hours=rng.uniform(1, 2))
            self.w.add(
                schema.memos,
                {
                    "id": memo_id,
                    "section_id": section_id,
                    "occurrence_id": occurrence_id,
                    "author_id": coordinators[0],
                    "body": body,
                    "search_text": fast_fold(body),
                    "posted_at": posted,
                },
            )
            self.outbox(
                f"m{memo_id}:memo:section:{section_id}:{PLATFORM}",
                "memo",
                community_id,
                section_id,
                None,
                occurrence_id=None,
                series_id=None,
                due=posted,
                deadline=None,
                memo_id=memo_id,
            )
        coming = [m for m, a in answering if a in ("yes", "maybe")]
        plan = [
            ("call", f"section:{section_id}", called, start),
            ("agenda-nudge", "audience", called - _AGENDA_NUDGE_BEFORE_CALL, called),
            *((f"reminder-{minutes}", "audience", start - timedelta(minutes=minutes), start) for minutes in REMINDERS),
            ("memo-prompt", "audience", end, end + _MEMO_NUDGE_AFTER),
            ("memo-nudge", "audience", end + _MEMO_NUDGE_AFTER, end + 3 * _MEMO_NUDGE_AFTER),
        ]
        for kind, target, due, deadline in plan:
            key = dedupe(kind, occurrence_id, target)
            common: dict[str, Any] = {
                "occurrence_id": occurrence_id,
                "series_id": series_id,
                "due": due,
                "deadline": deadline,
            }
            if target != "audience":
                self.outbox(key, kind, community_id, section_id, None, **common)
                continue
            reached: list[int] = []
            channel = False
            note = None
            if due <= now:
                if cancelled:
                    note = "nobody to reach: the meeting is cancelled"
                elif kind.startswith("reminder"):
                    reached = [m for m in coming if self.via.get(m) == "dm"]
                    channel = any(self.via.get(m) == "channel" for m in coming)
                elif kind == "agenda-nudge" and rng.random() < 0.5:
                    note = "nobody to reach: the agenda has been prepared"
                elif kind == "memo-nudge" and memo_id is not None:
                    note = "nobody to reach: the memo is posted"
                else:
                    reached = list(coordinators)
                count = len(reached) + int(channel)
                note = note or (f"reached {count} recipient(s)" if count else "nobody to reach: already reached")
            self.outbox(key, kind, community_id, section_id, None, **common, note=note)
            if channel:
                self.outbox(
                    dedupe(kind, occurrence_id, f"section:{section_id}"),
                    kind,
                    community_id,
                    section_id,
                    None,
                    **common,
                    due_override=due,
                )
            for member_id in reached:
                self.outbox(
                    f"o{occurrence_id}:{kind}:member:{member_id}",
                    kind,
                    community_id,
                    section_id,
                    member_id,
                    **common,
                    due_override=due,
                )
        return occurrence_id

    def outbox(
        self,
        key: str,
        kind: str,
        community_id: int,
        section_id: int | None,
        member_id: int | None,
        *,
        occurrence_id: int | None,
        series_id: int | None,
        due: datetime,
        deadline: datetime | None,
        memo_id: int | None = None,
        note: str | None = None,
        due_override: datetime | None = None,
    ) -> None:
        done = due <= self.now
        audience = key.split(":")[2] == "audience"
        if not done:
            state = "pending"
        elif audience or (deadline is not None and due > deadline):
            state = "skipped"
        else:
            state = "sent"
        sent = state == "sent"
        channel: str | None
        if sent and member_id is not None:
            channel = f"dm-{member_id}"
        elif sent:
            channel = self.ext.channel(section_id) if section_id is not None else None
        else:
            channel = None
        self.w.add(
            schema.outbox,
            {
                "id": self.id("outbox"),
                "dedupe_key": key,
                "kind": kind,
                "community_id": community_id,
                "platform": PLATFORM,
                "section_id": section_id,
                "member_id": member_id,
                "occurrence_id": occurrence_id,
                "memo_id": memo_id,
                "series_id": series_id,
                "due_at": due_override or due,
                "deadline_at": deadline,
                "state": state,
                "attempts": 1 if done else 0,
                "lease_until": None,
                "claimed_by": None,
                "sent_at": (due_override or due) + timedelta(seconds=1) if sent else None,
                "external_channel": channel,
                "external_message": self.message_id() if sent else None,
                "note": note,
                "payload": None,
                "created_at": (due_override or due) - timedelta(days=11),
            },
        )


def generate(path: Path, shape: Shape, *, now: datetime, ids: ExternalIds | None = None) -> Generated:
    """A new database at ``path`` (replaced if there), migrated to head and filled; returns what it holds."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _fast(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=OFF")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-200000")
        cursor.close()

    result = Generated(path=path, shape=shape, now=now)
    with engine.begin() as conn:
        upgrade_to_head(conn)
    with engine.begin() as conn:
        generator = Generator(conn, shape, now, ids or ExternalIds(), result)
        generator.run()
        result.rows = generator.w.written
    with engine.connect() as conn:
        # No ANALYZE: the bot never runs it, so its queries here are planned as they would be in production.
        conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    engine.dispose()
    result.seconds = time.perf_counter() - started
    return result


def cached_scale(scale: int, *, log: Callable[[str], None] = print) -> Generated:
    """The scale database, made once and kept in benchmarks/.data/ (keyed by its shape)."""
    shape = Shape.at_scale(scale)
    path = DATA_DIR / f"scale-{scale}-{shape.key}.db"
    marker = Path(f"{path}.done")
    if path.exists() and marker.exists():
        result = Generated(path=path, shape=shape, now=EPOCH)
        _to_head(path, log)
        _describe_without_writing(result)
        return result
    for old in DATA_DIR.glob(f"scale-{scale}-*"):
        old.unlink()
    log(f"generating the scale {scale} database (once; kept in {DATA_DIR}) …")
    result = generate(path, shape, now=EPOCH)
    marker.write_text(f"{result.rows} rows in {result.seconds:.1f} s\n", encoding="utf-8")
    log(f"  {result.rows:,} rows in {result.seconds:.1f} s, {path.stat().st_size / 2**20:,.0f} MiB")
    return result


def _to_head(path: Path, log: Callable[[str], None]) -> None:
    """A cached database made before a later migration is migrated once, in place, untimed: a migration is a
    one-time step of an upgrade, not part of each start-up the benchmarks time."""
    started = time.perf_counter()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        behind = current_revisions(conn) != (head_revision(),)
        if behind:
            upgrade_to_head(conn)
    engine.dispose()
    if behind:
        log(f"  migrated the cached {path.name} to the head revision in {time.perf_counter() - started:.1f} s (once)")


def _describe_without_writing(result: Generated) -> None:
    """Fill in what the benchmarks need to know about a cached database, from the database."""
    engine = create_engine(f"sqlite:///{result.path}")
    with engine.connect() as conn:
        for section_id, community_id, slug, kind in conn.execute(
            text("SELECT id, community_id, slug, kind FROM sections ORDER BY id")
        ):
            if kind == "central":
                result.central[community_id] = section_id
            elif kind != "coordinators":
                result.sections.setdefault(community_id, []).append((section_id, slug))
        for community_id, low, high in conn.execute(
            text("SELECT community_id, MIN(id), MAX(id) FROM members GROUP BY community_id")
        ):
            result.members[community_id] = (low, high)
        for series_id, section_id in conn.execute(text("SELECT id, section_id FROM meeting_series ORDER BY id")):
            result.series.setdefault(section_id, []).append(series_id)
            result.series_section[series_id] = section_id
    engine.dispose()


def copy_database(source: Path, target: Path) -> Path:
    """A private copy to run on (benchmarks change what they run on)."""
    for stale in (target, Path(f"{target}-wal"), Path(f"{target}-shm"), Path(f"{target}.lock")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(source, target)
    # On disk before anything is timed: else the bot's first fsync (synchronous=FULL) writes back the whole
    # copy from the page cache, seconds at scale 100 that a database in use would never cost at start.
    with target.open("rb+") as copied:
        os.fsync(copied.fileno())
    return target
