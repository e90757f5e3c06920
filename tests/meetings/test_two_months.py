"""Done when: one section runs two months of meetings across the March DST switch, with a restart in the middle.

The script in scripts/two_months_en.txt is piped into a real ``python -m netgroups console`` process up to its
restart line, then into a new process on the same database. The console's history file (the "platform")
and the database then show that every message went out once, at its moment, and none was lost.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

SCRIPT = Path(__file__).with_name("scripts") / "two_months_en.txt"
START = "2026-03-02T09:00+01:00"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
ROOT = Path(__file__).resolve().parents[2]
RESTART = re.compile(r"^# === restart the bot here: --clock (\S+) ===$")
#: Five meetings held (3, 17, 31 March, 14, 28 April) and the call for 12 May.
MEETINGS = ["2026-03-03", "2026-03-17", "2026-03-31", "2026-04-14", "2026-04-28", "2026-05-12"]


def split_script() -> tuple[str, str, str]:
    """The lines before the restart, the clock to restart with, and the lines after."""
    lines = SCRIPT.read_text(encoding="utf-8").splitlines(keepends=True)
    (index,) = [i for i, line in enumerate(lines) if RESTART.match(line.strip())]
    clock = RESTART.match(lines[index].strip()).group(1)  # type: ignore[union-attr]
    return "".join(lines[:index]), clock, "".join(lines[index + 1 :])


def run_console(db: Path, clock: str, script: str) -> tuple[str, float]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "netgroups", "console", "--db", str(db), "--clock", clock],
        input=script,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    elapsed = time.perf_counter() - began
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert " ERROR " not in done.stderr, done.stderr
    return done.stdout, elapsed


def history(db: Path) -> dict[int, dict[str, object]]:
    """The console platform's messages: the last record of each number (reactions rewrite it)."""
    messages: dict[int, dict[str, object]] = {}
    for line in Path(f"{db}.console.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        messages[record["number"]] = record
    return messages


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def blocks(output: str, title: str) -> list[tuple[str, str]]:
    """(header, body) of each printed block whose first indented line is ``title``."""
    found: list[tuple[str, list[str]]] = []
    for line in output.splitlines():
        if line.startswith("  ") and found:
            found[-1][1].append(line.strip())
        elif line.strip() and not line.startswith("  "):
            found.append((line, []))
    return [(header, "\n".join(body)) for header, body in found if body and body[0].startswith(title)]


@pytest.mark.e2e
def test_two_months_across_dst_with_a_restart(tmp_path: Path) -> None:
    """Calls 7 days ahead at 18:00 local, answers by reaction, reminders to yes/maybe, memos, one restart."""
    db = tmp_path / "netgroups.db"
    first_half, restart_clock, second_half = split_script()
    out1, wall1 = run_console(db, START, first_half)
    messages_before = max(history(db))
    out2, wall2 = run_console(db, restart_clock, second_half)
    output = out1 + out2
    messages = history(db)

    # The history is one platform across both processes: numbering goes on, and no marker is posted twice.
    new_in_second = [header for header, _ in blocks(out2, "") if "· message" in header and "(edited)" not in header]
    assert int(re.search(r"message (\d+)", new_in_second[0]).group(1)) == messages_before + 1  # type: ignore[union-attr]
    markers = Counter(str(m["marker"]) for m in messages.values() if m["marker"])
    assert [marker for marker, count in markers.items() if count > 1] == []

    # What Anna is asked (agendas, memos) comes in her digest, one direct message a day at most.
    digests = [marker for marker in markers if ":digest:member:" in marker]
    assert digests
    assert len({marker.rsplit(":", 1)[1] for marker in digests}) == len(digests)

    # One meeting call per meeting, each for a different occurrence.
    call_markers = [marker for marker in markers if ":call:" in marker]
    assert len(call_markers) == len(MEETINGS)
    assert len({marker.split(":")[1] for marker in call_markers}) == len(MEETINGS)

    # One reminder per (meeting, kind, target): the channel, and Bo (who chose direct messages).
    # netgroups:o3:reminder-60:section:3:console, netgroups:o3:reminder-60:member:2 -> (o3, reminder-60, member, 2)
    reminders = Counter(tuple(marker.split(":")[1:5]) for marker in markers if ":reminder-" in marker)
    assert set(reminders.values()) == {1}
    channel_reminders = [key for key in reminders if key[2] == "section"]
    direct_reminders = [key for key in reminders if key[2] == "member"]
    assert len(channel_reminders) == len(direct_reminders) == 2 * 5

    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "select o.kind, o.state, o.due_at, o.sent_at, o.note, occ.start_at, o.external_message "
            "from outbox o left join occurrences occ on occ.id = o.occurrence_id order by o.id"
        ).fetchall()
        bo = conn.execute("select id from members where display_name = 'Bo'").fetchone()[0]
    finally:
        conn.close()

    # Nothing lost: every row is sent or deliberately skipped, and each sent row is a message in the history.
    end = utc("2026-05-06 07:00:00")
    assert [r for r in rows if r[1] in ("claimed", "failed")] == []
    assert [r for r in rows if r[1] == "pending" and utc(r[2]) <= end] == []
    # Opening #shiatsu's channel is a delivery too, with no message of its own.
    assert [(r[0], r[1], r[6]) for r in rows if r[0] == "channel"] == [("channel", "sent", None)]
    sent = [r for r in rows if r[1] == "sent" and r[0] != "channel"]
    assert sorted(int(r[6]) for r in sent) == sorted(n for n, m in messages.items() if m["marker"])
    assert {key[3] for key in direct_reminders} == {str(bo)}

    # Calls: 7 days before at the meeting's local 18:00, across the DST switch (the first went out at once).
    calls = [r for r in rows if r[0] == "call"]
    starts = [utc(r[5]).astimezone(STOCKHOLM) for r in calls]
    assert [start.date().isoformat() for start in starts] == MEETINGS
    assert all((start.hour, start.minute) == (18, 0) for start in starts)
    for (_, state, due, *_), start in zip(calls, starts, strict=True):
        assert state == "sent"
        assert utc(due).astimezone(STOCKHOLM) == start - timedelta(days=7)
    assert [utc(r[3]) for r in calls[1:]] == [utc(r[2]) for r in calls[1:]]
    assert [utc(r[3]).isoformat() for r in calls[2:4]] == ["2026-03-24T17:00:00+00:00", "2026-04-07T16:00:00+00:00"]

    # The 24 h reminder due at 18:00 while the bot was down went out once, at the restart (18:03).
    (audience,) = [r for r in rows if r[0] == "reminder-1440" and r[2].startswith("2026-03-30 16:00")]
    assert audience[4] == "reached 2 recipient(s)"
    went_out = [r[3] for r in rows if r[0] == "reminder-1440" and (r[3] or "").startswith("2026-03-30")]
    assert went_out == ["2026-03-30 16:03:00.000000"] * 2

    # Answers by reaction update the counts on the call; the presentation round names who said yes.
    edited_calls = blocks(output, "Meeting call")
    assert any("Answers: ✅ 3 · 🤔 1 · ❌ 1" in body for header, body in edited_calls if "message 4 (edited)" in header)
    assert any(
        "– Bo: Shiatsu therapist in Malmö · does: Pressure point massage · needs: Clients, bookkeeping" in body
        for _, body in edited_calls
    )
    # After the restart, a reaction on a call posted by the first process still counts.
    assert any(
        "Answers: ✅ 2 · 🤔 2 · ❌ 0" in body for header, body in edited_calls if "message 21 (edited)" in header
    )

    # Reminders reach only yes and maybe, each their way: Cleo and Dan named in the channel, Bo directly,
    # Eva (reminders: none) never; Fia (no, then silent) only for 31 March, where she reacted 🤔 after the restart.
    reminder_posts = blocks(output, "Reminder: Shiatsu")
    assert {header.split(" · ")[0] for header, _ in reminder_posts} == {"#shiatsu", "@Bo (direct)"}
    named = [body.splitlines()[-1] for header, body in reminder_posts if header.startswith("#shiatsu")]
    assert named == [
        *["Coming: Cleo. Maybe: Dan."] * 2,  # 3 March
        *["Coming: –. Maybe: Cleo."] * 2,  # 17 March: Bo and Eva come, but do not want to be named here
        "Coming: Cleo. Maybe: Dan.",  # 31 March, 24 h before: sent at the restart
        "Coming: Cleo. Maybe: Dan, Fia.",  # 31 March, 1 h before
        *["Coming: Cleo. Maybe: Dan."] * 2,  # 14 April: Dan by /rsvp, Fia took back her ✅ with ❌
        *["Coming: Cleo. Maybe: –."] * 2,  # 28 April
    ]
    assert not any("Eva" in body for _, body in reminder_posts)

    # The agenda: Anna's guest item and an accepted proposal go out with the calls.
    assert any("6. Guest: marketing on Instagram (15 min)" in body for _, body in edited_calls)
    assert any("6. Pricing our sessions (10 min)" in body for _, body in edited_calls)

    # Memos are posted, and found by search with or without accents.
    assert len(blocks(output, "Memo #")) == 3
    assert "Memos mentioning “f-skatt” (1)" in output
    assert "Memos mentioning “BOKFORING” (1)" in output

    edits = output.count("(edited)")
    print(
        f"\ntwo months: {len(messages)} messages, {len(call_markers)} calls, "
        f"{len(channel_reminders)} channel + {len(direct_reminders)} direct reminders, {edits} call edits, "
        f"{len(rows)} outbox rows ({len(sent)} sent); wall time {wall1:.2f} s + {wall2:.2f} s after the restart"
    )
