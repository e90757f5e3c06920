"""Meeting series through the console: schedule, list, next, cancel, move, edit, end, and who may."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.storage.schema import meeting_series
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import (
    calls,
    deliveries,
    occurrence_at,
    occurrence_of,
    occurrence_rows,
    only,
    posts,
    rows,
    section_with,
    snapshot,
    titled,
)

BIWEEKLY = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def test_schedule_echoes_the_next_three_dates_in_english(console: ConsoleDriver) -> None:
    """Scheduling answers with the rule, the place and the next three dates, in English."""
    out = await section_with(console, schedule=BIWEEKLY)
    reply = titled(out, "Meetings of Shiatsu are scheduled")[0]
    assert reply.body.splitlines()[1:] == [
        "Every 2 weeks on Tuesday, at 18:00 (Europe/Stockholm), 90 minutes",
        "Where: Folkets hus",
        "• Tuesday, March 3, 2026 18:00",
        "• Tuesday, March 17, 2026 18:00",
        "• Tuesday, March 31, 2026 18:00",
        "The meeting call goes out 7 days before each meeting, with the agenda.",
    ]


async def test_schedule_echoes_the_dates_in_swedish(console: ConsoleDriver) -> None:
    """After :locale sv the coordinator reads the answer, dates included, in Swedish."""
    translator = console.core.services.translator
    needed = {"meeting-scheduled", "meeting-series", "meeting-next-date", "meeting-cadence"}
    if not needed <= translator.keys("sv"):
        pytest.skip(f"sv catalog lacks {sorted(needed - translator.keys('sv'))}")
    await section_with(console)
    out = await console.say(":locale sv\n" + BIWEEKLY)
    title = translator.format("sv", "meeting-scheduled", {"section": "Shiatsu"})
    (reply,) = titled(out, title)
    assert "• tisdag 3 mars 2026 18:00" in reply.body.splitlines()
    assert "• tisdag 17 mars 2026 18:00" in reply.body.splitlines()
    assert "• tisdag 31 mars 2026 18:00" in reply.body.splitlines()
    assert translator.format("sv", "meeting-cadence", {"days": 7}) in reply.body


@pytest.mark.parametrize(
    ("rule", "body", "words", "dates"),
    [
        pytest.param(
            "weekly tue",
            "FREQ=WEEKLY;BYDAY=TU",
            "Every Tuesday",
            ["Tuesday, March 3, 2026", "Tuesday, March 10, 2026", "Tuesday, March 17, 2026"],
            id="weekly",
        ),
        pytest.param(
            "every 2 weeks tue",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "Every 2 weeks on Tuesday",
            ["Tuesday, March 3, 2026", "Tuesday, March 17, 2026", "Tuesday, March 31, 2026"],
            id="every-2-weeks",
        ),
        pytest.param(
            "2nd tue",
            "FREQ=MONTHLY;BYDAY=2TU",
            "Every month on the 2nd Tuesday",
            ["Tuesday, March 10, 2026", "Tuesday, April 14, 2026", "Tuesday, May 12, 2026"],
            id="nth-weekday",
        ),
        pytest.param(
            "last fri",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "Every month on the last Friday",
            ["Friday, March 27, 2026", "Friday, April 24, 2026", "Friday, May 29, 2026"],
            id="last-weekday",
        ),
        pytest.param(
            "1st,3rd thu",
            "FREQ=MONTHLY;BYDAY=1TH,3TH",
            "Every month on the 1st and 3rd Thursday",
            ["Thursday, March 5, 2026", "Thursday, March 19, 2026", "Thursday, April 2, 2026"],
            id="several-nth",
        ),
        pytest.param(
            "weekly mon,thu",
            "FREQ=WEEKLY;BYDAY=MO,TH",
            "Every Monday and Thursday",
            # Monday 2 March itself: 18:00 is still to come at 10:00.
            ["Monday, March 2, 2026", "Thursday, March 5, 2026", "Monday, March 9, 2026"],
            id="several-weekdays",
        ),
        pytest.param(
            "RRULE:FREQ=WEEKLY;INTERVAL=3;BYDAY=WE",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE",
            "Every 3 weeks on Wednesday",
            ["Wednesday, March 4, 2026", "Wednesday, March 25, 2026", "Wednesday, April 15, 2026"],
            id="raw-rrule",
        ),
    ],
)
async def test_schedule_presets(console: ConsoleDriver, rule: str, body: str, words: str, dates: list[str]) -> None:
    """Each kind of rule is stored as its RRULE, said back in words, with the right next dates (18:00 local)."""
    out = await section_with(console, schedule=f'/meeting schedule "{rule}" 18:00')
    reply = titled(out, "Meetings of Shiatsu are scheduled")[0]
    assert f"{words}, at 18:00 (Europe/Stockholm), 120 minutes" in reply.body
    assert [line for line in reply.body.splitlines() if line.startswith("•")] == [f"• {d} 18:00" for d in dates]
    (series,) = await rows(console, meeting_series)
    assert (series.rrule, series.local_time, series.timezone) == (body, "18:00", "Europe/Stockholm")


async def test_meeting_list_shows_the_series(console: ConsoleDriver) -> None:
    """/meeting list shows the rule, place and next three dates to anyone."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    out = await console.say(":as Bo\n/meeting list")
    reply = only(out)
    assert reply.title == "Meetings of Shiatsu"
    assert "• Tuesday, March 17, 2026 18:00" in reply.body


