"""A gateway that posts a call's reactions apart from it (Matrix): the call counts answers as soon as it is out,
the next deliveries do not wait for its reactions, and a stop in between completes them without posting twice."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import time, timedelta

from sqlalchemy import select

from adapters.console.render import render_block
from bot.bootstrap import Core, build_core
from bot.clock import SimulatedClock
from bot.delivery.follow_ups import FollowUps
from bot.domain.delivery import Delivery, DeliveryState, Kind
from bot.domain.models import Member
from bot.i18n import Translator
from bot.ports import DeliveryError, SentMessage
from bot.services.meetings import SeriesRequest
from bot.settings import Settings
from bot.storage.repositories import outbox
from bot.storage.schema import outbox as rows
from tests.fakes import FakeGateway


@dataclass
class FollowingGateway(FakeGateway):
    """Posts a call's reactions in ``follow_up``, which the test can hold or make fail."""

    follows_up_later: bool = True
    max_in_flight: int = 10
    #: (message, reaction) in the order they were put under their messages.
    reacted: list[tuple[str, str]] = field(default_factory=list)
    #: What ``follow_up`` was asked, with ``resumed``.
    asked: list[tuple[str, bool]] = field(default_factory=list)
    follow_up_failures: list[DeliveryError] = field(default_factory=list)
    hold: asyncio.Event | None = None
    #: Set when a follow-up is first asked for (the call is out and recorded as posted).
    following: asyncio.Event = field(default_factory=asyncio.Event)

    async def follow_up(self, sent: SentMessage, reactions: tuple[str, ...], *, resumed: bool = False) -> None:
        self.asked.append((sent.message, resumed))
        self.following.set()
        if self.hold is not None:
            await self.hold.wait()
        if self.follow_up_failures:
            raise self.follow_up_failures.pop(0)
        there = {emoji for message, emoji in self.reacted if message == sent.message}
        self.reacted.extend((sent.message, emoji) for emoji in reactions if emoji not in there)

    def calls(self) -> list[str]:
        return [str(number + 1) for number, (_, post, _) in enumerate(self.sent) if ":call:" in post.marker]


async def meeting_with_a_call_due(core: Core, gateway: FollowingGateway) -> Member:
    """A weekly meeting in #central on the fake platform; its first call is due now."""
    services = core.services
    community = await services.communities.ensure_community(
        "fake", "guild", name="Net", timezone="Europe/Stockholm", locale="en"
    )
    anna = await services.communities.ensure_member(
        community, "fake", "u-anna", display_name="Anna", admin_if_first=True
    )
    core.add_gateway(gateway)
    central = await services.sections.get(community, "central")
    await services.meetings.schedule(
        community, central, anna, SeriesRequest(rule="weekly tue", at=time(18), duration_minutes=90)
    )
    return anna


async def call_row(core: Core) -> Delivery:
    """The first meeting's call (the next meetings' wait for their time)."""
    async with core.store.transaction() as tx:
        calls = [row for row in await outbox.all_rows(tx.conn) if row.kind == Kind.CALL.value]
    return min(calls, key=lambda row: row.due_at)


async def test_the_call_is_recorded_when_posted_and_sent_once_its_reactions_are_out(core: Core) -> None:
    """While its reactions wait the call is claimed with its message id (an answer to it counts already); once
    they are out it is sent, and nothing was posted twice."""
    gateway = FollowingGateway(hold=asyncio.Event())
    anna = await meeting_with_a_call_due(core, gateway)
    ticking = asyncio.create_task(core.worker.tick())
    await gateway.following.wait()
    (call,) = gateway.calls()
    row = await call_row(core)
    assert (row.state, row.external_message) == (DeliveryState.CLAIMED, call)
    await core.services.rsvps.on_reaction("fake", call, anna, "✅", added=True)
    async with core.store.transaction() as tx:
        assert (await outbox.by_message(tx.conn, "fake", call)) is not None

    gateway.hold.set()  # type: ignore[union-attr]
    await ticking
    assert gateway.reacted == [(call, "✅"), (call, "🤔"), (call, "❌")]
    row = await call_row(core)
    assert (row.state, row.external_message) == (DeliveryState.SENT, call)
    assert gateway.calls() == [call]


async def test_an_answer_given_while_the_reactions_wait_shows_on_the_call(core: Core) -> None:
    """In a big fan-out a call's reactions can wait a minute: an answer given meanwhile is counted on the call
    at once (it is edited), not only after its reactions are out."""
    gateway = FollowingGateway(hold=asyncio.Event())
    anna = await meeting_with_a_call_due(core, gateway)
    ticking = asyncio.create_task(core.worker.tick())
    await gateway.following.wait()
    (call,) = gateway.calls()
    await core.services.rsvps.on_reaction("fake", call, anna, "✅", added=True)
    await core.editor.flush()
    assert [message.message for message, _ in gateway.edits] == [call]
    shown = render_block(core.services.translator, "en", "", gateway.edits[-1][1].content)
    assert "Answers: ✅ 1 · 🤔 0 · ❌ 0" in shown
    gateway.hold.set()  # type: ignore[union-attr]
    await ticking


