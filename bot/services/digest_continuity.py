"""Digest items about a section slipping (the section watch's continuity findings), told once to its coordinators.

A finding is told in the first digest the coordinator is sent after it was found: the source shows it while it
was found after their last digest went out (a digest composed again after a crash shows it again, as it should:
that one never went out). Findings older than ``TELL_WITHIN`` are not told any more (outbox rows of digests
long gone to the retention purge would otherwise make an old finding look new).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.delivery import DeliveryState, Kind
from bot.domain.digest import DigestItem
from bot.replies import msg
from bot.services.section_watch import CONTINUITY, finding_key
from bot.storage.repositories import platform_state, sections
from bot.storage.schema import outbox

TELL_WITHIN = timedelta(days=30)


#: Built once: asked at every coordinator's digest.
_LAST_DIGEST_SENT = select(func.max(outbox.c.sent_at)).where(
    outbox.c.member_id == bindparam("member_id"),
    outbox.c.kind == Kind.DIGEST.value,
    outbox.c.state == DeliveryState.SENT.value,
)


async def _last_digest_sent(conn: AsyncConnection, coordinator_id: int) -> datetime | None:
    found: datetime | None = (await conn.execute(_LAST_DIGEST_SENT, {"member_id": coordinator_id})).scalar()
    return found


async def continuity(
    conn: AsyncConnection, coordinator_id: int, section_ids: Sequence[int], now: datetime
) -> list[DigestItem]:
    """'A new time, a guest speaker from the needs list, or a pause?' for each section newly found slipping."""
    since = max(now - TELL_WITHIN, await _last_digest_sent(conn, coordinator_id) or now - TELL_WITHIN)
    items: list[DigestItem] = []
    for section_id in section_ids:
        for finding in CONTINUITY:
            stored = await platform_state.get(conn, "core", finding_key(finding, section_id))
            found_at = datetime.fromisoformat(json.loads(stored)["found"]) if stored is not None else None
            if found_at is None or not since < found_at <= now:
                continue
            slug = (await sections.get(conn, section_id)).slug
            lines = (msg(f"digest-continuity-{finding}", section=slug), msg("digest-continuity-ideas", section=slug))
            items.append(DigestItem(f"continuity-{finding}", section_id, lines, since=found_at))
    return items
