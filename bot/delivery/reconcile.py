"""At start: answers given by reaction while the bot was away are read back from open calls."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from sqlalchemy import select

from bot.clock import Clock
from bot.domain.delivery import DeliveryState, Kind
from bot.domain.models import Member
from bot.ports import ChatGateway, SentMessage
from bot.services.rsvps import RsvpService
from bot.storage.schema import occurrences, outbox
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

#: Turns a platform user id into the member (created on first sight), for the community given.
MemberResolver = Callable[[int, str], Awaitable[Member | None]]


async def reconcile_open_calls(
    store: Store,
    clock: Clock,
    gateways: Mapping[str, ChatGateway],
    rsvps: RsvpService,
    resolve: Mapping[str, MemberResolver],
) -> int:
    """Make the stored answers of every meeting not yet over equal the reactions on its calls."""
    query = (
        select(
            outbox.c.occurrence_id,
            outbox.c.platform,
            outbox.c.community_id,
            outbox.c.external_channel,
            outbox.c.external_message,
        )
        .join(occurrences, occurrences.c.id == outbox.c.occurrence_id)
        .where(
            outbox.c.kind == Kind.CALL.value,
            outbox.c.state == DeliveryState.SENT.value,
            outbox.c.platform.in_(list(gateways)),
            occurrences.c.end_at > clock.now(),
        )
    )
    async with store.transaction() as tx:
        calls = list(await tx.conn.execute(query))
    changed = 0
    for occurrence_id, platform, community_id, channel, message in calls:
        changed += await reconcile_call(
            gateways[platform],
            rsvps,
            resolve[platform],
            occurrence_id=occurrence_id,
            community_id=community_id,
            call=SentMessage(channel, message),
        )
    if changed:
        log.info("reconciled %d answers from reactions made while the bot was away", changed)
    return changed


async def reconcile_call(
    gateway: ChatGateway,
    rsvps: RsvpService,
    resolve: MemberResolver,
    *,
    occurrence_id: int,
    community_id: int,
    call: SentMessage,
) -> int:
    """Make the stored answers equal the reactions on one call; returns how many changed."""
    try:
        snapshot = await gateway.reactions(call)
    except Exception:
        log.exception("could not read the reactions of call %s on %s", call.message, gateway.platform)
        return 0
    reactors: dict[str, Member] = {}
    for users in snapshot.by_emoji.values():
        for user in users:
            if user not in reactors:
                member = await resolve(community_id, user)
                if member is not None:
                    reactors[user] = member
    return await rsvps.reconcile(gateway.platform, occurrence_id, snapshot, reactors)
