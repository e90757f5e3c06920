"""Linking a person's accounts on several platforms into one member, and splitting them again.

``profile link`` gives a one-time code, valid 10 minutes; entered with ``profile link CODE`` from
the other account, both become one member with one answer per meeting (the later one wins).
``profile unlink PLATFORM`` splits that account off again; history stays with the member.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.codes import readable_code
from bot.domain.models import Community, Member, Role, SectionKind
from bot.errors import UserError
from bot.events import CoordinatorChanged
from bot.services.member_cache import MemberCache
from bot.storage.repositories import members, merge, platform_state, sections
from bot.storage.unit_of_work import Store, Transaction

LINK_CODE_VALID = timedelta(minutes=10)
_CODE_LENGTH = 8


def _code_key(code: str) -> str:
    return f"link:{code}"


class IdentityService:
    def __init__(self, store: Store, clock: Clock, cache: MemberCache | None = None) -> None:
        self._store = store
        self._clock = clock
        self._cache = cache or MemberCache()

    def _accounts_move(self, tx: Transaction) -> None:
        """Accounts change members here: forget them now (nothing reads the old mapping while this
        transaction holds the connection) and again after the commit, in case a concurrent reader
        (PostgreSQL) put the old mapping back in between."""
        self._cache.forget_members()
        tx.on_commit.append(self._cache.forget_members)

    async def issue_code(self, member: Member, platform: str) -> str:
        code = readable_code(_CODE_LENGTH)
        expires = self._clock.now() + LINK_CODE_VALID
        record = {"member_id": member.id, "platform": platform, "expires": expires.isoformat()}
        async with self._store.transaction() as tx:
            await platform_state.put(
                tx.conn, "core", _code_key(code), json.dumps(record), self._clock.now(), member_id=member.id
            )
        return code

    async def redeem(self, community: Community, member: Member, platform: str, code: str) -> Member:
        """Join the account typing the code to the member who asked for it; the code then is spent."""
        code = code.strip().upper()
        async with self._store.transaction() as tx:
            stored = await platform_state.get(tx.conn, "core", _code_key(code))
            record = json.loads(stored) if stored else None
            if record is None or record.get("used"):
                raise UserError("error-link-code-unknown")
            if datetime.fromisoformat(record["expires"]) < self._clock.now():
                raise UserError("error-link-code-expired")
            if record["member_id"] == member.id:
                raise UserError("error-link-same-account")
            if record["platform"] == platform:
                raise UserError("error-link-same-platform", platform=platform)
            keep = await members.get(tx.conn, record["member_id"])
            if keep.community_id != community.id:
                raise UserError("error-link-code-unknown")
            await merge.merge_members(tx.conn, keep.id, member.id)
            tx.emit(CoordinatorChanged(community.id, keep.id))  # the sections the other account coordinated
            self._accounts_move(tx)
            await platform_state.put(
                tx.conn,
                "core",
                _code_key(code),
                json.dumps({**record, "used": True}),
                self._clock.now(),
                member_id=keep.id,
            )
            return await members.get(tx.conn, keep.id)

    async def unlink(self, community: Community, member: Member, platform: str) -> Member:
        """Split the member's account on ``platform`` off into a member of its own."""
        async with self._store.transaction() as tx:
            accounts = await members.identities_of(tx.conn, member.id)
            leaving = [account for account in accounts if account.platform == platform]
            if not leaving:
                raise UserError("error-unlink-none", platform=platform)
            if len(accounts) == len(leaving):
                raise UserError("error-unlink-last")
            return await self._split(tx, community, member, leaving[0].external_id, platform)

    async def _split(
        self, tx: Transaction, community: Community, member: Member, external_id: str, platform: str
    ) -> Member:
        now = self._clock.now()
        split = await members.create(
            tx.conn, community_id=community.id, display_name=member.display_name, is_admin=False, now=now
        )
        await members.move_identity(tx.conn, member.id, split.id, platform, external_id)
        self._accounts_move(tx)
        # The new member keeps being in the same sections (as a member), so nobody is dropped from a
        # meeting call; answers, memos and roles stay with the member they were given as.
        for section_id in await sections.section_ids_of_member(tx.conn, member.id):
            section = await sections.get(tx.conn, section_id)
            if section.kind is not SectionKind.COORDINATORS:
                await sections.add_membership(tx.conn, section_id, split.id, Role.MEMBER, now)
        return split