async def test_meeting_next_shows_time_place_agenda_and_answers(console: ConsoleDriver) -> None:
    """/meeting next shows the coming meeting with its agenda and the answers so far."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    out = await console.say(":as Bo\n/rsvp yes\n/meeting next")
    reply = titled(out, "Next meeting of Shiatsu")[0]
    assert reply.body.splitlines()[1:4] == [
        "When: Tuesday, March 3, 2026 18:00 (Europe/Stockholm), 90 minutes",
        "Where: Folkets hus",
        "Agenda:",
    ]
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in reply.body


async def test_meeting_next_finds_a_meeting_beyond_the_planning_horizon(console: ConsoleDriver) -> None:
    """Right after a monthly meeting, the next one (five weeks ahead) is still found."""
    await section_with(console, schedule='/meeting schedule "2nd tue" 18:00 90')
    out = await console.say(":time 2026-03-11T10:00+01:00\n/meeting next")
    reply = titled(out, "Next meeting of Shiatsu")[0]
    assert "When: Tuesday, April 14, 2026 18:00 (Europe/Stockholm), 90 minutes" in reply.body


async def test_meeting_next_skips_a_cancelled_meeting_far_ahead(console: ConsoleDriver) -> None:
    """With April's monthly meeting cancelled, the next one is May's, not "no meeting coming up"."""
    await section_with(console, schedule='/meeting schedule "2nd tue" 18:00 90')
    out = await console.say(":time 2026-03-11T10:00+01:00\n/meeting cancel 2026-04-14\n/meeting next")
    reply = titled(out, "Next meeting of Shiatsu")[0]
    assert "When: Tuesday, May 12, 2026 18:00 (Europe/Stockholm), 90 minutes" in reply.body


async def test_cancel_before_the_call_keeps_the_series(console: ConsoleDriver) -> None:
    """A meeting cancelled before its call gets no call; the series goes on with the next date."""
    await section_with(console, schedule=BIWEEKLY)
    out = await console.say("/meeting cancel 2026-03-17")
    assert (
        only(out).body == "✔ The meeting of shiatsu on Tuesday, March 17, 2026 18:00 is cancelled; the series goes on."
    )
    out = await console.say(":time 2026-03-25T09:00+01:00\n/meeting next")
    assert "Tuesday, March 17" not in "\n".join(p.body for p in titled(out, "Meeting call"))
    assert [p.body.splitlines()[1] for p in titled(out, "Meeting call")] == [
        "When: Tuesday, March 31, 2026 18:00 (Europe/Stockholm), 90 minutes"
    ]
    assert "When: Tuesday, March 31, 2026 18:00" in titled(out, "Next meeting")[0].body
    cancelled = await occurrence_at(console, utc(2026, 3, 17, 17))
    assert cancelled.status == "cancelled"
    assert [row.state for row in await deliveries(console, kind="call", occurrence_id=cancelled.id)] == ["skipped"]


async def test_cancel_after_the_call_posts_and_edits(console: ConsoleDriver) -> None:
    """A meeting cancelled after its call: the section is told, the call is edited, no reminder follows."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(":as Bo\n/rsvp yes\n:as Anna")
    # Bo's answer edited the call a moment ago: the next edit waits its 2 seconds.
    out = await console.say("/meeting cancel 2026-03-03\n:time +2s")
    notice = titled(out, "Cancelled: Shiatsu")[0]
    assert notice.header.startswith("#shiatsu · message")
    assert notice.body.splitlines()[1] == (
        "The meeting of Shiatsu on Tuesday, March 3, 2026 18:00 is cancelled. The next one is as usual."
    )
    (edit,) = [p for p in posts(out) if p.edited]
    assert edit.header == f"#shiatsu · message {calls(console)[0].number} (edited)"
    assert "This meeting is cancelled." in edit.body
    out = await console.say(":time 2026-03-04T09:00+01:00")
    assert not titled(out, "Reminder")
    assert not titled(out, "Memo of Shiatsu")


