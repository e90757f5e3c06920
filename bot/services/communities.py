"""Communities and the people in them: created on first sight, with the built-in sections."""

from __future__ import annotations

import functools
from collections.abc import Collection

from bot.clock import Clock
from bot.delivery.access import WELCOME, PlatformTraits, queue_access
from bot.delivery.digests import queue_for as queue_digest
from bot.delivery.moderation import COMMUNITY, queue_moderation
from bot.delivery.welcome import queue_admin_welcome
from bot.domain.digest import EARLIEST_HOUR, LATEST_HOUR, DigestMode, DigestSetting, hour_allowed
from bot.domain.models import Account, Community, Member, Role, SectionKind, SectionStatus
from bot.domain.text import clean_text, shown_name
from bot.errors import UserError
from bot.events import DeliveriesQueued
from bot.i18n import normalise_locale
from bot.services.member_cache import MemberCache
from bot.storage.repositories import communities, digests, directory, members, sections
from bot.storage.unit_of_work import Store, Transaction

CENTRAL_SLUG = "central"
#: Not a platform: marks the community that every ``shared`` platform place belongs to.
SHARED_PLACE = ("netgroups", "association")
COORDINATORS_SLUG = "coordinators"


class CommunityService:
    def __init__(
        self, store: Store, clock: Clock, cache: MemberCache | None = None, traits: PlatformTraits | None = None
    ) -> None:
        self._store = store
        self._clock = clock
        self._cache = cache or MemberCache()
        self._traits = traits or PlatformTraits()

    async def ensure_community(
        self, platform: str, external_id: str, *, name: str, timezone: str, locale: str, shared: bool = False
    ) -> Community:
        """The community bound to this platform place, created with its built-in sections on first use.

        ``shared``: the place belongs to the deployment's one association, which may live on several
        platforms at once (a Discord guild and a Matrix space): all shared places are one community.
        """
        cached = self._cache.community(platform, external_id)
        if cached is not None:
            return cached
        async with self._store.transaction() as tx:
            community = await self._ensure_community(
                tx, platform, external_id, name=name, timezone=timezone, locale=locale, shared=shared
            )
        self._cache.put_community(platform, external_id, community)
        return community

    async def _ensure_community(
        self, tx: Transaction, platform: str, external_id: str, *, name: str, timezone: str, locale: str, shared: bool
    ) -> Community:
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
        display_name: str | None,
        admin_if_first: bool = False,
        admin: bool = False,
        not_counting: Collection[str] = (),
    ) -> Member:
        """The member behind a platform account, created (and put in the central group) on first sight.
        ``display_name`` None: the platform did not say; a known member keeps the stored name.
        ``admin_if_first``: a new member is a community admin when nobody else is a member yet, the
        accounts on this platform in ``not_counting`` aside (the console's own starting user)."""
        account = Account(community.id, platform, external_id, display_name, admin)
        cached = self._cache.member(_key(account))
        if cached is not None and _still_fits(cached, account):
            return cached
        async with self._store.transaction() as tx:
            return await self.member_in(tx, account, admin_if_first=admin_if_first, not_counting=not_counting)

    async def member_in(
        self, tx: Transaction, account: Account, *, admin_if_first: bool = False, not_counting: Collection[str] = ()
    ) -> Member:
        """:meth:`ensure_member` inside a transaction the caller owns (a batch of reactions)."""
        member = await self.known_member_in(tx, account)
        if member is None:
            first = admin_if_first and await _nobody_else(tx, account, not_counting)
            member = await self._create(tx, account, _shown_name(account), admin=account.admin or first)
            self._remember(tx, account, member)
        return member

    async def prefetch_members_in(self, tx: Transaction, accounts: list[Account]) -> None:
        """Look up at once the members behind these accounts that :meth:`known_member_in` would look up one
        by one (a batch of reactions): a query per platform place instead of one per account."""
        wanted: dict[tuple[int, str], set[str]] = {}
        for account in accounts:
            key = _key(account)
            if ("member", key) not in tx.memo and self._cache.member(key) is None:
                wanted.setdefault((account.community_id, account.platform), set()).add(account.external_id)
        for (community_id, platform), external_ids in wanted.items():
            found = await members.by_identities(tx.conn, community_id, platform, sorted(external_ids))
            for external_id in external_ids:
                member = found.get(external_id)
                key = (community_id, platform, external_id)
                if member is None:
                    tx.memo[("no member", key)] = True
                else:
                    tx.memo[("member", key)] = member

    def looked_up(self, tx: Transaction, account: Account) -> Member | None:
        """The member behind ``account`` as far as known without a query (this transaction, the cache)."""
        key = _key(account)
        found: Member | None = tx.memo.get(("member", key)) or self._cache.member(key)
        return found

    async def known_member_in(self, tx: Transaction, account: Account) -> Member | None:
        """The member behind the account if there is one (its name and rights brought up to date)."""
        key = _key(account)
        known = tx.memo.get(("member", key)) or self._cache.member(key)
        if known is not None and _still_fits(known, account):
            return known
        if known is None and tx.memo.get(("no member", key)):
            return None
        member = await members.by_identity(tx.conn, account.community_id, account.platform, account.external_id)
        if member is None:
            return None
        name = member.display_name if account.display_name is None else _shown_name(account)
        member = await self._refresh(tx, member, name, account)
        self._remember(tx, account, member)
        return member

    def _remember(self, tx: Transaction, account: Account, member: Member) -> None:
        key = _key(account)
        tx.memo[("member", key)] = member
        tx.on_commit.append(functools.partial(self._cache.put_member, key, member))

    async def _create(self, tx: Transaction, account: Account, display_name: str, *, admin: bool) -> Member:
        community_id = account.community_id
        first_admin = admin and not await members.has_admin(tx.conn, community_id)
        now = self._clock.now()
        member = await members.create(
            tx.conn, community_id=community_id, display_name=display_name, is_admin=admin, now=now
        )
        await members.add_identity(
            tx.conn,
            community_id=community_id,
            member_id=member.id,
            platform=account.platform,
            external_id=account.external_id,
        )
        central = await sections.builtin(tx.conn, community_id, SectionKind.CENTRAL)
        await sections.add_membership(tx.conn, central.id, member.id, Role.MEMBER, now)
        await queue_access(tx, self._traits, now, community_id=community_id, member_id=member.id, section_id=WELCOME)
        if admin:
            await self._admin_moderates(tx, member)
        if first_admin:
            await self._welcome_first_admin(tx, member, account.platform)
        return member

    async def _refresh(self, tx: Transaction, member: Member, display_name: str, account: Account) -> Member:
        changes: dict[str, object] = {}
        if display_name != member.display_name:
            changes["display_name"] = display_name
        if account.admin and not member.is_admin:
            changes["is_admin"] = True
            await self._admin_moderates(tx, member)
            if not await members.has_admin(tx.conn, member.community_id):
                await self._welcome_first_admin(tx, member, account.platform)
        if changes:
            await members.set_fields(tx.conn, member.id, **changes)
            if "display_name" in changes:
                await directory.refresh(tx.conn, member.id)  # the directory finds people by name too
            return await members.get(tx.conn, member.id)
        return member

    async def _admin_moderates(self, tx: Transaction, member: Member) -> None:
        """A community admin moderates the community's place on the platforms that mirror it (a Matrix space)."""
        now = self._clock.now()
        await queue_moderation(
            tx, self._traits, now, community_id=member.community_id, member_id=member.id, section_id=COMMUNITY
        )

    async def _welcome_first_admin(self, tx: Transaction, member: Member, platform: str) -> None:
        """The community's first admin is welcomed privately with the next steps (on platforms that do)."""
        now = self._clock.now()
        await queue_admin_welcome(
            tx, self._traits, now, community_id=member.community_id, member_id=member.id, platform=platform
        )

    async def has_admin(self, community: Community) -> bool:
        async with self._store.transaction() as tx:
            return await members.has_admin(tx.conn, community.id)

    async def set_locale(self, member: Member, locale: str) -> Member:
        chosen = normalise_locale(locale)
        if chosen is None:
            raise UserError("error-unknown-locale", locale=clean_text(locale, field="locale", max_length=20))
        async with self._store.transaction() as tx:
            await members.set_fields(tx.conn, member.id, locale=chosen)
            changed = await members.get(tx.conn, member.id)
        self._cache.replace_member(changed)
        return changed

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
            changed = await members.get(tx.conn, member.id)
        self._cache.replace_member(changed)
        return [preferred, *sorted(others - {preferred})] if preferred else sorted(others)

    async def set_digest(self, member: Member, mode: str | None, hour: int | None) -> DigestSetting:
        """Keep how often (``daily``, ``weekly``, ``off``) and at which local hour ``member`` gets their digest;
        a new hour applies from the next digest on. Returns the setting as it is now."""
        if hour is not None and not hour_allowed(hour):
            raise UserError("error-digest-hour", hour=hour, earliest=EARLIEST_HOUR, latest=LATEST_HOUR)
        async with self._store.transaction() as tx:
            await digests.set_setting(tx.conn, member.id, DigestMode(mode) if mode else None, hour)
            if hour is not None:
                # The digest waiting at the old hour gives way to one at the new hour.
                await digests.forget_waiting(tx.conn, member.id)
                await queue_digest(tx.conn, member.id, member.community_id, self._clock.now())
                tx.emit(DeliveriesQueued())
            chosen, at = await digests.setting(tx.conn, member.id)
            coordinates = bool(await digests.coordinated_sections(tx.conn, member.id))
            zone = (await communities.get(tx.conn, member.community_id)).timezone
        return DigestSetting(chosen, at, zone, coordinates)

    async def member(self, member_id: int) -> Member:
        async with self._store.transaction() as tx:
            return await members.get(tx.conn, member_id)

    async def member_by_account(self, community_id: int, platform: str, external_id: str) -> Member | None:
        key = (community_id, platform, external_id)
        cached = self._cache.member(key)
        if cached is not None:
            return cached
        async with self._store.transaction() as tx:
            found = await members.by_identity(tx.conn, community_id, platform, external_id)
        if found is not None:
            self._cache.put_member(key, found)
        return found

    async def binding(self, community_id: int, platform: str) -> str | None:
        """Where the community lives on a platform: the Discord guild id, the Matrix space id."""
        async with self._store.transaction() as tx:
            return await communities.binding(tx.conn, community_id, platform)

    async def by_binding(self, platform: str, external_id: str) -> Community | None:
        cached = self._cache.community(platform, external_id)
        if cached is not None:
            return cached
        async with self._store.transaction() as tx:
            found = await communities.by_binding(tx.conn, platform, external_id)
        if found is not None:
            self._cache.put_community(platform, external_id, found)
        return found

    async def account_of(self, member_id: int, platform: str) -> str | None:
        async with self._store.transaction() as tx:
            return await members.external_id(tx.conn, member_id, platform)


async def _nobody_else(tx: Transaction, account: Account, not_counting: Collection[str]) -> bool:
    """No member in the account's community yet, the accounts on its platform in ``not_counting`` aside."""
    everyone = await members.count(tx.conn, account.community_id)
    aside = (
        await members.by_identities(tx.conn, account.community_id, account.platform, not_counting) if everyone else {}
    )
    return everyone == len({member.id for member in aside.values()})


def _key(account: Account) -> tuple[int, str, str]:
    return (account.community_id, account.platform, account.external_id)


def _shown_name(account: Account) -> str:
    """The account's name as members see it. Every name a platform gives comes through here (a command's
    speaker, a reaction's, a user met reading back a call's reactions): on one line, capped, never empty."""
    return shown_name(account.display_name, account.external_id)


def _still_fits(member: Member, account: Account) -> bool:
    """A known member needs no write for this sighting: same name, and no admin rights to add."""
    same_name = account.display_name is None or member.display_name == _shown_name(account)
    return same_name and (member.is_admin or not account.admin)
