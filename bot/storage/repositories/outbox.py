"""The delivery outbox: enqueue once, claim with a lease, record the outcome.

On PostgreSQL several processes claim at once with ``FOR UPDATE SKIP LOCKED``; on SQLite one
process owns the file and ``BEGIN IMMEDIATE`` serialises claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.delivery import Delivery, DeliveryState, Kind
from bot.domain.meetings import OccurrenceStatus
from bot.storage.schema import occurrences, outbox
from bot.storage.upsert import insert_ignore


def _delivery(row: Row[tuple[object, ...]]) -> Delivery:
    return Delivery(
        id=row.id,
        dedupe_key=row.dedupe_key,
        kind=row.kind,
        community_id=row.community_id,
        platform=row.platform,
        section_id=row.section_id,
        member_id=row.member_id,
        occurrence_id=row.occurrence_id,
        memo_id=row.memo_id,
        series_id=row.series_id,
        due_at=row.due_at,
        deadline_at=row.deadline_at,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        external_channel=row.external_channel,
        external_message=row.external_message,
        payload=row.payload,
    )


async def enqueue(
    conn: AsyncConnection,
    *,
    dedupe_key: str,
    kind: str,
    community_id: int,
    platform: str,
    due_at: datetime,
    now: datetime,
    deadline_at: datetime | None = None,
    section_id: int | None = None,
    member_id: int | None = None,
    occurrence_id: int | None = None,
    memo_id: int | None = None,
    series_id: int | None = None,
    payload: str | None = None,
    channel: str | None = None,
) -> bool:
    """Queue a delivery; True when new, False when that key was queued before (nothing changes).

    ``channel``: the platform's channel, when the delivery goes to one named already (a reply where the
    command was typed) rather than to a section's channel or a member's direct conversation.
    """
    values = {
        "dedupe_key": dedupe_key,
        "kind": kind,
        "community_id": community_id,
        "platform": platform,
        "section_id": section_id,
        "member_id": member_id,
        "occurrence_id": occurrence_id,
        "memo_id": memo_id,
        "series_id": series_id,
        "due_at": due_at,
        "deadline_at": deadline_at,
        "state": DeliveryState.PENDING.value,
        "attempts": 0,
        "payload": payload,
        "external_channel": channel,
        "created_at": now,
    }
    return await insert_ignore(conn, outbox, values, ("dedupe_key",))


async def claim_due(
    conn: AsyncConnection,
    *,
    now: datetime,
    worker: str,
    lease: timedelta,
    platforms: tuple[str, ...],
    limit: int,
) -> list[Delivery]:
    if not platforms:
        return []
    found: list[tuple[datetime, int]] = []
    for query in _CLAIMABLE[conn.dialect.name == "postgresql"]:
        rows = await conn.execute(query, {"platforms": list(platforms), "now": now, "limit": limit})
        found.extend((row.due_at, row.id) for row in rows)
    ids = [delivery_id for _, delivery_id in sorted(found)[:limit]]
    return await _claim_ids(conn, ids, now=now, worker=worker, lease=lease)


def _claimable() -> dict[bool, tuple[Select[tuple[datetime, int]], ...]]:
    """The claim's two queries, built once (every delivery round runs them), for SQLite and for PostgreSQL (where
    they lock what they find, passing over rows another process holds).

    Two queries, each on the (state, due_at) index, rather than one with OR: with the OR, SQLite walks every row of
    the platform (the outbox keeps its whole history) and sorts them, on every claim."""
    due = and_(outbox.c.state == DeliveryState.PENDING.value, outbox.c.due_at <= bindparam("now"))
    # A claim whose lease ran out belongs to a worker that died: take it over.
    expired = and_(outbox.c.state == DeliveryState.CLAIMED.value, outbox.c.lease_until < bindparam("now"))
    queries = tuple(
        select(outbox.c.due_at, outbox.c.id)
        .where(outbox.c.platform.in_(bindparam("platforms", expanding=True)), condition)
        .order_by(outbox.c.due_at, outbox.c.id)
        .limit(bindparam("limit"))
        for condition in (due, expired)
    )
    return {False: queries, True: tuple(query.with_for_update(skip_locked=True) for query in queries)}


_CLAIMABLE = _claimable()
_CLAIM = (
    update(outbox)
    .where(outbox.c.id.in_(bindparam("ids", expanding=True)))
    .values(
        state=DeliveryState.CLAIMED.value,
        lease_until=bindparam("lease_ends"),
        claimed_by=bindparam("worker"),
        attempts=outbox.c.attempts + 1,
    )
)
_CLAIMED = (
    select(outbox).where(outbox.c.id.in_(bindparam("ids", expanding=True))).order_by(outbox.c.due_at, outbox.c.id)
)


async def _claim_ids(
    conn: AsyncConnection, ids: list[int], *, now: datetime, worker: str, lease: timedelta
) -> list[Delivery]:
    if not ids:
        return []
    await conn.execute(_CLAIM, {"ids": ids, "lease_ends": now + lease, "worker": worker})
    return [_delivery(row) for row in await conn.execute(_CLAIMED, {"ids": ids})]


async def claim(
    conn: AsyncConnection, delivery_ids: list[int], *, now: datetime, worker: str, lease: timedelta
) -> list[Delivery]:
    """Claim these deliveries, those still pending, to send them at once (a reply the author waits for)."""
    if not delivery_ids:
        return []
    query = select(outbox.c.id).where(
        outbox.c.id.in_(delivery_ids), outbox.c.state == DeliveryState.PENDING.value, outbox.c.due_at <= now
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list((await conn.execute(query)).scalars())
    return await _claim_ids(conn, ids, now=now, worker=worker, lease=lease)


async def ids_by_keys(conn: AsyncConnection, keys: list[str]) -> list[int]:
    query = select(outbox.c.id).where(outbox.c.dedupe_key.in_(keys)).order_by(outbox.c.id)
    return list((await conn.execute(query)).scalars())


async def overdue_pending(
    conn: AsyncConnection, *, before: datetime, platforms: tuple[str, ...], kinds: tuple[str, ...]
) -> list[Delivery]:
    """Pending deliveries of these ``kinds`` about a meeting series, due before ``before``."""
    if not platforms or not kinds:
        return []
    parameters = {"platforms": list(platforms), "before": before, "kinds": list(kinds)}
    return [_delivery(row) for row in await conn.execute(_OVERDUE_PENDING, parameters)]


#: Filtered here, not by the caller: a backlog of thousands of other rows (a big fan-out that has been going for
#: minutes) would otherwise be loaded at every round just to be passed over. Built once: asked at every round.
_OVERDUE_PENDING = (
    select(outbox)
    .where(
        outbox.c.platform.in_(bindparam("platforms", expanding=True)),
        outbox.c.state == DeliveryState.PENDING.value,
        outbox.c.due_at < bindparam("before"),
        outbox.c.kind.in_(bindparam("kinds", expanding=True)),
        outbox.c.series_id.is_not(None),
    )
    .order_by(outbox.c.due_at, outbox.c.id)
)
#: Only the worker holding the claim records its outcome (a late one must not overwrite); without a claim, only a
#: row nobody is working on may be changed. Built once: the columns set are the parameters of each run.
_FINISH_CLAIMED = update(outbox).where(
    outbox.c.id == bindparam("delivery_id"),
    outbox.c.claimed_by == bindparam("worker"),
    outbox.c.state == DeliveryState.CLAIMED.value,
)
_FINISH_UNCLAIMED = update(outbox).where(
    outbox.c.id == bindparam("delivery_id"), outbox.c.state == DeliveryState.PENDING.value
)


async def _finish(conn: AsyncConnection, delivery_id: int, worker: str | None, **values: object) -> bool:
    statement = _FINISH_UNCLAIMED if worker is None else _FINISH_CLAIMED
    parameters: dict[str, object] = (
        {"delivery_id": delivery_id} if worker is None else {"delivery_id": delivery_id, "worker": worker}
    )
    if any(isinstance(value, ColumnElement) for value in values.values()):
        # A value computed from the row (a count given back) is part of the statement, not a parameter.
        result = await conn.execute(statement.values(**values), parameters)
    else:
        result = await conn.execute(statement, {**parameters, **values})
    return bool(result.rowcount)


async def mark_sent(
    conn: AsyncConnection, delivery_id: int, worker: str, *, channel: str, message: str | None, now: datetime
) -> bool:
    return await _finish(
        conn,
        delivery_id,
        worker,
        state=DeliveryState.SENT.value,
        sent_at=now,
        external_channel=channel,
        external_message=message,
        lease_until=None,
        # A ready-made post is not needed once it is out, and may name people (an answer listing who comes).
        payload=None,
    )


async def mark_posted(
    conn: AsyncConnection, delivery_id: int, worker: str, *, channel: str, message: str, shown_digest: str
) -> bool:
    """The message is out and its id known, what goes with it (its reactions) still to follow: the row stays
    claimed until ``mark_sent``. An answer to the message counts from now on, and a crash before ``mark_sent``
    completes what was to follow instead of posting again."""
    return await _finish(
        conn, delivery_id, worker, external_channel=channel, external_message=message, shown_digest=shown_digest
    )


async def set_shown_digest(conn: AsyncConnection, platform: str, message: str, digest: str) -> None:
    await conn.execute(
        update(outbox)
        .where(outbox.c.platform == platform, outbox.c.external_message == message)
        .values(shown_digest=digest)
    )


async def mark_skipped(conn: AsyncConnection, delivery_id: int, worker: str | None, reason: str) -> bool:
    return await _finish(conn, delivery_id, worker, state=DeliveryState.SKIPPED.value, note=reason, lease_until=None)


async def skip_pending_to_member(conn: AsyncConnection, section_id: int, member_id: int, reason: str) -> int:
    """Give up what is still queued to reach the member directly about the section's meetings (a reminder, a
    freed place, a nudge); how many. Replies and changes of access are not about a meeting, and stay."""
    result = await conn.execute(
        update(outbox)
        .where(
            outbox.c.member_id == member_id,
            outbox.c.section_id == section_id,
            outbox.c.occurrence_id.is_not(None),
            outbox.c.state == DeliveryState.PENDING.value,
        )
        .values(state=DeliveryState.SKIPPED.value, note=reason, lease_until=None)
    )
    return int(result.rowcount)


async def mark_failed(conn: AsyncConnection, delivery_id: int, worker: str, reason: str) -> bool:
    return await _finish(conn, delivery_id, worker, state=DeliveryState.FAILED.value, note=reason, lease_until=None)


async def retry_later(conn: AsyncConnection, delivery_id: int, worker: str, *, due_at: datetime, reason: str) -> bool:
    return await _finish(
        conn,
        delivery_id,
        worker,
        state=DeliveryState.PENDING.value,
        due_at=due_at,
        note=reason,
        lease_until=None,
        claimed_by=None,
    )


async def postpone(conn: AsyncConnection, delivery_id: int, worker: str, *, due_at: datetime, reason: str) -> bool:
    """Put a claimed row back to wait until ``due_at``, uncounted: nothing was attempted (a call waiting for its
    meeting to be confirmed), so when it goes it is a first attempt, not one to look for in the history first."""
    return await _finish(
        conn,
        delivery_id,
        worker,
        state=DeliveryState.PENDING.value,
        due_at=due_at,
        note=reason,
        lease_until=None,
        claimed_by=None,
        attempts=outbox.c.attempts - 1,
    )


async def bring_forward(conn: AsyncConnection, occurrence_id: int, kind: str, *, due_at: datetime) -> int:
    """Make the occurrence's waiting deliveries of ``kind`` due at ``due_at`` at the latest (a confirmed meeting's
    call, held back until now)."""
    result = await conn.execute(
        update(outbox)
        .where(
            outbox.c.occurrence_id == occurrence_id,
            outbox.c.kind == kind,
            outbox.c.state == DeliveryState.PENDING.value,
            outbox.c.due_at > due_at,
        )
        .values(due_at=due_at)
    )
    return int(result.rowcount)


async def get(conn: AsyncConnection, delivery_id: int) -> Delivery:
    return _delivery((await conn.execute(select(outbox).where(outbox.c.id == delivery_id))).one())


async def by_message(conn: AsyncConnection, platform: str, external_message: str) -> Delivery | None:
    query = select(outbox).where(outbox.c.platform == platform, outbox.c.external_message == external_message)
    row = (await conn.execute(query)).first()
    return _delivery(row) if row else None


async def posted_of_occurrence(conn: AsyncConnection, occurrence_id: int, kind: str) -> list[Delivery]:
    """The meeting's deliveries of ``kind`` that members can see: sent, or posted with their reactions still to
    follow (``mark_posted``)."""
    query = select(outbox).where(
        outbox.c.occurrence_id == occurrence_id,
        outbox.c.kind == kind,
        or_(outbox.c.state == DeliveryState.SENT.value, outbox.c.external_message.is_not(None)),
    )
    return [_delivery(row) for row in await conn.execute(query)]


async def next_due(conn: AsyncConnection, platforms: tuple[str, ...]) -> datetime | None:
    if not platforms:
        # No platform, nothing to send. (Asked anyway, ``platform IN ()`` makes SQLite walk every pending row.)
        return None
    return (await conn.execute(_NEXT_DUE, {"platforms": list(platforms)})).scalar()


_NEXT_DUE = (
    select(outbox.c.due_at)
    .where(outbox.c.platform.in_(bindparam("platforms", expanding=True)), outbox.c.state == DeliveryState.PENDING.value)
    .order_by(outbox.c.due_at)
    .limit(1)
)


async def all_rows(conn: AsyncConnection) -> list[Delivery]:
    return [_delivery(row) for row in await conn.execute(select(outbox).order_by(outbox.c.id))]


async def release_claims(conn: AsyncConnection, platforms: tuple[str, ...], *, keep_worker: str) -> int:
    """Put rows claimed by other (dead) workers back to pending, keeping their attempt count so
    they are checked in the platform's history before being sent again."""
    if not platforms:
        return 0
    result = await conn.execute(
        update(outbox)
        .where(
            outbox.c.platform.in_(platforms),
            outbox.c.state == DeliveryState.CLAIMED.value,
            outbox.c.claimed_by != keep_worker,
        )
        .values(state=DeliveryState.PENDING.value, lease_until=None, claimed_by=None)
    )
    return int(result.rowcount)