async def test_cancel_twice_is_refused(console: ConsoleDriver) -> None:
    """Cancelling a cancelled meeting says so."""
    await section_with(console, schedule=BIWEEKLY)
    out = await console.say("/meeting cancel 2026-03-17\n/meeting cancel 2026-03-17")
    assert posts(out)[-1].body == "✖ The meeting of shiatsu on Tuesday, March 17, 2026 is already cancelled."


async def test_move_before_the_call_moves_its_deliveries(console: ConsoleDriver) -> None:
    """A moved meeting's call and reminders follow the new time; the next meeting keeps its own."""
    await section_with(console, schedule=BIWEEKLY)
    out = await console.say("/meeting move 2026-03-17 2026-03-19 19:00")
    assert only(out).body == "✔ The meeting of shiatsu is moved to Thursday, March 19, 2026 19:00."
    moved = await occurrence_at(console, utc(2026, 3, 19, 18))
    due = {row.kind: row.due_at for row in await deliveries(console, occurrence_id=moved.id)}
    assert due["call"] == utc(2026, 3, 12, 18)  # Thursday 12 March 19:00 in Stockholm
    assert due["reminder-1440"] == utc(2026, 3, 18, 18)
    assert due["reminder-60"] == utc(2026, 3, 19, 17)
    out = await console.say(":time 2026-03-12T18:59+01:00")
    assert not titled(out, "Meeting call")
    out = await console.say(":time +1m")
    (call,) = titled(out, "Meeting call")
    assert "When: Thursday, March 19, 2026 19:00 (Europe/Stockholm), 90 minutes" in call.body
    out = await console.say(":time 2026-03-24T18:00+01:00")
    (call,) = titled(out, "Meeting call")
    assert "When: Tuesday, March 31, 2026 18:00 (Europe/Stockholm), 90 minutes" in call.body


async def test_move_after_the_call_edits_it(console: ConsoleDriver) -> None:
    """Moving a meeting whose call is out edits the call; no second call is posted."""
    await section_with(console, schedule=BIWEEKLY)
    out = await console.say("/meeting move 2026-03-03 2026-03-04")
    (edit,) = [p for p in posts(out) if p.edited]
    assert "When: Wednesday, March 4, 2026 18:00 (Europe/Stockholm), 90 minutes" in edit.body
    out = await console.say(":time 2026-03-04T17:30+01:00")
    assert not titled(out, "Meeting call")
    assert len(titled(out, "Reminder")) == 0  # nobody answered yes or maybe
    assert len(calls(console)) == 1