async def test_reactions_refused_for_now_are_completed_later_without_posting_again(
    core: Core, clock: SimulatedClock
) -> None:
    """The homeserver refuses the reactions (rate limited): the call goes back to the outbox with the delay named,
    and then only its reactions go, those not there yet."""
    gateway = FollowingGateway(follow_up_failures=[DeliveryError("rate limited", retry_after=30)])
    await meeting_with_a_call_due(core, gateway)
    await core.worker.tick()
    (call,) = gateway.calls()
    row = await call_row(core)
    assert (row.state, row.external_message) == (DeliveryState.PENDING, call)

    clock.advance(timedelta(seconds=31))
    await core.worker.tick()
    assert gateway.calls() == [call]
    assert gateway.asked == [(call, False), (call, True)]
    assert [emoji for _, emoji in gateway.reacted] == ["✅", "🤔", "❌"]
    assert (await call_row(core)).state is DeliveryState.SENT


async def test_reactions_refused_for_good_leave_the_call_sent(core: Core) -> None:
    """The call is out and can be answered by hand: refused reactions do not make it a failed delivery."""
    gateway = FollowingGateway(follow_up_failures=[DeliveryError("forbidden", permanent=True)])
    await meeting_with_a_call_due(core, gateway)
    await core.worker.tick()
    assert gateway.reacted == []
    assert (await call_row(core)).state is DeliveryState.SENT


async def test_a_call_posted_before_a_stop_gets_its_reactions_after_the_start_even_past_its_meeting(
    clock: SimulatedClock, settings: Settings, migrated_sqlite_url: str, translator: Translator
) -> None:
    """The bot stops while the reactions wait: the call stays claimed with its message id; the next start posts
    only the reactions, even when the meeting has begun meanwhile."""
    gateway = FollowingGateway(hold=asyncio.Event())
    first = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    await meeting_with_a_call_due(first, gateway)
    ticking = asyncio.create_task(first.worker.tick())
    await gateway.following.wait()
    ticking.cancel()  # the bot stops as its runner does: the round first, then the core
    await asyncio.gather(ticking, return_exceptions=True)
    await first.close()
    (call,) = gateway.calls()

    gateway.hold = None
    clock.advance(timedelta(days=1, hours=10))  # past the meeting's start (Tuesday 18:00)
    second = await build_core(settings, clock, database_url=migrated_sqlite_url, translator=translator)
    try:
        assert (await call_row(second)).state is DeliveryState.CLAIMED
        second.add_gateway(gateway)
        await second.prepare_delivery()
        await second.worker.tick()
        assert (await call_row(second)).state is DeliveryState.SENT
    finally:
        await second.close()
    markers = [post.marker for _, post, _ in gateway.sent]
    assert len(markers) == len(set(markers))  # nothing posted twice
    assert gateway.history_lookups == 0  # its message id was known: no looking for it
    assert (call, True) in gateway.asked
    assert [emoji for message, emoji in gateway.reacted if message == call] == ["✅", "🤔", "❌"]


async def test_claims_of_deliveries_waiting_for_their_reactions_are_renewed(core: Core, clock: SimulatedClock) -> None:
    """A fan-out slower than the lease (a rate-limited account) keeps its claims: another worker does not take
    them over and post again."""
    gateway = FollowingGateway(hold=asyncio.Event())
    await meeting_with_a_call_due(core, gateway)
    worker = core.worker
    ticking = asyncio.create_task(worker.tick())
    await gateway.following.wait()
    follow_ups: FollowUps = worker._follow_ups
    for _ in range(4):  # eight minutes in all, four times the lease
        clock.advance(timedelta(minutes=2))
        await follow_ups.renew_claims()
        row = await call_row(core)
        assert row.state is DeliveryState.CLAIMED
        async with core.store.transaction() as tx:
            lease_until = (await tx.conn.execute(select(rows.c.lease_until).where(rows.c.id == row.id))).scalar_one()
        assert lease_until > clock.now()
    async with core.store.transaction() as tx:
        taken = await outbox.claim_due(
            tx.conn, now=clock.now(), worker="another", lease=timedelta(minutes=2), platforms=("fake",), limit=10
        )
    assert [delivery.kind for delivery in taken if delivery.kind == Kind.CALL.value] == []
    gateway.hold.set()  # type: ignore[union-attr]
    await ticking
    assert (await call_row(core)).state is DeliveryState.SENT
