"""What a coordinator's digest can carry: the item sources, in one place.

A digest (one private message a day at most, at the coordinator's hour) bundles everything that needs a
coordinator across all the sections they coordinate. It is composed when it is due, so every source reads the
database as it is at that moment (answers and agendas change until then).

How to add a source
-------------------
1. Write ``async def my_source(conn, coordinator_id, section_ids, now) -> list[DigestItem]`` in a module of its
   own (e.g. ``bot/services/digest_continuity.py``): ``section_ids`` are the active sections the coordinator
   coordinates (their community is one: a member belongs to one community); ``now`` is the digest's moment (UTC).
   Read only; a source never writes (the digest may be composed again after a crash).
2. Return one :class:`bot.domain.digest.DigestItem` per thing to tell, with catalog keys (en, sv, da) for its
   lines. Set ``due_at`` when waiting for a later digest would be too late (the call goes out, the meeting
   starts): an item whose ``due_at`` comes before the coordinator's next digest makes today's digest go out,
   whatever their setting (``daily``, ``weekly``, ``off``). Set ``since`` to when it began to need them: new
   since yesterday's digest, it makes a ``daily`` digest go out. With neither it rides along with the next
   digest that goes out, and waits at most for Monday's (never told with ``off``). The rules are in
   :func:`bot.domain.digest.to_send`.
3. Add the function to :data:`SOURCES` below (order is the order of the digest's parts). Nothing else changes:
   an empty digest sends nothing, and the items' lines are rendered like any reply.

Items about a meeting carry its ``occurrence_id`` and start (``sort_at``), so the digest lists them in time order.
The meeting sources are in :mod:`bot.services.digest_meetings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.digest import DigestItem, DigestSource
from bot.services import digest_continuity, digest_meetings

#: Every source of digest items, in the order the digest shows them.
SOURCES: tuple[DigestSource, ...] = (
    digest_meetings.confirmations,
    digest_meetings.hold_or_cancel,
    digest_meetings.agendas,
    digest_meetings.proposals,
    digest_meetings.waitlists,
    digest_meetings.unanswered,
    digest_meetings.memos_to_write,
    digest_continuity.continuity,
)


async def collect(
    conn: AsyncConnection,
    coordinator_id: int,
    section_ids: Sequence[int],
    now: datetime,
    sources: Sequence[DigestSource] = SOURCES,
) -> list[DigestItem]:
    """Every item of every source for one coordinator, in the sources' order and, within one, by time."""
    found: list[DigestItem] = []
    with digest_meetings.one_reading():  # the meeting sources share one read of the meetings
        for source in sources:
            items = await source(conn, coordinator_id, section_ids, now)
            found.extend(sorted(items, key=lambda item: (item.sort_at is not None, item.sort_at or now)))
    return found
