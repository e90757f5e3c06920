"""The directory's words: found by the beginning (or end) of words, folded, several words intersected; kept in
step with profiles, names and merges; filled for existing profiles by the migration. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.domain.models import Community, Member, Profile
from bot.domain.words import after_prefix, words
from bot.storage.database import Database, async_url
from bot.storage.migrate import alembic_config
from bot.storage.repositories import communities, directory, members, merge, profiles
from bot.storage.schema import communities as communities_table
from bot.storage.schema import members as members_table
from bot.storage.schema import profile_words
from bot.storage.schema import profiles as profiles_table

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


async def _community(db: Database) -> Community:
    async with db.transaction() as conn:
        return await communities.create(conn, name="Net", timezone="Europe/Stockholm", locale="sv", now=NOW)


async def _person(db: Database, community: Community, name: str, *, visible: bool = True, **fields: str) -> Member:
    async with db.transaction() as conn:
        member = await members.create(conn, community_id=community.id, display_name=name, is_admin=False, now=NOW)
        await profiles.save(conn, Profile(member_id=member.id, visible=visible, **fields), search_text="", now=NOW)
        await directory.refresh(conn, member.id)
    return member


async def _found(db: Database, community: Community, query: str, limit: int = 25) -> list[str]:
    async with db.transaction() as conn:
        return [member.display_name for member, _ in await directory.search(conn, community.id, words(query), limit)]


async def _people(db: Database) -> Community:
    community = await _community(db)
    await _person(db, community, "Bo", place="Malmö", trade="Shiatsu therapist", company="Hands AB")
    await _person(db, community, "Cleo", place="København", trade="Reflexologist", company="Fod og Sjæl ApS")
    await _person(db, community, "Eva", place="Lund", trade="Shiatsu therapist", does="Zonterapi, 100% organic")
    await _person(db, community, "Dan", visible=False, place="Malmö", trade="Reflexologist")
    await _person(db, community, "Zed", trade="Zzz-coach", place="Area 9")
    return community


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("malmo", ["Bo"]),
        ("MALMÖ", ["Bo"]),
        ("kobenhavn", ["Cleo"]),
        ("København", ["Cleo"]),
        ("sjael", ["Cleo"]),
        ("shia", ["Bo", "Eva"]),  # the beginning of a word
        ("iats", []),  # not the middle of one
        ("terapi", ["Eva"]),  # the end of a compound: "zonterapi"
        ("atsu", ["Bo", "Eva"]),  # an end of four letters or more
        ("api", []),  # shorter ones match beginnings only
        ("shiatsu therapist", ["Bo", "Eva"]),
        ("therapist shiatsu", ["Bo", "Eva"]),  # any order
        ("shiatsu lund", ["Eva"]),  # every word must match
        ("shiatsu kobenhavn", []),
        ("100%", ["Eva"]),  # punctuation is ignored
        ("zonterapi,", ["Eva"]),
        ("zz", ["Zed"]),  # words ending the alphabet still have a range
        ("9", ["Zed"]),
        ("eva", ["Eva"]),  # the name too
        ("reflexologist", ["Cleo"]),  # Dan's profile is hidden
        ("dan", []),
    ],
)
async def test_search_by_word_beginnings(db: Database, query: str, expected: list[str]) -> None:
    """Each query word begins some word of a visible profile; case, accents and punctuation do not matter."""
    community = await _people(db)
    assert await _found(db, community, query) == expected


async def test_search_stays_within_community_and_limit(db: Database) -> None:
    """Another community's members are never found; at most ``limit`` come back, by name."""
    community = await _people(db)
    other = await _community(db)
    await _person(db, other, "Ada", place="Malmö")
    assert await _found(db, other, "malmo") == ["Ada"]
    assert await _found(db, community, "a", limit=2) == ["Bo", "Cleo"]


