"""The section watch: once a day, which sections need someone's attention, each told once per finding.

Findings, per active section of its own (not the central group nor the coordinators' section):

- **without a coordinator**: none of its coordinators has shown a sign of life for eight weeks (a command, an
  answer to a meeting: ``repositories.activity``), or it has none (they left, were erased, or stepped down with
  an admin's agreement). Reported to the community admins privately (in daytime) and in the coordinators'
  section, with members who could take over: those who said yes to being asked (``profile ask-to-coordinate``),
  the most yes answers to the section's meetings first (not named for a sensitive section, whose membership is
  for its members to know).
- **not meeting**: no meeting for six weeks, none ahead either (a section younger than that is left alone).
- **nobody coming**: its last three meetings had no yes answer.

The two continuity findings reach the section's coordinators in their digest (``digest_continuity``), kindly,
and the coordinators' section as counts only: no section named, none ranked, no member named.

"Once per finding": a finding is remembered (``platform_state``, ``watch:<finding>:<section>``: when it was
found, and whether it has been counted in the coordinators' section) and reported when it is first found; when
it is no longer true it is forgotten, so that it is reported again if it becomes true again.
"""

from __future__ import annotations

import enum
import json
import logging
from collections import Counter
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.delivery import notices
from bot.domain.models import Community, Role, Section, SectionKind
from bot.events import DeliveriesQueued
from bot.replies import Listing, Msg, msg, reply
from bot.services import coordinators_meeting
from bot.services.activity import ActivityService
from bot.settings import MeetingsSettings
from bot.storage.repositories import activity, communities, platform_state, sections, watch
from bot.storage.unit_of_work import Store, Transaction

log = logging.getLogger(__name__)

WATCH_EVERY = timedelta(days=1)
#: A coordinator with no sign of life for this long no longer counts as the section's active coordinator.
QUIET_COORDINATOR = timedelta(weeks=8)
#: A section with no meeting for this long (and none ahead) is not meeting.
NOT_MEETING_AFTER = timedelta(weeks=6)
#: A section whose last this many meetings had no yes answer has nobody coming.
EMPTY_MEETINGS = 3
#: At most this many members are suggested to take a section over.
CANDIDATES = 3
_LAST_RUN = "watch:last"


class Finding(enum.StrEnum):
    UNCOORDINATED = "uncoordinated"
    NOT_MEETING = "not-meeting"
    NOBODY_COMING = "nobody-coming"


#: The findings told to a section's coordinators (in their digest) and counted in the coordinators' section.
CONTINUITY = (Finding.NOT_MEETING, Finding.NOBODY_COMING)


def finding_key(finding: Finding, section_id: int) -> str:
    return f"watch:{finding}:{section_id}"


