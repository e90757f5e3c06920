"""Sends what is due, exactly once per outbox row, surviving crashes at any point.

1. claim due rows with a lease (a dead worker's claims are taken over when the lease ends);
2. skip what would mislead (past its deadline, superseded by a later one after downtime);
3. before re-sending a row claimed before, look for it in the platform's recent history;
4. send with the row's idempotency key, then record the platform's message id.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.delivery import access, audience, compose, digests, welcome
from bot.delivery.destinations import Destinations, has_private_place
from bot.delivery.edits import digest as content_digest
from bot.delivery.faults import NO_FAULTS, FaultPoints
from bot.delivery.follow_ups import FollowUps
from bot.delivery.moderation import Moderation
from bot.delivery.planner import AUDIENCE, Planner
from bot.delivery.privacy import mirror_privacy
from bot.domain.delivery import Delivery, Kind, dedupe_key
from bot.domain.models import SectionKind, SectionStatus
from bot.events import CallPosted, CoordinatorChanged, Event
from bot.ports import (
    ChannelBinding,
    ChatGateway,
    DeliveryError,
    FollowsUpLater,
    Post,
    SentMessage,
    follows_up_later,
    in_flight,
)
from bot.replies_codec import decode_reply, queued_reply
from bot.services.health_monthly import MonthlyHealth
from bot.services.retention import RetentionPurge
from bot.services.section_watch import SectionWatch
from bot.storage.failures import DiskFull
from bot.storage.group_commit import GroupCommit
from bot.storage.repositories import communities, meetings, members, outbox, platform_state, sections
from bot.storage.unit_of_work import Store, Transaction

log = logging.getLogger(__name__)

_MAX_BACKOFF = timedelta(minutes=10)
# Overdue by more than this after downtime, a delivery counts as a catch-up.
_CATCH_UP_AFTER = timedelta(minutes=5)
# About a meeting still ahead: never a repeat of another meeting's (Tuesday's call is not replaced
# by Thursday's); their deadline, at the latest that meeting's start, already stops them when late.
_ABOUT_AN_UPCOMING_MEETING = frozenset({Kind.CALL, Kind.AGENDA_NUDGE, Kind.REMINDER})
# Each answers something of its own: a reply to one command, one change of membership, one welcome.
_NEVER_SUPERSEDED = frozenset({Kind.REPLY, Kind.ACCESS, Kind.CHANNEL, Kind.WELCOME, Kind.NOTICE})
# Replaced by the coordinator's digest: rows queued before it (an existing database) are skipped when due.
_RETIRED = frozenset({Kind.AGENDA_NUDGE, Kind.MEMO_PROMPT, Kind.MEMO_NUDGE})
# Reminders carry their lead time in the kind ("reminder-60"), so none of them is listed here.
_MAY_BE_SUPERSEDED = tuple(kind.value for kind in Kind if kind not in _ABOUT_AN_UPCOMING_MEETING | _NEVER_SUPERSEDED)


def _is_audience(delivery: Delivery) -> bool:
    return delivery.dedupe_key.split(":")[2] == AUDIENCE


class DeliveryWorker:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        planner: Planner,
        gateways: Mapping[str, ChatGateway],
        destinations: Destinations,
        *,
        worker_id: str | None = None,
        lease: timedelta = timedelta(minutes=2),
        batch: int = 25,
        faults: FaultPoints = NO_FAULTS,
        retention: RetentionPurge | None = None,
        web_base_url: str | None = None,
        watch: SectionWatch | None = None,
        monthly_health: MonthlyHealth | None = None,
    ) -> None:
        self._store = store
        #: The coordinators' monthly health report, queued at the tick that passes its moment.
        self.monthly_health = monthly_health
        #: The daily look at sections needing attention; like the purge, it runs at whatever tick passes its time.
        self._watch = watch
        self._web = web_base_url
        self._retention = retention
        self._clock = clock
        self._planner = planner
        self._gateways = gateways
        self._destinations = destinations
        self.worker_id = worker_id or uuid.uuid4().hex[:16]
        self._lease = lease
        self._batch = batch
        self._faults = faults
        self._moderation = Moderation(store, gateways, destinations)
        self._installation_id: str | None = None
        #: What was sent, recorded by many lanes at once in few transactions.
        self._records = GroupCommit(store, name="deliveries-sent")
        #: When each delivery of the batch being handled was claimed: a claim that young needs no renewal.
        self._claimed_at: dict[int, datetime] = {}
        #: Reactions still to go under messages already posted, on a gateway that ``follows_up_later``.
        self._follow_ups = FollowUps(store, clock, self.worker_id, lease)
        #: Whose next coordinator's digest to queue after a planning round.
        self._next_digests = digests.NextDigests(store)

    async def on_event(self, event: Event) -> None:
        if isinstance(event, CoordinatorChanged):
            self._next_digests.note(event.member_id)

    async def close(self) -> None:
        """Wait until the sends already made are recorded (a record cut short would only mean a look in the
        platform's history at the next start); reactions not yet under their messages are completed then."""
        await self._follow_ups.close()
        await self._records.close()

    async def idempotency_key(self, delivery: Delivery) -> str:
        """The key handed to the platform with every send of this delivery."""
        return delivery.idempotency_key(await self._installation())

    async def _installation(self) -> str:
        """This database's random id, made on first use, part of every idempotency key."""
        if self._installation_id is None:
            async with self._store.transaction() as tx:
                self._installation_id = await platform_state.get_or_create(
                    tx.conn, "core", "installation", secrets.token_hex(3), self._clock.now()
                )
        return self._installation_id

    @property
    def platforms(self) -> tuple[str, ...]:
        return tuple(sorted(self._gateways))

    async def release_stale_claims(self) -> None:
        """At start on SQLite (one process per file) every claim left behind is from a dead process."""
        async with self._store.transaction() as tx:
            released = await outbox.release_claims(tx.conn, self.platforms, keep_worker=self.worker_id)
        if released:
            log.warning("%d deliveries were claimed by a process that stopped; they will be checked and sent", released)

    async def tick(self, platforms: tuple[str, ...] | None = None, *, plan: bool = True) -> int:
        """Plan, then send everything due now; each platform drains on its own, so one that is
        slow or down never holds up another. Returns how many deliveries were handled."""
        now = self._clock.now()
        if plan:
            if self._watch is not None:  # first: a series it makes is planned at once
                await self._watch.run_if_due()
            await self._planner.plan(now)
            if self._retention is not None:
                await self._retention.run_if_due()
            if self.monthly_health is not None:
                await self.monthly_health.run_if_due()
        await self._skip_superseded(now)
        chosen = self.platforms if platforms is None else platforms
        drained = await asyncio.gather(*(self._drain(platform) for platform in chosen))
        if plan:
            # Each coordinator's next digest, once the last one was handled (and for new coordinators).
            await self._next_digests.queue(self._clock.now())
        return sum(drained)

    async def _drain(self, platform: str) -> int:
        handled = 0
        in_flight = self._in_flight(platform)
        while True:
            claimed_at = self._clock.now()
            async with self._store.transaction() as tx:
                claimed = await outbox.claim_due(
                    tx.conn,
                    now=claimed_at,
                    worker=self.worker_id,
                    lease=self._lease,
                    platforms=(platform,),
                    # Several deliveries per destination side by side: no lane waits long for the slowest.
                    limit=max(self._batch, 5 * in_flight),
                )
            if not claimed:
                if not self._follow_ups:
                    return handled
                # The reactions under the calls just posted; then look again: something may have come due.
                await self._follow_ups.settle()
                continue
            self._faults.reached("after-claim")
            self._claimed_at.update(dict.fromkeys((delivery.id for delivery in claimed), claimed_at))
            try:
                await self._handle_claimed(claimed, in_flight)
            finally:
                for delivery in claimed:
                    self._claimed_at.pop(delivery.id, None)
            handled += len(claimed)

    async def deliver_now(self, delivery_ids: list[int]) -> None:
        """Send these deliveries at once, in order (a reply its author waits for); what the platform refuses
        for now stays in the outbox for the platform's loop, like any other delivery."""
        async with self._store.transaction() as tx:
            claimed = await outbox.claim(
                tx.conn, delivery_ids, now=self._clock.now(), worker=self.worker_id, lease=self._lease
            )
        for delivery in claimed:
            await self._handle(delivery)

    def _in_flight(self, platform: str) -> int:
        return in_flight(self._gateways.get(platform))

    async def _handle_claimed(self, claimed: list[Delivery], in_flight: int) -> None:
        """One destination's deliveries in claim order; up to ``in_flight`` destinations at once, so the next
        delivery is composed while the previous request waits on the wire (or in the client's rate limiter).
        Each row keeps its own claim, lease renewal and idempotency key: running side by side changes none."""
        if in_flight == 1:
            for delivery in claimed:
                await self._handle(delivery)
            return
        lanes: dict[tuple[int | None, int | None], list[Delivery]] = {}
        for delivery in claimed:
            target = (delivery.member_id, delivery.section_id if delivery.member_id is None else None)
            lanes.setdefault(target, []).append(delivery)
        slots = asyncio.Semaphore(in_flight)

        async def lane(deliveries: list[Delivery]) -> None:
            async with slots:
                for delivery in deliveries:
                    await self._handle(delivery)

        await asyncio.gather(*(lane(deliveries) for deliveries in lanes.values()))

    async def next_due(self, platforms: tuple[str, ...] | None = None) -> datetime | None:
        """The next instant there is work: a queued delivery, or a series to plan further ahead."""
        async with self._store.transaction() as tx:
            due = await outbox.next_due(tx.conn, self.platforms if platforms is None else platforms)
            plan = await meetings.next_plan_at(tx.conn)
        # The purge runs with planning. Only the real-time main loop (``platforms=()``) wakes for it; simulated time
        # (``None``) does not stop once a day for it (a ten-year jump would stop 3,650 times): it runs at whatever
        # step passes its time, the same rows go.
        wants_purge = self._retention is not None and platforms == ()
        purge = await self._retention.next_at() if self._retention is not None and wants_purge else None
        # The section watch likewise: the real-time loop wakes for it (a quiet community has nothing else due).
        look = await self._watch.next_at() if self._watch is not None and platforms == () else None
        # The monthly report: simulated time stops for it too (once a month), so that it goes out at its hour.
        wants_report = self.monthly_health is not None and platforms in ((), None)
        report = await self.monthly_health.next_at() if self.monthly_health is not None and wants_report else None
        return min((when for when in (due, plan, purge, look, report) if when is not None), default=None)

    async def _skip_superseded(self, now: datetime) -> None:
        """After downtime, of several overdue deliveries that repeat each other only the latest goes."""
        async with self._store.transaction() as tx:
            overdue = await outbox.overdue_pending(
                tx.conn, before=now - _CATCH_UP_AFTER, platforms=self.platforms, kinds=_MAY_BE_SUPERSEDED
            )
            latest: dict[tuple[object, ...], Delivery] = {}
            for delivery in overdue:
                group = delivery.catch_up_group
                previous = latest.get(group)
                if previous is not None:
                    log.info("delivery %s skipped: superseded by %s after downtime", previous.id, delivery.id)
                    await outbox.mark_skipped(tx.conn, previous.id, None, f"superseded by delivery {delivery.id}")
                latest[group] = delivery

    async def _handle(self, delivery: Delivery) -> None:
        try:
            await self._handle_by_kind(delivery)
        except Exception as problem:
            if isinstance(problem, DiskFull):
                log.warning("delivery %s (%s) failed: the disk is full; will retry", delivery.id, delivery.kind)
            else:
                log.exception("delivery %s (%s) failed unexpectedly; will retry", delivery.id, delivery.kind)
            await self._retry(delivery, "unexpected error", None)
        if delivery.base_kind is Kind.DIGEST and delivery.member_id is not None:
            self._next_digests.note(delivery.member_id)  # handled (or back in the outbox): their next one, if due

    async def _handle_by_kind(self, delivery: Delivery) -> None:
        now = self._clock.now()
        if delivery.external_message is not None and delivery.external_channel is not None:
            # Posted before a stop, its reactions not all out: only they are left, however late it is now.
            await self._complete(delivery, SentMessage(delivery.external_channel, delivery.external_message))
        elif delivery.deadline_at is not None and now > delivery.deadline_at:
            await self._skip(delivery, f"too late: its deadline {delivery.deadline_at.isoformat()} has passed")
        elif delivery.base_kind in _RETIRED:
            await self._skip(delivery, "replaced by the coordinator's digest")
        elif delivery.base_kind is Kind.CALL:
            meeting = await self._confirmed_meeting(delivery, now)
            if meeting is not None:
                await self._send(delivery, meeting)
        elif _is_audience(delivery):
            await self._fan_out(delivery)
        elif delivery.base_kind is Kind.ACCESS:
            await self._mirror_access(delivery)
        elif delivery.base_kind is Kind.CHANNEL:
            await self._open_channel(delivery)
        elif delivery.base_kind in (Kind.MODERATION, Kind.ARCHIVE, Kind.PRIVACY):
            await self._moderate(delivery)
        else:
            await self._send(delivery)

    async def _confirmed_meeting(self, delivery: Delivery, now: datetime) -> meetings.InContext | None:
        """The call's meeting with its series, section and community, as read now, when the call may go out (the call
        is composed from them); None when it waits: a call of a ``confirm:yes`` series waits until a coordinator
        confirms its meeting (``meeting confirm`` brings it forward), and at the meeting's start it lapses, never
        sent."""
        assert delivery.occurrence_id is not None
        async with self._store.transaction() as tx:
            meeting = await meetings.occurrence_in_context(tx.conn, delivery.occurrence_id)
            occurrence = meeting.occurrence
            if not meeting.series.confirm_calls or occurrence.confirmed or occurrence.is_cancelled:
                return meeting
            if now >= occurrence.start_at:
                await outbox.mark_skipped(tx.conn, delivery.id, self.worker_id, "never confirmed by a coordinator")
            else:
                await outbox.postpone(
                    tx.conn, delivery.id, self.worker_id, due_at=occurrence.start_at, reason="awaits confirmation"
                )
        log.info("delivery %s (call) waits for a coordinator to confirm its meeting", delivery.id)
        return None

    async def _skip(self, delivery: Delivery, reason: str) -> None:
        log.info("delivery %s (%s) skipped: %s", delivery.id, delivery.kind, reason)
        async with self._store.transaction() as tx:
            await outbox.mark_skipped(tx.conn, delivery.id, self.worker_id, reason)

    async def _fan_out(self, delivery: Delivery) -> None:
        now = self._clock.now()
        async with self._store.transaction() as tx:
            reached = await audience.recipients(tx.conn, delivery)
            children = 0
            if reached.channel:
                children += await outbox.enqueue(
                    tx.conn,
                    dedupe_key=dedupe_key(
                        delivery.kind,
                        delivery.platform,
                        occurrence_id=delivery.occurrence_id,
                        target=f"section:{delivery.section_id}",
                    ),
                    kind=delivery.kind,
                    community_id=delivery.community_id,
                    platform=delivery.platform,
                    due_at=now,
                    deadline_at=delivery.deadline_at,
                    section_id=delivery.section_id,
                    occurrence_id=delivery.occurrence_id,
                    series_id=delivery.series_id,
                    now=now,
                )
            for member_id in reached.direct:
                platform = await members.preferred_platform(tx.conn, member_id)
                if platform != delivery.platform:
                    continue  # the copy of this audience on the member's own platform reaches them
                children += await outbox.enqueue(
                    tx.conn,
                    # No platform in the key: a person gets one direct message, wherever they are.
                    dedupe_key=f"o{delivery.occurrence_id}:{delivery.kind}:member:{member_id}",
                    kind=delivery.kind,
                    community_id=delivery.community_id,
                    platform=platform,
                    due_at=now,
                    deadline_at=delivery.deadline_at,
                    section_id=delivery.section_id,
                    member_id=member_id,
                    occurrence_id=delivery.occurrence_id,
                    series_id=delivery.series_id,
                    now=now,
                )
            note = (
                f"reached {children} recipient(s)"
                if children
                else f"nobody to reach: {reached.reason or 'already reached'}"
            )
            await outbox.mark_skipped(tx.conn, delivery.id, self.worker_id, note)

    async def _send(self, delivery: Delivery, meeting: meetings.InContext | None = None) -> None:
        """Compose and send; ``meeting``: the delivery's meeting in its context, when just read."""
        gateway = self._gateways[delivery.platform]
        if not await self._still_mine(delivery):
            log.warning("delivery %s: the claim expired before sending; another worker has it", delivery.id)
            return
        post = await self._compose(delivery, meeting)
        if post is None:
            empty = delivery.base_kind is Kind.DIGEST
            await self._skip(delivery, "nothing in the digest today" if empty else "nothing to say any more")
            return
        sent = None
        found = False
        try:
            destination = await self._destinations.of(delivery)
            if delivery.attempts > 1:
                # Claimed before and never recorded: it may have gone out just before a crash. (Looking
                # can be refused like a send, e.g. rate limited: then it is retried like one.)
                sent = await gateway.find_sent(destination, post.marker, since=delivery.due_at - timedelta(days=1))
                found = sent is not None
                if found:
                    log.info("delivery %s found already sent before a restart; not sending again", delivery.id)
            if sent is None:
                sent = await gateway.send(destination, post, idempotency_key=await self.idempotency_key(delivery))
        except DeliveryError as refusal:
            await self._refused(delivery, refusal)
            return
        self._faults.reached("after-send", delivery.base_kind.value)
        following = follows_up_later(gateway)
        if found or not post.reactions or following is None:
            await self._record(delivery, sent, post)
            return
        # The reactions wait for the deliveries behind this one; the message counts answers from now on.
        if await self._record_posted(delivery, sent, post):
            claimed_at = self._claimed_at.get(delivery.id, self._clock.now())
            follow_up = self._follow_up(delivery, following, sent, post.reactions)
            await self._follow_ups.start(delivery.id, claimed_at, follow_up)

    async def _complete(self, delivery: Delivery, sent: SentMessage) -> None:
        """A message posted before a stop, its reactions maybe not all out: those missing, then the record."""
        following = follows_up_later(self._gateways[delivery.platform])
        post = await self._compose(delivery) if following is not None else None
        if following is None or post is None or not post.reactions:
            await self._record(delivery, sent, None)
            return
        await self._follow_up(delivery, following, sent, post.reactions, resumed=True)

    async def _follow_up(
        self,
        delivery: Delivery,
        gateway: FollowsUpLater,
        sent: SentMessage,
        reactions: tuple[str, ...],
        *,
        resumed: bool = False,
    ) -> None:
        """The reactions under a posted message (``resumed``: some may be there already), then the record."""
        try:
            await gateway.follow_up(sent, reactions, resumed=resumed)
        except DeliveryError as refusal:
            if not refusal.permanent:
                await self._retry(delivery, f"its reactions: {refusal}", refusal.retry_after)
                return
            # The message is out and answers can still be given by hand: it counts as sent.
            log.warning("delivery %s: its reactions were refused for good: %s", delivery.id, refusal)
        except Exception:
            log.exception("delivery %s: its reactions failed unexpectedly; will retry", delivery.id)
            await self._retry(delivery, "unexpected error in its reactions", None)
            return
        await self._record(delivery, sent, None)

    async def _still_mine(self, delivery: Delivery) -> bool:
        """Renew the claim just before sending. A slow batch (rate limits) can outlive its lease, and then another
        worker owns the row; a claim made less than a quarter of the lease ago leaves the send the rest (a write
        spared per delivery in a fan-out)."""
        now = self._clock.now()
        claimed_at = self._claimed_at.get(delivery.id)
        if claimed_at is not None and now - claimed_at < self._lease / 4:
            return True
        async with self._store.transaction() as tx:
            return await outbox.renew_claim(tx.conn, delivery.id, self.worker_id, now=now, lease=self._lease)

    async def _refused(self, delivery: Delivery, refusal: DeliveryError) -> None:
        if refusal.permanent:
            log.error("delivery %s (%s) refused for good: %s", delivery.id, delivery.kind, refusal)
            async with self._store.transaction() as tx:
                await outbox.mark_failed(tx.conn, delivery.id, self.worker_id, str(refusal))
            return
        await self._retry(delivery, str(refusal), refusal.retry_after)

    async def _open_channel(self, delivery: Delivery) -> None:
        assert delivery.section_id is not None
        try:
            binding = await self._destinations.section_channel(delivery.platform, delivery.section_id)
        except DeliveryError as refusal:
            await self._refused(delivery, refusal)
            return
        await self._done(delivery, binding.channel)

    async def _done(self, delivery: Delivery, channel: str) -> None:
        """Record a delivery that posts no message (a channel made, a membership mirrored) as done."""
        async with self._store.transaction() as tx:
            await outbox.mark_sent(
                tx.conn, delivery.id, self.worker_id, channel=channel, message=None, now=self._clock.now()
            )

    async def _moderate(self, delivery: Delivery) -> None:
        """Mirror who moderates, whether a section is archived, or whether its place is private, as the database
        has it now."""
        try:
            if delivery.base_kind is Kind.ARCHIVE:
                outcome = await self._moderation.archive(delivery, await self.idempotency_key(delivery))
            elif delivery.base_kind is Kind.PRIVACY:
                outcome = await mirror_privacy(self._store, self._gateways, delivery)
            else:
                outcome = await self._moderation.moderation(delivery)
        except DeliveryError as refusal:
            await self._refused(delivery, refusal)
            return
        if outcome.place is None:
            await self._skip(delivery, outcome.reason)
        else:
            await self._done(delivery, outcome.place)

    async def _mirror_access(self, delivery: Delivery) -> None:
        """Grant or take back the member's place on the platform as the database has it now."""
        if delivery.member_id is None:
            await self._see_off(delivery)
            return
        gateway = self._gateways[delivery.platform]
        async with self._store.transaction() as tx:
            user = await members.external_id(tx.conn, delivery.member_id, delivery.platform)
            community = await communities.binding(tx.conn, delivery.community_id, delivery.platform)
            section_id = delivery.section_id
            if section_id is None:  # a welcome: into the community's place, and the central group that all are in
                section_id = (await sections.builtin(tx.conn, delivery.community_id, SectionKind.CENTRAL)).id
            is_in = await sections.membership(tx.conn, section_id, delivery.member_id) is not None
            private = has_private_place(await sections.get(tx.conn, section_id))
        if user is None or community is None:
            await self._skip(delivery, "the member or the community is not on this platform any more")
            return
        try:
            if delivery.section_id is None:
                await gateway.add_to_community(community, user)
            binding = await self._destinations.section_channel(delivery.platform, section_id)
            await gateway.set_section_access(community, binding, user, member=is_in, private=private)
        except DeliveryError as refusal:
            await self._refused(delivery, refusal)
            return
        await self._done(delivery, binding.channel)

    async def _see_off(self, delivery: Delivery) -> None:
        """An erased member's account out of the roles and rooms of the sections they were in."""
        assert delivery.payload is not None
        user, section_ids = access.departure(delivery.payload)
        gateway = self._gateways[delivery.platform]
        async with self._store.transaction() as tx:
            community = await communities.binding(tx.conn, delivery.community_id, delivery.platform)
            bindings = [await sections.binding(tx.conn, section_id, delivery.platform) for section_id in section_ids]
            private = [has_private_place(await sections.get(tx.conn, section_id)) for section_id in section_ids]
        if community is None:
            await self._skip(delivery, "the community is not on this platform any more")
            return
        try:
            for binding, hidden in zip(bindings, private, strict=True):
                if binding is not None:
                    await gateway.set_section_access(
                        community, ChannelBinding(*binding), user, member=False, private=hidden
                    )
        except DeliveryError as refusal:
            await self._refused(delivery, refusal)
            return
        await self._done(delivery, community)

    async def _record(self, delivery: Delivery, sent: SentMessage, post: Post | None) -> None:
        """The delivery is sent; ``post``: the message just posted (None: recorded as posted before)."""

        async def write(tx: Transaction) -> bool:
            recorded = await outbox.mark_sent(
                tx.conn, delivery.id, self.worker_id, channel=sent.channel, message=sent.message, now=self._clock.now()
            )
            if recorded and post is not None:
                await self._posted(tx, delivery, sent, post)
            return recorded

        # Sends to different rooms finish close together: their records share a commit (returns once durable).
        recorded = await self._records.run(write)
        if not recorded:
            log.warning("delivery %s was taken over by another worker after its lease ran out", delivery.id)

    async def _record_posted(self, delivery: Delivery, sent: SentMessage, post: Post) -> bool:
        """The message is out, its reactions to follow: its id, and what it shows, are recorded now."""

        async def write(tx: Transaction) -> bool:
            recorded = await outbox.mark_posted(
                tx.conn,
                delivery.id,
                self.worker_id,
                channel=sent.channel,
                message=sent.message,
                shown_digest=content_digest(post.content),
            )
            if recorded:
                await self._posted(tx, delivery, sent, post, digest_written=True)
            return recorded

        recorded = await self._records.run(write)
        if not recorded:
            log.warning("delivery %s was taken over by another worker after its lease ran out", delivery.id)
        return recorded

    async def _posted(
        self, tx: Transaction, delivery: Delivery, sent: SentMessage, post: Post, *, digest_written: bool = False
    ) -> None:
        """A call just posted: what it shows (an edit owed after a crash is told by it), and the news of it."""
        if delivery.base_kind is Kind.CALL and delivery.occurrence_id is not None:
            if not digest_written:
                await outbox.set_shown_digest(tx.conn, delivery.platform, sent.message, content_digest(post.content))
            tx.emit(
                CallPosted(
                    delivery.occurrence_id,
                    delivery.community_id,
                    delivery.platform,
                    sent.channel,
                    sent.message,
                    first_attempt=delivery.attempts <= 1,
                )
            )

    async def _retry(self, delivery: Delivery, reason: str, retry_after: float | None) -> None:
        backoff = (
            timedelta(seconds=retry_after)
            if retry_after
            else min(_MAX_BACKOFF, timedelta(seconds=5 * 2 ** min(delivery.attempts, 10)))
        )
        log.warning("delivery %s (%s) will be retried in %s: %s", delivery.id, delivery.kind, backoff, reason)
        async with self._store.transaction() as tx:
            await outbox.retry_later(
                tx.conn, delivery.id, self.worker_id, due_at=self._clock.now() + backoff, reason=reason
            )

    async def _compose(self, delivery: Delivery, meeting: meetings.InContext | None = None) -> Post | None:
        kind = delivery.base_kind
        async with self._store.transaction() as tx:
            community = meeting.community if meeting else await communities.get(tx.conn, delivery.community_id)
            locale = community.locale
            if delivery.member_id is not None:
                locale = (await members.get(tx.conn, delivery.member_id)).locale or locale
            if kind in (Kind.ANNOUNCEMENT, Kind.NOTICE):
                assert delivery.payload is not None
                return Post(decode_reply(delivery.payload), locale, delivery.marker)
            if kind is Kind.REPLY:
                assert delivery.payload is not None
                return queued_reply(delivery.payload, delivery.marker)
            if kind is Kind.WELCOME:
                return Post(welcome.admin_welcome(community, delivery.platform), locale, delivery.marker)
            if kind is Kind.DIGEST:
                digest = await digests.compose(
                    tx.conn, delivery, self._clock.now(), ask_agendas=self._planner.asks_for_agendas
                )
                return Post(digest, locale, delivery.marker) if digest is not None else None
            if kind is Kind.MEMO:
                assert delivery.memo_id is not None
                loaded = await compose.load_memo(tx.conn, delivery.memo_id)
                return Post(compose.memo_content(*loaded), locale, delivery.marker) if loaded else None
            assert delivery.occurrence_id is not None
            occurrence = meeting.occurrence if meeting else None
            known = (community, meeting.series, meeting.section) if meeting else (community,)
            details = await compose.load_details(tx.conn, delivery.occurrence_id, occurrence=occurrence, known=known)
            named = None
            if kind is Kind.REMINDER and delivery.member_id is None:
                # The channel post names only those who chose the channel (not dm, not none).
                answering = [member.id for member, _ in details.coming] + [member.id for member in details.maybe]
                named = await audience.choosing_channel(tx.conn, answering)
        return _meeting_post(kind, delivery, details, locale, named, now=self._clock.now(), web=self._web)


def _meeting_post(
    kind: Kind,
    delivery: Delivery,
    details: compose.MeetingDetails,
    locale: str,
    named: set[int] | None = None,
    *,
    now: datetime,
    web: str | None = None,
) -> Post | None:
    """The post about one meeting, or None when the meeting was cancelled in the meantime."""
    start = details.occurrence.start_at
    if details.occurrence.is_cancelled and kind is not Kind.CANCELLED:
        return None
    if details.section.status is SectionStatus.ARCHIVED:
        return None  # its meetings ended with it (archived before that ended them: their deliveries lapse here)
    if kind is Kind.CALL:
        content = compose.call_content(details, web)
        return Post(content, locale, delivery.marker, reactions=compose.SEED_REACTIONS, starts_at=start)
    contents = {
        Kind.REMINDER: lambda: compose.reminder_content(
            details, ahead=_reminder_ahead(delivery, start, now), direct=delivery.member_id is not None, named=named
        ),
        Kind.CANCELLED: lambda: compose.cancelled_content(details),
        Kind.PROMOTED: lambda: compose.promoted_content(details),
    }
    return Post(contents[kind](), locale, delivery.marker, starts_at=start)


def _reminder_ahead(delivery: Delivery, start: datetime, now: datetime) -> timedelta:
    """How far ahead the meeting is, as its reminder says: the reminder's own lead ("reminder-60": an hour), or
    what is left when it goes out late (after downtime), so that a late day-before reminder never says "tomorrow"."""
    lead = timedelta(minutes=int(delivery.kind.removeprefix(f"{Kind.REMINDER}-")))
    left = start - now
    if left >= lead - _CATCH_UP_AFTER:
        return lead
    roughly = timedelta(hours=1) if left >= timedelta(hours=2) else timedelta(minutes=1)
    return round(left / roughly) * roughly
