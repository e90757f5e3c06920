"""Round-trips through the repositories, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.domain.models import Community, Member, Profile, Role, SectionKind, SectionStatus
from bot.storage.database import Database
from bot.storage.repositories import communities, members, profiles, sections
from bot.storage.schema import profiles as profiles_table

# Deliberately not UTC: the database must hand back the same instant, in UTC.
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))


async def _community(db: Database) -> Community:
    async with db.transaction() as conn:
        return await communities.create(conn, name="Net", timezone="Europe/Stockholm", locale="sv", now=NOW)


async def _member(db: Database, community: Community, name: str, *, admin: bool = False) -> Member:
    async with db.transaction() as conn:
        return await members.create(conn, community_id=community.id, display_name=name, is_admin=admin, now=NOW)


async def test_community_found_by_binding(db: Database) -> None:
    """A community bound to a platform place is found again through that binding."""
    community = await _community(db)
    async with db.transaction() as conn:
        await communities.bind(conn, community.id, "discord", "guild-1")
    async with db.transaction() as conn:
        assert await communities.by_binding(conn, "discord", "guild-1") == community
        assert await communities.get(conn, community.id) == community


async def test_unknown_binding_finds_nothing(db: Database) -> None:
    """A binding on another platform or place finds no community."""
    community = await _community(db)
    async with db.transaction() as conn:
        await communities.bind(conn, community.id, "discord", "guild-1")
    async with db.transaction() as conn:
        assert await communities.by_binding(conn, "matrix", "guild-1") is None
        assert await communities.by_binding(conn, "discord", "guild-2") is None


async def test_member_found_by_identity(db: Database) -> None:
    """A member is found by their platform account, and only within their community."""
    community = await _community(db)
    other = await _community(db)
    anna = await _member(db, community, "Anna", admin=True)
    async with db.transaction() as conn:
        await members.add_identity(
            conn, community_id=community.id, member_id=anna.id, platform="console", external_id="anna"
        )
    async with db.transaction() as conn:
        assert await members.by_identity(conn, community.id, "console", "anna") == anna
        assert await members.by_identity(conn, other.id, "console", "anna") is None
        assert await members.by_identity(conn, community.id, "matrix", "anna") is None
        assert await members.get(conn, anna.id) == anna


@pytest.mark.parametrize("asked", ["anna lind", "ANNA LIND", "Anna Lind"])
async def test_member_found_by_name_ignoring_case(db: Database, asked: str) -> None:
    """Looking a member up by display name ignores case."""
    community = await _community(db)
    anna = await _member(db, community, "Anna Lind")
    await _member(db, community, "Bo")
    async with db.transaction() as conn:
        assert await members.by_name(conn, community.id, asked) == [anna]


async def test_section_found_by_slug(db: Database) -> None:
    """A created section is found again by its slug, with every field intact."""
    community = await _community(db)
    anna = await _member(db, community, "Anna")
    async with db.transaction() as conn:
        created = await sections.create(
            conn,
            community_id=community.id,
            slug="shiatsu",
            name="Shiatsu",
            kind=SectionKind.PROFESSION,
            status=SectionStatus.PROPOSED,
            now=NOW,
            description="Pressure",
            purpose="Referrals",
            proposed_by=anna.id,
        )
    async with db.transaction() as conn:
        found = await sections.by_slug(conn, community.id, "shiatsu")
        assert await sections.by_slug(conn, community.id, "yoga") is None
    assert found == created
    assert (found.name, found.kind, found.status) == ("Shiatsu", SectionKind.PROFESSION, SectionStatus.PROPOSED)
    assert (found.description, found.purpose, found.proposed_by) == ("Pressure", "Referrals", anna.id)


async def test_datetimes_come_back_aware_utc(db: Database) -> None:
    """A datetime stored with any offset comes back as the same instant, in UTC."""
    community = await _community(db)
    async with db.transaction() as conn:
        section = await sections.create(
            conn,
            community_id=community.id,
            slug="central",
            name="Central",
            kind=SectionKind.CENTRAL,
            status=SectionStatus.ACTIVE,
            now=NOW,
        )
    assert section.created_at is not None
    assert section.created_at.tzinfo is UTC
    assert section.created_at == NOW
    assert section.created_at.hour == 8


async def test_list_with_counts_orders_central_first_and_counts_members(db: Database) -> None:
    """Sections list central first, then by slug, each with its member count, filtered by status."""
    community = await _community(db)
    anna = await _member(db, community, "Anna")
    bo = await _member(db, community, "Bo")
    async with db.transaction() as conn:
        made = {}
        for slug, kind, status in [
            ("yoga", SectionKind.THEME, SectionStatus.ACTIVE),
            ("central", SectionKind.CENTRAL, SectionStatus.ACTIVE),
            ("art", SectionKind.REGION, SectionStatus.ACTIVE),
            ("idea", SectionKind.THEME, SectionStatus.PROPOSED),
        ]:
            made[slug] = await sections.create(
                conn, community_id=community.id, slug=slug, name=slug.title(), kind=kind, status=status, now=NOW
            )
        for member in (anna, bo):
            await sections.add_membership(conn, made["central"].id, member.id, Role.MEMBER, NOW)
        await sections.add_membership(conn, made["yoga"].id, anna.id, Role.COORDINATOR, NOW)
    async with db.transaction() as conn:
        active = await sections.list_with_counts(conn, community.id, (SectionStatus.ACTIVE,))
        everything = await sections.list_with_counts(conn, community.id, (SectionStatus.ACTIVE, SectionStatus.PROPOSED))
    assert [(section.slug, count) for section, count in active] == [("central", 2), ("art", 0), ("yoga", 1)]
    assert [section.slug for section, _ in everything] == ["central", "art", "idea", "yoga"]


async def test_membership_round_trip(db: Database) -> None:
    """A membership is added, its role changed, listed by role, and removed."""
    community = await _community(db)
    anna = await _member(db, community, "Anna")
    bo = await _member(db, community, "Bo")
    async with db.transaction() as conn:
        section = await sections.create(
            conn,
            community_id=community.id,
            slug="yoga",
            name="Yoga",
            kind=SectionKind.THEME,
            status=SectionStatus.ACTIVE,
            now=NOW,
        )
        await sections.add_membership(conn, section.id, anna.id, Role.MEMBER, NOW)
        await sections.add_membership(conn, section.id, bo.id, Role.MEMBER, NOW)
        await sections.set_role(conn, section.id, anna.id, Role.COORDINATOR)
    async with db.transaction() as conn:
        membership = await sections.membership(conn, section.id, anna.id)
        assert membership is not None
        assert membership.role is Role.COORDINATOR
        assert await sections.members_with_role(conn, section.id) == [anna, bo]
        assert await sections.members_with_role(conn, section.id, Role.COORDINATOR) == [anna]
        assert await sections.coordinates_anything(conn, anna.id)
        assert not await sections.coordinates_anything(conn, bo.id)
        assert await sections.slugs_of_member(conn, bo.id) == ["yoga"]
        await sections.remove_membership(conn, section.id, bo.id)
    async with db.transaction() as conn:
        assert await sections.membership(conn, section.id, bo.id) is None
        assert await sections.members_with_role(conn, section.id) == [anna]


async def test_profile_save_twice_updates_in_place(db: Database) -> None:
    """Saving a profile a second time replaces it instead of adding a row."""
    community = await _community(db)
    anna = await _member(db, community, "Anna")
    first = Profile(member_id=anna.id, who="Therapist", place="Lund", visible=False)
    second = Profile(member_id=anna.id, who="Shiatsu therapist", offers="Massage", visible=True)
    async with db.transaction() as conn:
        await profiles.save(conn, first, search_text="anna therapist lund", now=NOW)
    async with db.transaction() as conn:
        await profiles.save(conn, second, search_text="anna shiatsu therapist massage", now=NOW + timedelta(days=1))
    async with db.transaction() as conn:
        assert await profiles.get(conn, anna.id) == second
        rows = (await conn.execute(select(profiles_table.c.search_text, profiles_table.c.updated_at))).all()
    assert [(row.search_text, row.updated_at) for row in rows] == [
        ("anna shiatsu therapist massage", NOW + timedelta(days=1))
    ]
    assert rows[0].updated_at.tzinfo is UTC


async def test_missing_profile_is_none(db: Database) -> None:
    """A member who never saved a profile has none."""
    community = await _community(db)
    anna = await _member(db, community, "Anna")
    async with db.transaction() as conn:
        assert await profiles.get(conn, anna.id) is None
