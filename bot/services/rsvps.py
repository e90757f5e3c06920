"""RSVPs: yes / maybe / no per occurrence, by reaction or command, with capacity and a waitlist.

A reaction is state, not an event: (occurrence, member) -> answer, last writer wins, and the
same event twice gives the same state. Removing your reaction clears your answer.

Answering is taking part, so it follows the section's membership rule (``SectionService``): a yes or
maybe from someone not in an open section joins them to it, a no is taken without joining, and in a
section nobody joins by hand a non-member's answer is refused (a reaction there is not taken). The
same rule holds for commands, reactions and the reactions read back after downtime.

Reactions come in bursts (a whole section answering a call within seconds). They go through one
group commit: applied in arrival order, many per transaction, each caller answered once its
answer is durable.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.delivery import Kind
from bot.domain.meetings import Answer, Occurrence, Rsvp, Series, answer_for_emoji
from bot.domain.models import Account, Community, Member, Section
from bot.errors import UserError
from bot.events import MeetingChanged
from bot.ports import ReactionSnapshot
from bot.services import memo_keys
from bot.services.communities import CommunityService
from bot.services.sections import SectionService
from bot.services.waitlist import promote_first_waiting
from bot.storage.group_commit import GroupCommit
from bot.storage.repositories import meetings, outbox, rsvps, sections
from bot.storage.unit_of_work import Store, Transaction


@dataclass(frozen=True, slots=True)
class RsvpResult:
    answer: Answer | None
    waitlisted: bool = False
    changed: bool = True
    #: The answer made the member a member of the section (a yes or maybe from someone not in it yet).
    joined: bool = False


@dataclass(frozen=True, slots=True)
class AnsweredNext:
    """An answer for a section's next meeting: what it did, the section, and when the meeting starts (local time)."""

    result: RsvpResult
    section: Section
    local_start: datetime


class FindsNextMeeting(Protocol):
    """Picks a section's next meeting open for answers, in the caller's transaction (``MeetingService.next_open``)."""

    async def __call__(
        self, tx: Transaction, section: Section, *, for_member: int | None = None
    ) -> tuple[Occurrence, Series]: ...


@dataclass(frozen=True, slots=True)
class _Reaction:
    platform: str
    message: str
    who: Member | Account
    answer: Answer
    added: bool


def _capacity_key(series_id: int) -> tuple[str, int]:
    return ("capacity", series_id)


def _remember_capacity(tx: Transaction, series: Series) -> None:
    """Keep a series' capacity for this transaction (answers read it before placing a yes)."""
    tx.memo[_capacity_key(series.id)] = series.capacity


def _section_key(series_id: int) -> tuple[str, int]:
    return ("section of series", series_id)


def _reaction_source(platform: str) -> str:
    return f"reaction:{platform}"


def _newer(rsvp: Rsvp, read_at: datetime | None) -> bool:
    return read_at is not None and rsvp.updated_at > read_at


