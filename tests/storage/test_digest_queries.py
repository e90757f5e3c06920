"""Queuing coordinators' digests on SQLite and PostgreSQL: who gets one, and one row per member and day however
many processes queue at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.bus import EventBus
from bot.delivery import digests
from bot.domain.delivery import Kind
from bot.domain.models import Role, SectionKind, SectionStatus
from bot.storage.database import Database
from bot.storage.repositories import communities, members, outbox, sections
from bot.storage.repositories import digests as digest_rows
from bot.storage.schema import outbox as outbox_table
from bot.storage.unit_of_work import Store

#: Monday 2 March 2026, 12:00 in Stockholm: the next digest moment at 09:00 local is Tuesday's (08:00 UTC).
NOW = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)


async def _member(conn: AsyncConnection, community_id: int, name: str) -> int:
    member = await members.create(conn, community_id=community_id, display_name=name, is_admin=False, now=NOW)
    await members.add_identity(
        conn, community_id=community_id, member_id=member.id, platform="console", external_id=name.lower()
    )
    return member.id


@pytest_asyncio.fixture
async def people(db: Database) -> dict[str, int]:
    """Anna coordinates #shiatsu, Bo is a member of it, Cy coordinates only an archived section."""
    async with db.transaction() as conn:
        community = await communities.create(conn, name="Net", timezone="Europe/Stockholm", locale="sv", now=NOW)
        found = {name: await _member(conn, community.id, name) for name in ("Anna", "Bo", "Cy")}
        for slug, status in (("shiatsu", SectionStatus.ACTIVE), ("old", SectionStatus.ARCHIVED)):
            section = await sections.create(
                conn,
                community_id=community.id,
                slug=slug,
                name=slug,
                kind=SectionKind.PROFESSION,
                status=status,
                now=NOW,
            )
            if slug == "shiatsu":
                await sections.add_membership(conn, section.id, found["Anna"], Role.COORDINATOR, NOW)
                await sections.add_membership(conn, section.id, found["Bo"], Role.MEMBER, NOW)
            else:
                await sections.add_membership(conn, section.id, found["Cy"], Role.COORDINATOR, NOW)
    return found


async def _digest_rows(db: Database) -> list[tuple[str, int, datetime]]:
    # In the order they are due: PostgreSQL returns rows unordered in whatever order its pages hold them (a row it
    # updated may come after one inserted later).
    query = (
        select(outbox_table.c.dedupe_key, outbox_table.c.member_id, outbox_table.c.due_at)
        .where(outbox_table.c.kind == Kind.DIGEST.value)
        .order_by(outbox_table.c.due_at, outbox_table.c.id)
    )
    async with db.transaction() as conn:
        return [(key, member, due.astimezone(UTC)) for key, member, due in await conn.execute(query)]


async def test_only_coordinators_of_active_sections_get_a_digest(db: Database, people: dict[str, int]) -> None:
    """Anna's next digest is queued at 09:00 local tomorrow; Bo (a member) and Cy (an archived section) get none."""
    store = Store(db, EventBus())
    assert await digests.queue_next(store, NOW) == 1
    assert await _digest_rows(db) == [
        (f"digest:member:{people['Anna']}:2026-03-03", people["Anna"], datetime(2026, 3, 3, 8, tzinfo=UTC))
    ]
    async with db.transaction() as conn:
        assert await digest_rows.without_digest(conn, sorted(people.values())) == []


async def test_queued_once_however_many_processes_queue_at_once(db: Database, people: dict[str, int]) -> None:
    """Several workers queuing at the same moment (one PostgreSQL) add one row; after it is handled, the next day's."""
    stores = [Store(db, EventBus()) for _ in range(3)]
    await asyncio.gather(*(digests.queue_next(store, NOW) for store in stores))
    (row,) = await _digest_rows(db)
    async with db.transaction() as conn:
        delivery = await outbox.get(conn, (await outbox.ids_by_keys(conn, [row[0]]))[0])
        await outbox.mark_skipped(conn, delivery.id, None, "nothing in the digest today")
    later = delivery.due_at + timedelta(seconds=1)
    await asyncio.gather(*(digests.queue_next(store, later) for store in stores))
    assert [key for key, *_ in await _digest_rows(db)] == [
        f"digest:member:{people['Anna']}:2026-03-03",
        f"digest:member:{people['Anna']}:2026-03-04",
    ]


async def test_every_coordinator_is_looked_at_however_many_reads_the_look_takes(
    db: Database, people: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The look at every coordinator reads them a few at a time (so no read holds the database long): with one per
    read, every coordinator of an active section still gets their digest, the others none."""
    async with db.transaction() as conn:
        community_id = (await members.get(conn, people["Anna"])).community_id
        shiatsu = await sections.by_slug(conn, community_id, "shiatsu")
        assert shiatsu is not None
        more = [await _member(conn, community_id, f"Coordinator {number}") for number in range(4)]
        for member_id in more:
            await sections.add_membership(conn, shiatsu.id, member_id, Role.COORDINATOR, NOW)
    monkeypatch.setattr(digests, "_LOOKED_AT_TOGETHER", 1)
    assert await digests.queue_next(Store(db, EventBus()), NOW) == 5
    assert sorted(member for _, member, _ in await _digest_rows(db)) == sorted([people["Anna"], *more])


async def test_the_looks_at_coordinators_read_only_them_on_sqlite(db: Database, people: dict[str, int]) -> None:
    """Which members coordinate and whose digest waits are found through partial indexes (a few rows of millions),
    not by reading every membership and every delivery of every coordinator."""
    if not db.is_sqlite:
        pytest.skip("the query plan asked for is SQLite's")
    plans = []
    async with db.transaction() as conn:
        for statement, parameters in (
            (digest_rows._COORDINATORS_AFTER, {"after": 0, "limit": 10}),
            (digest_rows._WITHOUT_DIGEST, {"member_ids": sorted(people.values())}),
        ):
            # Planned as the driver gets it, with its parameters bound.
            expanded = statement.compile(dialect=conn.dialect).construct_expanded_state(parameters)
            ordered = [expanded.parameters[name] for name in expanded.positiontup or ()]
            found = await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {expanded.statement}", tuple(ordered))
            plans.append(" / ".join(row[-1] for row in found))
    assert "USING INDEX ix_memberships_coordinators" in plans[0]
    assert "USING INDEX ix_memberships_coordinators" in plans[1]
    assert "USING INDEX ix_outbox_digests_waiting" in plans[1]
