"""Everything stored about one member, read out or erased, by walking ``schema.PERSONAL_DATA``.

The walk is the only list: a table that refers to members and is missing from PERSONAL_DATA fails a test, so
an export cannot leave a table out and an erasure cannot leave a row behind.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.repositories import members
from bot.storage.schema import PERSONAL_DATA, agenda_items, metadata, occurrences, platform_state, rsvps

Rows = dict[str, list[dict[str, Any]]]


def _plain(value: Any) -> Any:
    """A column's value as JSON can hold it."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


async def _accounts_named(conn: AsyncConnection, member_id: int) -> list[Any]:
    """Bookkeeping rows that hold one of the member's platform accounts as their value (who invited the bot)."""
    accounts = await members.identities_of(conn, member_id)
    if not accounts:
        return []
    return [
        and_(platform_state.c.platform == account.platform, platform_state.c.value == account.external_id)
        for account in accounts
    ]


#: Keys of the hand-over offers (``bot.services.handover``): kept under the member asked, naming who offered in
#: the value (``{"from": id, ...}``).
_OFFER_PREFIX = "handover:"


async def _offers_made(conn: AsyncConnection, member_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    """Hand-over offers the member made to others: (key, stored value, the value read)."""
    query = select(platform_state.c.key, platform_state.c.value).where(
        platform_state.c.platform == "core", platform_state.c.key.startswith(_OFFER_PREFIX, autoescape=True)
    )
    made = []
    for key, value in await conn.execute(query):
        record = json.loads(value)
        if record.get("from") == member_id:
            made.append((key, value, record))
    return made


async def rows_about(conn: AsyncConnection, member_id: int) -> Rows:
    """Every row of every table of PERSONAL_DATA that names the member, column by column, in key order."""
    found: Rows = {}
    for name, column in PERSONAL_DATA.items():
        table = metadata.tables[name]
        condition = table.c[column] == member_id
        if table is platform_state:
            offers = [platform_state.c.key == key for key, _, _ in await _offers_made(conn, member_id)]
            condition = or_(condition, *await _accounts_named(conn, member_id), *offers)
        query = select(table).where(condition).order_by(*table.primary_key.columns)
        found[name] = [{key: _plain(value) for key, value in row._mapping.items()} for row in await conn.execute(query)]
    return found


async def erase(conn: AsyncConnection, member_id: int) -> None:
    """Delete the member: their own rows go with them (ON DELETE CASCADE), rows of others they are named in
    (a memo they wrote, an agenda item they proposed, a section they started) keep their content without them
    (ON DELETE SET NULL), bookkeeping holding one of their accounts goes too, and a hand-over they offered
    stays open without their id (SQLite may give it to the next new member, who must not be taken for them)."""
    named = await _accounts_named(conn, member_id)
    if named:
        await conn.execute(delete(platform_state).where(or_(*named)))
    for key, _, record in await _offers_made(conn, member_id):
        await conn.execute(
            update(platform_state)
            .where(platform_state.c.platform == "core", platform_state.c.key == key)
            .values(value=json.dumps({**record, "from": None}))
        )
    await members.delete(conn, member_id)


async def upcoming_meetings_naming(conn: AsyncConnection, member_id: int, now: datetime) -> list[int]:
    """Meetings still ahead whose call or agenda shows the member (an answer, a proposal): edited after an erasure."""
    answered = select(rsvps.c.occurrence_id).where(rsvps.c.member_id == member_id)
    proposed = select(agenda_items.c.occurrence_id).where(agenda_items.c.proposed_by == member_id)
    query = (
        select(occurrences.c.id)
        .where(occurrences.c.start_at > now, or_(occurrences.c.id.in_(answered), occurrences.c.id.in_(proposed)))
        .order_by(occurrences.c.start_at)
    )
    return list((await conn.execute(query)).scalars())
