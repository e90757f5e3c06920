"""Leaving means leaving: a member who leaves a section (or is taken out of one) no longer answers, is counted at,
is listed for or is reminded of its meetings to come; an archived section's meetings end.

What stays: answers to meetings that have begun (the section's history), and everything of other sections.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.delivery import Kind
from bot.domain.meetings import Answer, SeriesStatus
from bot.domain.models import SectionStatus
from bot.storage.repositories import members, outbox, rsvps, sections
from bot.storage.schema import meeting_series, standing_rsvps
from tests.console_driver import ConsoleDriver
from tests.meetings.helpers import (
    answers,
    calls,
    community,
    deliveries,
    occurrence_at,
    occurrence_of,
    posts,
    rows,
    section,
    section_with,
    titled,
)

BIWEEKLY = '/meeting schedule "every 2 weeks tue" 18:00 90 "Folkets hus"'
#: The meetings BIWEEKLY gives: 3 March (its call is out at once), 17 March (called 10 March), 31 March.
FIRST = datetime(2026, 3, 3, 17, tzinfo=UTC)
SECOND = datetime(2026, 3, 17, 17, tzinfo=UTC)
BO_PROFILE = '/profile set who:"Shiatsu therapist in Malmö" does:"Pressure point massage" needs:"Clients" visible:yes'


async def bo_always_coming(console: ConsoleDriver) -> int:
    """#shiatsu with Bo and Cleo; Bo (with a visible profile) is always coming, said yes and wants reminders by
    direct message, as does Cleo. The number of the first call, which lists them both by now."""
    await section_with(console, "Bo", "Cleo", schedule=BIWEEKLY)
    out = await console.say(
        f":as Bo\n{BO_PROFILE}\n/rsvp always\n/rsvp yes\n/reminders dm\n"
        ":as Cleo\n/rsvp always\n/reminders dm\n:time +2s"
    )
    shown = [post for post in posts(out) if post.edited][-1].body
    assert "Answers: ✅ 2 · 🤔 0 · ❌ 0" in shown
    assert "– Bo: Shiatsu therapist in Malmö · does: Pressure point massage · needs: Clients" in shown.splitlines()
    return calls(console)[0].number


def reaching(output: str, name: str) -> list[str]:
    """The titles of what reached ``name`` directly in ``output``."""
    return [post.title for post in posts(output) if post.header.startswith(f"@{name} (direct)")]


async def test_after_leaving_the_next_call_neither_counts_nor_lists_you_and_no_reminder_reaches_you(
    console: ConsoleDriver,
) -> None:
    """rsvp always + rsvp yes + reminders dm, then section leave: no later call counts or lists Bo, no reminder
    reaches him; Cleo, who stays, is counted and reminded as before."""
    await bo_always_coming(console)
    await console.say(":as Bo\n/section leave shiatsu")
    out = await console.say(":time 2026-03-17T18:00+01:00")
    (call,) = titled(out, "Meeting call")
    assert "When: Tuesday, March 17, 2026 18:00" in call.body
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in call.body
    assert "– Cleo" in call.body.splitlines()
    assert "Bo" not in call.body
    assert "Malmö" not in call.body
    assert reaching(out, "Bo") == []
    assert reaching(out, "Cleo") == [
        "Reminder: Shiatsu meets tomorrow",
        "Reminder: Shiatsu meets in 1 hour",
        "Reminder: Shiatsu meets tomorrow",
        "Reminder: Shiatsu meets in 1 hour",
    ]
    assert await answers(console, (await occurrence_at(console, SECOND)).id) == {"Cleo": "yes"}


async def test_the_call_already_posted_is_edited_without_the_one_who_left(console: ConsoleDriver) -> None:
    """The call of a meeting still ahead that Bo had said yes to is edited at once: he is no longer counted or
    listed under the presentation round."""
    number = await bo_always_coming(console)
    out = await console.say(":as Bo\n/section leave shiatsu\n:time +2s")
    assert posts(out)[0].body == "✔ You left Shiatsu (shiatsu)."
    (edit,) = [post for post in posts(out) if post.edited]
    assert edit.header == f"#shiatsu · message {number} (edited)"
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in edit.body
    assert "– Cleo" in edit.body.splitlines()
    assert "Bo" not in edit.body
    assert await answers(console, (await occurrence_at(console, FIRST)).id) == {"Cleo": "yes"}


async def test_a_place_the_leaver_held_goes_to_the_first_waiting(console: ConsoleDriver) -> None:
    """In a full meeting Bo's place, freed by his leaving, goes to Cleo on the waiting list, who is told."""
    await section_with(console, "Bo", "Cleo", schedule=BIWEEKLY + " capacity:1")
    await console.say(":as Bo\n/rsvp yes\n:as Cleo\n/rsvp yes\n:time +2s")
    out = await console.say(":as Bo\n/section leave shiatsu\n:time +2s")
    assert reaching(out, "Cleo") == ["You have a place"]
    (edit,) = [post for post in posts(out) if post.edited]
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0 (places: 1)" in edit.body
    assert "– Cleo" in edit.body.splitlines()
    assert await answers(console, (await occurrence_at(console, FIRST)).id) == {"Cleo": "yes"}


