"""Meeting series of a section: schedule, list, next, cancel or move one, edit from a date on, end.

One active series per section keeps continuity simple to see: the same interval, weekday,
time and place until a coordinator edits it from some date on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.delivery.compose import MeetingDetails, load_details
from bot.delivery.planner import Planner, call_due, planning_horizon, recurrence_of
from bot.domain.delivery import Kind, dedupe_key
from bot.domain.meetings import Cadence, Occurrence, OccurrenceStatus, Series, SeriesStatus
from bot.domain.models import Community, Member, Section
from bot.domain.recurrence import Recurrence, next_dates_preview, parse_rule, rule_until
from bot.domain.text import MAX_LONG_TEXT, clean_text
from bot.domain.when import DateWindow
from bot.errors import UserError
from bot.events import DeliveriesQueued, MeetingChanged
from bot.services import memo_keys
from bot.settings import MeetingsSettings
from bot.storage.repositories import meetings, outbox, sections
from bot.storage.unit_of_work import Store, Transaction

#: How many of a series' coming dates ``meeting next`` looks through for one not cancelled.
_NEXT_LOOKAHEAD = 5


def _may_hide_earlier(series: Series, soonest: Occurrence | None) -> bool:
    """Whether the series' rule may give a date before ``soonest`` that is not materialised yet."""
    if series.planned_until is None or soonest is None:
        return True
    return soonest.start_at > series.planned_until


@dataclass(frozen=True, slots=True)
class SeriesRequest:
    rule: str
    at: time
    duration_minutes: int | None = None
    place: str | None = None
    start: date | None = None
    capacity: int | None = None
    timezone: str | None = None
    #: Calls only for meetings a coordinator confirmed (``meeting confirm``).
    confirm_calls: bool = False


@dataclass(frozen=True, slots=True)
class Scheduled:
    series: Series
    next_dates: list[datetime]


