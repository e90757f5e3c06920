"""A member's own data: all of it exported (GDPR Art. 15 and 20), or all of it erased (Art. 17).

An erasure takes two steps, the request and a confirmation with the code the request gave, within ten
minutes: one mistyped command must not end a membership. What others wrote stays (a memo keeps its text, its
author shown as a former member); meeting calls that counted the member are edited without them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.delivery.access import PlatformTraits, queue_departure
from bot.domain.codes import readable_code
from bot.domain.models import Community, Member
from bot.errors import UserError
from bot.events import MeetingChanged, MemberErased
from bot.services.member_cache import MemberCache
from bot.storage.repositories import members, personal_data, platform_state, sections
from bot.storage.repositories.personal_data import Rows
from bot.storage.schema import PERSONAL_DATA
from bot.storage.unit_of_work import Store

log = logging.getLogger(__name__)

ERASE_CONFIRM_VALID = timedelta(minutes=10)
#: The export's format, named in the file so that a reader can tell what it holds.
EXPORT_FORMAT = "netgroups-personal-data/1"
_CODE_LENGTH = 6


def _erase_key(member_id: int) -> str:
    return f"erase:{member_id}"


@dataclass(frozen=True, slots=True)
class Export:
    """What is stored about a member: rows by table, and the same as a JSON document."""

    member: Member
    tables: Rows
    document: bytes
    #: The sections the member is in, by slug, for the readable summary.
    section_slugs: list[str]

    def count(self, table: str) -> int:
        return len(self.tables.get(table, ()))


@dataclass(frozen=True, slots=True)
class EraseRequest:
    code: str
    valid_minutes: int


class PersonalDataService:
    def __init__(self, store: Store, clock: Clock, cache: MemberCache, traits: PlatformTraits) -> None:
        self._store = store
        self._clock = clock
        self._cache = cache
        self._traits = traits

    async def export(self, community: Community, member: Member) -> Export:
        """Every row about the member in every table of PERSONAL_DATA, read in one transaction."""
        async with self._store.transaction() as tx:
            tables = await personal_data.rows_about(tx.conn, member.id)
            slugs = await sections.slugs_of_member(tx.conn, member.id)
        document = {
            "format": EXPORT_FORMAT,
            "exported_at": self._clock.now().isoformat(),
            "community": {"id": community.id, "name": community.name},
            "member_id": member.id,
            "tables": tables,
        }
        encoded = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode()
        return Export(member, tables, encoded, slugs)

    async def request_erase(self, member: Member, *, by: Member) -> EraseRequest:
        """The first step: a code that confirms the erasure of ``member`` (asked by ``by``: themselves or an admin)."""
        code = readable_code(_CODE_LENGTH)
        now = self._clock.now()
        record = {"code": code, "by": by.id, "expires": (now + ERASE_CONFIRM_VALID).isoformat()}
        async with self._store.transaction() as tx:
            await platform_state.put(
                tx.conn, "core", _erase_key(member.id), json.dumps(record), now, member_id=member.id
            )
        return EraseRequest(code, int(ERASE_CONFIRM_VALID.total_seconds() // 60))

    async def erase(self, community: Community, member: Member, code: str, *, by: Member) -> None:
        """The second step: with the code given to ``by`` within ten minutes, nothing is left of ``member``."""
        now = self._clock.now()
        async with self._store.transaction() as tx:
            stored = await platform_state.get(tx.conn, "core", _erase_key(member.id))
            record: dict[str, Any] = json.loads(stored) if stored else {}
            if (
                record.get("code") != code.strip().upper()
                or record.get("by") != by.id
                or datetime.fromisoformat(record["expires"]) < now
            ):
                raise UserError("error-erase-code", member=member.display_name)
            changed = await personal_data.upcoming_meetings_naming(tx.conn, member.id, now)
            accounts = await members.identities_of(tx.conn, member.id)
            places = await sections.section_ids_of_member(tx.conn, member.id)
            await queue_departure(tx, self._traits, now, community_id=community.id, accounts=accounts, sections=places)
            await personal_data.erase(tx.conn, member.id)
            self._cache.forget_members()
            tx.on_commit.append(self._cache.forget_members)
            tx.emit(MemberErased(community.id, member.id))
            for occurrence_id in changed:
                tx.emit(MeetingChanged(occurrence_id))
        # Ids only: the log keeps no name, account or content of the person erased.
        who = "themselves" if by.id == member.id else f"community admin {by.id}"
        log.info("member %d of community %d erased at the request of %s", member.id, community.id, who)


def table_counts(export: Export) -> dict[str, int]:
    """How many rows each table holds about the member, in PERSONAL_DATA's order (for the readable summary)."""
    return {table: export.count(table) for table in PERSONAL_DATA}
