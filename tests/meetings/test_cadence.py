"""When the bot speaks about a meeting: the call and reminders (what coordinators are asked is in their digest:
tests/meetings/test_digest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import answers, calls, deliveries, occurrence_at, posts, section_with, titled

# Weekly on Tuesdays at 18:00 from 17 March: the EU switches to summer time on Sunday 29 March.
WEEKLY_FROM_17 = '/meeting schedule "weekly tue" 18:00 90 "Folkets hus" start:2026-03-17'
BIWEEKLY = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


#: Four meetings and their calls, 7 days before at 18:00 local time: the third is called on 24 March 18:00 winter
#: time and held on 31 March 18:00 summer time. One run of five weeks shows them all.
CALLS = {
    utc(2026, 3, 17, 17): utc(2026, 3, 10, 17),
    utc(2026, 3, 24, 17): utc(2026, 3, 17, 17),
    utc(2026, 3, 31, 16): utc(2026, 3, 24, 17),
    utc(2026, 4, 7, 16): utc(2026, 3, 31, 16),
}
#: The last minute before a call, the call's minute, and the meeting it calls: the first across the DST switch.
CALLS_ACROSS_DST = [
    ("2026-03-24T17:59+01:00", "2026-03-24T18:00+01:00", "Tuesday, March 31, 2026 18:00"),
    ("2026-03-31T17:59+02:00", "2026-03-31T18:00+02:00", "Tuesday, April 7, 2026 18:00"),
]


async def test_call_is_due_and_sent_seven_days_before_at_local_time(console: ConsoleDriver) -> None:
    """Each call's outbox row is due, and sent, 7 days before at the meeting's own local time."""
    await section_with(console, schedule=WEEKLY_FROM_17)
    await console.say(":time 2026-04-08T09:00+02:00")
    found = {}
    for meeting in CALLS:
        occurrence = await occurrence_at(console, meeting)
        (row,) = await deliveries(console, kind="call", occurrence_id=occurrence.id)
        found[meeting] = (row.state, row.due_at, row.sent_at)
    assert found == {meeting: ("sent", call, call) for meeting, call in CALLS.items()}


async def test_call_appears_at_the_local_hour_across_dst(console: ConsoleDriver) -> None:
    """Across the DST switch the call appears at 18:00 local, not a minute earlier."""
    await section_with(console, schedule=WEEKLY_FROM_17)
    printed = ""
    for before, at, when in CALLS_ACROSS_DST:
        printed += await console.say(f":time {before}")
        assert when not in "\n".join(post.body for post in titled(printed, "Meeting call")), before
        out = await console.say(f":time {at}")
        printed += out
        (call,) = titled(out, "Meeting call")
        assert call.header.startswith("#shiatsu · message")
        assert f"When: {when} (Europe/Stockholm), 90 minutes" in call.body


async def test_reminders_reach_only_yes_and_maybe(console: ConsoleDriver) -> None:
    """The 24 h and 1 h reminders name who said yes and maybe, never no or silent members."""
    await section_with(console, "Bo", "Cleo", "Dan", "Eva", schedule=BIWEEKLY)
    number = calls(console)[0].number
    await console.say(f":as Bo\n:react {number} ✅\n:as Cleo\n:react {number} 🤔\n:as Dan\n:react {number} ❌")
    out = await console.say(":time 2026-03-03T18:00+01:00")
    reminders = titled(out, "Reminder: Shiatsu")
    assert [post.header.split(" · ")[0] for post in reminders] == ["#shiatsu", "#shiatsu"]
    assert all("Coming: Bo. Maybe: Cleo." in post.body for post in reminders)
    assert not any("Dan" in post.body or "Eva" in post.body for post in reminders)
    assert not [post for post in posts(out) if "(direct)" in post.header and "Reminder" in post.title]


@pytest.mark.parametrize(
    ("minutes", "moment", "title"),
    [
        (1440, "2026-03-02T18:00+01:00", "Reminder: Shiatsu meets tomorrow"),
        (60, "2026-03-03T17:00+01:00", "Reminder: Shiatsu meets in 1 hour"),
    ],
    ids=["24h", "1h"],
)
async def test_reminder_goes_out_at_its_moment(console: ConsoleDriver, minutes: int, moment: str, title: str) -> None:
    """Each reminder goes out exactly its minutes before the start, saying how far ahead the meeting is."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(f":as Bo\n:react {calls(console)[0].number} ✅")
    first = await occurrence_at(console, utc(2026, 3, 3, 17))
    (row,) = await deliveries(console, kind=f"reminder-{minutes}", occurrence_id=first.id)
    assert row.due_at == datetime.fromisoformat(moment)
    before = (datetime.fromisoformat(moment) - timedelta(minutes=1)).isoformat()
    await console.say(f":time {before}")
    out = await console.say(f":time {moment}")
    assert [post.title for post in titled(out, "Reminder: Shiatsu")] == [title]
    found = await deliveries(console, kind=f"reminder-{minutes}", occurrence_id=first.id)
    assert [row.sent_at for row in found if row.sent_at] == [datetime.fromisoformat(moment)]


