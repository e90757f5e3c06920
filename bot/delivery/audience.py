"""Who a delivery with an audience reaches, decided when it is due (answers change until then).

A reminder goes to those in the section who said yes or maybe: one post in the section's channel
naming those who chose the channel, and a direct message to each who chose that; none about a meeting of a
``confirm:yes`` series that no coordinator confirmed (its call never went out). Nudges and memo prompts (queued
before the coordinator's digest replaced them) went to the section's coordinators directly; memo prompts and
nudges only about a meeting someone said yes to (a standing answer is stored as a yes) or a coordinator marked
held. An archived section's meetings reach nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.delivery import Delivery, Kind
from bot.domain.meetings import Answer, Occurrence, ReminderVia
from bot.domain.models import Role, SectionStatus
from bot.storage.repositories import meetings, memos, rsvps, sections
from bot.storage.schema import members as members_table


@dataclass(frozen=True, slots=True)
class Recipients:
    channel: bool
    direct: list[int]
    #: Why nobody is reached, when nobody is (logged with the skipped delivery).
    reason: str = ""


async def _reminder_via(conn: AsyncConnection, member_ids: list[int]) -> dict[int, ReminderVia]:
    query = select(members_table.c.id, members_table.c.reminder_via).where(members_table.c.id.in_(member_ids))
    return {row.id: ReminderVia(row.reminder_via) for row in await conn.execute(query)}


async def recipients(conn: AsyncConnection, delivery: Delivery) -> Recipients:
    assert delivery.occurrence_id is not None
    assert delivery.section_id is not None
    occurrence = await meetings.get_occurrence(conn, delivery.occurrence_id)
    if occurrence.is_cancelled:
        return Recipients(False, [], "the meeting is cancelled")
    if (await sections.get(conn, delivery.section_id)).status is SectionStatus.ARCHIVED:
        return Recipients(False, [], "the section is archived")
    kind = delivery.base_kind
    if (
        kind is Kind.REMINDER
        and not occurrence.confirmed
        and (await meetings.get_series(conn, occurrence.series_id)).confirm_calls
    ):
        return Recipients(False, [], "the meeting was not confirmed, so it was never called")
    if kind is Kind.REMINDER:
        answering = await rsvps.members_answering(conn, occurrence.id, (Answer.YES, Answer.MAYBE), waitlisted=False)
        # Members only: a yes a former member kept (from before leaving withdrew answers) reaches nobody.
        members_in = await sections.member_ids_among(conn, delivery.section_id, [m.id for m, _ in answering])
        ids = [member.id for member, _ in answering if member.id in members_in]
        via = await _reminder_via(conn, ids)
        direct = [member_id for member_id in ids if via[member_id] is ReminderVia.DM]
        channel = any(via[member_id] is ReminderVia.CHANNEL for member_id in ids)
        return Recipients(channel, direct, "" if channel or direct else "nobody answered yes or maybe")
    if reason := await _nothing_to_ask(conn, kind, occurrence):
        return Recipients(False, [], reason)
    coordinators = await sections.members_with_role(conn, delivery.section_id, Role.COORDINATOR)
    return Recipients(False, [member.id for member in coordinators], "" if coordinators else "no coordinators")


async def _nothing_to_ask(conn: AsyncConnection, kind: Kind, occurrence: Occurrence) -> str:
    """Why the coordinators need no nudge or prompt about the occurrence, or "" when they do."""
    if kind is Kind.AGENDA_NUDGE and occurrence.agenda_touched:
        return "the agenda has been prepared"
    if kind is Kind.MEMO_NUDGE and await memos.of_occurrence(conn, occurrence.id):
        return "the memo is posted"
    memo_kind = kind in (Kind.MEMO_PROMPT, Kind.MEMO_NUDGE)
    if memo_kind and not occurrence.held and not (await rsvps.counts(conn, occurrence.id)).yes:
        return "nobody answered yes and no coordinator marked it held"
    return ""


async def choosing_channel(conn: AsyncConnection, member_ids: list[int]) -> set[int]:
    """Of these members, those who want their reminders in the section's channel (named there)."""
    via = await _reminder_via(conn, member_ids)
    return {member_id for member_id, choice in via.items() if choice is ReminderVia.CHANNEL}
