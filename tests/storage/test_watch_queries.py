"""The section watch's queries (signs of life, meetings, who could take over) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.meetings import Answer
from bot.domain.models import Role, SectionKind, SectionStatus
from bot.storage.database import Database
from bot.storage.repositories import activity, communities, members, rsvps, sections, watch
from tests.storage.meeting_rows import meetings_at, weekly_series

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


async def test_who_could_take_over_how_often_they_came_and_the_meetings_history(db: Database) -> None:
    """Three weekly meetings held: Bo said yes to two, Cleo to one, Dan to none; Bo and Dan may be asked, Cleo never
    said. The last three meetings' yes counts, latest first; a meeting ahead is a meeting."""
    async with db.transaction() as conn:
        community = await communities.create(conn, name="Net", timezone="Europe/Stockholm", locale="sv", now=NOW)
        section = await sections.create(
            conn,
            community_id=community.id,
            slug="gardens",
            name="Gardens",
            kind=SectionKind.PROFESSION,
            status=SectionStatus.ACTIVE,
            now=NOW - timedelta(days=60),
        )
        people = {}
        for name in ("Bo", "Cleo", "Dan"):
            people[name] = (
                await members.create(conn, community_id=community.id, display_name=name, is_admin=False, now=NOW)
            ).id
            await sections.add_membership(conn, section.id, people[name], Role.MEMBER, NOW)
        await watch.set_ask_to_coordinate(conn, people["Bo"], True)
        await watch.set_ask_to_coordinate(conn, people["Dan"], True)
        series = await weekly_series(conn, section.id, start_date=date(2026, 2, 1), minutes=60, now=NOW)
        held = await meetings_at(conn, series, [NOW - timedelta(weeks=weeks) for weeks in (3, 2, 1)], now=NOW)
        for occurrence_id, name in ((held[0], "Bo"), (held[1], "Bo"), (held[2], "Cleo")):
            await rsvps.put(conn, occurrence_id, people[name], Answer.YES, waitlisted=False, source="test", now=NOW)

        found = await watch.candidates(conn, section.id, 3)
        assert [(member.display_name, yes) for member, yes in found] == [("Bo", 2), ("Dan", 0)]
        never_said = await watch.candidates(conn, section.id, 3, never_said=True)
        assert [(member.display_name, yes) for member, yes in never_said] == [("Cleo", 1)]
        assert await watch.yes_counts_of_last(conn, section.id, NOW, 3) == [1, 1, 1]
        assert await watch.meets_after(conn, section.id, NOW - timedelta(weeks=2))
        assert not await watch.meets_after(conn, section.id, NOW)
        assert [found.slug for found in await watch.watched_sections(conn, community.id)] == ["gardens"]

        assert await activity.last_active(conn, people["Dan"]) is None
        assert await activity.last_active(conn, people["Bo"]) == NOW
        await activity.touch_many(conn, [people["Dan"]], NOW + timedelta(days=1))
        assert await activity.last_active(conn, people["Dan"]) == NOW + timedelta(days=1)
        await activity.touch_many(conn, [people["Dan"]], NOW + timedelta(days=1, hours=1))  # once a day
        assert await activity.last_active(conn, people["Dan"]) == NOW + timedelta(days=1)