class SectionWatch:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        meetings: MeetingsSettings | None = None,
        activity_noted: ActivityService | None = None,
    ) -> None:
        self._store = store
        self._clock = clock
        #: Commands noted since the last round, written before each look (and at every round: see ``activity``).
        self._activity = activity_noted
        #: With settings, the watch also makes the coordinators' quarterly meeting once (``coordinators_meeting``).
        self._meetings = meetings
        self._next: datetime | None = None

    async def next_at(self) -> datetime:
        """When the next look is due: a day after the last one (now, if there never was one)."""
        if self._next is None:
            async with self._store.transaction() as tx:
                last = await platform_state.get(tx.conn, "core", _LAST_RUN)
            self._next = datetime.fromisoformat(last) + WATCH_EVERY if last else self._clock.now()
        return self._next

    async def run_if_due(self) -> None:
        if self._activity is not None:
            await self._activity.flush()
        now = self._clock.now()
        if now < await self.next_at():
            return
        await self.run(now)
        async with self._store.transaction() as tx:
            await platform_state.put(tx.conn, "core", _LAST_RUN, now.isoformat(), now)
        self._next = now + WATCH_EVERY

    async def run(self, now: datetime) -> None:
        """Look at every community's sections, each section in a transaction of its own (the writer is held for a
        few statements at a time, never for a whole community), then post each community's counts."""
        async with self._store.transaction() as tx:
            ids = await watch.community_ids(tx.conn)
        for community_id in ids:
            async with self._store.transaction() as tx:
                community = await communities.get(tx.conn, community_id)
                if self._meetings is not None and await coordinators_meeting.ensure_series(
                    tx, community, self._meetings, now
                ):
                    tx.emit(DeliveriesQueued())  # its first occurrences are planned at once
                watched = await watch.watched_sections(tx.conn, community.id)
            for section in watched:
                async with self._store.transaction() as tx:
                    await self._look_at(tx, community, section, now)
            async with self._store.transaction() as tx:
                await self._count_continuity(tx, community, watched, now)

    async def _look_at(self, tx: Transaction, community: Community, section: Section, now: datetime) -> None:
        """Remember what became true (reporting a missing coordinator at once) and forget what no longer is."""
        found = await self._findings(tx, section, now)
        keys = {finding: finding_key(finding, section.id) for finding in Finding}
        stored = await platform_state.get_many(tx.conn, "core", keys.values())
        for finding, key in keys.items():
            remembered = stored.get(key)
            if finding in found and remembered is None:
                # A continuity finding waits to be counted in the coordinators' section (``_count_continuity``).
                record = {"found": now.isoformat(), "counted": finding is Finding.UNCOORDINATED}
                await platform_state.put(tx.conn, "core", key, json.dumps(record), now)
                if finding is Finding.UNCOORDINATED:
                    await self._report_uncoordinated(tx, community, section, now)
            elif finding not in found and remembered is not None:
                await platform_state.forget_if(tx.conn, "core", key, remembered)

    async def _count_continuity(
        self, tx: Transaction, community: Community, watched: list[Section], now: datetime
    ) -> None:
        """Post the continuity findings not counted yet (a crash before the post leaves them for the next look)."""
        new: Counter[Finding] = Counter()
        keys = [(finding, finding_key(finding, section.id)) for section in watched for finding in CONTINUITY]
        stored = await platform_state.get_many(tx.conn, "core", [key for _, key in keys])
        for finding, key in keys:
            if key in stored:
                record = json.loads(stored[key])
                if not record["counted"]:
                    new[finding] += 1
                    await platform_state.put(tx.conn, "core", key, json.dumps({**record, "counted": True}), now)
        if new:
            log.info("section watch, community %s: %s", community.id, dict(new))
            await self._report_continuity(tx, community, new, now)

    async def _findings(self, tx: Transaction, section: Section, now: datetime) -> set[Finding]:
        found: set[Finding] = set()
        if not await self._has_active_coordinator(tx, section, now):
            found.add(Finding.UNCOORDINATED)
        since = now - NOT_MEETING_AFTER
        old_enough = section.created_at is not None and section.created_at <= since
        if old_enough and not await watch.meets_after(tx.conn, section.id, since):
            found.add(Finding.NOT_MEETING)
        yes = await watch.yes_counts_of_last(tx.conn, section.id, now, EMPTY_MEETINGS)
        if len(yes) == EMPTY_MEETINGS and not any(yes):
            found.add(Finding.NOBODY_COMING)
        return found

    async def _has_active_coordinator(self, tx: Transaction, section: Section, now: datetime) -> bool:
        for coordinator in await sections.members_with_role(tx.conn, section.id, Role.COORDINATOR):
            last = await activity.last_active(tx.conn, coordinator.id)
            if last is not None and last > now - QUIET_COORDINATOR:
                return True
        return False

    async def _report_uncoordinated(
        self, tx: Transaction, community: Community, section: Section, now: datetime
    ) -> None:
        """To every community admin privately, and in the coordinators' section: the section, and who could help."""
        has_any = bool(await sections.members_with_role(tx.conn, section.id, Role.COORDINATOR))
        content = reply(
            msg("watch-uncoordinated-quiet" if has_any else "watch-uncoordinated-none", section=section.slug),
            await self._who_could(tx, section),
            msg("watch-uncoordinated-how", section=section.slug),
            title=msg("watch-uncoordinated-title", section=section.slug, name=section.name),
        )
        subject = f"{finding_key(Finding.UNCOORDINATED, section.id)}:{now.isoformat()}"
        for admin in await watch.admins(tx.conn, community.id):
            await notices.queue_direct(
                tx, now, community_id=community.id, member_id=admin.id, subject=subject, content=content
            )
        coordinators = await sections.builtin(tx.conn, community.id, SectionKind.COORDINATORS)
        await notices.queue_in_section(
            tx, now, community_id=community.id, section_id=coordinators.id, subject=subject, content=content
        )
        await self._ask_once(tx, community, section, now)

    async def _ask_once(self, tx: Transaction, community: Community, section: Section, now: datetime) -> None:
        """Ask the section's most faithful members who never said whether they may be asked, privately and only
        ever once each (remembered under the member: exported and erased with them); their answer is kept."""
        for member, _ in await watch.candidates(tx.conn, section.id, CANDIDATES, never_said=True):
            key = f"asked-to-coordinate:{member.id}"
            if await platform_state.get(tx.conn, "core", key) is not None:
                continue
            await platform_state.put(tx.conn, "core", key, now.isoformat(), now, member_id=member.id)
            content = reply(
                msg("ask-to-coordinate-question", section=section.slug),
                msg("ask-to-coordinate-how"),
                title=msg("ask-to-coordinate-title"),
            )
            await notices.queue_direct(
                tx, now, community_id=community.id, member_id=member.id, subject=key, content=content
            )

    async def _who_could(self, tx: Transaction, section: Section) -> Msg:
        if section.sensitive:
            return msg("watch-candidates-sensitive", section=section.slug)
        found = await watch.candidates(tx.conn, section.id, CANDIDATES)
        if not found:
            return msg("watch-candidates-none", section=section.slug)
        names = Listing(tuple(msg("watch-candidate", member=member.display_name, count=yes) for member, yes in found))
        return msg("watch-candidates", names=names, section=section.slug)

    async def _report_continuity(
        self, tx: Transaction, community: Community, new: Counter[Finding], now: datetime
    ) -> None:
        """Counts only, in the coordinators' section: no section named or ranked, nobody named."""
        lines = [msg("watch-continuity-intro")]
        lines.extend(msg(f"watch-{finding}-count", count=new[finding]) for finding in CONTINUITY if new[finding])
        lines.append(msg("watch-continuity-ideas"))
        coordinators = await sections.builtin(tx.conn, community.id, SectionKind.COORDINATORS)
        await notices.queue_in_section(
            tx,
            now,
            community_id=community.id,
            section_id=coordinators.id,
            subject=f"watch:continuity:{now.isoformat()}",
            content=reply(*lines, title=msg("watch-continuity-title")),
        )
