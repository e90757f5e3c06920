"""The single statements that read a meeting with what goes with it, on SQLite and PostgreSQL: behind ``meeting
next`` and ``rsvp``, the section's next open meeting, its series, and for ``rsvp`` the member's answer and
membership; behind a meeting call, the meeting with its series, section and community."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.meetings import Answer, OccurrenceStatus
from bot.domain.models import Role, SectionKind, SectionStatus
from bot.storage.database import Database
from bot.storage.repositories import communities, meetings, members, rsvps, sections
from tests.storage.meeting_rows import meetings_at, weekly_series

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


async def _weekly_section(db: Database) -> tuple[int, int, int, list[int]]:
    """#shiatsu, weekly, with a meeting last week and the next two; Bo in it, Cleo not. (section, Bo, Cleo,
    meetings oldest first)."""
    async with db.transaction() as conn:
        community = await communities.create(conn, name="Net", timezone="Europe/Stockholm", locale="sv", now=NOW)
        bo = await members.create(conn, community_id=community.id, display_name="Bo", is_admin=False, now=NOW)
        cleo = await members.create(conn, community_id=community.id, display_name="Cleo", is_admin=False, now=NOW)
        section = await sections.create(
            conn,
            community_id=community.id,
            slug="shiatsu",
            name="Shiatsu",
            kind=SectionKind.PROFESSION,
            status=SectionStatus.ACTIVE,
            now=NOW,
        )
        await sections.add_membership(conn, section.id, bo.id, Role.MEMBER, NOW)
        series = await weekly_series(conn, section.id, start_date=date(2026, 3, 1), minutes=90, now=NOW)
        starts = [NOW - timedelta(days=7), NOW + timedelta(days=1), NOW + timedelta(days=8)]
        ids = await meetings_at(conn, series, starts, now=NOW)
        await meetings.update_series(conn, series.id, planned_until=NOW + timedelta(days=60))
    return section.id, bo.id, cleo.id, ids


async def test_the_next_meeting_comes_with_the_askers_answer_and_membership(db: Database) -> None:
    """Asked for Bo (in the section, answered maybe): his answer and his membership; for Cleo (not in it, no
    answer): neither; asked for nobody, the meeting alone. A cancelled meeting is passed over."""
    section_id, bo, cleo, (_, ahead, after) = await _weekly_section(db)
    async with db.transaction() as conn:
        await rsvps.put(conn, ahead, bo, Answer.MAYBE, waitlisted=False, source="command", now=NOW)

    async with db.transaction() as conn:
        for_bo = await meetings.soonest_open_with_series(conn, section_id, ending_after=NOW, for_member=bo)
        for_cleo = await meetings.soonest_open_with_series(conn, section_id, ending_after=NOW, for_member=cleo)
        for_nobody = await meetings.soonest_open_with_series(conn, section_id, ending_after=NOW)
    assert for_bo is not None
    assert for_cleo is not None
    assert for_nobody is not None
    assert for_bo.occurrence.id == for_cleo.occurrence.id == for_nobody.occurrence.id == ahead
    assert (for_bo.has_active, for_bo.may_hide_earlier) == (True, False)
    assert for_bo.askers_answer is not None
    assert (for_bo.askers_answer.member_id, for_bo.askers_answer.answer) == (bo, Answer.MAYBE)
    assert for_bo.askers_answer.updated_at == NOW
    assert for_bo.asker_in_section
    assert (for_cleo.askers_answer, for_cleo.asker_in_section) == (None, False)
    assert (for_nobody.askers_answer, for_nobody.asker_in_section) == (None, False)

    async with db.transaction() as conn:
        await meetings.update_occurrence(conn, ahead, status=OccurrenceStatus.CANCELLED.value)
        for_bo = await meetings.soonest_open_with_series(conn, section_id, ending_after=NOW, for_member=bo)
    assert for_bo is not None
    assert (for_bo.occurrence.id, for_bo.askers_answer, for_bo.asker_in_section) == (after, None, True)


async def test_a_meeting_comes_with_its_series_section_and_community(db: Database) -> None:
    """What a call is composed from, read in one statement, is what reading each on its own gives."""
    section_id, _, _, (_, ahead, _) = await _weekly_section(db)
    async with db.transaction() as conn:
        found = await meetings.occurrence_in_context(conn, ahead)
        occurrence = await meetings.get_occurrence(conn, ahead)
        series = await meetings.get_series(conn, occurrence.series_id)
        section = await sections.get(conn, section_id)
        community = await communities.get(conn, section.community_id)
    assert found == meetings.InContext(occurrence, series, section, community)
    assert (found.section.slug, found.community.timezone, found.series.rrule) == (
        "shiatsu",
        "Europe/Stockholm",
        "FREQ=WEEKLY",
    )