async def test_answers_to_meetings_held_before_leaving_stay(console: ConsoleDriver) -> None:
    """Leaving after a meeting keeps Bo's answer to it (history); only his standing answer and answers ahead go."""
    await bo_always_coming(console)
    await console.say(":time 2026-03-10T18:00+01:00")  # the 3 March meeting was held; the 17 March one is called
    out = await console.say(":as Bo\n/section leave shiatsu\n:time +2s")
    first, second = [await occurrence_at(console, start) for start in (FIRST, SECOND)]
    assert await answers(console, first.id) == {"Bo": "yes", "Cleo": "yes"}
    assert await answers(console, second.id) == {"Cleo": "yes"}
    (edit,) = [post for post in posts(out) if post.edited]
    assert "When: Tuesday, March 17, 2026 18:00" in edit.body
    assert "Bo" not in edit.body


async def test_a_no_to_a_meeting_ahead_is_withdrawn_too(console: ConsoleDriver) -> None:
    """Every answer to a meeting still ahead ends with the membership, a no as well: the call stops counting it."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(":as Bo\n/rsvp no\n:time +2s")
    out = await console.say("/section leave shiatsu\n:time +2s")
    (edit,) = [post for post in posts(out) if post.edited]
    assert "Answers: ✅ 0 · 🤔 0 · ❌ 0" in edit.body
    assert await answers(console, (await occurrence_at(console, FIRST)).id) == {}


async def test_a_reminder_still_queued_for_the_leaver_is_not_sent(console: ConsoleDriver) -> None:
    """A direct reminder queued for Bo and not sent yet (say, his platform refused it for a while) is given up
    when he leaves, with the reason in the outbox."""
    await bo_always_coming(console)
    place, shiatsu = await community(console), await section(console)
    first = await occurrence_at(console, FIRST)
    due = datetime(2026, 3, 3, 16, tzinfo=UTC)
    async with console.core.database.transaction() as conn:
        bo = await members.by_identity(conn, place.id, "console", "bo")
        assert bo is not None
        await outbox.enqueue(
            conn,
            dedupe_key=f"o{first.id}:{Kind.REMINDER}-60:member:{bo.id}",
            kind=f"{Kind.REMINDER}-60",
            community_id=place.id,
            platform="console",
            due_at=due,
            deadline_at=FIRST,
            section_id=shiatsu.id,
            member_id=bo.id,
            occurrence_id=first.id,
            now=console.clock.now(),
        )
    await console.say(":as Bo\n/section leave shiatsu")
    out = await console.say(":time 2026-03-03T18:00+01:00")
    assert reaching(out, "Bo") == []
    (row,) = [row for row in await deliveries(console, kind="reminder-60") if row.member_id == bo.id]
    assert (row.state, row.note) == ("skipped", "the member left the section")


async def test_leaving_as_coordinator_also_leaves_the_coordinators_meetings(console: ConsoleDriver) -> None:
    """Anna, no longer coordinating anything, drops out of the coordinators' section: her answers to its
    meetings ahead go with it, and its call is edited without her."""
    await section_with(console, "Bo", schedule='/meeting schedule "weekly wed" 18:00 section:coordinators')
    number = next(call for call in calls(console) if call.channel == "#coordinators").number
    await console.say("/rsvp always coordinators\n/section coordinator add shiatsu Bo\n:time +2s")
    out = await console.say("/section leave shiatsu\n:time +2s")
    (edit,) = [post for post in posts(out) if post.edited]
    assert edit.header == f"#coordinators · message {number} (edited)"
    assert "Answers: ✅ 0 · 🤔 0 · ❌ 0" in edit.body
    assert "Anna" not in edit.body
    assert await rows(console, standing_rsvps) == []
    out = await console.say(":time 2026-03-11T18:00+01:00")  # the calls of 11 and 18 March
    later = titled(out, "Meeting call: Coordinators")
    assert [call.body.splitlines()[1][:37] for call in later] == [
        "When: Wednesday, March 11, 2026 18:00",
        "When: Wednesday, March 18, 2026 18:00",
    ]
    assert all("Answers: ✅ 0 · 🤔 0 · ❌ 0" in call.body and "Anna" not in call.body for call in later)


async def test_a_standing_answer_left_behind_is_not_applied_to_a_non_member(console: ConsoleDriver) -> None:
    """A standing answer of someone not in the section (left there before leaving ended it) counts them in for
    no meeting planned after."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(":as Bo\n/section leave shiatsu")
    place = await community(console)
    (series,) = await rows(console, meeting_series)
    async with console.core.database.transaction() as conn:
        bo = await members.by_identity(conn, place.id, "console", "bo")
        assert bo is not None
        await rsvps.add_standing(conn, series.id, bo.id, console.clock.now())
    out = await console.say(":time 2026-03-10T18:00+01:00")
    (call,) = titled(out, "Meeting call")
    assert "Answers: ✅ 0 · 🤔 0 · ❌ 0" in call.body
    assert await answers(console, (await occurrence_at(console, SECOND)).id) == {}


