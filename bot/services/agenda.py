"""The agenda of one meeting: coordinators shape it, members propose, and it never runs over time.

Proposing is for the section's members: anyone else is refused with the command that joins them.
"""

from __future__ import annotations

from bot.clock import Clock
from bot.domain.agenda import AgendaItem, AgendaKind, AgendaStatus, overrun
from bot.domain.meetings import Occurrence
from bot.domain.models import Member
from bot.domain.text import MAX_SHORT_TEXT, clean_text
from bot.errors import UserError
from bot.events import MeetingChanged
from bot.services.sections import SectionService
from bot.storage.repositories import agenda, meetings, sections
from bot.storage.unit_of_work import Store, Transaction


class AgendaService:
    def __init__(self, store: Store, clock: Clock, sections: SectionService) -> None:
        self._store = store
        self._clock = clock
        self._sections = sections

    async def add(self, occurrence_id: int, title: str, minutes: int, position: int | None) -> AgendaItem:
        title = self._title(title)
        async with self._store.transaction() as tx:
            occurrence, items = await self._load(tx, occurrence_id)
            await self._refuse_overrun(tx, occurrence, items, extra=minutes)
            item_id = await agenda.add(
                tx.conn,
                occurrence_id=occurrence_id,
                position=len(items) + 1,
                kind=AgendaKind.CUSTOM,
                title=title,
                minutes=minutes,
                status=AgendaStatus.ACCEPTED,
                proposed_by=None,
                now=self._clock.now(),
            )
            await self._place(tx, items, item_id, position)
            return await self._touched(tx, occurrence_id, item_id)

    async def propose(self, occurrence_id: int, member: Member, title: str, minutes: int) -> AgendaItem:
        title = self._title(title)
        async with self._store.transaction() as tx:
            occurrence, _ = await self._load(tx, occurrence_id)
            await self._refuse_non_member(tx, occurrence, member)
            item_id = await agenda.add(
                tx.conn,
                occurrence_id=occurrence_id,
                position=10_000,
                kind=AgendaKind.CUSTOM,
                title=title,
                minutes=minutes,
                status=AgendaStatus.PROPOSED,
                proposed_by=member.id,
                now=self._clock.now(),
            )
            tx.emit(MeetingChanged(occurrence_id))
            return await self._item(tx, occurrence_id, item_id)

    async def accept(self, occurrence_id: int, number: int) -> AgendaItem:
        async with self._store.transaction() as tx:
            occurrence, items = await self._load(tx, occurrence_id)
            item = self._proposal(items, number)
            await self._refuse_overrun(tx, occurrence, items, extra=item.minutes)
            await agenda.update_item(tx.conn, item.id, status=AgendaStatus.ACCEPTED.value)
            accepted = [i.id for i in items if i.status is AgendaStatus.ACCEPTED]
            await agenda.renumber(tx.conn, [*accepted, item.id])
            return await self._touched(tx, occurrence_id, item.id)

    async def move(self, occurrence_id: int, number: int, position: int) -> AgendaItem:
        async with self._store.transaction() as tx:
            _, items = await self._load(tx, occurrence_id)
            item = self._accepted(items, number)
            await self._place(tx, items, item.id, position)
            return await self._touched(tx, occurrence_id, item.id)

    async def resize(self, occurrence_id: int, number: int, minutes: int) -> AgendaItem:
        async with self._store.transaction() as tx:
            occurrence, items = await self._load(tx, occurrence_id)
            item = self._accepted(items, number)
            await self._refuse_overrun(tx, occurrence, items, extra=minutes - item.minutes)
            await agenda.update_item(tx.conn, item.id, minutes=minutes)
            return await self._touched(tx, occurrence_id, item.id)

    async def remove(self, occurrence_id: int, number: int) -> AgendaItem:
        async with self._store.transaction() as tx:
            _, items = await self._load(tx, occurrence_id)
            item = self._accepted(items, number)
            await agenda.remove(tx.conn, item.id)
            await agenda.renumber(
                tx.conn, [i.id for i in items if i.status is AgendaStatus.ACCEPTED and i.id != item.id]
            )
            await meetings.update_occurrence(tx.conn, occurrence_id, agenda_touched=True)
            tx.emit(MeetingChanged(occurrence_id))
            return item

    def _title(self, title: str) -> str:
        title = clean_text(title, field="title", max_length=MAX_SHORT_TEXT * 2)
        if not title:
            raise UserError("error-missing-option", option="title", usage="none")
        return title

    async def _load(self, tx: Transaction, occurrence_id: int) -> tuple[Occurrence, list[AgendaItem]]:
        occurrence = await meetings.get_occurrence(tx.conn, occurrence_id)
        if occurrence.is_cancelled:
            raise UserError("error-meeting-cancelled")
        if self._clock.now() >= occurrence.end_at:
            raise UserError("error-meeting-over")
        return occurrence, await agenda.of_occurrence(tx.conn, occurrence_id)

    async def _refuse_non_member(self, tx: Transaction, occurrence: Occurrence, member: Member) -> None:
        """Only a section's members propose for its meetings; others learn how to join (or why they cannot)."""
        series = await meetings.get_series(tx.conn, occurrence.series_id)
        if await self._sections.is_in(tx, series.section_id, member.id):
            return
        section = await sections.get(tx.conn, series.section_id)
        self._sections.refuse_if_closed(section)
        raise UserError("error-propose-join-first", section=section.slug)

    async def _refuse_overrun(
        self, tx: Transaction, occurrence: Occurrence, items: list[AgendaItem], *, extra: int
    ) -> None:
        duration = int((occurrence.end_at - occurrence.start_at).total_seconds() // 60)
        over = overrun(items, duration, extra=extra)
        if over > 0:
            raise UserError("error-agenda-overrun", minutes=over, duration=duration)

    def _accepted(self, items: list[AgendaItem], number: int) -> AgendaItem:
        accepted = [item for item in items if item.status is AgendaStatus.ACCEPTED]
        if not 1 <= number <= len(accepted):
            raise UserError("error-no-agenda-item", number=number, count=len(accepted))
        return accepted[number - 1]

    def _proposal(self, items: list[AgendaItem], item_id: int) -> AgendaItem:
        for item in items:
            if item.id == item_id and item.status is AgendaStatus.PROPOSED:
                return item
        raise UserError("error-no-proposal", id=item_id)

    async def _place(self, tx: Transaction, items: list[AgendaItem], item_id: int, position: int | None) -> None:
        order = [item.id for item in items if item.status is AgendaStatus.ACCEPTED and item.id != item_id]
        index = len(order) if position is None else max(0, min(len(order), position - 1))
        order.insert(index, item_id)
        await agenda.renumber(tx.conn, order)

    async def _touched(self, tx: Transaction, occurrence_id: int, item_id: int) -> AgendaItem:
        await meetings.update_occurrence(tx.conn, occurrence_id, agenda_touched=True)
        tx.emit(MeetingChanged(occurrence_id))
        return await self._item(tx, occurrence_id, item_id)

    async def _item(self, tx: Transaction, occurrence_id: int, item_id: int) -> AgendaItem:
        return next(item for item in await agenda.of_occurrence(tx.conn, occurrence_id) if item.id == item_id)