async def test_edit_from_a_date_changes_later_meetings_only(console: ConsoleDriver) -> None:
    """Editing from 31 March on changes that meeting and later ones; 17 March keeps its time and place."""
    await section_with(console, schedule=BIWEEKLY)
    out = await console.say('/meeting edit 2026-03-31 time:19:00 "place:Stadsbiblioteket"')
    reply = only(out)
    assert reply.title == "Meetings of Shiatsu change from Tuesday, March 31, 2026"
    assert "• Tuesday, March 31, 2026 19:00" in reply.body
    out = await console.say(
        "/meeting next date:2026-03-17\n/meeting next date:2026-03-31\n/meeting next date:2026-04-14"
    )
    earlier, edited, later = titled(out, "Next meeting")
    assert "When: Tuesday, March 17, 2026 18:00" in earlier.body
    assert "Where: Folkets hus" in earlier.body
    assert "When: Tuesday, March 31, 2026 19:00" in edited.body
    assert "Where: Stadsbiblioteket" in edited.body
    assert "When: Tuesday, April 14, 2026 19:00" in later.body
    assert "Where: Stadsbiblioteket" in later.body
    out = await console.say(":time 2026-03-25T09:00+01:00")
    assert [p.body.splitlines()[1:3] for p in titled(out, "Meeting call")] == [
        ["When: Tuesday, March 17, 2026 18:00 (Europe/Stockholm), 90 minutes", "Where: Folkets hus"],
        ["When: Tuesday, March 31, 2026 19:00 (Europe/Stockholm), 90 minutes", "Where: Stadsbiblioteket"],
    ]


async def test_end_stops_the_series_after_a_date(console: ConsoleDriver) -> None:
    """After /meeting end DATE no meeting comes later than that date."""
    await section_with(console, schedule=BIWEEKLY)
    out = await console.say("/meeting end 2026-03-17")
    assert only(out).body == "✔ The meetings of shiatsu end after Tuesday, March 17, 2026."
    out = await console.say(":time 2026-05-01T09:00+02:00")
    assert [p.body.splitlines()[1][:36] for p in titled(out, "Meeting call")] == [
        "When: Tuesday, March 17, 2026 18:00 "
    ]
    out = await console.say("/meeting next")
    assert only(out).body.startswith("✖ shiatsu has no")


async def test_a_second_schedule_is_refused(console: ConsoleDriver) -> None:
    """A section has one series; scheduling again points to /meeting edit and changes nothing."""
    await section_with(console, schedule=BIWEEKLY)
    before = await snapshot(console)
    out = await console.say('/meeting schedule "weekly thu" 17:00')
    assert only(out).body == "✖ shiatsu already has a meeting series; change it with /meeting edit."
    assert await snapshot(console) == before


@pytest.mark.parametrize(
    "line",
    [
        '/meeting schedule "weekly thu" 17:00',
        "/meeting cancel 2026-03-03",
        "/meeting move 2026-03-03 2026-03-05",
        "/meeting edit 2026-03-17 time:20:00",
        "/meeting end 2026-03-17",
    ],
    ids=["schedule", "cancel", "move", "edit", "end"],
)
async def test_members_cannot_change_meetings(console: ConsoleDriver, line: str) -> None:
    """A member who does not coordinate the section is refused, and nothing changes."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    before = await snapshot(console)
    out = await console.say(":as Bo\n" + line)
    reply = only(out)
    assert reply.header == "@Bo (only you)"
    assert reply.body == "✖ Only a coordinator of shiatsu may do that."
    assert await snapshot(console) == before


async def test_members_cannot_schedule_in_a_section_without_meetings(console: ConsoleDriver) -> None:
    """Before any series exists a member still cannot start one."""
    await section_with(console, "Bo")
    out = await console.say(":as Bo\n" + BIWEEKLY)
    assert only(out).body == "✖ Only a coordinator of shiatsu may do that."
    assert await rows(console, meeting_series) == []


async def test_call_marker_names_its_occurrence(console: ConsoleDriver) -> None:
    """The first call is posted at once (the meeting is tomorrow) and carries its occurrence's marker."""
    await section_with(console, schedule=BIWEEKLY)
    (call,) = calls(console)
    first = await occurrence_at(console, utc(2026, 3, 3, 17))
    assert occurrence_of(call) == first.id


async def test_end_after_an_edit_ends_the_earlier_meetings_too(console: ConsoleDriver) -> None:
    """Ending on 10 March after editing from 31 March on: no 17 March meeting is called either."""
    await section_with(console, schedule=BIWEEKLY)
    await console.say("/meeting edit 2026-03-31 time:19:00\n/meeting end 2026-03-10")
    out = await console.say(":time 2026-04-20T09:00+02:00")
    assert titled(out, "Meeting call") == []
    assert [row.start_at for row in await occurrence_rows(console)] == [utc(2026, 3, 3, 17)]