async def test_a_yes_left_behind_reaches_no_reminder_to_a_non_member(console: ConsoleDriver) -> None:
    """A yes stored for someone not in the section (left there before leaving ended it) gets them no reminder."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(":as Bo\n/reminders dm\n/section leave shiatsu")
    place = await community(console)
    first = await occurrence_at(console, FIRST)
    async with console.core.database.transaction() as conn:
        bo = await members.by_identity(conn, place.id, "console", "bo")
        assert bo is not None
        await rsvps.put(conn, first.id, bo.id, Answer.YES, waitlisted=False, source="command", now=console.clock.now())
    out = await console.say(":time 2026-03-03T18:00+01:00")
    assert reaching(out, "Bo") == []
    notes = {row.kind: row.note for row in await deliveries(console, occurrence_id=first.id) if row.member_id is None}
    assert notes["reminder-60"] == "nobody to reach: nobody answered yes or maybe"


async def test_archiving_cancels_the_meetings_ahead_and_nothing_more_goes_out(console: ConsoleDriver) -> None:
    """Archiving ends the section's meetings: the call out is edited to say it is cancelled, no reminder, call,
    or digest item follows, and the series is ended."""
    number = await bo_always_coming(console)
    out = await console.say(":as Anna\n/section archive shiatsu\n:time +2s")
    (edit,) = [post for post in posts(out) if post.edited]
    assert edit.header == f"#shiatsu · message {number} (edited)"
    assert "This meeting is cancelled." in edit.body
    out = await console.say(":time 2026-04-01T09:00+02:00")
    assert posts(out) == [], out
    (series,) = await rows(console, meeting_series)
    assert series.status == SeriesStatus.ENDED.value
    first = await occurrence_at(console, FIRST)
    assert {row.kind: row.state for row in await deliveries(console, occurrence_id=first.id)} == {
        "call": "sent",
        "reminder-1440": "skipped",
        "reminder-60": "skipped",
    }


async def test_a_section_archived_before_keeps_no_meetings_going(console: ConsoleDriver) -> None:
    """A section archived with its series still running (as archiving left it before) posts nothing more about
    its meetings, no call and no reminder; when the planner next looks at the series it ends its meetings like
    archiving now does, so the call out says the meeting is cancelled."""
    number = await bo_always_coming(console)
    shiatsu = await section(console)
    async with console.core.database.transaction() as conn:
        await sections.set_status(conn, shiatsu.id, SectionStatus.ARCHIVED, archived_at=console.clock.now())
    out = await console.say(":time 2026-04-01T09:00+02:00")
    (edit,) = posts(out)
    assert edit.header == f"#shiatsu · message {number} (edited)"
    assert "This meeting is cancelled." in edit.body
    (series,) = await rows(console, meeting_series, meeting_series.c.section_id == shiatsu.id)
    assert series.status == SeriesStatus.ENDED.value


async def test_other_sections_answers_stay(console: ConsoleDriver) -> None:
    """Leaving #shiatsu leaves Bo's answers to the meetings of another section alone."""
    await section_with(console, "Bo", schedule=BIWEEKLY)
    await console.say(
        ":as Bo\n/section create Reflexology\n:as Anna\n/section approve reflexology\n:as Bo\n:in reflexology\n"
        '/meeting schedule "weekly thu" 18:00\n/rsvp always\n:in shiatsu\n/rsvp always'
    )
    await console.say("/section leave shiatsu")
    reflexology = occurrence_of(next(call for call in calls(console) if call.channel == "#reflexology"))
    assert await answers(console, reflexology) == {"Bo": "yes"}
    assert len(await rows(console, standing_rsvps)) == 1
