"""The coordinator's digest: what it carries and when, ``digest`` settings, hold or cancel, and ``meeting confirm``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.delivery import digests
from bot.domain.delivery import Kind
from bot.domain.models import Role
from bot.storage.repositories import outbox
from bot.storage.schema import members, memberships
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import (
    Post,
    calls,
    deliveries,
    occurrence_at,
    only,
    posts,
    section,
    section_with,
    snapshot,
    titled,
)

# Weekly on Tuesdays at 18:00 from 17 March (the first call goes out on 10 March, 18:00).
WEEKLY_FROM_17 = '/meeting schedule "weekly tue" 18:00 90 "Folkets hus" start:2026-03-17'
BIWEEKLY = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'
FIRST = datetime(2026, 3, 3, 17, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def digests_in(out: str) -> list[Post]:
    return titled(out, "Your digest")


async def digest_at(console: ConsoleDriver, moment: str) -> Post | None:
    """The digest that went out when the clock reached ``moment`` (a digest moment), if any."""
    await console.say(f":time {(datetime.fromisoformat(moment) - timedelta(minutes=1)).isoformat()}")
    out = await console.say(f":time {moment}")
    found = digests_in(out)
    assert len(found) <= 1, out
    return found[0] if found else None


@pytest.mark.parametrize("prepared", [False, True], ids=["default-agenda", "prepared"])
async def test_agenda_in_the_digest_of_the_day_its_call_goes_out(console: ConsoleDriver, prepared: bool) -> None:
    """An agenda still the default on the day its call goes out is in that morning's digest, with the command."""
    await section_with(console, schedule=WEEKLY_FROM_17)
    if prepared:
        await console.say('/agenda add "Guest: bookkeeping" 15 date:2026-03-17')
    await console.say(":time 2026-03-09T12:00+01:00")
    digest = await digest_at(console, "2026-03-10T09:00+01:00")
    line = (
        "• The meeting on Tuesday, March 17, 2026 18:00 still has the default agenda; its call goes out "
        "Tuesday, March 10, 2026 18:00. Add items with /agenda add TITLE MINUTES section:shiatsu date:2026-03-17."
    )
    if prepared:
        assert digest is None or line not in digest.body
    else:
        assert digest is not None
        assert digest.header.startswith("@Anna (direct)")
        assert line in digest.body.splitlines()


async def test_memo_skeleton_in_the_next_digest_until_the_memo_is_posted(console: ConsoleDriver) -> None:
    """The morning after a meeting someone said yes to, the digest asks for its memo with the skeleton inline; the
    command shown posts it, and the memo is asked for no more."""
    await section_with(console, "Bo", "Cleo", schedule=BIWEEKLY)
    number = calls(console)[0].number
    await console.say(f":as Bo\n:react {number} ✅\n:as Cleo\n:react {number} 🤔\n:as Anna")
    digest = await digest_at(console, "2026-03-04T09:00+01:00")
    assert digest is not None
    lines = digest.body.splitlines()
    start = lines.index("• The meeting on Tuesday, March 3, 2026 18:00 has no memo yet. A skeleton to fill in:")
    assert lines[start + 1 : start + 4] == ["Meeting: Tuesday, March 3, 2026 18:00", "Attended (1): Bo", "Agenda:"]
    assert "2. Presentation round: who you are, what you do, what you need (20 min)" in lines
    assert 'Post the memo for everyone with /memo post "TEXT" shiatsu.' in lines
    await console.say('/memo post "We talked about bookkeeping." shiatsu')
    out = await console.say(":time 2026-03-09T09:00+01:00")
    assert not any("has no memo yet" in post.body for post in digests_in(out))