async def delete_pending_of_occurrence(conn: AsyncConnection, occurrence_id: int) -> None:
    await conn.execute(
        delete(outbox).where(outbox.c.occurrence_id == occurrence_id, outbox.c.state == DeliveryState.PENDING.value)
    )


@dataclass(frozen=True, slots=True)
class OpenCall:
    """A meeting call on a platform, as reconciliation needs it."""

    id: int
    occurrence_id: int
    community_id: int
    start_at: datetime
    channel: str
    message: str
    #: Digest of what the call shows, None when not known (sent before digests were kept).
    shown_digest: str | None


#: Where a walk through the coming meetings stands: the last (start, occurrence id) looked at.
Cursor = tuple[datetime, int]


async def calls_to_read_back(
    conn: AsyncConnection, platform: str, *, now: datetime, after: Cursor | None, limit: int
) -> tuple[list[OpenCall], Cursor | None]:
    """Sent calls of the next ``limit`` meetings not yet started, soonest first, and where to go on from
    (None: no meetings left).

    Two steps, each on an index: the meetings in start order (``ix_occurrences_start_at``), then their
    calls (``ix_outbox_occurrence_kind_platform_state``). One join let SQLite drive from the outbox's
    platform index instead and walk every row the platform was ever sent, millions at scale, per page.
    """
    query = (
        select(occurrences.c.id, occurrences.c.start_at)
        .where(occurrences.c.start_at > now, occurrences.c.status != OccurrenceStatus.CANCELLED.value)
        .order_by(occurrences.c.start_at, occurrences.c.id)
        .limit(limit)
    )
    if after is not None:
        query = query.where(
            occurrences.c.start_at >= after[0],
            ~and_(occurrences.c.start_at == after[0], occurrences.c.id <= after[1]),
        )
    meetings = list(await conn.execute(query))
    if not meetings:
        return [], None
    starts: dict[int, datetime] = {row.id: row.start_at for row in meetings}
    calls = select(
        outbox.c.id,
        outbox.c.occurrence_id,
        outbox.c.community_id,
        outbox.c.external_channel,
        outbox.c.external_message,
        outbox.c.shown_digest,
    ).where(
        outbox.c.occurrence_id.in_(list(starts)),
        outbox.c.kind == Kind.CALL.value,
        outbox.c.state == DeliveryState.SENT.value,
        outbox.c.platform == platform,
    )
    # A sent call always has its message id; not asked in SQL, where it would tempt SQLite to the
    # (platform, external_message) index.
    found = [
        OpenCall(
            row.id,
            row.occurrence_id,
            row.community_id,
            starts[row.occurrence_id],
            row.external_channel,
            row.external_message,
            row.shown_digest,
        )
        for row in await conn.execute(calls)
        if row.external_message is not None
    ]
    found.sort(key=lambda call: (call.start_at, call.occurrence_id, call.id))
    return found, (meetings[-1].start_at, meetings[-1].id)


