"""The delivery worker against a fake gateway: once, retried, skipped when late, checked after a crash."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.bootstrap import Core
from bot.clock import SimulatedClock
from bot.domain.delivery import DeliveryState, Kind, dedupe_key
from bot.domain.models import Community
from bot.ports import DeliveryError, Destination, DestinationKind, Post
from bot.replies import msg, reply
from bot.replies_codec import encode_reply
from bot.storage.repositories import outbox
from tests.fakes import FakeGateway


@pytest.fixture
async def world(core: Core) -> tuple[Core, FakeGateway, Community]:
    gateway = FakeGateway()
    community = await core.services.communities.ensure_community(
        "fake", "guild", name="Test", timezone="Europe/Stockholm", locale="en"
    )
    core.add_gateway(gateway)
    return core, gateway, community


async def _queue(core: Core, community: Community, subject: str, *, deadline_in: timedelta | None = None) -> int:
    central = (await core.services.sections.overview(community, include_proposed=False))[0][0]
    now = core.clock.now()
    async with core.store.transaction() as tx:
        await outbox.enqueue(
            tx.conn,
            dedupe_key=dedupe_key(Kind.ANNOUNCEMENT, "fake", target=f"section:{central.id}", extra=subject),
            kind=Kind.ANNOUNCEMENT,
            community_id=community.id,
            platform="fake",
            due_at=now,
            deadline_at=now + deadline_in if deadline_in else None,
            section_id=central.id,
            payload=encode_reply(reply(msg("help-title"))),
            now=now,
        )
        rows = await outbox.all_rows(tx.conn)
    return rows[-1].id


async def _state(core: Core, delivery_id: int) -> DeliveryState:
    async with core.store.transaction() as tx:
        return (await outbox.get(tx.conn, delivery_id)).state


async def test_queued_twice_sent_once(world: tuple[Core, FakeGateway, Community]) -> None:
    """Queuing the same delivery twice is a no-op, and it is sent exactly once."""
    core, gateway, community = world
    await _queue(core, community, "a")
    await _queue(core, community, "a")
    await core.worker.tick()
    await core.worker.tick()
    assert len(gateway.sent) == 1


async def test_transient_failure_is_retried_later(
    world: tuple[Core, FakeGateway, Community], clock: SimulatedClock
) -> None:
    """A platform hiccup puts the delivery back with a delay; it goes out once time has passed."""
    core, gateway, community = world
    gateway.failures.append(DeliveryError("502"))
    delivery_id = await _queue(core, community, "b")
    await core.worker.tick()
    assert gateway.sent == []
    assert await _state(core, delivery_id) is DeliveryState.PENDING
    clock.advance(timedelta(minutes=1))
    await core.worker.tick()
    assert len(gateway.sent) == 1
    assert await _state(core, delivery_id) is DeliveryState.SENT


async def test_rate_limit_waits_as_long_as_asked(
    world: tuple[Core, FakeGateway, Community], clock: SimulatedClock
) -> None:
    """A rate limit's retry-after is honoured: not before, but right after."""
    core, gateway, community = world
    gateway.failures.append(DeliveryError("429", retry_after=30))
    await _queue(core, community, "c")
    await core.worker.tick()
    clock.advance(timedelta(seconds=29))
    await core.worker.tick()
    assert gateway.sent == []
    clock.advance(timedelta(seconds=2))
    await core.worker.tick()
    assert len(gateway.sent) == 1


async def test_permanent_refusal_fails_without_retry(
    world: tuple[Core, FakeGateway, Community], clock: SimulatedClock
) -> None:
    """A refusal that retrying cannot mend marks the delivery failed."""
    core, gateway, community = world
    gateway.failures.append(DeliveryError("403 missing access", permanent=True))
    delivery_id = await _queue(core, community, "d")
    await core.worker.tick()
    clock.advance(timedelta(hours=1))
    await core.worker.tick()
    assert gateway.sent == []
    assert await _state(core, delivery_id) is DeliveryState.FAILED


async def test_past_deadline_is_skipped(world: tuple[Core, FakeGateway, Community], clock: SimulatedClock) -> None:
    """A delivery whose moment has passed is skipped with a reason, never sent late."""
    core, gateway, community = world
    delivery_id = await _queue(core, community, "e", deadline_in=timedelta(minutes=5))
    clock.advance(timedelta(minutes=6))
    await core.worker.tick()
    assert gateway.sent == []
    assert await _state(core, delivery_id) is DeliveryState.SKIPPED


async def test_claim_left_by_a_crash_is_checked_in_history(
    world: tuple[Core, FakeGateway, Community], clock: SimulatedClock
) -> None:
    """A claim whose lease ran out is looked up on the platform first, and not sent again if found."""
    core, gateway, community = world
    delivery_id = await _queue(core, community, "f")
    async with core.store.transaction() as tx:
        [claimed] = await outbox.claim_due(
            tx.conn, now=clock.now(), worker="dead", lease=timedelta(minutes=2), platforms=("fake",), limit=10
        )
    # The dead worker had sent it before it died; its record never reached the database.
    destination = Destination("fake", DestinationKind.CHANNEL, community.id, claimed.section_id)
    await gateway.send(destination, Post(reply(msg("help-title")), "en", claimed.marker), idempotency_key="lost")
    clock.advance(timedelta(minutes=3))
    await core.worker.tick()
    assert len(gateway.sent) == 1
    assert gateway.history_lookups == 1
    assert await _state(core, delivery_id) is DeliveryState.SENT