async def test_edits_hiding_and_renames_show_at_once(db: Database) -> None:
    """The words follow the stored profile and name after every refresh; hidden profiles have none."""
    community = await _people(db)
    async with db.transaction() as conn:
        bo = (await members.by_name(conn, community.id, "Bo"))[0]
        await profiles.save(conn, Profile(member_id=bo.id, visible=True, place="Ystad"), search_text="", now=NOW)
        await directory.refresh(conn, bo.id)
    assert await _found(db, community, "malmo") == []
    assert await _found(db, community, "ystad") == ["Bo"]
    async with db.transaction() as conn:
        await members.set_fields(conn, bo.id, display_name="Bosse")
        await directory.refresh(conn, bo.id)
        await profiles.save(conn, Profile(member_id=bo.id, visible=False, place="Ystad"), search_text="", now=NOW)
        await directory.refresh(conn, bo.id)
    assert await _found(db, community, "ystad") == []
    async with db.transaction() as conn:
        await profiles.save(conn, Profile(member_id=bo.id, visible=True, place="Ystad"), search_text="", now=NOW)
        await directory.refresh(conn, bo.id)
    assert await _found(db, community, "bosse ystad") == ["Bosse"]


async def test_a_member_who_is_gone_is_not_found(db: Database) -> None:
    """Deleting a member (leaving the community) takes their words with them."""
    community = await _people(db)
    async with db.transaction() as conn:
        eva = (await members.by_name(conn, community.id, "Eva"))[0]
        await conn.execute(delete(members_table).where(members_table.c.id == eva.id))
    assert await _found(db, community, "shiatsu") == ["Bo"]
    async with db.transaction() as conn:
        assert (await conn.execute(select(profile_words).where(profile_words.c.member_id == eva.id))).first() is None


async def test_merge_keeps_the_profile_that_stays_findable(db: Database) -> None:
    """Merging: the kept member is found by the profile kept, under the kept name; the absorbed one is gone."""
    community = await _people(db)
    async with db.transaction() as conn:
        keep = await members.create(conn, community_id=community.id, display_name="Kim", is_admin=False, now=NOW)
    absorb = await _person(db, community, "Kim on Matrix", place="Vellinge")
    async with db.transaction() as conn:
        await merge.merge_members(conn, keep.id, absorb.id)
    assert await _found(db, community, "vellinge") == ["Kim"]
    assert await _found(db, community, "matrix") == []
    other = await _person(db, community, "Kim elsewhere", place="Höör")
    async with db.transaction() as conn:
        await merge.merge_members(conn, keep.id, other.id)
        rows = (await conn.execute(select(profile_words.c.member_id).distinct())).scalars().all()
    assert await _found(db, community, "hoor") == []  # the kept member's own profile wins
    assert await _found(db, community, "vellinge") == ["Kim"]
    assert other.id not in rows


def test_after_prefix_bounds_exactly_the_words_beginning_with_it() -> None:
    """The upper bound of a prefix range sorts after every word with the prefix and before every other."""
    assert after_prefix("malmo") == "malmp"
    assert after_prefix("az") == "b"
    assert after_prefix("a9") == "aa"
    assert after_prefix("zz") is None
    vocabulary = ["a", "az", "azz", "b", "b0", "ma", "malm", "malmo", "malmoe", "malmp", "z", "zz9"]
    for prefix in ("a", "az", "malm", "malmo", "z", "zz", "b"):
        bound = after_prefix(prefix)
        inside = [w for w in vocabulary if w >= prefix and (bound is None or w < bound)]
        assert inside == [w for w in vocabulary if w.startswith(prefix)]


def _fill_at_0003_then_upgrade(connection: Connection) -> list[str]:
    command.upgrade(alembic_config(connection), "0003")
    community = connection.execute(
        insert(communities_table)
        .values(name="Net", timezone="Europe/Stockholm", locale="sv", created_at=NOW)
        .returning(communities_table.c.id)
    ).scalar_one()
    for name, visible in (("Åsa", True), ("Dan", False)):
        member = connection.execute(
            insert(members_table)
            .values(community_id=community, display_name=name, is_admin=False, created_at=NOW)
            .returning(members_table.c.id)
        ).scalar_one()
        connection.execute(
            insert(profiles_table).values(
                member_id=member, visible=visible, place="Malmö", trade="Shiatsu", search_text="", updated_at=NOW
            )
        )
    command.upgrade(alembic_config(connection), "head")
    return list(connection.execute(select(profile_words.c.word).order_by(profile_words.c.word)).scalars())


async def test_migration_fills_words_of_existing_visible_profiles(database_url: str) -> None:
    """Upgrading a database from 0003 gives every visible profile its words, and hidden ones none."""
    engine = create_async_engine(async_url(database_url))
    try:
        async with engine.begin() as connection:
            found = await connection.run_sync(_fill_at_0003_then_upgrade)
    finally:
        await engine.dispose()
    assert found == ["asa", "malmo", "shiatsu"]
