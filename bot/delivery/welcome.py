"""The private welcome of a community's first admin: who they are now, and the next three steps.

Queued in the transaction that makes the community's first admin (a guild's owner seen at start, a
configured Matrix admin, whoever the platform names first), so it goes out once, through the outbox, as
a direct message on the platform of the account that became admin; composed when it is sent, in the
admin's language.
"""

from __future__ import annotations

from datetime import datetime

from bot.delivery.access import PlatformTraits
from bot.domain.delivery import Kind, dedupe_key
from bot.domain.models import Community
from bot.events import DeliveriesQueued
from bot.replies import Reply, msg, reply
from bot.storage.repositories import outbox
from bot.storage.unit_of_work import Transaction


async def queue_admin_welcome(
    tx: Transaction, traits: PlatformTraits, now: datetime, *, community_id: int, member_id: int, platform: str
) -> None:
    """Welcome ``member_id``, the community's first admin, on ``platform`` if that platform greets admins."""
    if not traits.greets_first_admin(platform):
        return
    queued = await outbox.enqueue(
        tx.conn,
        dedupe_key=dedupe_key(Kind.WELCOME, platform, target=f"member:{member_id}", extra=f"c{community_id}"),
        kind=Kind.WELCOME,
        community_id=community_id,
        platform=platform,
        due_at=now,
        member_id=member_id,
        now=now,
    )
    if queued:
        tx.emit(DeliveriesQueued())


def admin_welcome(community: Community, platform: str) -> Reply:
    """Three steps: a section, its meeting, its members (how members reach the bot differs per platform)."""
    return reply(
        msg("welcome-admin-intro", community=community.name),
        msg("welcome-admin-step-section"),
        msg("welcome-admin-step-meeting"),
        msg("welcome-admin-step-members", platform=platform),
        msg("welcome-admin-more"),
        title=msg("welcome-admin-title", community=community.name),
        private=True,
    )
