"""What members and coordinators choose about continuity: being asked to coordinate, sharing what works."""

from __future__ import annotations

from bot.domain.models import Community, Member, Section
from bot.errors import UserError
from bot.services.sections import SectionService
from bot.storage.repositories import watch
from bot.storage.unit_of_work import Store


class ContinuityService:
    def __init__(self, store: Store, sections_service: SectionService) -> None:
        self._store = store
        self._sections = sections_service

    async def set_ask_to_coordinate(self, member: Member, willing: bool) -> None:
        """Whether the member may be suggested when a section has nobody to coordinate it (asked once, kept)."""
        async with self._store.transaction() as tx:
            await watch.set_ask_to_coordinate(tx.conn, member.id, willing)

    async def share_what_works(self, community: Community, slug: str, share: bool) -> Section:
        """The section's coordinators agree (or no longer do) that its rising attendance is named in the
        coordinators' meeting."""
        async with self._store.transaction() as tx:
            section = await self._sections.find_in(tx, community, slug)
            if section.kind.is_builtin:
                raise UserError("error-builtin-coordinators", section=section.slug)
            await watch.set_share_what_works(tx.conn, section.id, share)
            return section
