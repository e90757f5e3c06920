"""What ends when a member leaves a section, or when a section is archived.

Leaving means leaving, however the membership ends (``section leave``, or the coordinators' section when
someone no longer coordinates anything): the member's standing answer ("always coming") to the section's
series ends, their answers to its meetings not yet begun are withdrawn (a place they held goes to the first
waiting), and whatever is still queued to reach them about its meetings (a reminder, a freed place) is
skipped. Calls already posted are edited without them. Answers to meetings that have begun stay: they are
the section's history (who came), as memos and the memo prompt show it.

Archiving ends the section's meetings: those ahead whose call is out are cancelled (the call is edited to
say so), those not called yet are removed, and its series end. Nothing more is posted about them.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.domain.delivery import Kind
from bot.domain.meetings import Answer, OccurrenceStatus, SeriesStatus
from bot.events import MeetingChanged
from bot.services.waitlist import promote_first_waiting
from bot.storage.repositories import meetings, outbox, rsvps
from bot.storage.unit_of_work import Transaction

log = logging.getLogger(__name__)

#: The outbox note on a delivery given up because its member left the section.
LEFT_THE_SECTION = "the member left the section"


async def withdraw(tx: Transaction, section_id: int, member_id: int, now: datetime) -> None:
    """The member is no longer in the section: end their part in its meetings ahead (see the module)."""
    await rsvps.remove_standing_in_section(tx.conn, section_id, member_id)
    for answer in await rsvps.of_member_in_section(tx.conn, section_id, member_id, starting_after=now):
        occurrence = await meetings.get_occurrence(tx.conn, answer.occurrence_id)
        await rsvps.clear(tx.conn, occurrence.id, member_id)
        if answer.answer is Answer.YES and not answer.waitlisted and not occurrence.is_cancelled:
            await promote_first_waiting(tx, occurrence, now)
        tx.emit(MeetingChanged(occurrence.id))
    skipped = await outbox.skip_pending_to_member(tx.conn, section_id, member_id, LEFT_THE_SECTION)
    if skipped:
        log.info("%d deliveries to member %s about section %s skipped: they left it", skipped, member_id, section_id)


async def end_meetings(tx: Transaction, section_id: int, now: datetime) -> None:
    """The section is archived: cancel its meetings ahead that were called, remove the others, end its series."""
    for series in await meetings.series_of_section(tx.conn, section_id):
        if series.status is not SeriesStatus.ACTIVE:
            continue
        for occurrence in await meetings.occurrences_of_series(tx.conn, [series.id], start_from=now):
            if occurrence.start_at <= now or occurrence.is_cancelled:
                continue
            if await outbox.posted_of_occurrence(tx.conn, occurrence.id, Kind.CALL):
                await meetings.update_occurrence(tx.conn, occurrence.id, status=OccurrenceStatus.CANCELLED.value)
                tx.emit(MeetingChanged(occurrence.id))
            else:
                await meetings.delete_occurrence(tx.conn, occurrence.id)
        await meetings.update_series(tx.conn, series.id, status=SeriesStatus.ENDED.value)
