"""Materialises occurrences of active series ahead of time and queues their deliveries.

Planning is idempotent: occurrences are unique per (series, original start) and deliveries per
dedupe key, so planning twice, or by two processes at once, changes nothing the second time.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.agenda import AgendaStatus, default_recipe
from bot.domain.delivery import Kind, dedupe_key
from bot.domain.digest import ASK_BEFORE_CALL
from bot.domain.meetings import Answer, Occurrence, Series
from bot.domain.models import SectionKind, SectionStatus
from bot.domain.recurrence import Recurrence
from bot.services import departures
from bot.settings import MeetingsSettings
from bot.storage.repositories import agenda, communities, meetings, outbox, rsvps, sections
from bot.storage.unit_of_work import Store, Transaction

log = logging.getLogger(__name__)

AUDIENCE = "audience"
_MARGIN = timedelta(days=1)
# Materialised a week before the call at least: the coordinator's digest asks for the agenda from then on.
_LEAD = ASK_BEFORE_CALL + 2 * _MARGIN


def recurrence_of(series: Series) -> Recurrence:
    return Recurrence(
        rrule=series.rrule,
        timezone=series.timezone,
        local_time=series.local_time,
        start_date=series.start_date,
        until=series.until_date,
    )


def call_due(series: Series, start: datetime) -> datetime:
    """The call goes out at the meeting's local wall time, N days earlier (DST-proof)."""
    local = start.astimezone(ZoneInfo(series.timezone))
    return (local - timedelta(days=series.cadence.call_days_before)).astimezone(start.tzinfo)


def planning_horizon(series: Series, now: datetime) -> datetime:
    """Far enough ahead that every delivery of an occurrence is queued before it is due."""
    return now + timedelta(days=series.cadence.call_days_before) + _LEAD


class Planner:
    def __init__(self, store: Store, settings: MeetingsSettings) -> None:
        self._store = store
        self._settings = settings

    @property
    def asks_for_agendas(self) -> bool:
        """Whether coordinators' digests ask for agendas to prepare (``[meetings] agenda_nudge``)."""
        return self._settings.agenda_nudge

    async def plan(self, now: datetime, *, batch: int = 25) -> None:
        """Plan every active series whose turn has come, a batch per transaction: a series takes about half a
        millisecond, and a delivery due meanwhile waits for the whole transaction (200 at a time held SQLite's one
        connection for 90 ms at scale 100: benchmarks/README, timers)."""
        while True:
            async with self._store.transaction() as tx:
                due = await meetings.series_needing_plan(tx.conn, now, batch)
                for series in due:
                    if (await sections.get(tx.conn, series.section_id)).status is SectionStatus.ARCHIVED:
                        # Archived before archiving ended its meetings: they end now.
                        log.info("series %s belongs to an archived section: its meetings end", series.id)
                        await departures.end_meetings(tx, series.section_id, now)
                        continue
                    await self.plan_series(tx, series, now=now, until=planning_horizon(series, now))
            if len(due) < batch:
                return

    async def plan_series(self, tx: Transaction, series: Series, *, now: datetime, until: datetime) -> None:
        since = series.planned_until or now
        for start in recurrence_of(series).between(since, until):
            await self.add_occurrence(tx, series, start, now=now)
        # Look again a day before an occurrence beyond ``until`` could be asked about in a digest (a week before
        # its call), which is before its first delivery is due.
        earliest_unplanned_due = until - timedelta(days=series.cadence.call_days_before) - ASK_BEFORE_CALL
        await meetings.update_series(
            tx.conn, series.id, planned_until=until, next_plan_at=earliest_unplanned_due - _MARGIN
        )

    async def add_occurrence(self, tx: Transaction, series: Series, start: datetime, *, now: datetime) -> None:
        """Materialise the occurrence at ``start``; only the transaction that creates it prepares it."""
        created = await meetings.insert_occurrence(
            tx.conn,
            series_id=series.id,
            start=start,
            end=start + timedelta(minutes=series.duration_minutes),
            place=series.place,
            now=now,
        )
        if created:
            occurrence = await meetings.occurrence_at(tx.conn, series.id, start)
            assert occurrence is not None
            await self.prepare_occurrence(tx, series, occurrence, now=now)

    async def prepare_occurrence(
        self, tx: Transaction, series: Series, occurrence: Occurrence, *, now: datetime
    ) -> None:
        """Default agenda, standing answers and the deliveries of one occurrence (each only once)."""
        if not await agenda.of_occurrence(tx.conn, occurrence.id):
            section = await sections.get(tx.conn, series.section_id)
            recipe = default_recipe(series.duration_minutes, what_works=section.kind is SectionKind.COORDINATORS)
            for position, (kind, minutes) in enumerate(recipe, start=1):
                await agenda.add(
                    tx.conn,
                    occurrence_id=occurrence.id,
                    position=position,
                    kind=kind,
                    title="",
                    minutes=minutes,
                    status=AgendaStatus.ACCEPTED,
                    proposed_by=None,
                    now=now,
                )
        for member_id in await rsvps.standing_members(tx.conn, series.id):
            if await rsvps.get(tx.conn, occurrence.id, member_id) is None:
                await rsvps.put(
                    tx.conn, occurrence.id, member_id, Answer.YES, waitlisted=False, source="always", now=now
                )
        await self.queue_deliveries(tx, series, occurrence, now=now)

    async def queue_deliveries(self, tx: Transaction, series: Series, occurrence: Occurrence, *, now: datetime) -> None:
        section = await sections.get(tx.conn, series.section_id)
        start = occurrence.start_at
        called = call_due(series, start)
        plan: list[tuple[str, str, datetime, datetime]] = [(Kind.CALL, f"section:{section.id}", called, start)]
        # What the coordinators are asked (the agenda before the call, the memo after the meeting) is in each one's
        # digest (bot/delivery/digests.py), composed when it is due: no delivery of its own per meeting.
        for minutes in series.cadence.reminder_minutes:
            plan.append((f"{Kind.REMINDER}-{minutes}", AUDIENCE, start - timedelta(minutes=minutes), start))
        for platform in await communities.platforms(tx.conn, section.community_id):
            for kind, target, due, deadline in plan:
                await outbox.enqueue(
                    tx.conn,
                    dedupe_key=dedupe_key(kind, platform, occurrence_id=occurrence.id, target=target),
                    kind=kind,
                    community_id=section.community_id,
                    platform=platform,
                    due_at=due,
                    deadline_at=deadline,
                    section_id=section.id,
                    occurrence_id=occurrence.id,
                    series_id=series.id,
                    now=now,
                )