async def renew_claims(
    conn: AsyncConnection, delivery_ids: list[int], worker: str, *, now: datetime, lease: timedelta
) -> int:
    """Extend this worker's claims on these rows (still its own and unexpired); how many were."""
    if not delivery_ids:
        return 0
    result = await conn.execute(
        _RENEW_CLAIMS, {"ids": delivery_ids, "worker": worker, "now": now, "lease_ends": now + lease}
    )
    return int(result.rowcount)


_RENEW_CLAIMS = (
    update(outbox)
    .where(
        outbox.c.id.in_(bindparam("ids", expanding=True)),
        outbox.c.claimed_by == bindparam("worker"),
        outbox.c.state == DeliveryState.CLAIMED.value,
        outbox.c.lease_until >= bindparam("now"),
    )
    .values(lease_until=bindparam("lease_ends"))
)


async def renew_claim(conn: AsyncConnection, delivery_id: int, worker: str, *, now: datetime, lease: timedelta) -> bool:
    """Extend this worker's claim just before it sends; False when the claim was lost meanwhile."""
    result = await conn.execute(
        update(outbox)
        .where(
            outbox.c.id == delivery_id,
            outbox.c.claimed_by == worker,
            outbox.c.state == DeliveryState.CLAIMED.value,
            outbox.c.lease_until >= now,
        )
        .values(lease_until=now + lease)
    )
    return bool(result.rowcount)