async def test_no_memo_asked_for_a_meeting_nobody_said_yes_to_unless_held(console: ConsoleDriver) -> None:
    """Without a yes no digest asks for a memo; ``meeting held`` brings the skeleton into the next one."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(":as Bo\n/rsvp maybe shiatsu\n:as Anna")
    out = await console.say(":time 2026-03-09T12:00+01:00")
    assert not any("has no memo yet" in post.body for post in digests_in(out))
    out = await console.say("/meeting held")
    assert posts(out)[0].body == (
        "✔ The meeting of shiatsu on Tuesday, March 3, 2026 18:00 is marked held; its coordinators' digest asks "
        "for its memo, with a skeleton."
    )
    digest = await digest_at(console, "2026-03-10T09:00+01:00")
    assert digest is not None
    assert "• The meeting on Tuesday, March 3, 2026 18:00 has no memo yet. A skeleton to fill in:" in digest.body
    assert "Attended: nobody said yes" in digest.body
    assert (await occurrence_at(console, FIRST)).held


@pytest.mark.parametrize("answer", [None, "yes", "maybe", "no"])
async def test_hold_or_cancel_48_hours_before_a_meeting_nobody_is_coming_to(
    console: ConsoleDriver, answer: str | None
) -> None:
    """48 hours before a meeting with no yes or maybe the digest asks "hold it or cancel it?" with the command to
    cancel; a yes or a maybe means no question (a no does not)."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(":time 2026-03-11T12:00+01:00")
    if answer is not None:
        await console.say(f":as Bo\n/rsvp {answer} shiatsu date:2026-03-17\n:as Anna")
    question = (
        "• Nobody has said yes or maybe to the meeting on Tuesday, March 17, 2026 18:00. Hold it or cancel it? "
        "To cancel: /meeting cancel 2026-03-17 shiatsu. To hold it, do nothing."
    )
    out = await console.say(":time 2026-03-15T09:00+01:00")  # 57 hours before: not yet
    assert not any(question in post.body for post in digests_in(out))
    digest = await digest_at(console, "2026-03-16T09:00+01:00")  # 33 hours before
    if answer in ("yes", "maybe"):
        assert digest is None or question not in digest.body
        return
    assert digest is not None
    assert question in digest.body.splitlines()
    out = await console.say("/meeting cancel 2026-03-17 shiatsu")
    assert posts(out)[0].body.startswith("✔ The meeting of shiatsu on Tuesday, March 17, 2026 18:00 is cancelled")
    digest = await digest_at(console, "2026-03-17T09:00+01:00")
    assert digest is None or "March 17" not in digest.body


async def test_the_digest_hour_follows_the_local_wall_clock_across_dst(console: ConsoleDriver) -> None:
    """A coordinator who chose 08:00 gets their digest at 08:00 local in winter (07:00 UTC) and summer (06:00 UTC)."""
    await section_with(console, "Bo", schedule=WEEKLY_FROM_17)
    await console.say("/digest hour:8")
    await console.say(":time 2026-04-02T12:00+02:00")
    anna = await _member(console, "Anna")
    rows = [row for row in await deliveries(console, kind=Kind.DIGEST) if row.member_id == anna]
    by_day = {row.dedupe_key.rsplit(":", 1)[1]: row for row in rows}
    assert by_day["2026-03-27"].due_at == utc(2026, 3, 27, 7)
    assert by_day["2026-03-30"].due_at == utc(2026, 3, 30, 6)
    assert all(row.sent_at == row.due_at for row in rows if row.state == "sent")
    assert any(row.state == "sent" for row in rows)


async def _member(console: ConsoleDriver, name: str) -> int:
    async with console.core.database.transaction() as conn:
        found = await conn.execute(select(members.c.id).where(members.c.display_name == name))
        return int(found.scalar_one())


@pytest.mark.parametrize(
    ("command", "refusal"),
    [
        ("/digest hour:22", "✖ 22:00 is at night: choose an hour from 8 to 20, e.g. /digest hour:9."),
        ("/digest hour:7", "✖ 7:00 is at night: choose an hour from 8 to 20, e.g. /digest hour:9."),
        ("/digest hour:0", "✖ 0:00 is at night: choose an hour from 8 to 20, e.g. /digest hour:9."),
    ],
)
async def test_digest_settings_refused_politely(console: ConsoleDriver, command: str, refusal: str) -> None:
    """A night hour is refused with the hours allowed, and nothing changes."""
    await section_with(console, schedule=WEEKLY_FROM_17)
    await console.say(":time 2026-03-02T12:00+01:00")
    before = await snapshot(console)
    out = await console.say(command)
    assert only(out).body == refusal
    assert await snapshot(console) == before


