"""A meeting's waitlist: when a place opens, the first waiting gets it and is told directly.

A place opens when a yes goes: changed to maybe or no, taken back, or withdrawn because its member left
the section (``bot.services.departures``).
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.delivery import Kind
from bot.domain.meetings import Answer, Occurrence
from bot.events import DeliveriesQueued
from bot.storage.repositories import meetings, members, outbox, rsvps
from bot.storage.unit_of_work import Transaction


async def promote_first_waiting(tx: Transaction, occurrence: Occurrence, now: datetime) -> int | None:
    """Give the opened place to the first waiting and queue them a direct message; the member promoted, if any."""
    waiting = await rsvps.members_answering(tx.conn, occurrence.id, (Answer.YES,), waitlisted=True)
    if not waiting:
        return None
    member, _ = waiting[0]
    await rsvps.set_waitlisted(tx.conn, occurrence.id, member.id, False)
    platform = await members.preferred_platform(tx.conn, member.id)
    if platform is None:
        return member.id
    series = await meetings.get_series(tx.conn, occurrence.series_id)
    await outbox.enqueue(
        tx.conn,
        dedupe_key=f"o{occurrence.id}:{Kind.PROMOTED}:member:{member.id}:{now.isoformat()}",
        kind=Kind.PROMOTED,
        community_id=member.community_id,
        platform=platform,
        due_at=now,
        deadline_at=occurrence.start_at,
        section_id=series.section_id,
        member_id=member.id,
        occurrence_id=occurrence.id,
        now=now,
    )
    tx.emit(DeliveriesQueued())
    return member.id
