"""Where a delivery goes, in the platform's own ids: the core resolves, the gateway only posts.

A section's channel is made on the platform the first time something is sent there (or when the
section opens) and its binding kept; a member's direct conversation is opened once and its id kept.
Both are remembered in memory too, so a fan-out to thousands asks the database once per target.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta

from bot.clock import Clock
from bot.domain.delivery import Delivery
from bot.domain.models import Section
from bot.events import ChannelBound, Event, MemberErased
from bot.ports import ChannelBinding, ChatGateway, DeliveryError, Destination, DestinationKind, SectionPlace
from bot.storage.repositories import communities, members, platform_state, sections
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

#: Direct conversations opened but not stored yet, at most (where reopening one gives the same id).
_DIRECT_CHANNELS_PER_SAVE = 50
#: Another process making a section's channel holds it this long at most (a crash leaves it held).
_OPENING_LEASE = timedelta(minutes=2)
#: How long to wait for the channel another process is making, looking every ``_OPENING_POLL`` seconds.
_OPENING_WAIT = 15.0
_OPENING_POLL = 0.1


def section_place(section: Section, community: str) -> SectionPlace:
    """What a platform is told about the section's place (``community``: the community's own id there)."""
    return SectionPlace(
        community=community,
        section_id=section.id,
        slug=section.slug,
        name=section.name,
        topic=section.purpose or section.description or None,
        builtin=section.kind.is_builtin,
        sensitive=has_private_place(section),
    )


def has_private_place(section: Section) -> bool:
    """A sensitive section's place is seen by its members only. Not a built-in section's: everyone (every
    coordinator) is in those, and on Discord no role marks them; their places stay as they are."""
    return section.sensitive and not section.kind.is_builtin


def direct_key(member_id: int) -> str:
    return f"dm:{member_id}"


def opening_key(section_id: int) -> str:
    return f"opening:{section_id}"


class Destinations:
    def __init__(self, store: Store, clock: Clock, gateways: Mapping[str, ChatGateway]) -> None:
        self._store = store
        self._clock = clock
        self._gateways = gateways
        self._channels: dict[tuple[str, int], ChannelBinding] = {}
        self._directs: dict[tuple[str, int], str] = {}
        self._unsaved_directs: dict[str, dict[int, str]] = {}
        self._section_locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._direct_locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._owner = uuid.uuid4().hex

    async def of(self, delivery: Delivery) -> Destination:
        """The delivery's target on its platform; a channel named when it was queued (a reply) is taken as is."""
        direct = delivery.member_id is not None
        if delivery.external_channel is not None and delivery.external_message is None:
            channel = delivery.external_channel
        elif direct:
            assert delivery.member_id is not None
            channel = await self.direct_channel(delivery.platform, delivery.member_id)
        else:
            assert delivery.section_id is not None
            channel = (await self.section_channel(delivery.platform, delivery.section_id)).channel
        return Destination(
            platform=delivery.platform,
            kind=DestinationKind.DIRECT if direct else DestinationKind.CHANNEL,
            community_id=delivery.community_id,
            channel=channel,
            section_id=delivery.section_id,
            member_id=delivery.member_id,
        )

    async def section_channel(self, platform: str, section_id: int) -> ChannelBinding:
        """The section's channel on the platform, made there the first time it is needed."""
        cached = self._channels.get((platform, section_id))
        if cached is not None:
            return cached
        # One at a time per section: the section opening and a delivery to it must not make two channels.
        async with self._section_locks.setdefault((platform, section_id), asyncio.Lock()):
            binding = await self._bound_or_new(platform, section_id)
        self._channels[(platform, section_id)] = binding
        return binding

    async def _bound_or_new(self, platform: str, section_id: int) -> ChannelBinding:
        waited = 0.0
        while True:
            now = self._clock.now()
            async with self._store.transaction() as tx:
                bound = await sections.binding(tx.conn, section_id, platform)
                if bound is not None:
                    return ChannelBinding(*bound)
                # Several processes on one PostgreSQL: one makes the channel, the others wait for its binding.
                mine = await platform_state.take_lease(
                    tx.conn, platform, opening_key(section_id), self._owner, now=now, stale=now - _OPENING_LEASE
                )
                section = await sections.get(tx.conn, section_id)
                community = await communities.binding(tx.conn, section.community_id, platform)
            if mine:
                break
            if waited >= _OPENING_WAIT:
                raise DeliveryError(f"another process is making section {section.slug}'s channel on {platform}")
            await asyncio.sleep(_OPENING_POLL)
            waited += _OPENING_POLL
        try:
            if community is None:
                raise DeliveryError(f"the community has no place on {platform}", permanent=True)
            place = section_place(section, community)
            gateway = self._gateways[platform]
            binding = await gateway.open_section_channel(place)
            async with self._store.transaction() as tx:
                await sections.bind(tx.conn, section_id, platform, binding.channel, binding.role)
                await platform_state.forget_if(tx.conn, platform, opening_key(section_id), self._owner)
                now_sensitive = (await sections.get(tx.conn, section_id)).sensitive
            if now_sensitive is not place.sensitive:
                # Switched while the channel was being made: the switch's delivery found no channel to change.
                await gateway.set_section_privacy(replace(place, sensitive=now_sensitive), binding)
        except BaseException:
            async with self._store.transaction() as tx:
                await platform_state.forget_if(tx.conn, platform, opening_key(section_id), self._owner)
            raise
        log.info("section %s has its channel on %s now", section.slug, platform)
        return binding

    async def on_event(self, event: Event) -> None:
        if isinstance(event, ChannelBound):
            # Bound to another channel (``section bind``): looked up again at the next delivery.
            self._channels.pop((event.platform, event.section_id), None)
        elif isinstance(event, MemberErased):
            self.forget_member(event.member_id)

    async def direct_channel(self, platform: str, member_id: int) -> str:
        """The member's one-to-one conversation with the bot on the platform, opened when there is none."""
        cached = self._directs.get((platform, member_id))
        if cached is not None:
            return cached
        async with self._direct_locks.setdefault((platform, member_id), asyncio.Lock()):
            channel = await self._stored_or_opened(platform, member_id)
        self._directs[(platform, member_id)] = channel
        return channel

    async def _stored_or_opened(self, platform: str, member_id: int) -> str:
        async with self._store.transaction() as tx:
            stored = await platform_state.get(tx.conn, platform, direct_key(member_id))
            if stored is not None:
                return stored
            user = await members.external_id(tx.conn, member_id, platform)
            member = await members.get(tx.conn, member_id)
        if user is None:
            raise DeliveryError(f"the member has no {platform} account", permanent=True)
        gateway = self._gateways[platform]
        channel = await gateway.open_direct(user, member.display_name)
        if getattr(gateway, "direct_channels_are_stable", False):
            # Opening it again gives the same id: stored in batches, since a commit per new conversation would
            # halve a fan-out's rate, and an id lost with a crash only costs opening it once more.
            unsaved = self._unsaved_directs.setdefault(platform, {})
            unsaved[member_id] = channel
            if len(unsaved) >= _DIRECT_CHANNELS_PER_SAVE:
                await self.save()
        else:
            await self._store_directs(platform, {member_id: channel})
        return channel

    async def remember_direct(self, platform: str, member_id: int, channel: str) -> None:
        """A conversation of just the member and the bot that the member opened: direct messages go there."""
        if self._directs.get((platform, member_id)) == channel:
            return
        async with self._store.transaction() as tx:
            stored = await platform_state.get(tx.conn, platform, direct_key(member_id))
            if stored is None:
                await platform_state.put(
                    tx.conn, platform, direct_key(member_id), channel, self._clock.now(), member_id=member_id
                )
        self._directs[(platform, member_id)] = stored or channel

    async def forget_direct(self, platform: str, member_id: int, channel: str) -> bool:
        """The member left their direct conversation ``channel``: the next direct message opens a new one.
        True when it was the one kept for them."""
        self._directs.pop((platform, member_id), None)
        self._unsaved_directs.get(platform, {}).pop(member_id, None)
        async with self._store.transaction() as tx:
            return await platform_state.forget_if(tx.conn, platform, direct_key(member_id), channel)

    async def save(self) -> None:
        """Store the direct conversations opened since the last save (also on close)."""
        unsaved, self._unsaved_directs = self._unsaved_directs, {}
        for platform, values in unsaved.items():
            await self._store_directs(platform, values)

    async def _store_directs(self, platform: str, values: dict[int, str]) -> None:
        async with self._store.transaction() as tx:
            # A member erased since their conversation was opened has nothing kept about them any more.
            still_here = await members.existing(tx.conn, values)
            for member_id, channel in values.items():
                if member_id in still_here:
                    await platform_state.put(
                        tx.conn, platform, direct_key(member_id), channel, self._clock.now(), member_id=member_id
                    )

    def forget_member(self, member_id: int) -> None:
        """An erased member: no conversation with them is kept in memory either."""
        for key in [key for key in self._directs if key[1] == member_id]:
            del self._directs[key]
        for unsaved in self._unsaved_directs.values():
            unsaved.pop(member_id, None)