@pytest.mark.parametrize("command", ["/digest sometimes", "/digest hour:25", "/digest hour:nine", "/digest hour 9"])
async def test_digest_bad_words_refused(console: ConsoleDriver, command: str) -> None:
    """Words the command does not take are refused in the chat, and the setting stays as it was."""
    await section_with(console, schedule=WEEKLY_FROM_17)
    async with console.core.database.transaction() as conn:
        before = list(await conn.execute(select(members.c.digest_mode, members.c.digest_hour)))
    out = await console.say(command)
    assert only(out).body.startswith("✖")
    async with console.core.database.transaction() as conn:
        assert list(await conn.execute(select(members.c.digest_mode, members.c.digest_hour))) == before


async def test_digest_setting_shown_and_changed(console: ConsoleDriver) -> None:
    """``digest`` shows the setting; a new hour moves the digest waiting in the outbox to that hour."""
    await section_with(console, schedule=WEEKLY_FROM_17)
    out = await console.say("/digest")
    assert only(out).body == (
        "✔ Your digest comes on days something needs you, at 9:00 (Europe/Stockholm), and on Mondays with anything "
        "still open."
    )
    out = await console.say("/digest weekly hour:14")
    assert only(out).body == (
        "✔ Your digest comes on Mondays at 14:00 (Europe/Stockholm); another day only with what cannot wait."
    )
    waiting = [row for row in await deliveries(console, kind=Kind.DIGEST) if row.state == "pending"]
    assert [(row.dedupe_key.rsplit(":", 1)[1], row.due_at) for row in waiting] == [("2026-03-02", utc(2026, 3, 2, 13))]
    out = await console.say(":as Bo\n/digest off")
    assert only(out).body.splitlines()[-1] == "You coordinate no section now, so there is nothing to tell you yet."


