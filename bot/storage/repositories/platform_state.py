"""Key-value facts an adapter keeps across restarts."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.schema import platform_state
from bot.storage.upsert import insert_ignore, upsert

#: Built once: every delivery round reads a few facts, and building a statement costs more than running it.
_GET = select(platform_state.c.value).where(
    platform_state.c.platform == bindparam("platform"), platform_state.c.key == bindparam("key")
)
_GET_MANY = select(platform_state.c.key, platform_state.c.value).where(
    platform_state.c.platform == bindparam("platform"), platform_state.c.key.in_(bindparam("keys", expanding=True))
)


async def get(conn: AsyncConnection, platform: str, key: str) -> str | None:
    return (await conn.execute(_GET, {"platform": platform, "key": key})).scalar()


async def get_many(conn: AsyncConnection, platform: str, keys: Collection[str]) -> dict[str, str]:
    """The stored ones of ``keys``, by key."""
    if not keys:
        return {}
    rows = await conn.execute(_GET_MANY, {"platform": platform, "keys": list(keys)})
    return {row.key: row.value for row in rows}


async def put(
    conn: AsyncConnection, platform: str, key: str, value: str, now: datetime, *, member_id: int | None = None
) -> None:
    """Store a fact; ``member_id``: the member it is about (exported with them, erased with them)."""
    row = {"platform": platform, "key": key, "value": value, "updated_at": now, "member_id": member_id}
    await upsert(conn, platform_state, row, ("platform", "key"))


async def get_or_create(conn: AsyncConnection, platform: str, key: str, value: str, now: datetime) -> str:
    """The stored value, or ``value`` stored now; processes racing to create it agree on one."""
    await insert_ignore(
        conn, platform_state, {"platform": platform, "key": key, "value": value, "updated_at": now}, ("platform", "key")
    )
    stored = await get(conn, platform, key)
    assert stored is not None
    return stored


async def take_lease(
    conn: AsyncConnection, platform: str, key: str, owner: str, *, now: datetime, stale: datetime
) -> bool:
    """Hold ``key`` for ``owner`` unless another owner took it after ``stale``; True when ``owner`` holds it now.

    Processes on one database use it to agree on who does a one-off platform call (make a channel): on
    PostgreSQL a racing insert or takeover waits for the other transaction and then sees its row."""
    await insert_ignore(
        conn, platform_state, {"platform": platform, "key": key, "value": owner, "updated_at": now}, ("platform", "key")
    )
    await conn.execute(
        update(platform_state)
        .where(
            platform_state.c.platform == platform,
            platform_state.c.key == key,
            platform_state.c.value != owner,
            platform_state.c.updated_at < stale,
        )
        .values(value=owner, updated_at=now)
    )
    return await get(conn, platform, key) == owner


async def delete_older(conn: AsyncConnection, platform: str, prefix: str, before: datetime) -> int:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    result = await conn.execute(
        delete(platform_state).where(
            platform_state.c.platform == platform,
            platform_state.c.key.like(escaped + "%", escape="\\"),
            platform_state.c.updated_at < before,
        )
    )
    return int(result.rowcount)


async def forget_if(conn: AsyncConnection, platform: str, key: str, value: str) -> bool:
    """Forget ``key`` if it still holds ``value``; True when it did."""
    result = await conn.execute(
        delete(platform_state).where(
            platform_state.c.platform == platform, platform_state.c.key == key, platform_state.c.value == value
        )
    )
    return bool(result.rowcount)