class MeetingService:
    def __init__(self, store: Store, clock: Clock, planner: Planner, settings: MeetingsSettings) -> None:
        self._store = store
        self._clock = clock
        self._planner = planner
        self._settings = settings

    async def schedule(
        self, community: Community, section: Section, actor: Member, request: SeriesRequest
    ) -> Scheduled:
        async with self._store.transaction() as tx:
            if await meetings.active_series_of_section(tx.conn, section.id) is not None:
                raise UserError("error-series-exists", section=section.slug)
            series = await self._create(tx, community, section, actor, request, previous=None)
            await self._plan_now(tx, series)
        return Scheduled(series, next_dates_preview(recurrence_of(series), self._clock.now()))

    async def series_of(self, section: Section) -> Series:
        async with self._store.transaction() as tx:
            series = await meetings.active_series_of_section(tx.conn, section.id)
        if series is None:
            raise UserError("error-no-series", section=section.slug)
        return series

    async def preview(self, series: Series, count: int = 3) -> list[datetime]:
        return next_dates_preview(recurrence_of(series), self._clock.now(), count)

    async def upcoming(self, section: Section, count: int) -> list[MeetingDetails]:
        """The next occurrences (cancelled ones included, so people see them), soonest first."""
        await self.series_of(section)
        now = self._clock.now()
        async with self._store.transaction() as tx:
            for series in await self._active_series(tx, section):
                await self._plan_ahead(tx, series, now, count)
            found = await meetings.soonest_of_section(tx.conn, section.id, ending_after=now, limit=count)
            return [
                await load_details(tx.conn, occurrence.id, occurrence=occurrence, known=(section,))
                for occurrence in found
            ]

    async def next_occurrence(self, section: Section, community: Community | None = None) -> MeetingDetails:
        """The next meeting that is not cancelled (one under way counts), with all a post about it shows
        (``community``: the section's, when the caller has it)."""
        async with self._store.transaction() as tx:
            occurrence, series = await self.next_open(tx, section)
            known = (series, section, community) if community is not None else (series, section)
            return await load_details(tx.conn, occurrence.id, occurrence=occurrence, known=known)

    async def next_open(
        self, tx: Transaction, section: Section, *, for_member: int | None = None
    ) -> tuple[Occurrence, Series]:
        """The next meeting that is not cancelled and its series, in the caller's transaction.

        Without writing as a rule: occurrences exist up to each series' ``planned_until``, so only
        when the soonest one found lies beyond a series' planned span (or none is found) can that
        series' rule hold an earlier, unplanned one, and only then is it planned ahead.

        With ``for_member``, the same statement reads that member's answer to it and whether they are in the
        section, and leaves both in the transaction's memo (``memo_keys``) for the answer about to be written."""
        now = self._clock.now()
        found = await meetings.soonest_open_with_series(tx.conn, section.id, ending_after=now, for_member=for_member)
        if found is not None and found.has_active and not found.may_hide_earlier:
            if for_member is not None:
                tx.memo[memo_keys.answer_of(found.occurrence.id, for_member)] = found.askers_answer
                tx.memo[memo_keys.in_section(section.id, for_member)] = found.asker_in_section
            return found.occurrence, found.series  # nearly always: one statement
        active = await self._active_series(tx, section)
        if not active:
            raise UserError("error-no-series", section=section.slug)
        soonest = await self._soonest_open(tx, section, now)
        short = [series for series in active if _may_hide_earlier(series, soonest)]
        for series in short:
            await self._plan_ahead(tx, series, now, _NEXT_LOOKAHEAD)
        if short:
            soonest = await self._soonest_open(tx, section, now)
        if soonest is None:
            raise UserError("error-no-upcoming", section=section.slug)
        known = {series.id: series for series in active}
        series = known.get(soonest.series_id) or await meetings.get_series(tx.conn, soonest.series_id)
        return soonest, series

    async def _soonest_open(self, tx: Transaction, section: Section, now: datetime) -> Occurrence | None:
        found = await meetings.soonest_of_section(tx.conn, section.id, ending_after=now, limit=1, cancelled=False)
        return found[0] if found else None

    async def occurrence_on(self, section: Section, day: date) -> MeetingDetails:
        """The occurrence of the section's meetings on a local date, materialised if it is far ahead."""
        zone = ZoneInfo((await self.series_of(section)).timezone)
        async with self._store.transaction() as tx:
            occurrence = await self._find_on(tx, section, day, zone)
            if occurrence is None:
                start = datetime.combine(day, time(0), zone)
                # After "edit from a date on" the old series still holds the meetings before that date.
                for series in await self._active_series(tx, section):
                    for instant in recurrence_of(series).between(start, start + timedelta(days=1)):
                        await self._planner.add_occurrence(tx, series, instant, now=self._clock.now())
                occurrence = await self._find_on(tx, section, day, zone)
            if occurrence is None:
                raise UserError("error-no-meeting-on", section=section.slug, day=day)
            return await load_details(tx.conn, occurrence.id)

    async def _active_series(self, tx: Transaction, section: Section) -> list[Series]:
        return [s for s in await meetings.series_of_section(tx.conn, section.id) if s.status is SeriesStatus.ACTIVE]

    async def _plan_ahead(self, tx: Transaction, series: Series, now: datetime, count: int) -> None:
        """Materialise up to the next meeting the rule gives that is not cancelled, even beyond the usual
        horizon (a monthly series is five weeks away right after a meeting), trying at most ``count``."""
        until = max(planning_horizon(series, now), series.planned_until or now)
        await self._planner.plan_series(tx, series, now=now, until=until)
        for instant in recurrence_of(series).after(now, count):
            if instant >= until:
                until = instant + timedelta(seconds=1)
                await self._planner.plan_series(tx, series, now=now, until=until)
            occurrence = await meetings.occurrence_at(tx.conn, series.id, instant)
            if occurrence is not None and not occurrence.is_cancelled:
                return

    async def latest_started(self, section: Section) -> int | None:
        """The most recent meeting of the section that has begun (the one a memo is usually about)."""
        now = self._clock.now()
        async with self._store.transaction() as tx:
            ids = [series.id for series in await meetings.series_of_section(tx.conn, section.id)]
            if not ids:
                return None
            started = await meetings.occurrences_of_series(
                tx.conn, ids, start_from=now - timedelta(days=60), start_before=now
            )
        held = [occurrence for occurrence in started if not occurrence.is_cancelled]
        return held[-1].id if held else None

    async def mark_held(self, section: Section, day: date | None) -> MeetingDetails:
        """Mark a meeting that has started held: its coordinators' digest asks for its memo (with the skeleton)
        even with no yes."""
        if day is None:
            occurrence_id = await self.latest_started(section)
            if occurrence_id is None:
                raise UserError("error-held-none", section=section.slug)
            async with self._store.transaction() as tx:
                details = await load_details(tx.conn, occurrence_id)
        else:
            details = await self.occurrence_on(section, day)
        if details.occurrence.is_cancelled:
            raise UserError("error-held-cancelled", section=section.slug, when=details.local_start)
        if details.occurrence.start_at > self._clock.now():
            raise UserError("error-held-ahead", section=section.slug, when=details.local_start)
        async with self._store.transaction() as tx:
            await meetings.update_occurrence(tx.conn, details.occurrence.id, held=True)
        return details

    async def confirm(self, section: Section, day: date) -> MeetingDetails:
        """Confirm a meeting of a ``confirm:yes`` series: its call goes out when due, or now if that has passed."""
        details = await self.occurrence_on(section, day)
        if not details.series.confirm_calls:
            raise UserError("error-confirm-not-needed", section=section.slug)
        if details.occurrence.is_cancelled:
            raise UserError("error-already-cancelled", section=section.slug, day=day)
        self._not_started(details.occurrence)
        now = self._clock.now()
        async with self._store.transaction() as tx:
            await meetings.update_occurrence(tx.conn, details.occurrence.id, confirmed=True)
            await outbox.bring_forward(
                tx.conn,
                details.occurrence.id,
                Kind.CALL,
                due_at=max(now, call_due(details.series, details.occurrence.start_at)),
            )
            tx.emit(DeliveriesQueued())
            return await load_details(tx.conn, details.occurrence.id)

    async def cancel(self, section: Section, day: date) -> MeetingDetails:
        details = await self.occurrence_on(section, day)
        if details.occurrence.is_cancelled:
            raise UserError("error-already-cancelled", section=section.slug, day=day)
        self._not_started(details.occurrence)
        async with self._store.transaction() as tx:
            await meetings.update_occurrence(tx.conn, details.occurrence.id, status=OccurrenceStatus.CANCELLED.value)
            await self._notify_if_called(tx, details.occurrence, Kind.CANCELLED)
            tx.emit(MeetingChanged(details.occurrence.id))
            return await load_details(tx.conn, details.occurrence.id)

    async def move(self, section: Section, day: date, new_day: date, new_time: time | None) -> MeetingDetails:
        details = await self.occurrence_on(section, day)
        occurrence = details.occurrence
        self._not_started(occurrence)
        zone = ZoneInfo(details.series.timezone)
        local_time = new_time or details.local_start.timetz().replace(tzinfo=None)
        new_start = datetime.combine(new_day, local_time, zone).astimezone(occurrence.start_at.tzinfo)
        if new_start <= self._clock.now():
            raise UserError("error-move-into-past")
        async with self._store.transaction() as tx:
            length = occurrence.end_at - occurrence.start_at
            await meetings.update_occurrence(tx.conn, occurrence.id, start_at=new_start, end_at=new_start + length)
            await self._replan_occurrence(tx, details.series, occurrence.id)
            tx.emit(MeetingChanged(occurrence.id))
            return await load_details(tx.conn, occurrence.id)

    async def edit(
        self, community: Community, section: Section, actor: Member, from_day: date, changes: dict[str, object]
    ) -> Scheduled:
        """Change the series from ``from_day`` on: the old one ends the day before, a new one starts."""
        old = await self.series_of(section)
        if from_day < self._clock.now().astimezone(ZoneInfo(old.timezone)).date():
            raise UserError("error-edit-past", day=from_day)
        request = SeriesRequest(
            rule=str(changes.get("rule") or old.rrule),
            at=changes.get("at") or old.local_time,  # type: ignore[arg-type]
            duration_minutes=changes.get("duration_minutes") or old.duration_minutes,  # type: ignore[arg-type]
            place=changes["place"] if changes.get("place") is not None else old.place,  # type: ignore[arg-type]
            start=from_day,
            capacity=changes.get("capacity") or old.capacity,  # type: ignore[arg-type]
            timezone=old.timezone,
            confirm_calls=old.confirm_calls if changes.get("confirm") is None else bool(changes["confirm"]),
        )
        async with self._store.transaction() as tx:
            await self._end_series(tx, old, from_day - timedelta(days=1))
            series = await self._create(tx, community, section, actor, request, previous=old)
            await self._plan_now(tx, series)
        return Scheduled(series, next_dates_preview(recurrence_of(series), self._clock.now()))

    async def end(self, section: Section, last_day: date | None) -> Series:
        series = await self.series_of(section)
        today = self._clock.now().astimezone(ZoneInfo(series.timezone)).date()
        last = last_day or today
        async with self._store.transaction() as tx:
            # A series edited from a later date on still holds the meetings before that date: end it too.
            for older in await self._active_series(tx, section):
                if older.id != series.id and (older.until_date is None or older.until_date > last):
                    await self._end_series(tx, older, last)
            await self._end_series(tx, series, last)
            return await meetings.get_series(tx.conn, series.id)

    async def _create(
        self,
        tx: Transaction,
        community: Community,
        section: Section,
        actor: Member,
        request: SeriesRequest,
        *,
        previous: Series | None,
    ) -> Series:
        rrule = parse_rule(request.rule)
        zone = request.timezone or community.timezone
        today = self._clock.now().astimezone(ZoneInfo(zone)).date()
        start = request.start or today
        until = rule_until(rrule)
        if until is not None:
            # An UNTIL is a date typed like any other: the same window keeps the series' end computable.
            DateWindow.around(today).check(until, until.isoformat())
        Recurrence(rrule=rrule, timezone=zone, local_time=request.at, start_date=start)  # validates the zone
        place = clean_text(request.place or "", field="place", max_length=MAX_LONG_TEXT)
        if request.capacity is not None and request.capacity < 1:
            raise UserError("error-out-of-range", option="capacity", min=1, max=1000)
        cadence = Cadence(self._settings.call_days_before, tuple(self._settings.reminder_minutes))
        return await meetings.create_series(
            tx.conn,
            section_id=section.id,
            rrule=rrule,
            timezone=zone,
            local_time=request.at,
            duration_minutes=request.duration_minutes or self._settings.default_duration_minutes,
            place=place,
            start_date=start,
            capacity=request.capacity,
            cadence=cadence,
            created_by=actor.id,
            now=self._clock.now(),
            previous_id=previous.id if previous else None,
            confirm_calls=request.confirm_calls,
        )

    async def _plan_now(self, tx: Transaction, series: Series) -> None:
        now = self._clock.now()
        await self._planner.plan_series(tx, series, now=now, until=planning_horizon(series, now))
        tx.emit(DeliveriesQueued())

    async def _end_series(self, tx: Transaction, series: Series, last_day: date) -> None:
        """No occurrences after ``last_day``: those not yet called vanish, called ones are cancelled."""
        zone = ZoneInfo(series.timezone)
        cutoff = datetime.combine(last_day + timedelta(days=1), time(0), zone)
        for occurrence in await meetings.occurrences_of_series(tx.conn, [series.id], start_from=cutoff):
            if await outbox.posted_of_occurrence(tx.conn, occurrence.id, Kind.CALL):
                await meetings.update_occurrence(tx.conn, occurrence.id, status=OccurrenceStatus.CANCELLED.value)
                await self._notify_if_called(tx, occurrence, Kind.CANCELLED)
                tx.emit(MeetingChanged(occurrence.id))
            else:
                await meetings.delete_occurrence(tx.conn, occurrence.id)
        # Ending from a future date keeps the series planning until then; the rule stops at until_date.
        today = self._clock.now().astimezone(zone).date()
        status = SeriesStatus.ENDED if last_day < today else SeriesStatus.ACTIVE
        await meetings.update_series(tx.conn, series.id, until_date=last_day, status=status.value)

    async def _replan_occurrence(self, tx: Transaction, series: Series, occurrence_id: int) -> None:
        """Pending deliveries follow the new time; what was already sent stays sent (and is edited)."""
        await outbox.delete_pending_of_occurrence(tx.conn, occurrence_id)
        occurrence = await meetings.get_occurrence(tx.conn, occurrence_id)
        await self._planner.queue_deliveries(tx, series, occurrence, now=self._clock.now())
        tx.emit(DeliveriesQueued())

    async def _notify_if_called(self, tx: Transaction, occurrence: Occurrence, kind: Kind) -> None:
        """Tell the section when a meeting it was called to changes; pending deliveries just lapse."""
        series = await meetings.get_series(tx.conn, occurrence.series_id)
        section = await sections.get(tx.conn, series.section_id)
        now = self._clock.now()
        for call in await outbox.posted_of_occurrence(tx.conn, occurrence.id, Kind.CALL):
            await outbox.enqueue(
                tx.conn,
                dedupe_key=dedupe_key(kind, call.platform, occurrence_id=occurrence.id, target=f"section:{section.id}"),
                kind=kind,
                community_id=section.community_id,
                platform=call.platform,
                due_at=now,
                deadline_at=occurrence.start_at,
                section_id=section.id,
                occurrence_id=occurrence.id,
                now=now,
            )
        tx.emit(DeliveriesQueued())

    def _not_started(self, occurrence: Occurrence) -> None:
        if self._clock.now() >= occurrence.start_at:
            raise UserError("error-meeting-started")

    async def _find_on(self, tx: Transaction, section: Section, day: date, zone: ZoneInfo) -> Occurrence | None:
        ids = [series.id for series in await meetings.series_of_section(tx.conn, section.id)]
        start = datetime.combine(day, time(0), zone)
        found = await meetings.occurrences_of_series(
            tx.conn, ids, start_from=start, start_before=start + timedelta(days=1)
        )
        return found[0] if found else None
