"""Done when: the two-month scenario of the meetings issue (tests/meetings/scripts/two_months_en.txt) runs through
Synapse with the console's outcome.

One section meets every other Tuesday at 18:00 across the switch to summer time (29 March 2026). Six people
use their own matrix-nio clients: commands with ``!`` in a direct room or in #shiatsu's room, answers by
reaction on the calls. The bot is stopped on 30 March at 17:00 and started again (new core, new adapter, same
database, device and token) at 18:03, an hour after its 24 h reminder fell due.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.adapters.matrix.conftest import MARKER, MatrixWorld, Person, content, is_edit, latest_body

pytestmark = pytest.mark.e2e

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: Five meetings held (3, 17, 31 March, 14, 28 April) and the call for 12 May.
MEETINGS = ["2026-03-03", "2026-03-17", "2026-03-31", "2026-04-14", "2026-04-28", "2026-05-12"]


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class Scenario:
    def __init__(self, world: MatrixWorld) -> None:
        self.world = world
        self.room = ""
        self.people: dict[str, Person] = {}

    async def say(self, name: str, text: str, *, in_room: bool = False) -> dict[str, Any]:
        """``name`` types a command (in #shiatsu's room, or their direct room); the bot's reply."""
        person = self.people[name]
        answer = await self.world.command(person, text, room=self.room if in_room else None)
        assert not content(answer)["body"].startswith("✖"), f"{name}: {text}: {content(answer)['body']}"
        return answer

    async def react(self, name: str, call: str, emoji: str) -> None:
        await self.people[name].react(self.room, call, emoji)

    async def calls(self) -> list[str]:
        """Event ids of the meeting calls in #shiatsu, oldest first."""
        return [e["event_id"] for e in await self.world.bot_posts(self.room) if ":call:" in content(e)[MARKER]]

    async def time(self, text: str) -> None:
        """Reactions and commands so far are read (a sync), then time passes: everything due goes out."""
        await self.world.bot_sync(timeout_ms=0)
        await self.world.deliver(at(text))


async def test_two_months_across_dst_with_a_restart(make_world: Any) -> None:
    began = time.monotonic()
    world: MatrixWorld = await make_world()
    world.clock.set(at("2026-03-02T09:00+01:00"))
    s = Scenario(world)
    s.people["Anna"] = await world.admin("Anna")
    for name in ("Bo", "Cleo", "Dan", "Eva", "Fia"):
        s.people[name] = await world.person(name)
    anna, bo = s.people["Anna"], s.people["Bo"]

    await s.say("Anna", "!section create Shiatsu")
    s.room = await world.room_of("shiatsu")
    await anna.join(s.room)
    await s.say("Bo", "!section join shiatsu")
    await s.say(
        "Bo",
        '!profile set who:"Shiatsu therapist in Malmö" does:"Pressure point massage" '
        'needs:"Clients, bookkeeping" visible:yes',
    )
    await s.say("Bo", "!reminders dm")
    await s.say("Cleo", "!section join shiatsu")
    await s.say("Cleo", '!profile set who:"Zone therapist in Lund" does:"Reflexology" needs:"Marketing" visible:yes')
    await s.say("Dan", "!section join shiatsu")
    await s.say("Eva", "!section join shiatsu")
    await s.say("Eva", "!reminders none")
    await s.say("Fia", "!section join shiatsu")
    for name in ("Bo", "Cleo", "Dan", "Eva", "Fia"):
        await s.people[name].join(s.room)

    # Every other Tuesday at 18:00; the first call goes out at once (the meeting is tomorrow).
    await s.say("Anna", '!meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"', in_room=True)
    await s.say("Anna", "!meeting list", in_room=True)
    await world.deliver()
    (first,) = await s.calls()
    for name, emoji in (("Bo", "✅"), ("Cleo", "✅"), ("Dan", "🤔"), ("Eva", "✅"), ("Fia", "❌")):
        await s.react(name, first, emoji)
    await s.time("2026-03-03T19:30+01:00")

    await s.say(
        "Anna",
        '!memo post "Bokföring: Bo asks Skatteverket about F-skatt.\\nNext time: a guest on marketing."',
        in_room=True,
    )
    await s.say("Anna", '!agenda add "Guest: marketing on Instagram" 15 date:2026-03-17', in_room=True)
    await s.time("2026-03-10T18:00+01:00")
    second = (await s.calls())[1]
    for name, emoji in (("Bo", "✅"), ("Cleo", "🤔"), ("Dan", "❌"), ("Eva", "✅")):
        await s.react(name, second, emoji)
    # Nobody prepares the agenda of 31 March: Anna's digest asks for it (on 18 and 24 March); the call goes out on
    # 24 March (CET).
    await s.time("2026-03-24T18:00+01:00")
    third = (await s.calls())[2]
    for name, emoji in (("Bo", "✅"), ("Cleo", "✅"), ("Dan", "🤔")):
        await s.react(name, third, emoji)
    await s.time("2026-03-30T17:00+02:00")

    # The bot stops an hour before the 24 h reminder of 31 March; it starts again at 18:03.
    await world.stop_bot()
    world.clock.set(at("2026-03-30T18:03+02:00"))
    await world.start_bot()
    await world.deliver()
    await s.react("Fia", third, "🤔")  # on a call the first process posted
    await s.time("2026-03-31T19:30+02:00")
    await s.say("Anna", '!memo post "Clients: Cleo shared how she finds them on Instagram."', in_room=True)
    await s.time("2026-04-07T18:00+02:00")
    fourth = (await s.calls())[3]
    for name, emoji in (("Bo", "✅"), ("Cleo", "✅"), ("Eva", "✅"), ("Fia", "✅")):
        await s.react(name, fourth, emoji)
    await world.bot_sync(timeout_ms=0)
    await s.react("Fia", fourth, "❌")  # Fia changes her mind; Dan answers by command
    await s.say("Dan", "!rsvp maybe", in_room=True)
    await s.time("2026-04-21T18:00+02:00")
    fifth = (await s.calls())[4]
    await s.react("Cleo", fifth, "✅")
    proposed = await s.say("Cleo", '!agenda propose "Pricing our sessions" 10', in_room=True)
    found = re.search(r"\(#(\d+)\)", content(proposed)["body"])
    assert found, content(proposed)["body"]
    await s.react("Bo", fifth, "🤔")
    await s.say("Anna", "!agenda show", in_room=True)
    await s.say("Anna", f"!agenda accept {found.group(1)}", in_room=True)
    await s.time("2026-04-29T09:00+02:00")
    await s.say("Anna", '!memo post "Pricing: most charge 650-800 kr per session."', in_room=True)
    # Early May: the call for 12 May goes out on 5 May; the memos are found by search, accents or not.
    await s.time("2026-05-06T09:00+02:00")
    searched = [
        content(await s.say("Bo", text))["body"] for text in ("!memo search f-skatt", '!memo search "BOKFORING"')
    ]
    await s.say("Bo", "!meeting list", in_room=True)
    wall = time.monotonic() - began

    # --- what the rooms show ------------------------------------------------------------------------------
    rows = await world.outbox()
    rooms = {row.external_channel for row in rows if row.external_channel}
    histories = {room: await world.history(room, limit=5000) for room in rooms}
    posts = [
        e
        for history in histories.values()
        for e in history
        if e["sender"] == world.bot_id and e["type"] == "m.room.message" and MARKER in content(e)
    ]
    markers = Counter(content(e)[MARKER] for e in posts)
    assert [marker for marker, count in markers.items() if count > 1] == []
    # Every message sent is a marked event (invitations and moderator power are deliveries too, with no message of
    # their own).
    messages = [row for row in rows if row.state == "sent" and row.kind not in ("access", "channel", "moderation")]
    assert sorted(row.external_message for row in messages) == sorted(e["event_id"] for e in posts)

    # Nothing lost: every row is sent or deliberately skipped; nothing due is left.
    end = world.clock.now()
    assert [(row.id, row.kind, row.state) for row in rows if row.state in ("claimed", "failed")] == []
    assert [
        (row.id, row.kind) for row in rows if row.state == "pending" and row.due_at.replace(tzinfo=end.tzinfo) <= end
    ] == []

    # One call per meeting, 7 days before at the meeting's local 18:00, across the DST switch.
    calls = [row for row in rows if row.kind == "call"]
    starts = [await occurrence_start(world, row.occurrence_id) for row in calls]
    assert [start.date().isoformat() for start in starts] == MEETINGS
    assert all((start.hour, start.minute) == (18, 0) for start in starts)
    assert all(row.state == "sent" for row in calls)
    for row, start in zip(calls, starts, strict=True):
        assert utc(row.due_at).astimezone(STOCKHOLM) == start - timedelta(days=7)
    assert [utc(row.sent_at) for row in calls[1:]] == [utc(row.due_at) for row in calls[1:]]
    assert [utc(row.sent_at).isoformat() for row in calls[2:4]] == [
        "2026-03-24T17:00:00+00:00",
        "2026-04-07T16:00:00+00:00",
    ]
    assert len(await s.calls()) == len(MEETINGS)

    # Reminders: one per (meeting, kind, target) — the channel, and Bo (who chose direct messages) in the direct
    # room he opened with the bot.
    reminders = Counter(tuple(m.split(":")[1:5]) for m in markers if ":reminder-" in m)
    assert set(reminders.values()) == {1}
    assert len([key for key in reminders if key[2] == "section"]) == 10
    assert len([key for key in reminders if key[2] == "member"]) == 10
    direct = [row for row in rows if row.kind.startswith("reminder-") and row.member_id is not None]
    assert {row.external_channel for row in direct} == {bo.dm}
    # The 24 h reminder due at 18:00 while the bot was down went out once, at the restart (18:03).
    late = [row for row in rows if row.kind == "reminder-1440" and utc(row.due_at).date().isoformat() == "2026-03-30"]
    assert sorted(utc(row.sent_at).isoformat() for row in late if row.sent_at) == ["2026-03-30T16:03:00+00:00"] * 2

    # Anna's digests: in her direct room with the bot only, never in #shiatsu, one a day at most.
    digests = [e for e in posts if ":digest:member:" in content(e)[MARKER]]
    assert digests
    assert {e["room_id"] for e in digests} == {anna.dm}
    assert all(content(e)["body"].startswith("Your digest") for e in digests)
    assert len({content(e)[MARKER].rsplit(":", 1)[1] for e in digests}) == len(digests)

    # Answers by reaction update the counts on the calls (m.replace edits); the presentation round names who said
    # yes; after the restart, a reaction on a call posted by the first process still counts.
    latest = {call: latest_body(world, histories[s.room], call) for call in await s.calls()}
    assert "Answers: ✅ 3 · 🤔 1 · ❌ 1" in latest[first]
    assert "Answers: ✅ 2 · 🤔 2 · ❌ 0" in latest[third]
    assert "Answers: ✅ 3 · 🤔 1 · ❌ 1" in latest[fourth]
    edited = [content(e)["m.new_content"]["body"] for e in histories[s.room] if is_edit(e)]
    assert any(
        "– Bo: Shiatsu therapist in Malmö · does: Pressure point massage · needs: Clients, bookkeeping" in body
        for body in edited
    )

    # Reminders reach only yes and maybe, each their way.
    channel_reminders = [
        content(e)["body"] for e in histories[s.room] if e in posts and ":reminder-" in content(e)[MARKER]
    ]
    assert [body.splitlines()[-1] for body in channel_reminders] == [
        *["Coming: Cleo. Maybe: Dan."] * 2,  # 3 March
        *["Coming: –. Maybe: Cleo."] * 2,  # 17 March: Bo and Eva come, but do not want to be named here
        "Coming: Cleo. Maybe: Dan.",  # 31 March, 24 h before: sent at the restart
        "Coming: Cleo. Maybe: Dan, Fia.",  # 31 March, 1 h before
        *["Coming: Cleo. Maybe: Dan."] * 2,  # 14 April: Dan by !rsvp, Fia took back her ✅ with ❌
        *["Coming: Cleo. Maybe: –."] * 2,  # 28 April
    ]
    assert not any("Eva" in body for body in channel_reminders)
    bo_reminders = [e for e in histories[bo.dm] if e in posts and ":reminder-" in content(e)[MARKER]]
    assert len(bo_reminders) == 10
    assert all(content(e)["body"].startswith("Reminder: Shiatsu") for e in bo_reminders)

    # The agenda: Anna's guest item and an accepted proposal go out with the calls.
    assert "6. Guest: marketing on Instagram (15 min)" in latest[second]
    assert "6. Pricing our sessions (10 min)" in latest[fifth]

    # Memos are posted, and found by search with or without accents.
    memos = [e for e in posts if ":memo:" in content(e)[MARKER]]
    assert len(memos) == 3
    assert all(e["room_id"] == s.room for e in memos)
    assert "Memos mentioning “f-skatt” (1)" in searched[0]
    assert "Memos mentioning “BOKFORING” (1)" in searched[1]

    # Everything the bot posted mentions nobody.
    assert all(content(e)["m.mentions"] == {} for e in posts)
    print(
        f"\ntwo months on Synapse: {len(posts)} posts, {len(calls)} calls, {len(reminders)} reminders, "
        f"{sum(1 for e in histories[s.room] if is_edit(e))} call edits, {len(rows)} outbox rows; wall time {wall:.1f} s"
    )


def utc(value: datetime) -> datetime:
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


async def occurrence_start(world: MatrixWorld, occurrence_id: int) -> datetime:
    from sqlalchemy import select

    from bot.storage.schema import occurrences

    async with world.core.database.transaction() as conn:
        start = (
            await conn.execute(select(occurrences.c.start_at).where(occurrences.c.id == occurrence_id))
        ).scalar_one()
    return utc(start).astimezone(STOCKHOLM)
