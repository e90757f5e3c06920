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
from datetime import datetime, timedelta
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
#: Coordinators looked at in one read when all are (a sweep): 500 take 1 - 2 ms at scale 100.
_LOOKED_AT_TOGETHER = 500
#: How often every coordinator is looked at, besides at start.
SWEEP_EVERY = timedelta(minutes=10)


def digest_key(member_id: int, day: str) -> str:
    """One digest per member per local day, wherever they are (no platform in the key)."""
    return f"digest:member:{member_id}:{day}"


class NextDigests:
    """Whose next digest to queue. Everyone's when the process starts and every ``SWEEP_EVERY`` after; in between
    only the members noted: those whose digest was just handled, and those whose coordinating just changed
    (``CoordinatorChanged``). Looking at every coordinator at every planning round held SQLite's connection for
    0.1 s each time at scale 100, and planning rounds come several times a second there (benchmarks/README, timers).
    The sweep catches what no note names: a change made by another process, one that stopped before it queued."""

    def __init__(self, store: Store, sweep_every: timedelta = SWEEP_EVERY) -> None:
        self._store = store
        self._sweep_every = sweep_every
        self._noted: set[int] = set()
        self._swept_at: datetime | None = None

    def note(self, member_id: int) -> None:
        self._noted.add(member_id)

    async def queue(self, now: datetime) -> int:
        """Queue what is missing among the members noted, or among all coordinators when a sweep is due."""
        noted, self._noted = self._noted, set()
        sweep = self._swept_at is None or not self._swept_at <= now < self._swept_at + self._sweep_every
        try:
            if sweep:
                queued = await queue_next(self._store, now)
                self._swept_at = now
                return queued
            return await _queue_missing(self._store, sorted(noted), now)
        except BaseException:
            self._noted |= noted
            raise


async def queue_next(store: Store, now: datetime) -> int:
    """Queue the next digest of every coordinator who has none waiting; returns how many were queued.

    A few hundred coordinators at a time, each look a transaction of its own (a millisecond or two): all 10,000 of
    scale 100 in one would hold SQLite's connection for the whole look, and every delivery due meanwhile with it."""
    queued = 0
    after = 0
    while True:
        async with store.transaction() as tx:
            tx.reading = True  # nothing written: the public pages' caches stay valid
            chunk = await digests.coordinators_after(tx.conn, after, _LOOKED_AT_TOGETHER)
        if not chunk:
            return queued
        after = chunk[-1]
        queued += await _queue_missing(store, chunk, now)


async def _queue_missing(store: Store, member_ids: list[int], now: datetime) -> int:
    """Queue the next digest of those of these members who coordinate an active section and have none waiting."""
    if not member_ids:
        return 0
    async with store.transaction() as tx:
        # Nearly always answered "nobody": a read, which must not make the public pages' caches read everything
        # again (a writing transaction bumps the store's generation).
        tx.reading = True
        waiting = await digests.without_digest(tx.conn, member_ids)
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
