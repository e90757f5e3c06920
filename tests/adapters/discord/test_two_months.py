"""Done when: the two-month scenario of the meetings issue runs through the real discord.py against the stand-in.

The same two months as tests/meetings/test_two_months.py (the console script scripts/two_months_en.txt): one
section meeting every other Tuesday at 18:00 in Stockholm from 3 March to 28 April, across the switch to summer
time on 29 March, with the bot restarted on 30 March — here as slash commands and reactions of six people on a
guild of the stand-in, with the same outcome: every call 7 days ahead at 18:00 local, answers by reaction,
reminders to yes and maybe only (Bo by direct message), the agenda with its presentation round, memos found by
search, and across the restart no message posted twice nor lost.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.storage.schema import occurrences, outbox
from tests.adapters.discord.conftest import ERROR, DiscordWorld, counts, description, footer
from tests.discord_standin import payloads as p

pytestmark = pytest.mark.e2e

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: Five meetings held (3, 17, 31 March, 14, 28 April) and the call for 12 May.
MEETINGS = ["2026-03-03", "2026-03-17", "2026-03-31", "2026-04-14", "2026-04-28", "2026-05-12"]


def local(text: str) -> datetime:
    """A moment of the script, as the console's ``:time`` takes it."""
    return datetime.fromisoformat(text)


async def outbox_rows(w: DiscordWorld) -> list[Any]:
    query = (
        select(
            outbox.c.kind,
            outbox.c.state,
            outbox.c.due_at,
            outbox.c.sent_at,
            outbox.c.note,
            outbox.c.member_id,
            outbox.c.occurrence_id,
            outbox.c.external_message,
            occurrences.c.start_at,
        )
        .select_from(outbox.outerjoin(occurrences, occurrences.c.id == outbox.c.occurrence_id))
        .order_by(outbox.c.id)
    )
    async with w.core.database.transaction() as conn:
        return list(await conn.execute(query))