async def test_a_late_reminder_says_how_far_ahead_the_meeting_really_is(console: ConsoleDriver) -> None:
    """After downtime, the day-before reminder sent 3 hours before the start says "in 3 hours", not "tomorrow"."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(f":as Bo\n:react {calls(console)[0].number} ✅")
    console.clock.set(datetime.fromisoformat("2026-03-03T15:00+01:00"))  # the bot was stopped until now
    printed = len(console.printed())
    await console.core.worker.tick()
    assert [post.title for post in titled(console.printed()[printed:], "Reminder")] == [
        "Reminder: Shiatsu meets in 3 hours"
    ]


async def test_each_member_gets_reminders_their_own_way(console: ConsoleDriver) -> None:
    """/reminders dm gives a direct message, channel a mention in the channel post, none nothing."""
    await section_with(console, "Bo", "Cleo", "Dan", schedule=BIWEEKLY)
    out = await console.say(":as Bo\n/reminders dm\n:as Cleo\n/reminders channel\n:as Dan\n/reminders none")
    assert [post.body for post in posts(out)] == [
        "✔ Meeting reminders: as a direct message.",
        "✔ Meeting reminders: in the section's channel.",
        "✔ Meeting reminders: none.",
    ]
    number = calls(console)[0].number
    await console.say("".join(f":as {name}\n:react {number} ✅\n" for name in ("Bo", "Cleo", "Dan")))
    out = await console.say(":time 2026-03-03T18:00+01:00")
    reminders = titled(out, "Reminder: Shiatsu")
    assert sorted(post.header.split(" · ")[0] for post in reminders) == [
        "#shiatsu",
        "#shiatsu",
        "@Bo (direct)",
        "@Bo (direct)",
    ]
    in_channel = [post for post in reminders if post.header.startswith("#shiatsu")]
    assert all("Coming: Cleo. Maybe: –." in post.body for post in in_channel)
    direct = [post for post in reminders if post.header.startswith("@Bo")]
    assert all("When: Tuesday, March 3, 2026 18:00" in post.body for post in direct)
    assert not [post for post in posts(out) if post.header.startswith("@Dan")]


async def test_nobody_to_remind_means_no_reminder(console: ConsoleDriver) -> None:
    """With no yes or maybe, no reminder is posted and the outbox says why."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(f":as Bo\n:react {calls(console)[0].number} ❌")
    out = await console.say(":time 2026-03-03T18:00+01:00")
    assert not titled(out, "Reminder")
    first = await occurrence_at(console, utc(2026, 3, 3, 17))
    notes = {row.kind: row.note for row in await deliveries(console, occurrence_id=first.id)}
    assert notes["reminder-60"] == "nobody to reach: nobody answered yes or maybe"


async def test_every_member_is_invited_every_time(console: ConsoleDriver) -> None:
    """Each meeting's call goes to the channel with fresh counts, whatever members answered before."""
    await section_with(console, "Bo", "Dan", schedule=BIWEEKLY)
    await console.say(f":as Dan\n:react {calls(console)[0].number} ❌\n:as Bo\n:react {calls(console)[0].number} ✅")
    out = await console.say(":time 2026-03-31T09:00+02:00")
    new_calls = titled(out, "Meeting call")
    assert [post.header.split(" · ")[0] for post in new_calls] == ["#shiatsu", "#shiatsu"]
    assert all("Answers: ✅ 0 · 🤔 0 · ❌ 0" in post.body for post in new_calls)
    await console.say(f":as Dan\n:react {calls(console)[-1].number} ✅")
    third = await occurrence_at(console, utc(2026, 3, 31, 16))
    assert await answers(console, third.id) == {"Dan": "yes"}
