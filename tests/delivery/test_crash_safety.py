"""Exactly once per (occurrence, kind, target), proven with real processes that are killed.

Each test runs ``python -m netgroups console`` as a subprocess on an SQLite file with a simulated
clock (``--clock``), kills it with SIGKILL at a fault point (NETGROUPS_CRASH_AT / _AFTER), starts
it again on the same file and counts what the platform shows: the console's history file
``<db>.console.jsonl``, the last record of each message number, grouped by idempotency key and
by marker (the marker names the occurrence, kind and target). The last test runs two workers
on a real PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from bot.bootstrap import build_core
from bot.clock import SimulatedClock
from bot.domain.delivery import Kind, dedupe_key
from bot.domain.models import SectionKind
from bot.replies import msg, reply
from bot.replies_codec import encode_reply
from bot.settings import Settings
from bot.storage.repositories import outbox, sections
from tests.delivery.pg_worker import PLATFORM as PG_PLATFORM
from tests.delivery.pg_worker import SENT_LOG_DDL

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
KILLED = -signal.SIGKILL
TIMEOUT = 60
# A worker sending 1,000 deliveries through slowed claims: a minute alone, several on a machine busy with
# other suites. A safety net against a hang, not a measure of speed.
FINISH_TIMEOUT = 300

# A Monday morning; the meetings are on Tuesdays at 18:00 Stockholm time (17:00 UTC in March).
START = "2026-03-02T09:00+01:00"
# Three members answer for the first meeting: Anna in the channel, Bo and Cy by direct message.
SETUP = """\
:as Anna
/section create Shiatsu
:in shiatsu
/meeting schedule "weekly tue" 18:00 90 Hus
/rsvp yes shiatsu
:as Bo
/section join shiatsu
/reminders dm
/rsvp maybe shiatsu
:as Cy
/section join shiatsu
/reminders dm
/rsvp yes shiatsu
"""
# Nine days: both reminders of the first meeting (each a channel post and two direct messages),
# the second meeting's call, the third meeting's call, and the coordinator's digests (memo, agenda).
TO_END = ":time 2026-03-11T09:00+01:00\n"


# --- running the console and reading what it left behind ------------------------------------


def _env(crash_at: str | None = None, after: int = 1) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("NETGROUPS_")}
    env.pop("DATABASE_URL", None)
    if crash_at is not None:
        env.update(NETGROUPS_CRASH_AT=crash_at, NETGROUPS_CRASH_AFTER=str(after))
    return env


def console(
    db: Path, clock: str, script: str = "", *, crash_at: str | None = None, after: int = 1
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "netgroups", "console", "--db", str(db), "--clock", clock],
        cwd=db.parent,
        env=_env(crash_at, after),
        input=script,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def assert_exit(done: subprocess.CompletedProcess[str], expected: int) -> None:
    assert done.returncode == expected, f"exit {done.returncode}, expected {expected}; stderr:\n{done.stderr[-3000:]}"


def history(db: Path) -> dict[int, dict[str, Any]]:
    """The platform's view: the last record of each message number (reactions append new records)."""
    messages: dict[int, dict[str, Any]] = {}
    for line in Path(f"{db}.console.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # cut short by a kill, as the gateway itself reads it
        messages[record["number"]] = record
    return messages


def bot_posts(db: Path) -> list[dict[str, Any]]:
    """Messages the delivery worker posted (command replies carry no key and no marker)."""
    return [record for _, record in sorted(history(db).items()) if record["marker"]]


def assert_each_once(db: Path) -> list[str]:
    """No (occurrence, kind, target) and no idempotency key has two messages; returns the markers."""
    posts = bot_posts(db)
    by_marker = {marker: n for marker, n in Counter(post["marker"] for post in posts).items() if n > 1}
    by_key = {key: n for key, n in Counter(post["key"] for post in posts).items() if n > 1}
    assert not by_marker, f"posted more than once: {by_marker}"
    assert not by_key, f"idempotency keys used more than once: {by_key}"
    return [post["marker"] for post in posts]


def query(db: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def assert_outbox_agrees(db: Path) -> None:
    """Every message posted is recorded as sent with its number, and nothing else is; nothing is left claimed."""
    posted = {post["marker"]: str(post["number"]) for post in bot_posts(db)}
    recorded = {
        f"netgroups:{row['dedupe_key']}": row["external_message"]
        # (A section's channel opened is a delivery too, with no message of its own.)
        for row in query(
            db, "SELECT dedupe_key, external_message FROM outbox WHERE state = 'sent' AND external_message IS NOT NULL"
        )
    }
    assert recorded == posted
    assert query(db, "SELECT id FROM outbox WHERE state = 'claimed'") == []


def assert_storage_unique(db: Path) -> None:
    """Restarts never queue anything twice: one row per dedupe key, one occurrence per original start."""
    (rows,) = query(db, "SELECT count(*) AS n, count(DISTINCT dedupe_key) AS keys FROM outbox")
    assert rows["n"] == rows["keys"]
    (occurrences,) = query(
        db, "SELECT count(*) AS n, count(DISTINCT series_id || '@' || original_start) AS starts FROM occurrences"
    )
    assert occurrences["n"] == occurrences["starts"]
    assert query(db, "SELECT dedupe_key FROM outbox WHERE state = 'sent' GROUP BY dedupe_key HAVING count(*) > 1") == []
    assert (
        query(
            db,
            "SELECT external_message FROM outbox WHERE state = 'sent' AND external_message IS NOT NULL "
            "GROUP BY external_message HAVING count(*) > 1",
        )
        == []
    )


def claimed(db: Path) -> list[sqlite3.Row]:
    return query(db, "SELECT dedupe_key, due_at FROM outbox WHERE state = 'claimed' ORDER BY id")


def crash_instant(db: Path) -> str:
    """When the killed process died: the simulated clock stood at the due time of what it had claimed."""
    rows = claimed(db)
    assert rows, "the killed process left nothing claimed"
    latest = max(datetime.fromisoformat(row["due_at"]) for row in rows)
    return latest.replace(tzinfo=UTC).isoformat()


def copy_of(db: Path, into: Path) -> Path:
    target = into / db.name
    for suffix in ("", "-wal", ".console.jsonl"):
        if Path(f"{db}{suffix}").exists():
            shutil.copyfile(f"{db}{suffix}", f"{target}{suffix}")
    return target


@pytest.fixture(scope="module")
def after_setup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sections, a weekly meeting and three answers, made by a process that then exited normally."""
    db = tmp_path_factory.mktemp("setup") / "netgroups.db"
    assert_exit(console(db, START, SETUP), 0)
    return db


@pytest.fixture(scope="module")
def uninterrupted(after_setup: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """What the same nine days post when nothing crashes."""
    db = copy_of(after_setup, tmp_path_factory.mktemp("uninterrupted"))
    assert_exit(console(db, START, TO_END), 0)
    markers = assert_each_once(db)
    assert sum(":reminder-" in marker for marker in markers) == 6
    return markers


# --- 1 and 2: killed between claiming and sending, or between sending and recording ---------


# after-claim is reached once per claimed batch: 1 = the 24-hour reminder's audience,
# 2 = its three posts, 3 = the coordinator's digest (09:00), 4 = the 1-hour reminder's audience,
# 5 = its three posts, 6 = the next call.
@pytest.mark.parametrize(
    ("after", "kind"),
    [(2, "reminder-1440"), (5, "reminder-60"), (6, "call")],
    ids=["24h-reminders", "1h-reminders", "meeting-call"],
)
def test_killed_after_claim_then_restarted_sends_each_once(
    after_setup: Path, uninterrupted: list[str], tmp_path: Path, after: int, kind: str
) -> None:
    db = copy_of(after_setup, tmp_path)
    crashed = console(db, START, TO_END, crash_at="after-claim", after=after)
    assert_exit(crashed, KILLED)
    assert "fault point after-claim reached" in crashed.stderr
    posted = set(assert_each_once(db))
    left = {f"netgroups:{row['dedupe_key']}" for row in claimed(db)}
    assert left, "nothing was claimed when the process died"
    assert {marker.split(":")[2] for marker in left} == {kind}, left
    assert not left & posted, "a row claimed at the crash was already posted"

    restarted = console(db, crash_instant(db), TO_END)

    assert_exit(restarted, 0)
    assert "claimed by a process that stopped" in restarted.stderr
    assert sorted(assert_each_once(db)) == sorted(uninterrupted)
    assert_outbox_agrees(db)
    assert_storage_unique(db)


# after-send is reached once per post: 1-3 = the 24-hour reminder (channel, Bo, Cy), 4 = the
# coordinator's digest (09:00), 5-7 = the 1-hour reminder, 8 = the second meeting's call.
@pytest.mark.parametrize(
    ("after", "target"),
    [(2, ":reminder-1440:member:"), (5, ":reminder-60:section:"), (8, ":call:section:")],
    ids=["direct-24h-reminder", "channel-1h-reminder", "meeting-call"],
)
def test_killed_after_send_then_restarted_finds_it_sent(
    after_setup: Path, uninterrupted: list[str], tmp_path: Path, after: int, target: str
) -> None:
    db = copy_of(after_setup, tmp_path)
    crashed = console(db, START, TO_END, crash_at="after-send", after=after)
    assert_exit(crashed, KILLED)
    posted = set(assert_each_once(db))
    unrecorded = {f"netgroups:{row['dedupe_key']}" for row in claimed(db)} & posted
    assert len(unrecorded) == 1, "exactly the last post went out without being recorded"
    assert target in unrecorded.pop()

    restarted = console(db, crash_instant(db), TO_END)

    assert_exit(restarted, 0)
    assert sorted(assert_each_once(db)) == sorted(uninterrupted)
    assert "found already sent before a restart" in restarted.stderr
    assert_outbox_agrees(db)
    assert_storage_unique(db)


# --- 3: five restarts within a minute ---------------------------------------------------------

# The first meeting's 24-hour reminder is due at 18:00 on Monday: a channel post and two direct messages.
REMINDER_DUE = datetime.fromisoformat("2026-03-02T18:00+01:00")
RESTARTS = [
    # (seconds after REMINDER_DUE, fault point, reached how often, script)
    (0, "after-claim", 1, ""),  # claims the reminder's audience, dies before fanning it out
    (10, "after-send", 2, ""),  # fans out, posts two of three, dies before recording the second
    (20, "after-send", 1, ""),  # finds the second in the history, dies before recording that
    (30, "after-claim", 1, ""),  # claims what is left again, dies before looking
    (45, None, 1, ":as Dan\n/section create Yoga\n:time +15s\n"),  # finishes, and announces a section
]


def test_five_restarts_within_a_minute_post_each_once(after_setup: Path, tmp_path: Path) -> None:
    db = copy_of(after_setup, tmp_path)
    before = set(assert_each_once(db))
    for seconds, crash_at, after, script in RESTARTS:
        clock = (REMINDER_DUE + timedelta(seconds=seconds)).isoformat()
        done = console(db, clock, script, crash_at=crash_at, after=after)
        assert_exit(done, KILLED if crash_at else 0)
        assert_each_once(db)
        assert_storage_unique(db)

    new = [marker for marker in assert_each_once(db) if marker not in before]
    assert sorted(marker.split(":")[2] for marker in new) == [
        "announcement",
        "reminder-1440",
        "reminder-1440",
        "reminder-1440",
    ]
    assert_outbox_agrees(db)
    assert_storage_unique(db)
    # The chain of claims: the audience twice (then fanned out); the channel post once; the two
    # direct messages in each of the last four runs, each found or sent, and recorded, only in the last.
    reminder = query(
        db,
        "SELECT dedupe_key, attempts, state FROM outbox WHERE kind = 'reminder-1440' AND occurrence_id = ? ORDER BY id",
        query(db, "SELECT min(id) AS first FROM occurrences")[0]["first"],
    )
    assert [(row["attempts"], row["state"]) for row in reminder] == [
        (2, "skipped"),
        (1, "sent"),
        (4, "sent"),
        (4, "sent"),
    ]


# --- 4: down across three meetings ------------------------------------------------------------

DOWNTIME_SETUP = """\
:as Anna
/section create Shiatsu
:in shiatsu
/meeting schedule "weekly tue" 18:00 90 Hus
/rsvp always shiatsu
/rsvp yes shiatsu
"""
# Down since Monday 2 March: the meetings of 3, 10 and 17 March were held meanwhile, and the
# fourth began ten minutes ago.
BACK = datetime.fromisoformat("2026-03-24T18:10+01:00")


def _utc(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


def test_after_weeks_of_downtime_at_most_one_catch_up_and_no_late_reminder(tmp_path: Path) -> None:
    db = tmp_path / "netgroups.db"
    assert_exit(console(db, START, DOWNTIME_SETUP), 0)
    before = set(assert_each_once(db))

    back = console(db, BACK.isoformat())

    assert_exit(back, 0)
    catch_up = [marker for marker in assert_each_once(db) if marker not in before]
    kinds = Counter(marker.split(":")[2] for marker in catch_up)
    assert kinds, "nothing was caught up at all"
    assert max(kinds.values()) == 1, f"more than one catch-up of a kind: {catch_up}"
    # The coordinator's digests missed while down: only the latest goes (digest markers name the member there).
    assert Counter(marker.split(":")[1] for marker in catch_up)["digest"] <= 1

    starts = {_utc(row["start_at"]): row["id"] for row in query(db, "SELECT id, start_at FROM occurrences")}
    held = [occurrence for start, occurrence in starts.items() if start + timedelta(minutes=90) <= BACK]
    (current,) = [occurrence for start, occurrence in starts.items() if start <= BACK < start + timedelta(minutes=90)]
    (upcoming,) = [o for s, o in starts.items() if BACK < s <= BACK + timedelta(days=7)]
    assert len(held) == 3

    def rows(kind_like: str, occurrence: int) -> list[sqlite3.Row]:
        return query(
            db,
            "SELECT dedupe_key, state, note FROM outbox WHERE kind LIKE ? AND occurrence_id = ?",
            kind_like,
            occurrence,
        )

    # One meeting call: for the next meeting; those of the meetings held meanwhile were skipped.
    calls = [marker for marker in catch_up if ":call:" in marker]
    assert len(calls) == 1, catch_up
    assert calls[0].startswith(f"netgroups:o{upcoming}:call:section:")
    for occurrence in [*held[1:], current]:  # the first meeting's call went out when it was scheduled
        (call,) = rows("call", occurrence)
        assert call["state"] == "skipped", dict(call)
        assert call["note"], dict(call)

    # The meeting that has started had reminders with someone to reach; none went out, each says why.
    assert query(db, "SELECT answer FROM rsvps WHERE occurrence_id = ?", current)[0]["answer"] == "yes"
    reminders = rows("reminder-%", current)
    assert len(reminders) == 2
    for reminder in reminders:
        assert reminder["state"] == "skipped", dict(reminder)
        assert "too late" in reminder["note"], dict(reminder)
    assert not [marker for marker in catch_up if f"o{current}:reminder" in marker]

    # Every skipped row carries its reason; nothing overdue is left waiting.
    assert query(db, "SELECT id FROM outbox WHERE state = 'skipped' AND coalesce(note, '') = ''") == []
    overdue = query(db, "SELECT due_at FROM outbox WHERE state IN ('pending', 'claimed')")
    assert all(_utc(row["due_at"]) > BACK for row in overdue)
    assert_outbox_agrees(db)
    assert_storage_unique(db)


TWICE_WEEKLY = """\
:as Anna
/section create Shiatsu
:in shiatsu
/meeting schedule "FREQ=WEEKLY;BYDAY=TU,TH" 18:00 90 Hus
"""
# Down from Monday to Friday: the meetings of Tuesday 3 and Thursday 5 March were held meanwhile.
FRIDAY = datetime.fromisoformat("2026-03-06T12:00+01:00")


def test_after_downtime_each_upcoming_meeting_still_gets_its_call(tmp_path: Path) -> None:
    """A later meeting's call does not replace an earlier meeting's: only what is over is skipped."""
    db = tmp_path / "netgroups.db"
    assert_exit(console(db, START, TWICE_WEEKLY), 0)
    scheduled = set(assert_each_once(db))

    assert_exit(console(db, FRIDAY.isoformat()), 0)

    markers = assert_each_once(db)
    starts = sorted((_utc(row["start_at"]), row["id"]) for row in query(db, "SELECT id, start_at FROM occurrences"))
    called = {marker.split(":")[1] for marker in markers if ":call:" in marker}
    # Tomorrow's and Thursday's calls when scheduling on Monday; next Tuesday's and Thursday's after the downtime.
    assert called == {f"o{occurrence}" for start, occurrence in starts if start < FRIDAY + timedelta(days=7)}
    assert {marker.split(":")[1] for marker in scheduled if ":call:" in marker} == {
        f"o{occurrence}" for start, occurrence in starts if start < FRIDAY
    }
    caught_up = Counter(marker.split(":")[2] for marker in markers if marker not in scheduled)
    assert caught_up["call"] == 2
    assert Counter(marker.split(":")[1] for marker in markers if marker not in scheduled)["digest"] <= 1
    assert not [marker for marker in markers if ":reminder-" in marker]
    assert_outbox_agrees(db)
    assert_storage_unique(db)


# --- 5: two workers on one PostgreSQL ---------------------------------------------------------

DELIVERIES = 1000
DUE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
WORKER_CLOCK = DUE + timedelta(minutes=1)
SLOW_CLAIMS_DDL = """
CREATE FUNCTION slow_claim() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_sleep(0.001);
    RETURN NEW;
END $$;
CREATE TRIGGER slow_claim BEFORE UPDATE ON outbox FOR EACH ROW
    WHEN (NEW.state = 'claimed' AND OLD.state <> 'claimed') EXECUTE FUNCTION slow_claim();
"""


async def _seed(url: str, settings: Settings) -> None:
    core = await build_core(settings, SimulatedClock(DUE), database_url=url)
    try:
        community = await core.services.communities.ensure_community(
            PG_PLATFORM, "load", name="Load", timezone="Europe/Stockholm", locale="en"
        )
        payload = encode_reply(reply(msg("announce-section-approve-hint", section="load")))
        async with core.store.transaction() as tx:
            central = await sections.builtin(tx.conn, community.id, SectionKind.CENTRAL)
            for n in range(DELIVERIES):
                await outbox.enqueue(
                    tx.conn,
                    dedupe_key=dedupe_key(
                        Kind.ANNOUNCEMENT, PG_PLATFORM, target=f"section:{central.id}", extra=f"load{n}"
                    ),
                    kind=Kind.ANNOUNCEMENT,
                    community_id=community.id,
                    platform=PG_PLATFORM,
                    due_at=DUE,
                    section_id=central.id,
                    payload=payload,
                    now=DUE,
                )
    finally:
        await core.close()
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(SENT_LOG_DDL)
        # A slow disk: each row a claim takes costs a millisecond, so two claims overlap for a while
        # (without FOR UPDATE SKIP LOCKED both workers would then take, and send, the same rows).
        await conn.execute(SLOW_CLAIMS_DDL)
    finally:
        await conn.close()


async def _start_worker(
    url: str, worker: str, clock: datetime, crash: tuple[str, int] | None = None
) -> asyncio.subprocess.Process:
    env = _env(*crash) if crash else _env()
    env["PYTHONPATH"] = str(REPO)
    process = await asyncio.create_subprocess_exec(
        PYTHON,
        "-m",
        "tests.delivery.pg_worker",
        url,
        worker,
        clock.isoformat(),
        "--wait",
        cwd=REPO,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    ready = await asyncio.wait_for(process.stdout.readline(), TIMEOUT)
    assert ready == b"ready\n", ready + (await process.stderr.read() if process.stderr else b"")
    return process


async def _finish(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(process.communicate(b"go\n"), FINISH_TIMEOUT)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


@pytest.mark.parametrize(
    "crash",
    [None, ("after-send", 200), ("after-claim", 2)],
    ids=["both-finish", "killed-after-send-200", "killed-after-second-claim"],
)
async def test_two_workers_on_postgres_send_each_of_1000_once(
    postgres_url: str, settings: Settings, crash: tuple[str, int] | None
) -> None:
    await _seed(postgres_url, settings)

    # Both wait until both are ready, then tick at once: they compete for the same rows.
    first, second = await asyncio.gather(
        _start_worker(postgres_url, "w1", WORKER_CLOCK, crash), _start_worker(postgres_url, "w2", WORKER_CLOCK)
    )
    (code1, _, err1), (code2, _, err2) = await asyncio.gather(_finish(first), _finish(second))
    assert code1 == (KILLED if crash else 0), err1[-3000:]
    assert code2 == 0, err2[-3000:]

    conn = await asyncpg.connect(postgres_url)
    try:
        if crash:
            # The dead worker's claims are taken over once its lease (2 minutes) has run out.
            assert await conn.fetchval("SELECT count(*) FROM outbox WHERE state = 'claimed'") > 0
            third = await _start_worker(postgres_url, "w3", WORKER_CLOCK + timedelta(minutes=3))
            code3, out3, err3 = await _finish(third)
            assert code3 == 0, err3[-3000:]
            assert out3.strip() != "handled 0"

        sent = await conn.fetch("SELECT idempotency_key, worker FROM sent_log")
        keys = Counter(row["idempotency_key"] for row in sent)
        unsent = await conn.fetch("SELECT id, state, note FROM outbox WHERE state <> 'sent'")
        assert len(keys) == DELIVERIES, (unsent, err1[-3000:], err2[-3000:])
        assert [key for key, n in keys.items() if n > 1] == []
        assert len(sent) == DELIVERIES
        # Both really competed: each posted some of them.
        assert {"w1", "w2"} <= {row["worker"] for row in sent}

        states = await conn.fetch("SELECT state, count(*) AS n FROM outbox GROUP BY state")
        assert {row["state"]: row["n"] for row in states} == {"sent": DELIVERIES}
        mismatched = await conn.fetchval(
            "SELECT count(*) FROM outbox o LEFT JOIN sent_log s ON s.id::text = o.external_message "
            "WHERE s.id IS NULL OR s.marker <> 'netgroups:' || o.dedupe_key"
        )
        assert mismatched == 0
        if crash and crash[0] == "after-send":
            # The send the killed worker never recorded was found in the platform's history.
            assert "found already sent before a restart" in err3
    finally:
        await conn.close()