async def test_weekly_and_off_hold_back_what_can_wait(console: ConsoleDriver) -> None:
    """With weekly the memo of Tuesday's meeting waits for Monday's digest; with off it is never told (it is not
    pressing); the agenda on its call's day comes whatever the setting."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(":as Bo\n/rsvp yes shiatsu\n:as Anna\n/digest weekly")
    out = await console.say(":time 2026-03-08T12:00+01:00")
    assert not any("has no memo yet" in post.body for post in digests_in(out))
    monday = await digest_at(console, "2026-03-09T09:00+01:00")
    assert monday is not None
    assert "has no memo yet" in monday.body
    await console.say("/digest off")
    out = await console.say(":time 2026-03-23T12:00+01:00")
    bodies = [post.body for post in digests_in(out)]
    assert not any("has no memo yet" in body for body in bodies)
    # The meeting of 31 March is called on 24 March: that morning's digest asks for its agenda.
    digest = await digest_at(console, "2026-03-24T09:00+01:00")
    assert digest is not None
    assert "March 31, 2026 18:00 still has the default agenda" in digest.body


async def test_one_digest_waiting_per_coordinator_however_often_queued(console: ConsoleDriver) -> None:
    """Queuing the next digests again (another process, a restart) adds nothing: one row per member and day."""
    await section_with(console, schedule=WEEKLY_FROM_17)
    now = console.core.clock.now()
    assert await digests.queue_next(console.core.store, now) == 0
    anna = await _member(console, "Anna")
    async with console.core.store.transaction() as tx:
        again = await digests.queue_for(tx.conn, anna, 1, now)
    assert again == 0
    waiting = [row for row in await deliveries(console, kind=Kind.DIGEST) if row.state == "pending"]
    assert len(waiting) == 1


async def _digest_waits_for(console: ConsoleDriver, name: str) -> bool:
    member_id = await _member(console, name)
    waiting = await deliveries(console, kind=Kind.DIGEST)
    return any(row.member_id == member_id and row.state == "pending" for row in waiting)


async def test_a_new_coordinators_digest_is_queued_at_once_and_a_change_nobody_was_told_of_at_the_next_look(
    console: ConsoleDriver,
) -> None:
    """A coordinator added with the command has their digest queued in the same round, the bot's periodic look at
    every coordinator not awaited; one made behind the bot's back (no event: another process that stopped before
    queuing) is found by that look, ten minutes later at most."""
    await section_with(console, "Bo", "Cleo")
    await console.say("/section coordinator add shiatsu Bo")
    assert await _digest_waits_for(console, "Bo")
    cleo, shiatsu = await _member(console, "Cleo"), await section(console)
    async with console.core.database.transaction() as conn:
        await conn.execute(
            update(memberships)
            .where(memberships.c.member_id == cleo, memberships.c.section_id == shiatsu.id)
            .values(role=Role.COORDINATOR.value)
        )
    start = console.core.clock.now()
    await console.say(f":time {(start + timedelta(minutes=5)).isoformat()}")
    assert not await _digest_waits_for(console, "Cleo")
    await console.say(f":time {(start + digests.SWEEP_EVERY).isoformat()}")
    assert await _digest_waits_for(console, "Cleo")


async def test_old_nudges_still_queued_are_skipped(console: ConsoleDriver) -> None:
    """Agenda nudges, memo prompts and memo nudges queued before the digest replaced them go out no more."""
    await section_with(console, schedule=BIWEEKLY)
    first = await occurrence_at(console, FIRST)
    now = console.core.clock.now()
    async with console.core.store.transaction() as tx:
        for kind in (Kind.AGENDA_NUDGE, Kind.MEMO_PROMPT, Kind.MEMO_NUDGE):
            await outbox.enqueue(
                tx.conn,
                dedupe_key=f"o{first.id}:{kind}:audience:console",
                kind=kind,
                community_id=1,
                platform="console",
                due_at=now,
                section_id=1,
                occurrence_id=first.id,
                series_id=first.series_id,
                now=now,
            )
    out = await console.say(":time 2026-03-02T12:00+01:00")
    assert not [post for post in posts(out) if "(direct)" in post.header]
    old = [
        row for row in await deliveries(console, occurrence_id=first.id) if "nudge" in row.kind or "memo" in row.kind
    ]
    assert {(row.kind, row.state, row.note) for row in old} == {
        (kind.value, "skipped", "replaced by the coordinator's digest")
        for kind in (Kind.AGENDA_NUDGE, Kind.MEMO_PROMPT, Kind.MEMO_NUDGE)
    }


CONFIRMED_ONLY = "/meeting edit 2026-03-17 calls:confirmed"


async def test_confirm_flow(console: ConsoleDriver) -> None:
    """In a calls:confirmed series no call goes out unconfirmed: the digest asks to confirm before the call's day;
    members see nothing (no call, no reminder, even for "always"); ``meeting confirm`` sends the held-back call."""
    await section_with(console, "Bo", schedule=WEEKLY_FROM_17)
    out = await console.say(CONFIRMED_ONLY)
    assert "Calls go out only for meetings a coordinator confirmed (meeting confirm DATE)." in out
    await console.say(":as Bo\n/rsvp always shiatsu\n:as Anna")
    digest = await digest_at(console, "2026-03-09T09:00+01:00")
    assert digest is not None
    assert (
        "• The meeting on Tuesday, March 17, 2026 18:00 is not confirmed: its call goes out Tuesday, March 10, 2026 "
        "18:00 only once you confirm it with /meeting confirm 2026-03-17 shiatsu."
    ) in digest.body.splitlines()
    out = await console.say(":time 2026-03-11T12:00+01:00")
    assert titled(out, "Meeting call") == []
    assert calls(console) == []
    out = await console.say(":as Bo\n/meeting next shiatsu\n:as Anna")
    assert "Not confirmed yet: it takes place once a coordinator confirms it (its call then goes out)." in out
    out = await console.say("/meeting confirm 2026-03-17 shiatsu")
    assert (
        posts(out)[0].body
        == "✔ The meeting of shiatsu on Tuesday, March 17, 2026 18:00 is confirmed: its call goes out."
    )
    (call,) = titled(out, "Meeting call")
    assert "When: Tuesday, March 17, 2026 18:00" in call.body
    # The meeting of 24 March, never confirmed: no call, and no reminder to Bo who always comes.
    out = await console.say(":time 2026-03-25T12:00+01:00")
    assert not any("March 24" in post.body for post in titled(out, "Meeting call") + titled(out, "Reminder"))
    second = await occurrence_at(console, utc(2026, 3, 24, 17))
    notes = {row.kind: (row.state, row.note) for row in await deliveries(console, occurrence_id=second.id)}
    assert notes["call"] == ("skipped", "never confirmed by a coordinator")


async def test_confirm_refused_where_calls_need_no_confirming(console: ConsoleDriver) -> None:
    """``meeting confirm`` in a series where every call goes out says so, and changes nothing."""
    await section_with(console, schedule=WEEKLY_FROM_17)
    before = await snapshot(console)
    out = await console.say("/meeting confirm 2026-03-17")
    assert only(out).body == (
        "✖ The meetings of shiatsu need no confirming: every call goes out. "
        "(To change that: meeting edit DATE calls:confirmed.)"
    )
    assert await snapshot(console) == before


@pytest.mark.parametrize(
    ("locale", "title", "line"),
    [
        ("sv", "Din sammanfattning: 1 sak behöver dig", "Ingen har svarat ja eller kanske till mötet"),
        ("da", "Dit sammendrag: 1 ting har brug for dig", "Ingen har svaret ja eller måske til mødet"),
    ],
)
async def test_the_digest_speaks_the_coordinators_language(
    console: ConsoleDriver, locale: str, title: str, line: str
) -> None:
    """A coordinator who chose Swedish or Danish reads their digest in it, the commands as their platform types them."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(
        f":locale {locale}\n:time 2026-03-11T12:00+01:00\n:as Bo\n/rsvp no shiatsu date:2026-03-17\n:as Anna"
    )
    out = await console.say(":time 2026-03-16T09:00+01:00")
    (digest,) = [post for post in posts(out) if post.header.startswith("@Anna (direct)")]
    assert digest.title == title
    assert line in digest.body
    assert "/meeting cancel 2026-03-17 shiatsu" in digest.body


