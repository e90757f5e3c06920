"""Profiles: who I am, what I do, what I need and offer (the directory searches them: ``directory``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import PROFILE_FIELDS, Profile
from bot.storage.schema import profiles
from bot.storage.upsert import upsert


def _profile(row: Row[tuple[object, ...]]) -> Profile:
    return Profile(
        member_id=row.member_id, visible=row.visible, **{name: getattr(row, name) for name in PROFILE_FIELDS}
    )


async def get(conn: AsyncConnection, member_id: int) -> Profile | None:
    row = (await conn.execute(select(profiles).where(profiles.c.member_id == member_id))).first()
    return _profile(row) if row else None


async def save(conn: AsyncConnection, profile: Profile, *, search_text: str, now: datetime) -> None:
    values = {
        "member_id": profile.member_id,
        "visible": profile.visible,
        "search_text": search_text,
        "updated_at": now,
        **profile.fields(),
    }
    await upsert(conn, profiles, values, ("member_id",))