async def test_two_months_across_dst_with_a_restart(discord_world: DiscordWorld) -> None:
    """Calls 7 days ahead at 18:00 local, answers by reaction, reminders to yes/maybe, memos, one restart."""
    began = time.perf_counter()
    w = discord_world
    standin = w.standin
    people: dict[str, int] = {}
    for name in ("Anna", "Bo", "Cleo", "Dan", "Eva", "Fia"):
        people[name] = standin.add_user(name.lower(), global_name=name)
        standin.add_member(w.guild_id, people[name])
    anna, bo, cleo, dan, eva, fia = people.values()

    async def ok(name: str, options: dict[str, Any], user: int, channel: int | None = None) -> str:
        answer = await w.command(name, options, user=user, channel=channel)
        assert answer.colour != ERROR, answer.text
        await w.run()  # as the console does after each line: what the command queued goes out now
        return answer.text

    async def react(message: int, emoji: str, user: int, *, added: bool = True) -> None:
        await (w.react if added else w.unreact)(message, emoji, user)
        await w.run()

    # Anna proposes Shiatsu, the board approves it, five join; Bo wants reminders directly, Eva none.
    shiatsu = await w.open_section(coordinator=anna, members=(bo, cleo, dan, eva, fia))
    profile = {"who": "Shiatsu therapist in Malmö", "does": "Pressure point massage", "needs": "Clients, bookkeeping"}
    await ok("profile set", {**profile, "visible": True}, bo)
    await ok("reminders", {"via": "dm"}, bo)
    await ok(
        "profile set",
        {"who": "Zone therapist in Lund", "does": "Reflexology", "needs": "Marketing", "visible": True},
        cleo,
    )
    await ok("reminders", {"via": "none"}, eva)

    # Every other Tuesday at 18:00: the first call goes out at once (the meeting is tomorrow).
    scheduled = await ok(
        "meeting schedule",
        {"rule": "every 2 weeks tue", "time": "18:00", "duration": "90", "place": "Folkets hus"},
        anna,
        shiatsu,
    )
    assert "scheduled" in scheduled
    await ok("meeting list", {}, anna, shiatsu)
    await w.run()

    def latest_call() -> int:
        return int(w.posts_titled(shiatsu, "Meeting call")[-1]["id"])

    call_ids: list[int] = []
    call_ids.append(latest_call())
    for user, emoji in ((bo, "✅"), (cleo, "✅"), (dan, "🤔"), (eva, "✅"), (fia, "❌")):
        await react(call_ids[0], emoji, user)
    await w.run(local("2026-03-03T19:30+01:00"))

    # The meeting is over: Anna posts the memo, and prepares the next agenda before her digest asks for it.
    memo = "Bokföring: Bo asks Skatteverket about F-skatt.\\nNext time: a guest on marketing."
    assert "Memo #1 is posted" in await ok("memo post", {"text": memo}, anna, shiatsu)
    added = await ok(
        "agenda add", {"title": "Guest: marketing on Instagram", "minutes": 15, "date": "2026-03-17"}, anna, shiatsu
    )
    assert "as item 6" in added
    await w.run(local("2026-03-10T18:00+01:00"))
    call_ids.append(latest_call())
    for user, emoji in ((bo, "✅"), (cleo, "🤔"), (dan, "❌"), (eva, "✅")):
        await react(call_ids[1], emoji, user)

    # Nobody prepares the agenda of 31 March: the call goes out on 24 March at 18:00 CET.
    await w.run(local("2026-03-24T18:00+01:00"))
    call_ids.append(latest_call())
    for user, emoji in ((bo, "✅"), (cleo, "✅"), (dan, "🤔")):
        await react(call_ids[2], emoji, user)

    # The bot stops on Monday 30 March at 17:00 CEST, an hour before the 24 h reminder is due; back at 18:03.
    await w.run(local("2026-03-30T17:00+02:00"))
    before_restart = {
        channel: len(standin.messages_in(channel)) for channel in (shiatsu, standin.dm_channel_id(bo) or 0)
    }
    footers_before = {footer(m) for channel in before_restart for m in standin.messages_in(channel) if footer(m)}
    half_time = time.perf_counter()
    await w.restart(lambda: w.clock.set(local("2026-03-30T18:03+02:00")))
    await w.core.reconciled()  # the calls read back after ready: nothing changed while the bot was down
    assert standin.command_writes(w.guild_id) == 1  # unchanged commands are not synced again
    await w.run()  # the reminder due at 18:00 goes out now, once; nothing sent before is sent again
    # A reaction on a call posted before the restart still counts.
    await react(call_ids[2], "🤔", fia)
    await w.run(local("2026-03-31T19:30+02:00"))
    assert "Memo #2 is posted" in await ok(
        "memo post", {"text": "Clients: Cleo shared how she finds them on Instagram."}, anna, shiatsu
    )

    await w.run(local("2026-04-07T18:00+02:00"))
    call_ids.append(latest_call())
    for user, emoji in ((bo, "✅"), (cleo, "✅"), (eva, "✅"), (fia, "✅"), (fia, "❌")):
        await react(call_ids[3], emoji, user)
    await react(call_ids[3], "✅", fia, added=False)  # Fia changes her mind: ❌, and takes her ✅ back
    rsvp = await w.command("rsvp", {"answer": "maybe"}, user=dan, channel=shiatsu)
    assert rsvp.ephemeral
    assert "Noted: maybe" in rsvp.text, rsvp.text
    await w.run()

    # The call for 28 April; its agenda gets a member's proposal, which Anna accepts.
    await w.run(local("2026-04-21T18:00+02:00"))
    call_ids.append(latest_call())
    await react(call_ids[4], "✅", cleo)
    proposed = await w.command(
        "agenda propose", {"title": "Pricing our sessions", "minutes": 10}, user=cleo, channel=shiatsu
    )
    await w.run()
    number = re.search(r"\(#(\d+)\)", proposed.text)
    assert number, proposed.text
    await react(call_ids[4], "🤔", bo)
    shown = await ok("agenda show", {}, anna, shiatsu)
    assert "2. Presentation round" in shown
    assert "Proposed #" in shown
    assert "as item 6" in await ok("agenda accept", {"proposal": int(number.group(1))}, anna, shiatsu)
    await w.run(local("2026-04-29T09:00+02:00"))
    assert "Memo #3 is posted" in await ok(
        "memo post", {"text": "Pricing: most charge 650-800 kr per session."}, anna, shiatsu
    )

    # Early May: the call for 12 May goes out on 5 May; the memos are found by search, accents or not.
    await w.run(local("2026-05-06T09:00+02:00"))
    call_ids.append(latest_call())
    found = await w.command("memo search", {"query": "f-skatt"}, user=bo, channel=shiatsu)
    assert found.ephemeral
    assert "Memos mentioning “f-skatt” (1)" in found.text, found.text
    assert "#1 shiatsu" in found.text
    assert "Bokföring: Bo asks Skatteverket" in found.text
    found = await w.command("memo search", {"query": "BOKFORING"}, user=bo, channel=shiatsu)
    assert "Memos mentioning “BOKFORING” (1)" in found.text, found.text
    await ok("meeting list", {}, bo, shiatsu)
    await w.run(timedelta(seconds=2))  # coalesced edits waiting for their 2 seconds go out, as the console ends
    wall = time.perf_counter() - began

    # --- what Discord holds ---------------------------------------------------------------------------------
    bot = standin.bot_user_id
    dms = {name: standin.dm_channel_id(user) for name, user in people.items()}
    assert {name for name, channel in dms.items() if channel is not None} == {"Anna", "Bo"}  # digests; reminders
    # Anna's digests are hers alone: in her direct messages, one a day at most, never in a channel of the guild.
    anna_dm = dms["Anna"]
    assert anna_dm is not None
    digests = w.posts_titled(anna_dm, "Your digest")
    assert len(digests) == 14
    assert len({footer(m).rsplit(":", 1)[1] for m in digests}) == len(digests)
    assert not any(w.posts_titled(int(c["id"]), "Your digest") for c in standin.channels_in(w.guild_id))
    welcomed = standin.dm_channel_id(standin.guild(w.guild_id).owner_id)  # the first admin's welcome
    assert welcomed is not None
    channels = [int(c["id"]) for c in standin.channels_in(w.guild_id)] + [c for c in dms.values() if c is not None]
    channels.append(welcomed)
    by_bot = [m for channel in channels for m in standin.messages_in(channel) if int(m["author"]["id"]) == bot]
    posted = [m for m in by_bot if m["type"] == p.MESSAGE_DEFAULT]  # the rest: answers to slash commands
    marked = [m for m in posted if footer(m)]
    assert marked == posted  # every post of the bot is a delivery, with its marker in the footer
    markers = Counter(footer(m) for m in marked)
    assert [marker for marker, count in markers.items() if count > 1] == []
    # The restart: everything posted before is still there once, and the first new post came after it.
    assert footers_before <= set(markers)
    for channel, count in before_restart.items():
        assert len(standin.messages_in(channel)) > count

    # The first post after the restart is the 24 h reminder of 31 March that fell due while the bot was down.
    after_restart = [m for m in standin.messages_in(shiatsu)[before_restart[shiatsu] :] if footer(m)]
    assert ":reminder-1440:section:" in footer(after_restart[0]), footer(after_restart[0])

    # One meeting call per meeting, in #shiatsu, each for a different occurrence, with the seed reactions.
    calls = w.posts_titled(shiatsu, "Meeting call")
    assert [int(m["id"]) for m in calls] == call_ids
    call_markers = [marker for marker in markers if ":call:" in marker]
    assert sorted(call_markers) == sorted(footer(m) for m in calls)
    assert len({marker.split(":")[1] for marker in call_markers}) == len(MEETINGS)
    for call in call_ids:
        assert set(standin.reactions_on(call)) >= {"✅", "🤔", "❌"}
        assert bot in standin.reactions_on(call)["✅"]

    # One reminder per (meeting, kind, target): #shiatsu, and Bo (who chose direct messages).
    reminders = Counter(tuple(marker.split(":")[1:5]) for marker in markers if ":reminder-" in marker)
    assert set(reminders.values()) == {1}
    channel_reminders = [key for key in reminders if key[2] == "section"]
    direct_reminders = [key for key in reminders if key[2] == "member"]
    assert len(channel_reminders) == len(direct_reminders) == 2 * 5
    assert {key[3] for key in direct_reminders} == {str((await w.member(bo)).id)}

    # Nothing lost: every row is sent or deliberately skipped, and each sent row is one marked message on Discord.
    rows = await outbox_rows(w)
    assert [r for r in rows if r.state in ("claimed", "failed")] == []
    assert [r for r in rows if r.state == "pending" and r.due_at <= w.clock.now()] == []
    # Role grants, the section's channel and who moderates are deliveries too, with no message of their own.
    sent = [r for r in rows if r.state == "sent" and r.kind not in ("access", "channel", "moderation")]
    # The same deliveries as on the console, kind by kind; one announcement more: on Discord the section is
    # proposed and then approved by the board (two posts in #central), on the console Anna, an admin, opens it.
    assert Counter((r.kind, r.state) for r in rows) == {
        ("access", "sent"): 7,
        ("channel", "sent"): 1,
        ("moderation", "sent"): 3,  # the owner and the board's admin (nothing to grant on Discord), the coordinator
        ("welcome", "sent"): 1,  # the guild's owner, the first admin, welcomed at the first start
        ("announcement", "sent"): 2,
        ("call", "sent"): 6,
        ("memo", "sent"): 3,
        ("notice", "sent"): 2,  # the monthly health report in #coordinators, on 1 April and on 1 May
        # Anna's digest: one a day is queued, and goes out only when something needs her (a private DM).
        ("digest", "sent"): 14,
        ("digest", "skipped"): 51,
        ("digest", "pending"): 1,
        ("reminder-1440", "sent"): 10,
        ("reminder-1440", "skipped"): 5,
        ("reminder-1440", "pending"): 1,
        ("reminder-60", "sent"): 10,
        ("reminder-60", "skipped"): 5,
        ("reminder-60", "pending"): 1,
    }
    assert sorted(int(r.external_message) for r in sent) == sorted(int(m["id"]) for m in marked)

    # Calls: 7 days before at the meeting's local 18:00, across the DST switch (the first went out at once).
    call_rows = [r for r in rows if r.kind == "call"]
    starts = [r.start_at.astimezone(STOCKHOLM) for r in call_rows]
    assert [start.date().isoformat() for start in starts] == MEETINGS
    assert all((start.hour, start.minute) == (18, 0) for start in starts)
    for row, start in zip(call_rows, starts, strict=True):
        assert row.state == "sent"
        assert row.due_at.astimezone(STOCKHOLM) == start - timedelta(days=7)
    assert [r.sent_at for r in call_rows[1:]] == [r.due_at for r in call_rows[1:]]
    utc_sent = [r.sent_at.isoformat() for r in call_rows[1:]]
    assert utc_sent == [
        "2026-03-10T17:00:00+00:00",  # CET: 18:00 is 17:00 UTC
        "2026-03-24T17:00:00+00:00",
        "2026-04-07T16:00:00+00:00",  # CEST from 29 March: 18:00 is 16:00 UTC
        "2026-04-21T16:00:00+00:00",
        "2026-05-05T16:00:00+00:00",
    ]
    # Discord shows each member the start in their own zone: the embed carries the instant.
    for message, start in zip(calls, starts, strict=True):
        assert description(message).startswith(f"When: <t:{int(start.timestamp())}:F>")

    # The 24 h reminder due at 18:00 while the bot was down went out once, at the restart (18:03).
    restart_utc = datetime(2026, 3, 30, 16, 3, tzinfo=UTC)
    (audience,) = [r for r in rows if r.kind == "reminder-1440" and r.due_at == restart_utc - timedelta(minutes=3)]
    assert audience.note == "reached 2 recipient(s)"
    went_out = [r.sent_at for r in sent if r.kind == "reminder-1440" and r.sent_at.date().isoformat() == "2026-03-30"]
    assert went_out == [restart_utc] * 2

    # Answers by reaction are stored and shown on the calls, edited in place (never posted again).
    occurrence_of = {int(r.external_message): r.occurrence_id for r in call_rows}
    answers = [await w.answers(occurrence_of[call]) for call in call_ids]
    assert answers == [
        {"Bo": "yes", "Cleo": "yes", "Dan": "maybe", "Eva": "yes", "Fia": "no"},
        {"Bo": "yes", "Cleo": "maybe", "Dan": "no", "Eva": "yes"},
        {"Bo": "yes", "Cleo": "yes", "Dan": "maybe", "Fia": "maybe"},  # Fia's 🤔 came after the restart
        {"Bo": "yes", "Cleo": "yes", "Eva": "yes", "Fia": "no", "Dan": "maybe"},  # Dan by /rsvp
        {"Cleo": "yes", "Bo": "maybe"},
        {},
    ]
    final = [counts(standin.message(call)) for call in call_ids]
    assert final == [(3, 1, 1), (2, 1, 1), (2, 2, 0), (3, 1, 1), (1, 1, 0), (0, 0, 0)]
    # Each call edited as on the console: the first answer shown at once, the rest coalesced (2 s); the call of
    # 31 March, read back at the restart with nothing changed, is not edited again until Fia's 🤔.
    edits = {call: standin.calls_to("PATCH", f"/channels/{shiatsu}/messages/{call}") for call in call_ids}
    shown_counts = [[counts(edit.json) for edit in edits[call]] for call in call_ids]
    assert shown_counts == [
        [(1, 0, 0), (3, 1, 1)],
        [(1, 0, 0), (2, 1, 1)],
        [(1, 0, 0), (2, 1, 0), (2, 2, 0)],
        [(1, 0, 0), (3, 1, 1)],
        [(1, 0, 0), (1, 1, 0)],
        [],
    ]
    for call in call_ids:
        for edit in edits[call]:
            assert edit.json["allowed_mentions"] == {"parse": []}
            assert edit.json["embeds"][0]["footer"]["text"] == footer(standin.message(call))
    # The presentation round names who said yes, with their profile's one-liner.
    first = description(standin.message(call_ids[0]))
    assert "2. Presentation round: who you are, what you do, what you need (20 min)" in first
    assert "– Bo: Shiatsu therapist in Malmö · does: Pressure point massage · needs: Clients, bookkeeping" in first
    assert "– Cleo: Zone therapist in Lund · does: Reflexology · needs: Marketing" in first

    # Reminders reach only yes and maybe, each their way: Cleo and Dan named in #shiatsu, Bo directly,
    # Eva (reminders: none) never; Fia (no, then silent) only for 31 March, where she reacted 🤔 after the restart.
    in_channel = w.posts_titled(shiatsu, "Reminder: Shiatsu")
    named = [description(m).splitlines()[-1] for m in in_channel]
    assert named == [
        *["Coming: Cleo. Maybe: Dan."] * 2,  # 3 March
        *["Coming: –. Maybe: Cleo."] * 2,  # 17 March: Bo and Eva come, but do not want to be named here
        "Coming: Cleo. Maybe: Dan.",  # 31 March, 24 h before: sent at the restart
        "Coming: Cleo. Maybe: Dan, Fia.",  # 31 March, 1 h before
        *["Coming: Cleo. Maybe: Dan."] * 2,  # 14 April: Dan by /rsvp, Fia took back her ✅ with ❌
        *["Coming: Cleo. Maybe: –."] * 2,  # 28 April
    ]
    assert not any("Eva" in description(m) for m in in_channel)
    direct = [m for m in standin.messages_in(dms["Bo"] or 0) if m["embeds"][0]["title"].startswith("Reminder: Shiatsu")]
    assert len(direct) == 10
    assert all(":reminder-" in footer(m) and ":member:" in footer(m) for m in direct)
    for message in [*in_channel, *direct]:
        assert (message["mention_everyone"], message["mentions"], message["mention_roles"]) == (False, [], [])

    # The agenda: Anna's guest item and the accepted proposal went out with the calls.
    assert "6. Guest: marketing on Instagram (15 min)" in description(standin.message(call_ids[1]))
    assert "6. Pricing our sessions (10 min)" in description(standin.message(call_ids[4]))

    # Memos are posted as embeds in #shiatsu, once each.
    memos = w.posts_titled(shiatsu, "Memo #")
    assert [m["embeds"][0]["title"] for m in memos] == [f"Memo #{n}: Shiatsu" for n in (1, 2, 3)]
    assert description(memos[0]).endswith(
        "Bokföring: Bo asks Skatteverket about F-skatt.\nNext time: a guest on marketing."
    )

    all_edits = sum(len(found) for found in edits.values())
    print(
        f"\ntwo months on Discord: {len(posted)} bot posts + {len(by_bot) - len(posted)} command answers in "
        f"channels, {len(calls)} calls, "
        f"{len(channel_reminders)} channel + {len(direct_reminders)} direct reminders, {all_edits} call edits, "
        f"{len(rows)} outbox rows ({len(sent)} sent), {len(standin.calls)} REST calls; "
        f"wall time {half_time - began:.2f} s + {wall - (half_time - began):.2f} s after the restart"
    )
