"""RSVPs: yes / maybe / no per occurrence, by reaction or command, with capacity and a waitlist.

A reaction is state, not an event: (occurrence, member) -> answer, last writer wins, and the
same event twice gives the same state. Removing your reaction clears your answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.delivery import Kind
from bot.domain.meetings import Answer, Occurrence, Rsvp, answer_for_emoji
from bot.domain.models import Member
from bot.errors import UserError
from bot.events import DeliveriesQueued, MeetingChanged
from bot.ports import ReactionSnapshot
from bot.storage.repositories import meetings, members, outbox, rsvps
from bot.storage.unit_of_work import Store, Transaction


@dataclass(frozen=True, slots=True)
class RsvpResult:
    answer: Answer | None
    waitlisted: bool = False
    changed: bool = True


def _reaction_source(platform: str) -> str:
    return f"reaction:{platform}"


def _newer(rsvp: Rsvp, read_at: datetime | None) -> bool:
    return read_at is not None and rsvp.updated_at > read_at


class RsvpService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def answer(self, occurrence_id: int, member: Member, answer: Answer | None, *, source: str) -> RsvpResult:
        async with self._store.transaction() as tx:
            occurrence = await meetings.get_occurrence(tx.conn, occurrence_id)
            self._check_open(occurrence)
            return await self._set(tx, occurrence, member.id, answer, source=source)

    async def on_reaction(self, platform: str, message: str, member: Member, emoji: str, *, added: bool) -> bool:
        """Apply a reaction on a meeting call; False when the message or emoji is not an RSVP."""
        answer = answer_for_emoji(emoji)
        if answer is None:
            return False
        async with self._store.transaction() as tx:
            delivery = await outbox.by_message(tx.conn, platform, message)
            if delivery is None or delivery.kind != Kind.CALL or delivery.occurrence_id is None:
                return False
            occurrence = await meetings.get_occurrence(tx.conn, delivery.occurrence_id)
            if occurrence.is_cancelled or self._clock.now() >= occurrence.end_at:
                return False
            if added:
                await self._set(tx, occurrence, member.id, answer, source=_reaction_source(platform))
            else:
                current = await rsvps.get(tx.conn, occurrence.id, member.id)
                if current is not None and current.answer is answer:
                    await self._set(tx, occurrence, member.id, None, source=_reaction_source(platform))
            return True

    async def reconcile(
        self,
        platform: str,
        occurrence_id: int,
        snapshot: ReactionSnapshot,
        reactors: dict[str, Member],
        *,
        read_at: datetime | None = None,
    ) -> int:
        """Make stored answers equal the reactions now on a call (after the bot was down). Returns changes.

        An answer stored after ``read_at`` (a live reaction or command while the platform was being
        read) is newer news than the snapshot and is left alone.
        """
        wanted: dict[int, set[Answer]] = {}
        for emoji, users in snapshot.by_emoji.items():
            answer = answer_for_emoji(emoji)
            if answer is None:
                continue
            for user in users:
                if user in reactors:
                    wanted.setdefault(reactors[user].id, set()).add(answer)
        source = _reaction_source(platform)
        changes = 0
        async with self._store.transaction() as tx:
            occurrence = await meetings.get_occurrence(tx.conn, occurrence_id)
            stored = await rsvps.sources_of_occurrence(tx.conn, occurrence_id)
            for member_id, answers in wanted.items():
                current = stored.get(member_id)
                if current is not None and (
                    current[0].answer in answers  # last writer already won; several reactions do not say which
                    or current[1] != source  # an answer by command (or "always") is newer than a reaction left
                    or _newer(current[0], read_at)
                ):
                    continue
                choice = next(answer for answer in (Answer.YES, Answer.MAYBE, Answer.NO) if answer in answers)
                await self._set(tx, occurrence, member_id, choice, source=source)
                changes += 1
            for member_id, (rsvp, came_from) in stored.items():
                if member_id not in wanted and came_from == source and not _newer(rsvp, read_at):
                    await self._set(tx, occurrence, member_id, None, source=source)
                    changes += 1
        return changes

    async def set_always(self, series_id: int, member: Member, *, on: bool) -> bool:
        """Always coming (or no longer): also for meetings already planned that await an answer."""
        now = self._clock.now()
        async with self._store.transaction() as tx:
            if on:
                changed = await rsvps.add_standing(tx.conn, series_id, member.id, now)
            else:
                changed = await rsvps.remove_standing(tx.conn, series_id, member.id)
            for occurrence in await meetings.occurrences_of_series(tx.conn, [series_id], start_from=now):
                if occurrence.is_cancelled:
                    continue
                current = await rsvps.get(tx.conn, occurrence.id, member.id)
                if on and current is None:
                    await self._set(tx, occurrence, member.id, Answer.YES, source="always")
                elif (
                    not on
                    and current is not None
                    and await rsvps.source_of(tx.conn, occurrence.id, member.id) == "always"
                ):
                    await self._set(tx, occurrence, member.id, None, source="always")
            return changed

    def _check_open(self, occurrence: Occurrence) -> None:
        if occurrence.is_cancelled:
            raise UserError("error-meeting-cancelled")
        if self._clock.now() >= occurrence.end_at:
            raise UserError("error-meeting-over")

    async def _set(
        self, tx: Transaction, occurrence: Occurrence, member_id: int, answer: Answer | None, *, source: str
    ) -> RsvpResult:
        now = self._clock.now()
        current = await rsvps.get(tx.conn, occurrence.id, member_id)
        if (current.answer if current else None) is answer:
            return RsvpResult(answer, current.waitlisted if current else False, changed=False)
        had_place = current is not None and current.answer is Answer.YES and not current.waitlisted
        waitlisted = False
        if answer is Answer.YES:
            capacity = (await meetings.get_series(tx.conn, occurrence.series_id)).capacity
            if capacity is not None:
                taken = len(await rsvps.members_answering(tx.conn, occurrence.id, (Answer.YES,), waitlisted=False))
                waitlisted = taken >= capacity
        if answer is None:
            await rsvps.clear(tx.conn, occurrence.id, member_id)
        else:
            await rsvps.put(tx.conn, occurrence.id, member_id, answer, waitlisted=waitlisted, source=source, now=now)
        if had_place and answer is not Answer.YES:
            await self._promote(tx, occurrence)
        tx.emit(MeetingChanged(occurrence.id))
        return RsvpResult(answer, waitlisted)

    async def _promote(self, tx: Transaction, occurrence: Occurrence) -> None:
        """A place opened: the first on the waitlist gets it, and is told directly."""
        waiting = await rsvps.members_answering(tx.conn, occurrence.id, (Answer.YES,), waitlisted=True)
        if not waiting:
            return
        member, _ = waiting[0]
        await rsvps.set_waitlisted(tx.conn, occurrence.id, member.id, False)
        platform = await members.preferred_platform(tx.conn, member.id)
        if platform is None:
            return
        series = await meetings.get_series(tx.conn, occurrence.series_id)
        community_id = (await members.get(tx.conn, member.id)).community_id
        now = self._clock.now()
        await outbox.enqueue(
            tx.conn,
            dedupe_key=f"o{occurrence.id}:{Kind.PROMOTED}:member:{member.id}:{now.isoformat()}",
            kind=Kind.PROMOTED,
            community_id=community_id,
            platform=platform,
            due_at=now,
            deadline_at=occurrence.start_at,
            section_id=series.section_id,
            member_id=member.id,
            occurrence_id=occurrence.id,
            now=now,
        )
        tx.emit(DeliveriesQueued())
