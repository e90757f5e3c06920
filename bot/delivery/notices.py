"""Notices: posts written once when queued, to one member directly or in one section's channel.

A direct notice goes out in daytime where the community lives (``next_daytime``), on the platform the member
is reached on; a channel notice goes to the section's channel on every platform of the community. Each is
queued once per ``subject`` (the outbox's unique key): queueing the same subject again changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.daytime import next_daytime
from bot.domain.delivery import Kind, dedupe_key
from bot.events import DeliveriesQueued
from bot.replies import Reply
from bot.replies_codec import encode_reply
from bot.storage.repositories import communities, members, outbox
from bot.storage.unit_of_work import Transaction


async def queue_direct(
    tx: Transaction, now: datetime, *, community_id: int, member_id: int, subject: str, content: Reply
) -> bool:
    """A private notice to the member, in daytime; False when they cannot be reached (or it was queued before)."""
    platform = await members.preferred_platform(tx.conn, member_id)
    if platform is None:
        return False
    community = await communities.get(tx.conn, community_id)
    queued = await outbox.enqueue(
        tx.conn,
        # No platform in the key: a person gets one direct message, wherever they are.
        dedupe_key=f"{subject}:{Kind.NOTICE}:member:{member_id}",
        kind=Kind.NOTICE,
        community_id=community_id,
        platform=platform,
        due_at=next_daytime(now, community.timezone),
        member_id=member_id,
        payload=encode_reply(content),
        now=now,
    )
    tx.emit(DeliveriesQueued())
    return bool(queued)


async def queue_in_section(
    tx: Transaction, now: datetime, *, community_id: int, section_id: int, subject: str, content: Reply
) -> None:
    """A notice in the section's channel on every platform of the community."""
    for platform in await communities.platforms(tx.conn, community_id):
        await outbox.enqueue(
            tx.conn,
            dedupe_key=dedupe_key(Kind.NOTICE, platform, target=f"section:{section_id}", extra=subject),
            kind=Kind.NOTICE,
            community_id=community_id,
            platform=platform,
            due_at=now,
            section_id=section_id,
            payload=encode_reply(content),
            now=now,
        )
    tx.emit(DeliveriesQueued())
