"""Handing a section over, and stepping down, without ever leaving a section with nobody to run it by mistake.

``section handover MEMBER``: a coordinator offers their place; the member is told privately and accepts with
``section coordinator accept`` (or declines with ``section coordinator decline``) within a week. Until then
nothing changes: the one who offered stays coordinator. On acceptance the member coordinates the section
and the one who offered steps down to a member, in one transaction.

``section coordinator step-down``: a coordinator becomes a member of the section again, refused when they are
its last coordinator, unless a community admin agrees (the admin names them: ``… step-down SECTION MEMBER``)
or the section is archived. A section left without a coordinator that way is reported by the section watch.

An offer is kept in ``platform_state`` under the member it was made to, so their export shows it and their
erasure takes it along.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.delivery import notices
from bot.domain.models import Community, Member, Role, Section, SectionStatus
from bot.errors import UserError
from bot.replies import msg, reply
from bot.services.sections import SectionService
from bot.storage.repositories import members, platform_state, sections
from bot.storage.unit_of_work import Store, Transaction

#: How long a hand-over offer waits for its answer.
HANDOVER_VALID = timedelta(days=7)


def _offer_key(section_id: int, member_id: int) -> str:
    return f"handover:{section_id}:{member_id}"


@dataclass(frozen=True, slots=True)
class Offer:
    section: Section
    expires: datetime


@dataclass(frozen=True, slots=True)
class StepDown:
    section: Section
    member: Member
    #: No coordinator is left (an admin agreed, or the section is archived).
    left_none: bool


class HandoverService:
    def __init__(self, store: Store, clock: Clock, sections_service: SectionService) -> None:
        self._store = store
        self._clock = clock
        self._sections = sections_service

    async def offer(self, community: Community, by: Member, slug: str, to: Member) -> Offer:
        """``by`` offers ``to`` their place as coordinator; ``to`` is told privately, in daytime."""
        now = self._clock.now()
        async with self._store.transaction() as tx:
            section = await self._coordinated(tx, community, slug)
            if await self._role(tx, section, by) is not Role.COORDINATOR:
                raise UserError("error-handover-not-coordinator", section=section.slug)
            if to.id == by.id:
                raise UserError("error-handover-self", section=section.slug)
            if await self._role(tx, section, to) is Role.COORDINATOR:
                raise UserError("error-already-coordinator", member=to.display_name, section=section.slug)
            expires = now + HANDOVER_VALID
            record = {"from": by.id, "expires": expires.isoformat(), "offered": now.isoformat()}
            key = _offer_key(section.id, to.id)
            await platform_state.put(tx.conn, "core", key, json.dumps(record), now, member_id=to.id)
            until = expires.astimezone(ZoneInfo(community.timezone))
            content = reply(
                msg("handover-offered", member=by.display_name, section=section.slug, name=section.name),
                msg("handover-how-to-answer", section=section.slug, until=until),
                title=msg("handover-offered-title", section=section.slug),
            )
            await notices.queue_direct(
                tx, now, community_id=community.id, member_id=to.id, subject=f"{key}:{now.isoformat()}", content=content
            )
            return Offer(section, expires)

    async def accept(self, community: Community, member: Member, slug: str) -> tuple[Section, Member | None]:
        """The member takes the section over; the one who offered (if still there) steps down, and is told."""
        now = self._clock.now()
        async with self._store.transaction() as tx:
            section = await self._coordinated(tx, community, slug)
            record = await self._take_offer(tx, section, member)
            if await self._role(tx, section, member) is not Role.COORDINATOR:
                await self._sections.make_coordinator_in(tx, community, section, member.id)
            previous = await self._still_coordinating(tx, section, record["from"])
            if previous is not None and previous.id != member.id:
                await self._sections.step_down_in(tx, community, section, previous.id)
                content = reply(msg("handover-accepted-told", member=member.display_name, section=section.slug))
                subject = f"handover-accepted:{section.id}:{member.id}:{now.isoformat()}"
                await notices.queue_direct(
                    tx, now, community_id=community.id, member_id=previous.id, subject=subject, content=content
                )
            return section, previous

    async def decline(self, community: Community, member: Member, slug: str) -> Section:
        """The member says no: the offer ends, nothing else changes; the one who offered is told."""
        now = self._clock.now()
        async with self._store.transaction() as tx:
            section = await self._coordinated(tx, community, slug)
            record = await self._take_offer(tx, section, member)
            offered_by = await self._still_coordinating(tx, section, record["from"])
            if offered_by is not None:
                content = reply(msg("handover-declined-told", member=member.display_name, section=section.slug))
                subject = f"handover-declined:{section.id}:{member.id}:{now.isoformat()}"
                await notices.queue_direct(
                    tx, now, community_id=community.id, member_id=offered_by.id, subject=subject, content=content
                )
            return section

    async def step_down(self, community: Community, by: Member, slug: str, member: Member | None) -> StepDown:
        """``member`` (or ``by`` themselves) stops coordinating the section; see the module for when that is refused."""
        async with self._store.transaction() as tx:
            section = await self._sections.find_in(tx, community, slug, include_inactive=True)
            if section.kind.is_builtin:
                raise UserError("error-builtin-coordinators", section=section.slug)
            admin_agrees = member is not None and by.is_admin
            if member is not None and member.id != by.id and not by.is_admin:
                raise UserError("error-permission-admin")
            leaving = member or by
            if await self._role(tx, section, leaving) is not Role.COORDINATOR:
                raise UserError("error-not-coordinator", member=leaving.display_name, section=section.slug)
            others = len(await sections.members_with_role(tx.conn, section.id, Role.COORDINATOR)) - 1
            archived = section.status is SectionStatus.ARCHIVED
            if others == 0 and not (admin_agrees or archived):
                raise UserError("error-step-down-last", section=section.slug, member=leaving.display_name)
            await self._sections.step_down_in(tx, community, section, leaving.id)
            return StepDown(section, leaving, left_none=others == 0)

    async def _coordinated(self, tx: Transaction, community: Community, slug: str) -> Section:
        """An active section that has coordinators (not the central group nor the coordinators' section)."""
        section = await self._sections.find_in(tx, community, slug)
        if section.kind.is_builtin:
            raise UserError("error-builtin-coordinators", section=section.slug)
        return section

    async def _take_offer(self, tx: Transaction, section: Section, member: Member) -> dict[str, object]:
        """The offer made to the member, taken out of storage; refused when there is none or it has expired (an
        expired offer is kept, so the refusal changes nothing; a new offer replaces it)."""
        key = _offer_key(section.id, member.id)
        stored = await platform_state.get(tx.conn, "core", key)
        if stored is None:
            raise UserError("error-no-handover", section=section.slug)
        record: dict[str, object] = json.loads(stored)
        if datetime.fromisoformat(str(record["expires"])) < self._clock.now():
            raise UserError("error-handover-expired", section=section.slug)
        await platform_state.forget_if(tx.conn, "core", key, stored)
        return record

    async def _role(self, tx: Transaction, section: Section, member: Member) -> Role | None:
        membership = await sections.membership(tx.conn, section.id, member.id)
        return membership.role if membership else None

    async def _still_coordinating(self, tx: Transaction, section: Section, member_id: object) -> Member | None:
        """The member who made an offer, while they still coordinate the section (not erased, not stepped down)."""
        if not isinstance(member_id, int) or not await members.existing(tx.conn, [member_id]):
            return None
        membership = await sections.membership(tx.conn, section.id, member_id)
        if membership is None or membership.role is not Role.COORDINATOR:
            return None
        return await members.get(tx.conn, member_id)
