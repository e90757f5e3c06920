"""Coordinators' digests on the outbox: one row per coordinator per local day, composed when it is due.

Queuing: every coordinator has one digest waiting in the outbox, at their next digest moment (their local hour in
the community's zone); once it is handled (sent, or skipped when nothing needs them), the next day's is queued.
The dedupe key names the member and the local date, so queuing twice, or by two processes at once, adds nothing.
Its deadline is 21:00 that day: after downtime a digest goes out late, never at night.

Composing: the items of every source (:mod:`bot.services.digest_items`) as they are at that moment, of which
:func:`bot.domain.digest.to_send` keeps what goes out by the member's setting. Nothing kept: the row is skipped.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.delivery.compose import section_name
from bot.domain.delivery import Delivery, Kind
from bot.domain.digest import DigestItem, next_moment, quiet_from, to_send
from bot.replies import Msg, Reply, msg, reply
from bot.services import digest_items
from bot.storage.repositories import communities, digests, members, outbox, sections
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

#: Coordinators whose next digest is queued in one transaction. At 09:00 every coordinator's digest is handled and
#: the next ones are queued together (10,000 at scale 100): in one transaction the writer would be held for seconds,
#: and every delivery due meanwhile would wait for it.
_QUEUED_TOGETHER = 20


def digest_key(member_id: int, day: str) -> str:
    """One digest per member per local day, wherever they are (no platform in the key)."""
    return f"digest:member:{member_id}:{day}"


async def queue_next(store: Store, now: datetime) -> int:
    """Queue the next digest of every coordinator who has none waiting; returns how many were queued."""
    async with store.transaction() as tx:
        # Asked at every planning tick and nearly always answered "nobody": a read, which must not make the public
        # pages' caches read everything again (a writing transaction bumps the store's generation).
        tx.reading = True
        waiting = await digests.coordinators_without_digest(tx.conn)
    if not waiting:
        return 0
    queued = 0
    for start in range(0, len(waiting), _QUEUED_TOGETHER):
        async with store.transaction() as tx:
            for member_id, community_id in waiting[start : start + _QUEUED_TOGETHER]:
                queued += await queue_for(tx.conn, member_id, community_id, now)
    return queued


async def queue_for(conn: AsyncConnection, member_id: int, community_id: int, now: datetime) -> int:
    """Queue the member's next digest unless one is waiting already; 1 if queued."""
    if await digests.has_waiting(conn, member_id):
        return 0
    platform = await members.preferred_platform(conn, member_id)
    if platform is None:
        return 0  # no account anywhere any more: nobody to write to
    zone = ZoneInfo((await communities.get(conn, community_id)).timezone)
    _mode, hour = await digests.setting(conn, member_id)
    at = next_moment(now, hour, zone)
    # Today's digest may be done already (sent at 09:00, and the hour just moved to 15): then tomorrow's. Queued
    # by another process meanwhile (the insert is ignored, that row waits): nothing more.
    for _ in range(2):
        key = digest_key(member_id, at.astimezone(zone).date().isoformat())
        queued = await outbox.enqueue(
            conn,
            dedupe_key=key,
            kind=Kind.DIGEST,
            community_id=community_id,
            platform=platform,
            due_at=at,
            deadline_at=quiet_from(at, zone),
            member_id=member_id,
            now=now,
        )
        if queued:
            return 1
        if await digests.has_waiting(conn, member_id):
            return 0
        at = next_moment(at, hour, zone)
    return 0


async def compose(
    conn: AsyncConnection, delivery: Delivery, now: datetime, *, ask_agendas: bool = True
) -> Reply | None:
    """The digest as it is now, or None when nothing in it goes out today; without ``ask_agendas`` (the community
    turned ``[meetings] agenda_nudge`` off) it does not ask for agendas to prepare."""
    assert delivery.member_id is not None
    section_ids = await digests.coordinated_sections(conn, delivery.member_id)
    if not section_ids:
        return None
    zone = ZoneInfo((await communities.get(conn, delivery.community_id)).timezone)
    mode, hour = await digests.setting(conn, delivery.member_id)
    found = await digest_items.collect(conn, delivery.member_id, section_ids, now)
    if not ask_agendas:
        found = [item for item in found if item.kind != "agenda"]
    chosen = to_send(found, mode, delivery.due_at, hour, zone)
    if not chosen:
        return None
    log.info("digest %s for member %s: %s", delivery.id, delivery.member_id, ", ".join(item.kind for item in chosen))
    return reply(*await _lines(conn, chosen), title=msg("digest-title", count=len(chosen)), private=True)


async def _lines(conn: AsyncConnection, items: list[DigestItem]) -> list[Msg]:
    """The items grouped by section (in the order their first item comes), each section under its name."""
    order: list[int] = []
    for item in items:
        if item.section_id not in order:
            order.append(item.section_id)
    lines: list[Msg] = []
    for section_id in order:
        section = await sections.get(conn, section_id)
        lines.append(msg("digest-section", name=section_name(section), section=section.slug))
        for item in items:
            if item.section_id == section_id:
                lines.append(msg("digest-item", text=item.lines[0]))
                lines.extend(item.lines[1:])
    return lines
