"""Sections: proposing, approving, joining, leaving, archiving (and back), and their coordinators.

The coordinators' section is never joined by hand: after every change of role it is brought
in step with who coordinates an active section.

Taking part in a section's meetings is for its members. Saying yes or maybe to a meeting of an open
section joins it (``join_within``, in the answer's transaction); a no is taken without joining; in a
section nobody joins by hand a non-member is refused (``refuse_if_closed``) with how to get in.

Leaving means leaving, however a membership ends: the member's answers to the section's meetings ahead end
with it (``departures.withdraw``). Archiving a section ends its meetings (``departures.end_meetings``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.clock import Clock
from bot.delivery.access import PlatformTraits, queue_access
from bot.delivery.moderation import queue_archive, queue_moderation
from bot.delivery.privacy import queue_privacy
from bot.domain.delivery import Kind, dedupe_key
from bot.domain.models import (
    Community,
    Member,
    Role,
    Section,
    SectionKind,
    SectionStatus,
)
from bot.domain.text import MAX_LONG_TEXT, MAX_SHORT_TEXT, check_slug, clean_text, slugify
from bot.errors import UserError
from bot.events import (
    ChannelBound,
    CoordinatorChanged,
    DeliveriesQueued,
    MeetingChanged,
    MembershipChanged,
    SectionActivated,
    SectionArchived,
)
from bot.replies import Reply, msg, reply
from bot.replies_codec import encode_reply
from bot.services import departures, memo_keys
from bot.storage.repositories import activity, communities, meetings, outbox, sections
from bot.storage.unit_of_work import Store, Transaction


@dataclass(frozen=True, slots=True)
class SectionInfo:
    section: Section
    coordinators: list[Member]
    member_count: int
    role: Role | None


@dataclass(frozen=True, slots=True)
class ProposalOutcome:
    section: Section
    needs_approval: bool


class SectionService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        require_approval: bool,
        traits: PlatformTraits | None = None,
        all_sensitive: bool = False,
    ) -> None:
        self._store = store
        self._clock = clock
        self._require_approval = require_approval
        #: The community's setting: every section's membership is sensitive, new ones included.
        self._all_sensitive = all_sensitive
        self._traits = traits or PlatformTraits()

    async def overview(self, community: Community, *, include_proposed: bool) -> list[tuple[Section, int]]:
        statuses = (SectionStatus.ACTIVE, SectionStatus.PROPOSED) if include_proposed else (SectionStatus.ACTIVE,)
        async with self._store.transaction() as tx:
            return await sections.list_with_counts(tx.conn, community.id, statuses)

    async def get(self, community: Community, slug: str, *, include_inactive: bool = False) -> Section:
        async with self._store.transaction() as tx:
            return await self._find(tx, community, slug, include_inactive=include_inactive)

    async def get_in(self, tx: Transaction, community: Community, slug: str) -> Section:
        """``get`` (an open section) in the caller's transaction: a command that goes on to read and write about
        the section pays for one transaction, not two."""
        return await self._find(tx, community, slug)

    async def by_id(self, section_id: int) -> Section:
        async with self._store.transaction() as tx:
            return await sections.get(tx.conn, section_id)

    async def info(self, community: Community, slug: str, member: Member) -> SectionInfo:
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug, include_inactive=True)
            everyone = await sections.members_with_role(tx.conn, section.id)
            coordinators = await sections.members_with_role(tx.conn, section.id, Role.COORDINATOR)
            membership = await sections.membership(tx.conn, section.id, member.id)
            return SectionInfo(section, coordinators, len(everyone), membership.role if membership else None)

    async def propose(
        self,
        community: Community,
        proposer: Member,
        *,
        name: str,
        kind: SectionKind,
        slug: str | None = None,
        description: str = "",
        purpose: str = "",
    ) -> ProposalOutcome:
        name = clean_text(name, field="name", max_length=MAX_SHORT_TEXT)
        if not name:
            raise UserError("error-missing-option", option="name", usage="none")
        slug = check_slug(slug) if slug else check_slug(slugify(name))
        description = clean_text(description, field="description", max_length=MAX_LONG_TEXT)
        purpose = clean_text(purpose, field="purpose", max_length=MAX_LONG_TEXT)
        needs_approval = self._require_approval and not proposer.is_admin
        async with self._store.transaction() as tx:
            if await sections.by_slug(tx.conn, community.id, slug) is not None:
                raise UserError("error-section-exists", section=slug)
            section = await sections.create(
                tx.conn,
                community_id=community.id,
                slug=slug,
                name=name,
                kind=kind,
                status=SectionStatus.PROPOSED,
                description=description,
                purpose=purpose,
                proposed_by=proposer.id,
                now=self._clock.now(),
            )
            if self._all_sensitive:
                await sections.set_sensitive(tx.conn, section.id, True)
                section = replace(section, sensitive=True)
            if needs_approval:
                await self._announce_proposal(tx, community, section, proposer)
            else:
                section = await self._activate(tx, community, section)
            return ProposalOutcome(section, needs_approval)

    async def set_sensitive(self, community: Community, slug: str, sensitive: bool) -> Section:
        """Mark whether the section's membership is sensitive; its meeting calls still ahead are shown again
        (with or without the names of those coming)."""
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug)
            if section.kind.is_builtin:
                raise UserError("error-builtin-sensitive", section=section.slug)
            if section.sensitive is sensitive:
                raise UserError("error-already-sensitive" if sensitive else "error-already-not-sensitive", section=slug)
            await sections.set_sensitive(tx.conn, section.id, sensitive)
            ahead = await meetings.soonest_of_section(tx.conn, section.id, ending_after=self._clock.now(), limit=100)
            for occurrence in ahead:
                tx.emit(MeetingChanged(occurrence.id))
            await queue_privacy(
                tx, self._traits, self._clock.now(), community_id=community.id, section_ids=[section.id]
            )
            return replace(section, sensitive=sensitive)

    async def mark_all_sensitive(self) -> int:
        """The community's setting turned on: every section sensitive, and the places of those that were not made
        private. At start, before any platform has declared what it mirrors: queued for every platform the
        community is on (one that has no access to look after does nothing with it). How many were marked."""
        async with self._store.transaction() as tx:
            marked = await sections.mark_all_sensitive(tx.conn)
            by_community: dict[int, list[int]] = {}
            for section in marked:
                if not section.kind.is_builtin:  # everyone (every coordinator) is in those: their places stay
                    by_community.setdefault(section.community_id, []).append(section.id)
            for community_id, section_ids in by_community.items():
                await queue_privacy(tx, None, self._clock.now(), community_id=community_id, section_ids=section_ids)
            return len(marked)

    async def ids_of(self, member: Member) -> list[int]:
        """The sections the member is in."""
        async with self._store.transaction() as tx:
            return await sections.section_ids_of_member(tx.conn, member.id)

    async def is_member(self, section: Section, member: Member) -> bool:
        async with self._store.transaction() as tx:
            return await sections.membership(tx.conn, section.id, member.id) is not None

    async def approve(self, community: Community, slug: str) -> Section:
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug, include_inactive=True)
            if section.status is not SectionStatus.PROPOSED:
                raise UserError("error-not-proposed", section=section.slug)
            return await self._activate(tx, community, section)

    async def join(self, community: Community, member: Member, slug: str) -> Section:
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug)
            if section.kind is SectionKind.COORDINATORS:
                raise UserError("error-coordinators-automatic")
            if await sections.membership(tx.conn, section.id, member.id) is not None:
                raise UserError("error-already-member", section=section.slug)
            await sections.add_membership(tx.conn, section.id, member.id, Role.MEMBER, self._clock.now())
            await self._membership_changed(tx, community.id, section.id, member.id, joined=True)
            return section

    async def leave(self, community: Community, member: Member, slug: str) -> Section:
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug)
            if section.kind is SectionKind.COORDINATORS:
                raise UserError("error-coordinators-automatic")
            if section.kind.is_builtin:
                raise UserError("error-cannot-leave-builtin", section=section.slug)
            membership = await sections.membership(tx.conn, section.id, member.id)
            if membership is None:
                raise UserError("error-not-member", section=section.slug)
            if membership.role is Role.COORDINATOR:
                await self._refuse_last_coordinator(tx, section)
            await sections.remove_membership(tx.conn, section.id, member.id)
            await self._membership_changed(tx, community.id, section.id, member.id, joined=False)
            if membership.role is Role.COORDINATOR:
                await self._moderation_changed(tx, community.id, section.id, member.id)
            await self._sync_coordinators_section(tx, community, member.id)
            return section

    async def archive(self, community: Community, slug: str) -> Section:
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug, include_inactive=True)
            if section.kind.is_builtin:
                raise UserError("error-cannot-archive-builtin", section=section.slug)
            if section.status is SectionStatus.ARCHIVED:
                raise UserError("error-section-archived", section=section.slug)
            await sections.set_status(tx.conn, section.id, SectionStatus.ARCHIVED, archived_at=self._clock.now())
            await departures.end_meetings(tx, section.id, self._clock.now())
            for coordinator in await sections.members_with_role(tx.conn, section.id, Role.COORDINATOR):
                await self._sync_coordinators_section(tx, community, coordinator.id)
            await queue_archive(
                tx, self._traits, self._clock.now(), community_id=community.id, section_id=section.id, archived=True
            )
            tx.emit(SectionArchived(community.id, section.id))
            return section

    async def unarchive(self, community: Community, slug: str) -> Section:
        """Open an archived section again: its channel writable, its coordinators back among the coordinators."""
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug, include_inactive=True)
            if section.status is not SectionStatus.ARCHIVED:
                raise UserError("error-section-not-archived", section=section.slug)
            await sections.set_status(tx.conn, section.id, SectionStatus.ACTIVE)
            for coordinator in await sections.members_with_role(tx.conn, section.id, Role.COORDINATOR):
                await self._sync_coordinators_section(tx, community, coordinator.id)
            await queue_archive(
                tx, self._traits, self._clock.now(), community_id=community.id, section_id=section.id, archived=False
            )
            return await sections.get(tx.conn, section.id)

    async def add_coordinator(self, community: Community, slug: str, member: Member) -> Section:
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug)
            if section.kind.is_builtin:
                raise UserError("error-builtin-coordinators", section=section.slug)
            membership = await sections.membership(tx.conn, section.id, member.id)
            if membership is not None and membership.role is Role.COORDINATOR:
                raise UserError("error-already-coordinator", member=member.display_name, section=section.slug)
            await self.make_coordinator_in(tx, community, section, member.id)
            return section

    async def remove_coordinator(self, community: Community, slug: str, member: Member) -> Section:
        async with self._store.transaction() as tx:
            section = await self._find(tx, community, slug)
            membership = await sections.membership(tx.conn, section.id, member.id)
            if membership is None or membership.role is not Role.COORDINATOR:
                raise UserError("error-not-coordinator", member=member.display_name, section=section.slug)
            await self._refuse_last_coordinator(tx, section)
            await self.step_down_in(tx, community, section, member.id)
            return section

    # --- coordinators changing, inside the caller's transaction (hand-over, step-down) -----------------

    async def find_in(
        self, tx: Transaction, community: Community, slug: str, *, include_inactive: bool = False
    ) -> Section:
        """The section by its slug, refused politely when there is none (or it is not active, unless asked)."""
        return await self._find(tx, community, slug, include_inactive=include_inactive)

    async def make_coordinator_in(
        self, tx: Transaction, community: Community, section: Section, member_id: int
    ) -> None:
        """The member coordinates the section from now on (joining it first if they were not in it)."""
        membership = await sections.membership(tx.conn, section.id, member_id)
        if membership is None:
            await sections.add_membership(tx.conn, section.id, member_id, Role.COORDINATOR, self._clock.now())
            await self._membership_changed(tx, community.id, section.id, member_id, joined=True)
        else:
            await sections.set_role(tx.conn, section.id, member_id, Role.COORDINATOR)
        await activity.touch(tx.conn, member_id, self._clock.now())  # a new coordinator is not a quiet one
        await self._moderation_changed(tx, community.id, section.id, member_id)
        await self._sync_coordinators_section(tx, community, member_id)

    async def step_down_in(self, tx: Transaction, community: Community, section: Section, member_id: int) -> None:
        """The coordinator stays in the section as a member (the caller decided whether that may leave none)."""
        await sections.set_role(tx.conn, section.id, member_id, Role.MEMBER)
        await self._moderation_changed(tx, community.id, section.id, member_id)
        await self._sync_coordinators_section(tx, community, member_id)

    async def binding(self, section_id: int, platform: str) -> tuple[str, str | None] | None:
        async with self._store.transaction() as tx:
            return await sections.binding(tx.conn, section_id, platform)

    async def by_channel(self, platform: str, external_id: str) -> Section | None:
        async with self._store.transaction() as tx:
            return await sections.by_channel(tx.conn, platform, external_id)

    async def bind_channel(self, section: Section, platform: str, external_id: str) -> None:
        """Make ``external_id`` the section's channel on the platform (its role, if it had one, is kept)."""
        async with self._store.transaction() as tx:
            bound = await sections.binding(tx.conn, section.id, platform)
            await sections.bind(tx.conn, section.id, platform, external_id, bound[1] if bound else None)
            tx.emit(ChannelBound(section.id, platform))

    async def member_ids(self, section_id: int) -> list[int]:
        async with self._store.transaction() as tx:
            return await sections.member_ids(tx.conn, section_id)

    async def coordinates_anything(self, member: Member) -> bool:
        async with self._store.transaction() as tx:
            return await sections.coordinates_anything(tx.conn, member.id)

    async def role_in(self, section: Section, member: Member) -> Role | None:
        async with self._store.transaction() as tx:
            membership = await sections.membership(tx.conn, section.id, member.id)
            return membership.role if membership else None

    # --- taking part in a section's meetings, inside the caller's transaction -------------------------

    async def is_in(self, tx: Transaction, section_id: int, member_id: int) -> bool:
        """Whether the member is in the section (read once per transaction, then kept in step)."""
        key = memo_keys.in_section(section_id, member_id)
        if key not in tx.memo:
            tx.memo[key] = await sections.membership(tx.conn, section_id, member_id) is not None
        return bool(tx.memo[key])

    async def prefetch_in(self, tx: Transaction, section_id: int, member_ids: list[int]) -> None:
        """Read at once which of these members are in the section, for :meth:`is_in`."""
        found = await sections.member_ids_among(tx.conn, section_id, member_ids)
        for member_id in member_ids:
            tx.memo[memo_keys.in_section(section_id, member_id)] = member_id in found

    def closed_to_newcomers(self, section: Section) -> UserError | None:
        """Why taking part cannot make a non-member a member, or None for an open section: one nobody joins
        by hand (the coordinators'), or one not open (proposed, archived). The refusal says how to get in."""
        if section.status is SectionStatus.ARCHIVED:
            return UserError("error-section-archived", section=section.slug)
        if section.status is SectionStatus.PROPOSED:
            return UserError("error-section-not-approved", section=section.slug)
        if section.kind is SectionKind.COORDINATORS:
            return UserError("error-closed-section", section=section.slug)
        return None

    def refuse_if_closed(self, section: Section) -> None:
        """Refuse a non-member where taking part cannot make them a member (see ``closed_to_newcomers``)."""
        refusal = self.closed_to_newcomers(section)
        if refusal is not None:
            raise refusal

    async def take_in(self, tx: Transaction, section: Section, member_id: int) -> bool:
        """A yes or maybe to the section's meeting: the member joins unless they are in it already (True when
        joined just now); a section closed to newcomers refuses a non-member. For an open section whose membership
        this transaction has not read, one statement (the insert that does nothing for a member), not two."""
        if memo_keys.in_section(section.id, member_id) not in tx.memo and self.closed_to_newcomers(section) is None:
            return await self.join_within(tx, section, member_id)
        if await self.is_in(tx, section.id, member_id):
            return False
        return await self.join_within(tx, section, member_id)

    async def join_within(self, tx: Transaction, section: Section, member_id: int) -> bool:
        """Join an open section as part of something else (a yes to its meeting); True when joined just now.

        The same membership as ``section join``: mirrored on the platforms through the outbox."""
        self.refuse_if_closed(section)
        joined = await sections.join_if_absent(tx.conn, section.id, member_id, self._clock.now())
        tx.memo[memo_keys.in_section(section.id, member_id)] = True
        if joined:
            await self._membership_changed(tx, section.community_id, section.id, member_id, joined=True)
        return joined

    async def _find(
        self, tx: Transaction, community: Community, slug: str, *, include_inactive: bool = False
    ) -> Section:
        wanted = clean_text(slug, field="section", max_length=MAX_SHORT_TEXT).lower().lstrip("#")
        section = await sections.by_slug(tx.conn, community.id, wanted)
        if section is None:
            raise UserError("error-unknown-section", section=wanted)
        if section.status is SectionStatus.ARCHIVED and not include_inactive:
            raise UserError("error-section-archived", section=section.slug)
        if section.status is SectionStatus.PROPOSED and not include_inactive:
            raise UserError("error-section-not-approved", section=section.slug)
        return section

    async def _activate(self, tx: Transaction, community: Community, section: Section) -> Section:
        await sections.set_status(tx.conn, section.id, SectionStatus.ACTIVE)
        if section.proposed_by is not None:
            now = self._clock.now()
            await sections.add_membership(tx.conn, section.id, section.proposed_by, Role.COORDINATOR, now)
            await self._membership_changed(tx, community.id, section.id, section.proposed_by, joined=True)
            await self._moderation_changed(tx, community.id, section.id, section.proposed_by)
            await self._sync_coordinators_section(tx, community, section.proposed_by)
        tx.emit(SectionActivated(community.id, section.id))
        await self._open_channels(tx, community, section)
        announcement = reply(
            msg("announce-section-opened", section=section.slug, name=section.name),
            msg("announce-section-join-hint", section=section.slug),
        )
        await self._announce(tx, community, f"s{section.id}-opened", announcement)
        return await sections.get(tx.conn, section.id)

    async def _open_channels(self, tx: Transaction, community: Community, section: Section) -> None:
        """The section's channel (room) on every platform, so people can find it there before anyone joins."""
        now = self._clock.now()
        for platform in await communities.platforms(tx.conn, community.id):
            await outbox.enqueue(
                tx.conn,
                dedupe_key=dedupe_key(Kind.CHANNEL, platform, target=f"section:{section.id}", extra=f"s{section.id}"),
                kind=Kind.CHANNEL,
                community_id=community.id,
                platform=platform,
                due_at=now,
                section_id=section.id,
                now=now,
            )

    async def _announce_proposal(
        self, tx: Transaction, community: Community, section: Section, proposer: Member
    ) -> None:
        announcement = reply(
            msg("announce-section-proposed", section=section.slug, name=section.name, member=proposer.display_name),
            msg("announce-section-approve-hint", section=section.slug),
        )
        await self._announce(tx, community, f"s{section.id}-proposed", announcement)

    async def _announce(self, tx: Transaction, community: Community, subject: str, content: Reply) -> None:
        """Queue a post in the central group on every platform (through the outbox: never lost)."""
        central = await sections.builtin(tx.conn, community.id, SectionKind.CENTRAL)
        now = self._clock.now()
        for platform in await communities.platforms(tx.conn, community.id):
            await outbox.enqueue(
                tx.conn,
                dedupe_key=dedupe_key(Kind.ANNOUNCEMENT, platform, target=f"section:{central.id}", extra=subject),
                kind=Kind.ANNOUNCEMENT,
                community_id=community.id,
                platform=platform,
                due_at=now,
                section_id=central.id,
                payload=encode_reply(content),
                now=now,
            )
        tx.emit(DeliveriesQueued())

    async def _membership_changed(
        self, tx: Transaction, community_id: int, section_id: int, member_id: int, *, joined: bool
    ) -> None:
        tx.emit(MembershipChanged(community_id, section_id, member_id, joined=joined))
        if not joined:
            tx.memo[memo_keys.in_section(section_id, member_id)] = False
            await departures.withdraw(tx, section_id, member_id, self._clock.now())
        await queue_access(
            tx, self._traits, self._clock.now(), community_id=community_id, member_id=member_id, section_id=section_id
        )

    async def _moderation_changed(self, tx: Transaction, community_id: int, section_id: int, member_id: int) -> None:
        """The member started or stopped coordinating the section: mirrored on the platforms through the outbox."""
        tx.emit(CoordinatorChanged(community_id, member_id))
        await queue_moderation(
            tx, self._traits, self._clock.now(), community_id=community_id, member_id=member_id, section_id=section_id
        )

    async def _refuse_last_coordinator(self, tx: Transaction, section: Section) -> None:
        if len(await sections.members_with_role(tx.conn, section.id, Role.COORDINATOR)) <= 1:
            raise UserError("error-last-coordinator", section=section.slug)

    async def _sync_coordinators_section(self, tx: Transaction, community: Community, member_id: int) -> None:
        """Called whenever what the member coordinates changed (a role, a section opened, closed or opened again)."""
        tx.emit(CoordinatorChanged(community.id, member_id))
        coordinators = await sections.builtin(tx.conn, community.id, SectionKind.COORDINATORS)
        should_be_in = await sections.coordinates_anything(tx.conn, member_id)
        is_in = await sections.membership(tx.conn, coordinators.id, member_id) is not None
        if should_be_in and not is_in:
            await sections.add_membership(tx.conn, coordinators.id, member_id, Role.MEMBER, self._clock.now())
            await self._membership_changed(tx, community.id, coordinators.id, member_id, joined=True)
        elif is_in and not should_be_in:
            await sections.remove_membership(tx.conn, coordinators.id, member_id)
            await self._membership_changed(tx, community.id, coordinators.id, member_id, joined=False)
