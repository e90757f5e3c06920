"""Who moderates, mirrored on the platforms.

The core decides; each platform carries it out through its gateway:

- a section's coordinator moderates its channel (Discord: a member overwrite with Manage Messages on it;
  Matrix: power level 50 in its room), and stops when they are no longer its coordinator;
- a community admin moderates the community's place (Matrix: power level 50 in the space; on Discord the
  guild's own permissions decide who is an admin, so there is nothing to grant).

Like memberships (``access.py``), a change queues one delivery per platform that mirrors moderation, in the
transaction that makes it, and the delivery carries out the state as the database has it when it goes out: a
coordinator added and removed at once ends as removed, whatever the order the deliveries run in.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.delivery.access import PlatformTraits
from bot.delivery.destinations import Destinations
from bot.domain.delivery import Delivery, Kind, dedupe_key
from bot.domain.models import Role
from bot.events import DeliveriesQueued
from bot.ports import ChatGateway
from bot.storage.repositories import communities, members, outbox, sections
from bot.storage.unit_of_work import Store, Transaction

log = logging.getLogger(__name__)

#: ``section_id`` of a moderation delivery about the community's place rather than a section's channel.
COMMUNITY = None


async def queue_moderation(
    tx: Transaction,
    traits: PlatformTraits,
    now: datetime,
    *,
    community_id: int,
    member_id: int,
    section_id: int | None,
) -> None:
    """Mirror whether the member moderates the section's channel (or, with ``COMMUNITY``, the community's place)
    on each of their platforms that mirrors moderation."""
    bound = set(await communities.platforms(tx.conn, community_id))
    theirs = {identity.platform for identity in await members.identities_of(tx.conn, member_id)}
    target = "community" if section_id is COMMUNITY else f"section:{section_id}"
    queued = False
    for platform in sorted(bound & theirs):
        if not traits.mirrors_moderation(platform):
            continue
        queued |= await outbox.enqueue(
            tx.conn,
            dedupe_key=dedupe_key(
                Kind.MODERATION, platform, target=target, extra=f"m{member_id}-{uuid.uuid4().hex[:12]}"
            ),
            kind=Kind.MODERATION,
            community_id=community_id,
            platform=platform,
            due_at=now,
            section_id=section_id,
            member_id=member_id,
            now=now,
        )
    if queued:
        tx.emit(DeliveriesQueued())


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a moderation delivery did: ``place`` is the channel (or community) it changed, or None when
    there was nothing to change on the platform (``reason`` says why)."""

    place: str | None
    reason: str = ""


class Moderation:
    """Carries out moderation deliveries (the worker records the outcome, or retries on refusal)."""

    def __init__(self, store: Store, gateways: Mapping[str, ChatGateway], destinations: Destinations) -> None:
        self._store = store
        self._gateways = gateways
        self._destinations = destinations

    async def moderation(self, delivery: Delivery) -> Outcome:
        """Grant or take back the member's moderation as the database has it now (raises DeliveryError)."""
        assert delivery.member_id is not None
        gateway = self._gateways[delivery.platform]
        async with self._store.transaction() as tx:
            user = await members.external_id(tx.conn, delivery.member_id, delivery.platform)
            community = await communities.binding(tx.conn, delivery.community_id, delivery.platform)
            if user is None or community is None:
                return Outcome(None, "the member or the community is not on this platform any more")
            if delivery.section_id is COMMUNITY:
                admin = (await members.get(tx.conn, delivery.member_id)).is_admin
            else:
                membership = await sections.membership(tx.conn, delivery.section_id, delivery.member_id)
                coordinator = membership is not None and membership.role is Role.COORDINATOR
        if delivery.section_id is COMMUNITY:
            if not admin:
                return Outcome(None, "not a community admin")
            await gateway.set_admin(community, user)
            return Outcome(community)
        binding = await self._destinations.section_channel(delivery.platform, delivery.section_id)
        await gateway.set_coordinator(community, binding, user, coordinator=coordinator)
        return Outcome(binding.channel)
