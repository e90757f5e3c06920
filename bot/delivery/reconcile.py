"""Answers given by reaction while the bot was away, read back from one meeting call."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.clock import Clock
from bot.domain.meetings import answer_for_emoji
from bot.domain.models import Member
from bot.ports import ChatGateway, ReactionSnapshot, SentMessage
from bot.services.rsvps import RsvpService
from bot.storage.repositories import members
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

#: Turns a platform user id into the member (created on first sight), for the community given.
MemberResolver = Callable[[int, str], Awaitable[Member | None]]


async def reconcile_call(
    gateway: ChatGateway,
    store: Store,
    clock: Clock,
    rsvps: RsvpService,
    resolve: MemberResolver,
    *,
    occurrence_id: int,
    community_id: int,
    call: SentMessage,
) -> int:
    """Make the stored answers equal the reactions on one call; returns how many changed."""
    read_at = clock.now()
    try:
        snapshot = await gateway.reactions(call)
    except Exception:
        log.exception("could not read the reactions of call %s on %s", call.message, gateway.platform)
        return 0
    reactors = await _members_of(store, resolve, gateway.platform, community_id, snapshot)
    return await rsvps.reconcile(gateway.platform, occurrence_id, snapshot, reactors, read_at=read_at)


async def _members_of(
    store: Store, resolve: MemberResolver, platform: str, community_id: int, snapshot: ReactionSnapshot
) -> dict[str, Member]:
    """The members behind the answering reactions: known accounts in one query, the rest one by one.

    Only accounts never seen before go through ``resolve`` (which may ask the platform for a name
    and create the member); reactions that are no answer (👍) name nobody worth creating.
    """
    users = {user for emoji, who in snapshot.by_emoji.items() if answer_for_emoji(emoji) is not None for user in who}
    if not users:
        return {}
    async with store.transaction() as tx:
        found = await members.by_identities(tx.conn, community_id, platform, users)
    for user in sorted(users - found.keys()):
        member = await resolve(community_id, user)
        if member is not None:
            found[user] = member
    return found
