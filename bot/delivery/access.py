"""Who is in what, mirrored on the platforms: a section's role or room, the community's space.

A change of membership queues one ``access`` delivery per platform that mirrors it, in the same
transaction as the change: the command's reply never waits for a platform (a role grant on Discord,
an invitation on Matrix that may wait out rate limits), one platform being down holds up no other,
and nothing is lost with a crash. The delivery reads the membership as it is when it goes out, so
a join and a leave in quick succession end as the member's last choice, whatever the order.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.delivery import Kind, dedupe_key
from bot.domain.models import Identity
from bot.events import DeliveriesQueued
from bot.storage.repositories import communities, outbox
from bot.storage.unit_of_work import Transaction

#: ``section_id`` of an access delivery that welcomes a member into the community (its space, the central group).
WELCOME = None


@dataclass
class PlatformTraits:
    """What each platform mirrors, as its adapter declares when it is built, before anything is queued."""

    _welcomes: set[str] = field(default_factory=set)
    _sections: set[str] = field(default_factory=set)
    _greeters: set[str] = field(default_factory=set)
    _moderators: set[str] = field(default_factory=set)

    def declare(
        self,
        platform: str,
        *,
        welcomes_members: bool,
        mirrors_sections: bool,
        greets_first_admin: bool = False,
        mirrors_moderation: bool = False,
    ) -> None:
        for chosen, names in (
            (welcomes_members, self._welcomes),
            (mirrors_sections, self._sections),
            (greets_first_admin, self._greeters),
            (mirrors_moderation, self._moderators),
        ):
            if chosen:
                names.add(platform)
            else:
                names.discard(platform)

    def mirrors(self, platform: str, section_id: int | None) -> bool:
        return platform in (self._welcomes if section_id is WELCOME else self._sections)

    def greets_first_admin(self, platform: str) -> bool:
        """The platform sends a community's first admin a private welcome (a direct message)."""
        return platform in self._greeters

    def mirrors_moderation(self, platform: str) -> bool:
        """The platform mirrors who moderates (coordinators, admins) and which section channels are archived."""
        return platform in self._moderators


async def queue_access(
    tx: Transaction,
    traits: PlatformTraits,
    now: datetime,
    *,
    community_id: int,
    member_id: int,
    section_id: int | None,
) -> None:
    """Mirror the member's place in a section (or, with ``WELCOME``, in the community) on their platforms."""
    target = "community" if section_id is WELCOME else f"section:{section_id}"
    queued = False
    for platform in await communities.platforms_of_member(tx.conn, community_id, member_id):
        if not traits.mirrors(platform, section_id):
            continue
        queued |= await outbox.enqueue(
            tx.conn,
            # Each change its own row: one sent before must not swallow a later change made at the same instant.
            dedupe_key=dedupe_key(Kind.ACCESS, platform, target=target, extra=f"m{member_id}-{uuid.uuid4().hex[:12]}"),
            kind=Kind.ACCESS,
            community_id=community_id,
            platform=platform,
            due_at=now,
            section_id=section_id,
            member_id=member_id,
            now=now,
        )
    if queued:
        tx.emit(DeliveriesQueued())


async def queue_departure(
    tx: Transaction,
    traits: PlatformTraits,
    now: datetime,
    *,
    community_id: int,
    accounts: Sequence[Identity],
    sections: Sequence[int],
) -> None:
    """Take an erased member's accounts out of their sections' roles and rooms. The member is gone when this
    goes out, so the row names the account itself (in its payload) and no member."""
    bound = set(await communities.platforms(tx.conn, community_id))
    queued = False
    for account in accounts:
        if account.platform not in bound or not traits.mirrors(account.platform, section_id=0):
            continue
        queued |= await outbox.enqueue(
            tx.conn,
            dedupe_key=dedupe_key(Kind.ACCESS, account.platform, target="departure", extra=uuid.uuid4().hex[:16]),
            kind=Kind.ACCESS,
            community_id=community_id,
            platform=account.platform,
            due_at=now,
            payload=json.dumps({"user": account.external_id, "sections": list(sections)}),
            now=now,
        )
    if queued:
        tx.emit(DeliveriesQueued())


def departure(payload: str) -> tuple[str, list[int]]:
    """The account and the sections of an erased member's departure row."""
    data = json.loads(payload)
    return str(data["user"]), [int(section) for section in data["sections"]]
