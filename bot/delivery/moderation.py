"""Who moderates, and which section channels are archived, mirrored on the platforms.

The core decides; each platform carries it out through its gateway:

- a section's coordinator moderates its channel (Discord: a member overwrite with Manage Messages on it;
  Matrix: power level 50 in its room), and stops when they are no longer its coordinator;
- a community admin moderates the community's place (Matrix: power level 50 in the space; on Discord the
  guild's own permissions decide who is an admin, so there is nothing to grant);
- an archived section's channel gets a notice, then is made read-only for everyone and moved aside (its Discord
  role is deleted); restored, it is writable again, back among the sections, and its members get a new role.

Like memberships (``access.py``), a change queues one delivery per platform that mirrors moderation, in the
transaction that makes it, and the delivery carries out the state as the database has it when it goes out: a
coordinator added and removed at once ends as removed, whatever the order the deliveries run in.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.delivery.access import PlatformTraits
from bot.delivery.destinations import Destinations, section_place
from bot.domain.delivery import Delivery, Kind, dedupe_key
from bot.domain.models import Role, SectionStatus
from bot.events import ChannelBound, DeliveriesQueued
from bot.ports import ChannelBinding, ChatGateway, Destination, DestinationKind, Post
from bot.replies import msg, reply
from bot.storage.repositories import communities, members, outbox, sections
from bot.storage.unit_of_work import Store, Transaction

log = logging.getLogger(__name__)

#: ``section_id`` of a moderation delivery about the community's place rather than a section's channel.
COMMUNITY = None
#: The payload of an archive delivery: what the section became, for the notice that says so.
ARCHIVED, RESTORED = "archived", "restored"


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


async def queue_archive(
    tx: Transaction, traits: PlatformTraits, now: datetime, *, community_id: int, section_id: int, archived: bool
) -> None:
    """Archive (or restore) the section's channel on every platform of the community that mirrors it."""
    state = ARCHIVED if archived else RESTORED
    queued = False
    for platform in await communities.platforms(tx.conn, community_id):
        if not traits.mirrors_moderation(platform):
            continue
        queued |= await outbox.enqueue(
            tx.conn,
            dedupe_key=dedupe_key(
                Kind.ARCHIVE, platform, target=f"section:{section_id}", extra=f"{state}-{uuid.uuid4().hex[:12]}"
            ),
            kind=Kind.ARCHIVE,
            community_id=community_id,
            platform=platform,
            due_at=now,
            section_id=section_id,
            payload=state,
            now=now,
        )
    if queued:
        tx.emit(DeliveriesQueued())


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a moderation or archive delivery did: ``place`` is the channel (or community) it changed, or None when
    there was nothing to change on the platform (``reason`` says why)."""

    place: str | None
    reason: str = ""


class Moderation:
    """Carries out moderation and archive deliveries (the worker records the outcome, or retries on refusal)."""

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

    async def archive(self, delivery: Delivery, idempotency_key: str) -> Outcome:
        """Archive or restore the section's channel as the database has it now; the notice goes out only when the
        delivery's own change is still the section's state (a quick archive and unarchive says nothing twice)."""
        assert delivery.section_id is not None
        platform = delivery.platform
        async with self._store.transaction() as tx:
            section = await sections.get(tx.conn, delivery.section_id)
            community = await communities.get(tx.conn, delivery.community_id)
            place = await communities.binding(tx.conn, delivery.community_id, platform)
            bound = await sections.binding(tx.conn, section.id, platform)
        if place is None or bound is None:
            return Outcome(None, "the section has no channel on this platform")
        archived = section.status is SectionStatus.ARCHIVED
        state = ARCHIVED if archived else RESTORED
        notice = None
        if delivery.payload == state:
            lines = (msg(f"section-{state}-notice", section=section.slug, name=section.name),)
            notice = Post(reply(*lines), community.locale, delivery.marker)
        before = ChannelBinding(*bound)
        destination = Destination(
            platform, DestinationKind.CHANNEL, community.id, before.channel, section_id=section.id
        )
        where = section_place(section, place)
        if archived and notice is not None:  # said while the channel still takes messages
            await self._notify(delivery, destination, notice, idempotency_key)
        after = await self._gateways[platform].set_section_archived(where, before, archived=archived)
        if after != before:
            await self._rebind(section.id, platform, after)
        if not archived:
            if section.sensitive:  # restoring gave the channel a normal section's access (and a new role)
                await self._gateways[platform].set_section_privacy(where, after)
            await self._regrant(delivery, place, after)
            if notice is not None:
                await self._notify(delivery, destination, notice, idempotency_key)
        log.info("section %s is %s on %s", section.slug, state, platform)
        return Outcome(after.channel)

    async def _rebind(self, section_id: int, platform: str, binding: ChannelBinding) -> None:
        """Keep the channel's binding as the platform has it now (a role deleted or made anew)."""
        async with self._store.transaction() as tx:
            await sections.bind(tx.conn, section_id, platform, binding.channel, binding.role)
            tx.emit(ChannelBound(section_id, platform))

    async def _regrant(self, delivery: Delivery, place: str, binding: ChannelBinding) -> None:
        """A restored section's members get its (new) role again; the coordinators kept their moderation."""
        if binding.role is None:
            return
        assert delivery.section_id is not None
        async with self._store.transaction() as tx:
            users = [
                await members.external_id(tx.conn, member_id, delivery.platform)
                for member_id in await sections.member_ids(tx.conn, delivery.section_id)
            ]
        gateway = self._gateways[delivery.platform]
        for user in users:
            if user is not None:
                await gateway.set_section_access(place, binding, user, member=True)

    async def _notify(self, delivery: Delivery, destination: Destination, post: Post, idempotency_key: str) -> None:
        """Post the notice once: a delivery tried before looks for it in the channel first (a crash after it went)."""
        gateway = self._gateways[delivery.platform]
        if delivery.attempts > 1:
            since = delivery.due_at - timedelta(days=1)
            if await gateway.find_sent(destination, post.marker, since=since) is not None:
                return
        await gateway.send(destination, post, idempotency_key=idempotency_key)