class RsvpService:
    def __init__(self, store: Store, clock: Clock, communities: CommunityService, sections: SectionService) -> None:
        self._store = store
        self._clock = clock
        self._communities = communities
        self._sections = sections
        self.reactions = GroupCommit(store, name="reactions", prepare=self._prefetch, finish=_write_deferred)

    async def close(self) -> None:
        """Store the reactions still queued; refuse new ones."""
        await self.reactions.close()

    async def answer(self, occurrence_id: int, member: Member, answer: Answer | None, *, source: str) -> RsvpResult:
        async with self._store.transaction() as tx:
            occurrence = await meetings.get_occurrence(tx.conn, occurrence_id)
            self._check_open(occurrence)
            return await self._set(tx, occurrence, member.id, answer, source=source)

    async def answer_next(
        self,
        community: Community,
        slug: str,
        member: Member,
        answer: Answer,
        *,
        source: str,
        find: FindsNextMeeting,
    ) -> AnsweredNext:
        """Answer for the next meeting (as ``find`` picks it) of the section named ``slug``, and say when it starts,
        locally. Section, meeting, answer: one transaction, and as a rule three statements (the section, the meeting
        with the member's answer and membership, the answer's write), since a command's latency is mostly its
        number of statements."""
        async with self._store.transaction() as tx:
            section = await self._sections.get_in(tx, community, slug)
            occurrence, series = await find(tx, section, for_member=member.id)
            self._check_open(occurrence)
            _remember_capacity(tx, series)
            tx.memo[_section_key(series.id)] = section
            result = await self._set(tx, occurrence, member.id, answer, source=source)
        return AnsweredNext(result, section, occurrence.start_at.astimezone(ZoneInfo(series.timezone)))

    async def on_reaction(
        self, platform: str, message: str, member: Member | Account, emoji: str, *, added: bool
    ) -> bool:
        """Apply a reaction on a meeting call; False when the message or emoji is not an RSVP, or the answer is
        not taken (a non-member's, in a section nobody joins by hand).

        Returns once the answer is committed. Calls made in some order are applied in that order (queued
        before this first suspends), so of two reactions by one member the later one wins. An
        :class:`Account` is named as a member (made on first sight) only when the reaction is an answer.
        """
        answer = answer_for_emoji(emoji)
        if answer is None:
            return False
        reaction = _Reaction(platform, message, member, answer, added)
        return await self.reactions.run(functools.partial(self._apply_reaction, reaction), hint=reaction)

    async def _prefetch(self, tx: Transaction, reactions: list[_Reaction]) -> None:
        """Read a batch's members and their current answers in a few queries, and have its answers written
        together at the end (``_write_deferred``): a batch of reactions is then a handful of statements."""
        tx.memo[_DEFERRED] = {}
        await self._communities.prefetch_members_in(tx, [r.who for r in reactions if isinstance(r.who, Account)])
        by_occurrence: dict[int, tuple[Occurrence, set[int]]] = {}
        for reaction in reactions:
            occurrence = await self._open_call(tx, reaction.platform, reaction.message)
            member = reaction.who if isinstance(reaction.who, Member) else self._communities.looked_up(tx, reaction.who)
            if occurrence is not None and member is not None:
                by_occurrence.setdefault(occurrence.id, (occurrence, set()))[1].add(member.id)
        for occurrence_id, (occurrence, member_ids) in by_occurrence.items():
            current = await rsvps.get_many(tx.conn, occurrence_id, sorted(member_ids))
            for member_id in member_ids:
                tx.memo[memo_keys.answer_of(occurrence_id, member_id)] = current.get(member_id)
            section = await self._section_of(tx, occurrence.series_id)
            await self._sections.prefetch_in(tx, section.id, sorted(member_ids))

    async def _apply_reaction(self, reaction: _Reaction, tx: Transaction) -> bool:
        occurrence = await self._open_call(tx, reaction.platform, reaction.message)
        if occurrence is None:
            return False
        member_id = await self._member_id(tx, reaction)
        if member_id is None:
            return True  # an unknown account took back a reaction: it had no answer to clear
        source = _reaction_source(reaction.platform)
        answer = reaction.answer
        if reaction.added:
            if await self._kept_out(tx, occurrence.series_id, member_id):
                return False
            await self._set(tx, occurrence, member_id, answer, source=source)
        else:
            current = await self._current(tx, occurrence.id, member_id)
            if current is not None and current.answer is answer:
                await self._set(tx, occurrence, member_id, None, source=source)
        return True

    async def _member_id(self, tx: Transaction, reaction: _Reaction) -> int | None:
        who = reaction.who
        if isinstance(who, Member):
            return who.id
        found = await (self._communities.member_in if reaction.added else self._communities.known_member_in)(tx, who)
        return found.id if found is not None else None

    async def _open_call(self, tx: Transaction, platform: str, message: str) -> Occurrence | None:
        """The occurrence a message calls to, if it is a meeting call still open for answers."""
        key = ("call", platform, message)
        if key not in tx.memo:
            delivery = await outbox.by_message(tx.conn, platform, message)
            found = None
            if delivery is not None and delivery.kind == Kind.CALL and delivery.occurrence_id is not None:
                found = await meetings.get_occurrence(tx.conn, delivery.occurrence_id)
            tx.memo[key] = found
        occurrence: Occurrence | None = tx.memo[key]
        if occurrence is None or occurrence.is_cancelled or self._clock.now() >= occurrence.end_at:
            return None
        return occurrence

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
                if await self._kept_out(tx, occurrence.series_id, member_id):
                    continue  # not taken live either
                choice = next(answer for answer in (Answer.YES, Answer.MAYBE, Answer.NO) if answer in answers)
                await self._set(tx, occurrence, member_id, choice, source=source)
                changes += 1
            for member_id, (rsvp, came_from) in stored.items():
                if member_id not in wanted and came_from == source and not _newer(rsvp, read_at):
                    await self._set(tx, occurrence, member_id, None, source=source)
                    changes += 1
        return changes

    async def set_always(self, series_id: int, member: Member, *, on: bool) -> RsvpResult:
        """Always coming (or no longer): also for meetings already planned that await an answer. Always coming is
        a yes, so it joins a non-member to an open section like one."""
        now = self._clock.now()
        async with self._store.transaction() as tx:
            joined = False
            if on:
                joined = await self._take_part(tx, series_id, member.id, Answer.YES)
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
            return RsvpResult(Answer.YES if on else None, changed=changed, joined=joined)

    def _check_open(self, occurrence: Occurrence) -> None:
        if occurrence.is_cancelled:
            raise UserError("error-meeting-cancelled")
        if self._clock.now() >= occurrence.end_at:
            raise UserError("error-meeting-over")

    async def _set(
        self, tx: Transaction, occurrence: Occurrence, member_id: int, answer: Answer | None, *, source: str
    ) -> RsvpResult:
        joined = False if answer is None else await self._take_part(tx, occurrence.series_id, member_id, answer)
        now = self._clock.now()
        current = await self._current(tx, occurrence.id, member_id)
        if (current.answer if current else None) is answer:
            return RsvpResult(answer, current.waitlisted if current else False, changed=False, joined=joined)
        had_place = current is not None and current.answer is Answer.YES and not current.waitlisted
        waitlisted = False
        if answer is Answer.YES:
            capacity = await self._capacity(tx, occurrence.series_id)
            if capacity is not None:
                await _write_deferred(tx)  # the count reads the table
                taken = len(await rsvps.members_answering(tx.conn, occurrence.id, (Answer.YES,), waitlisted=False))
                waitlisted = taken >= capacity
        deferred: dict[tuple[int, int], dict[str, object] | None] | None = tx.memo.get(_DEFERRED)
        if answer is None:
            if deferred is None:
                await rsvps.clear(tx.conn, occurrence.id, member_id)
            else:
                deferred[(occurrence.id, member_id)] = None
            tx.memo[memo_keys.answer_of(occurrence.id, member_id)] = None
        else:
            row = rsvps.answer_row(occurrence.id, member_id, answer, waitlisted=waitlisted, source=source, now=now)
            if deferred is None:
                await rsvps.put_many(tx.conn, [row])
            else:
                deferred[(occurrence.id, member_id)] = row
            stored = Rsvp(occurrence.id, member_id, answer, waitlisted, now)
            tx.memo[memo_keys.answer_of(occurrence.id, member_id)] = stored
        if had_place and answer is not Answer.YES:
            await self._promote(tx, occurrence)
        tx.emit(MeetingChanged(occurrence.id))
        return RsvpResult(answer, waitlisted, joined=joined)

    async def _take_part(self, tx: Transaction, series_id: int, member_id: int, answer: Answer) -> bool:
        """Apply the membership rule to an answer before it is written; True when it joined the member.

        Members answer as they are. From anyone else a yes or maybe joins an open section and a no is taken
        as it is; a section they cannot join that way refuses (a UserError, before anything is written)."""
        section = await self._section_of(tx, series_id)
        if answer is not Answer.NO:
            return await self._sections.take_in(tx, section, member_id)
        if not await self._sections.is_in(tx, section.id, member_id):
            self._sections.refuse_if_closed(section)
        return False

    async def _kept_out(self, tx: Transaction, series_id: int, member_id: int) -> bool:
        """Whether the member may not answer: not in a section that answering cannot make them one of."""
        section = await self._section_of(tx, series_id)
        if await self._sections.is_in(tx, section.id, member_id):
            return False
        return self._sections.closed_to_newcomers(section) is not None

    async def _section_of(self, tx: Transaction, series_id: int) -> Section:
        key = _section_key(series_id)
        if key not in tx.memo:
            series = await meetings.get_series(tx.conn, series_id)
            _remember_capacity(tx, series)
            tx.memo[key] = await sections.get(tx.conn, series.section_id)
        section: Section = tx.memo[key]
        return section

    async def _current(self, tx: Transaction, occurrence_id: int, member_id: int) -> Rsvp | None:
        """The member's answer as this transaction left it (read once, then kept in step by ``_set``)."""
        key = memo_keys.answer_of(occurrence_id, member_id)
        if key not in tx.memo:
            tx.memo[key] = await rsvps.get(tx.conn, occurrence_id, member_id)
        current: Rsvp | None = tx.memo[key]
        return current

    async def _capacity(self, tx: Transaction, series_id: int) -> int | None:
        key = _capacity_key(series_id)
        if key not in tx.memo:
            _remember_capacity(tx, await meetings.get_series(tx.conn, series_id))
        capacity: int | None = tx.memo[key]
        return capacity

    async def _promote(self, tx: Transaction, occurrence: Occurrence) -> None:
        """A place opened: the first on the waitlist gets it, and is told directly."""
        await _write_deferred(tx)  # the waitlist is read from the table
        promoted = await promote_first_waiting(tx, occurrence, self._clock.now())
        if promoted is not None:
            tx.memo.pop(memo_keys.answer_of(occurrence.id, promoted), None)


#: Answers a batch of reactions has set but not written yet, by (occurrence, member): the row, or None to
#: clear. Only the last state of each counts, so a batch writes each answer once, in one statement.
_DEFERRED = "deferred answers"


async def _write_deferred(tx: Transaction) -> None:
    """Write the answers a batch deferred (before anything reads the answers table, and before commit)."""
    deferred: dict[tuple[int, int], dict[str, object] | None] | None = tx.memo.get(_DEFERRED)
    if not deferred:
        return
    rows = [row for row in deferred.values() if row is not None]
    cleared: dict[int, list[int]] = {}
    for (occurrence_id, member_id), row in deferred.items():
        if row is None:
            cleared.setdefault(occurrence_id, []).append(member_id)
    deferred.clear()
    await rsvps.put_many(tx.conn, rows)
    for occurrence_id, member_ids in cleared.items():
        await rsvps.clear_many(tx.conn, occurrence_id, member_ids)
