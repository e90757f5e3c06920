"""Communities and the people in them: created on first sight, with the built-in sections."""

from __future__ import annotations

from bot.clock import Clock
from bot.domain.models import Community, Member, Role, SectionKind, SectionStatus
from bot.domain.text import MAX_SHORT_TEXT, clean_text
from bot.errors import UserError
from bot.i18n import normalise_locale
from bot.storage.repositories import communities, directory, members, sections
from bot.storage.unit_of_work import Store, Transaction

CENTRAL_SLUG = "central"
#: Not a platform: marks the community that every ``shared`` platform place belongs to.
SHARED_PLACE = ("netgroups", "association")
COORDINATORS_SLUG = "coordinators"


class CommunityService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def ensure_community(
        self, platform: str, external_id: str, *, name: str, timezone: str, locale: str, shared: bool = False
    ) -> Community:
        """The community bound to this platform place, created with its built-in sections on first use.

        ``shared``: the place belongs to the deployment's one association, which may live on several
        platforms at once (a Discord guild and a Matrix space): all shared places are one community.
        """
        async with self._store.transaction() as tx:
            found = await communities.by_binding(tx.conn, platform, external_id)
            if found is not None:
                return found
            if shared:
                association = await communities.by_binding(tx.conn, *SHARED_PLACE)
                if association is not None:
                    await communities.bind(tx.conn, association.id, platform, external_id)
                    return association
            now = self._clock.now()
            community = await communities.create(tx.conn, name=name, timezone=timezone, locale=locale, now=now)
            await communities.bind(tx.conn, community.id, platform, external_id)
            if shared:
                await communities.bind(tx.conn, community.id, *SHARED_PLACE)
            for slug, kind in ((CENTRAL_SLUG, SectionKind.CENTRAL), (COORDINATORS_SLUG, SectionKind.COORDINATORS)):
                await sections.create(
                    tx.conn,
                    community_id=community.id,
                    slug=slug,
                    name=slug,  # shown through the catalog (section-name-central), this is a fallback
                    kind=kind,
                    status=SectionStatus.ACTIVE,
                    now=now,
                )
            return community

    async def ensure_member(
        self,
        community: Community,
        platform: str,
        external_id: str,
        *,
        display_name: str,
        admin_if_first: bool = False,
        admin: bool = False,
    ) -> Member:
        """The member behind a platform account, created (and put in the central group) on first sight."""
        display_name = display_name.strip()[:MAX_SHORT_TEXT] or external_id[:MAX_SHORT_TEXT]
        async with self._store.transaction() as tx:
            member = await members.by_identity(tx.conn, community.id, platform, external_id)
            if member is not None:
                return await self._refresh(tx, member, display_name, admin)
            is_admin = admin or (admin_if_first and await members.count(tx.conn, community.id) == 0)
            now = self._clock.now()
            member = await members.create(
                tx.conn, community_id=community.id, display_name=display_name, is_admin=is_admin, now=now
            )
            await members.add_identity(
                tx.conn, community_id=community.id, member_id=member.id, platform=platform, external_id=external_id
            )
            central = await sections.builtin(tx.conn, community.id, SectionKind.CENTRAL)
            await sections.add_membership(tx.conn, central.id, member.id, Role.MEMBER, now)
            return member

    async def _refresh(self, tx: Transaction, member: Member, display_name: str, admin: bool) -> Member:
        changes: dict[str, object] = {}
        if display_name != member.display_name:
            changes["display_name"] = display_name
        if admin and not member.is_admin:
            changes["is_admin"] = True
        if changes:
            await members.set_fields(tx.conn, member.id, **changes)
            if "display_name" in changes:
                await directory.refresh(tx.conn, member.id)  # the directory finds people by name too
            return await members.get(tx.conn, member.id)
        return member

    async def set_locale(self, member: Member, locale: str) -> Member:
        chosen = normalise_locale(locale)
        if chosen is None:
            raise UserError("error-unknown-locale", locale=clean_text(locale, field="locale", max_length=20))
        async with self._store.transaction() as tx:
            await members.set_fields(tx.conn, member.id, locale=chosen)
            return await members.get(tx.conn, member.id)

    async def find_member(self, community: Community, platform: str, reference: str) -> Member:
        """A member named by a platform account id or a display name; refused when unknown or ambiguous."""
        reference = clean_text(reference, field="member", max_length=255).removeprefix("@")
        async with self._store.transaction() as tx:
            member = await members.by_identity(tx.conn, community.id, platform, reference)
            if member is not None:
                return member
            found = await members.by_name(tx.conn, community.id, reference)
        if not found:
            raise UserError("error-unknown-member", member=reference)
        if len(found) > 1:
            raise UserError("error-ambiguous-member", member=reference, count=len(found))
        return found[0]

    async def set_reminder_via(self, member: Member, via: str, *, platform: str | None = None) -> list[str]:
        """Keep where ``member`` wants reminders; direct ones go to ``platform`` (where they asked) from now
        on. Returns the platforms of the member's accounts, first the one direct messages now go to."""
        async with self._store.transaction() as tx:
            if via == "dm" and platform is not None:
                await members.set_fields(tx.conn, member.id, reminder_via=via, direct_platform=platform)
            else:
                await members.set_fields(tx.conn, member.id, reminder_via=via)
            preferred = await members.preferred_platform(tx.conn, member.id)
            others = {identity.platform for identity in await members.identities_of(tx.conn, member.id)}
            return [preferred, *sorted(others - {preferred})] if preferred else sorted(others)

    async def member(self, member_id: int) -> Member:
        async with self._store.transaction() as tx:
            return await members.get(tx.conn, member_id)

    async def member_by_account(self, community_id: int, platform: str, external_id: str) -> Member | None:
        async with self._store.transaction() as tx:
            return await members.by_identity(tx.conn, community_id, platform, external_id)

    async def binding(self, community_id: int, platform: str) -> str | None:
        """Where the community lives on a platform: the Discord guild id, the Matrix space id."""
        async with self._store.transaction() as tx:
            return await communities.binding(tx.conn, community_id, platform)

    async def by_binding(self, platform: str, external_id: str) -> Community | None:
        async with self._store.transaction() as tx:
            return await communities.by_binding(tx.conn, platform, external_id)

    async def account_of(self, member_id: int, platform: str) -> str | None:
        async with self._store.transaction() as tx:
            return await members.external_id(tx.conn, member_id, platform)