async def test_a_later_hour_after_todays_digest_went_out_means_tomorrows(console: ConsoleDriver) -> None:
    """Today's digest sent at 09:00, a new hour of 15 waits for tomorrow (never a second one today)."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(":as Bo\n/rsvp yes shiatsu\n:as Anna")
    assert await digest_at(console, "2026-03-04T09:00+01:00") is not None
    await console.say("/digest hour:15")
    waiting = [row for row in await deliveries(console, kind=Kind.DIGEST) if row.state == "pending"]
    assert [(row.dedupe_key.rsplit(":", 1)[1], row.due_at) for row in waiting] == [("2026-03-05", utc(2026, 3, 5, 14))]


async def test_agenda_nudge_off_means_no_agenda_asked_for(console: ConsoleDriver) -> None:
    """With ``[meetings] agenda_nudge = false`` the digest never asks for an agenda (the rest it still carries)."""
    console.core.settings.meetings.agenda_nudge = False
    await section_with(console, schedule=WEEKLY_FROM_17)
    out = await console.say(":time 2026-03-10T12:00+01:00")
    assert not any("still has the default agenda" in post.body for post in digests_in(out))


async def test_a_proposal_in_the_digest_is_accepted_with_the_command_shown(console: ConsoleDriver) -> None:
    """A member's proposal is in the digest by the call's day with the exact command; typed, it is on the agenda."""
    await section_with(console, "Bo", schedule=WEEKLY_FROM_17)
    await console.say(':as Bo\n/agenda propose "Pricing our sessions" 10 shiatsu 2026-03-17\n:as Anna')
    digest = await digest_at(console, "2026-03-10T09:00+01:00")
    assert digest is not None
    (line,) = [line for line in digest.body.splitlines() if line.startswith("• Proposed for")]
    command = line.split("Accept it with ", 1)[1].rstrip(".")
    assert command.startswith("/agenda accept ")
    out = await console.say(command)
    assert posts(out)[0].body.startswith("✔")
    out = await console.say("/agenda show shiatsu 2026-03-17")
    assert "Pricing our sessions (10 min)" in out


async def test_a_waiting_list_rides_along_to_mondays_digest(console: ConsoleDriver) -> None:
    """People waiting for a place are told on Monday (it can wait, so it makes no digest of its own)."""
    await section_with(console, "Bo", "Cleo", schedule=f"{WEEKLY_FROM_17} capacity:1")
    await console.say(":time 2026-03-11T12:00+01:00")
    await console.say(":as Bo\n/rsvp yes shiatsu\n:as Cleo\n/rsvp yes shiatsu\n:as Anna")
    out = await console.say(":time 2026-03-15T12:00+01:00")
    assert not any("waiting for a place" in post.body for post in digests_in(out))
    monday = await digest_at(console, "2026-03-16T09:00+01:00")
    assert monday is not None
    assert "• 1 person is waiting for a place at the meeting on Tuesday, March 17, 2026 18:00 (places: 1)." in (
        monday.body.splitlines()
    )
