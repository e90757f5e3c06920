"""A sensitive section's place made private to its members on the platforms, and open again when it is not.

The core decides (``section sensitive``, the community's ``[sections] sensitive``); each platform carries it out
through its gateway's ``set_section_privacy``: on Discord the channel is hidden from @everyone and seen by the
section's role and the bot; on Matrix the room is invite-only, shows history from the invitation on, and is neither
in the room directory nor in the space's list of rooms.

A section made sensitive from the start gets a private place when it is made (``SectionPlace.sensitive``); a switch
later queues one delivery per platform, in the transaction that makes it, and the delivery carries out what the
database says when it goes out: switched on and off at once ends as a normal section's place, whatever the order.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime

from bot.delivery.access import PlatformTraits
from bot.delivery.destinations import section_place
from bot.delivery.moderation import Outcome
from bot.domain.delivery import Delivery, Kind, dedupe_key
from bot.events import DeliveriesQueued
from bot.ports import ChannelBinding, ChatGateway
from bot.storage.repositories import communities, members, outbox, sections
from bot.storage.unit_of_work import Store, Transaction

log = logging.getLogger(__name__)


async def queue_privacy(
    tx: Transaction,
    traits: PlatformTraits | None,
    now: datetime,
    *,
    community_id: int,
    section_ids: Iterable[int],
) -> None:
    """Mirror whether each section's place is private on every platform of the community that looks after access
    to places (those that mirror moderation); with ``traits`` None, on every platform the community is on."""
    platforms = [
        p for p in await communities.platforms(tx.conn, community_id) if traits is None or traits.mirrors_moderation(p)
    ]
    queued = False
    for section_id in section_ids:
        for platform in platforms:
            queued |= await _enqueue(tx, platform, now, community_id=community_id, section_id=section_id)
    if queued:
        tx.emit(DeliveriesQueued())


async def _enqueue(tx: Transaction, platform: str, now: datetime, *, community_id: int, section_id: int) -> bool:
    return await outbox.enqueue(
        tx.conn,
        # Each switch its own row: one sent before must not swallow a later switch made at the same instant.
        dedupe_key=dedupe_key(
            Kind.PRIVACY, platform, target=f"section:{section_id}", extra=f"privacy-{uuid.uuid4().hex[:12]}"
        ),
        kind=Kind.PRIVACY,
        community_id=community_id,
        platform=platform,
        due_at=now,
        section_id=section_id,
        now=now,
    )


async def mirror_privacy(store: Store, gateways: Mapping[str, ChatGateway], delivery: Delivery) -> Outcome:
    """Make the section's place private, or open as a normal section's, as the database has it now (raises
    DeliveryError). A section with no place on the platform yet gets the right one when it is made."""
    assert delivery.section_id is not None
    async with store.transaction() as tx:
        section = await sections.get(tx.conn, delivery.section_id)
        place = await communities.binding(tx.conn, delivery.community_id, delivery.platform)
        bound = await sections.binding(tx.conn, section.id, delivery.platform)
        users = [
            await members.external_id(tx.conn, member_id, delivery.platform)
            for member_id in await sections.member_ids(tx.conn, section.id)
        ]
    if place is None or bound is None:
        return Outcome(None, "the section has no channel on this platform yet")
    binding = ChannelBinding(*bound)
    allowed = frozenset(user for user in users if user is not None)
    await gateways[delivery.platform].set_section_privacy(section_place(section, place), binding, members=allowed)
    log.info(
        "section %s's channel on %s is %s", section.slug, delivery.platform, "private" if section.sensitive else "open"
    )
    return Outcome(binding.channel)
