"""The queries that end a member's part in a section's meetings when they leave it, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.meetings import Answer
from bot.domain.models import Role, SectionKind, SectionStatus
from bot.storage.database import Database
from bot.storage.repositories import communities, members, outbox, rsvps, sections
from bot.storage.schema import outbox as outbox_table
from bot.storage.schema import standing_rsvps
from tests.storage.meeting_rows import meetings_at, weekly_series

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Place:
    """Bo in two sections, each with a weekly series: one meeting held last week, one ahead."""

    community_id: int
    bo: int
    shiatsu: int
    reiki: int
    #: (series, meeting held, meeting ahead) of each section, by section id.
    meetings: dict[int, tuple[int, int, int]]


async def _section_with_meetings(conn: AsyncConnection, community_id: int, slug: str) -> tuple[int, int, int, int]:
    section = await sections.create(
        conn,
        community_id=community_id,
        slug=slug,
        name=slug,
        kind=SectionKind.PROFESSION,
        status=SectionStatus.ACTIVE,
        now=NOW,
    )
    series = await weekly_series(conn, section.id, start_date=date(2026, 3, 1), minutes=90, now=NOW)
    ids = await meetings_at(conn, series, [NOW - timedelta(days=7), NOW + timedelta(days=7)], now=NOW)
    return section.id, series.id, ids[0], ids[1]


@pytest_asyncio.fixture
async def place(db: Database) -> Place:
    async with db.transaction() as conn:
        community = await communities.create(conn, name="Net", timezone="Europe/Stockholm", locale="sv", now=NOW)
        bo = await members.create(conn, community_id=community.id, display_name="Bo", is_admin=False, now=NOW)
        by_section = {}
        for slug in ("shiatsu", "reiki"):
            section_id, series_id, held, ahead = await _section_with_meetings(conn, community.id, slug)
            await sections.add_membership(conn, section_id, bo.id, Role.MEMBER, NOW)
            await rsvps.add_standing(conn, series_id, bo.id, NOW)
            for occurrence_id in (held, ahead):
                await rsvps.put(conn, occurrence_id, bo.id, Answer.YES, waitlisted=False, source="always", now=NOW)
            by_section[section_id] = (series_id, held, ahead)
    shiatsu, reiki = by_section
    return Place(community.id, bo.id, shiatsu, reiki, by_section)


async def test_a_standing_answer_counts_only_members_of_the_section(db: Database, place: Place) -> None:
    """The standing answers the planner applies are those of the section's members."""
    series_id = place.meetings[place.shiatsu][0]
    async with db.transaction() as conn:
        assert await rsvps.standing_members(conn, series_id) == [place.bo]
        await sections.remove_membership(conn, place.shiatsu, place.bo)
        assert await rsvps.standing_members(conn, series_id) == []


async def test_standing_answers_end_in_the_section_left_only(db: Database, place: Place) -> None:
    """Removing the standing answers in one section keeps those in another."""
    async with db.transaction() as conn:
        await rsvps.remove_standing_in_section(conn, place.shiatsu, place.bo)
    async with db.transaction() as conn:
        left = list((await conn.execute(select(standing_rsvps.c.series_id))).scalars())
    assert left == [place.meetings[place.reiki][0]]


async def test_answers_ahead_are_those_to_meetings_not_begun_of_that_section(db: Database, place: Place) -> None:
    """Of Bo's answers, only the one to the shiatsu meeting ahead is found; at its start it no longer is."""
    _, _, ahead = place.meetings[place.shiatsu]
    async with db.transaction() as conn:
        found = await rsvps.of_member_in_section(conn, place.shiatsu, place.bo, starting_after=NOW)
        assert [(rsvp.occurrence_id, rsvp.answer) for rsvp in found] == [(ahead, Answer.YES)]
        later = NOW + timedelta(days=7)
        assert await rsvps.of_member_in_section(conn, place.shiatsu, place.bo, starting_after=later) == []


async def test_pending_deliveries_about_the_sections_meetings_are_skipped(db: Database, place: Place) -> None:
    """A pending reminder to Bo about a shiatsu meeting is skipped with the reason; one about reiki, one sent
    already and a reply (about no meeting) stay as they were."""
    _, _, shiatsu_ahead = place.meetings[place.shiatsu]
    _, _, reiki_ahead = place.meetings[place.reiki]
    rows = [
        ("shiatsu-reminder", place.shiatsu, shiatsu_ahead),
        ("shiatsu-sent", place.shiatsu, shiatsu_ahead),
        ("reiki-reminder", place.reiki, reiki_ahead),
        ("shiatsu-reply", place.shiatsu, None),
    ]
    async with db.transaction() as conn:
        for key, section_id, occurrence_id in rows:
            await outbox.enqueue(
                conn,
                dedupe_key=key,
                kind="reminder-60" if occurrence_id else "reply",
                community_id=place.community_id,
                platform="console",
                due_at=NOW,
                section_id=section_id,
                member_id=place.bo,
                occurrence_id=occurrence_id,
                now=NOW,
            )
        (sent,) = await outbox.claim(
            conn, await outbox.ids_by_keys(conn, ["shiatsu-sent"]), now=NOW, worker="w", lease=timedelta(minutes=1)
        )
        await outbox.mark_sent(conn, sent.id, "w", channel="@bo", message="1", now=NOW)
        assert await outbox.skip_pending_to_member(conn, place.shiatsu, place.bo, "left") == 1
    async with db.transaction() as conn:
        states = {row.dedupe_key: (row.state, row.note) for row in await conn.execute(select(outbox_table))}
    assert states == {
        "shiatsu-reminder": ("skipped", "left"),
        "shiatsu-sent": ("sent", None),
        "reiki-reminder": ("pending", None),
        "shiatsu-reply": ("pending", None),
    }
