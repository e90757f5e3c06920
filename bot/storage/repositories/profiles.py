"""Profiles and the directory search over them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import PROFILE_FIELDS, Member, Profile
from bot.storage.repositories.members import _member
from bot.storage.schema import members, profiles
from bot.storage.text_search import contains_all
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


async def search_visible(
    conn: AsyncConnection, community_id: int, folded_terms: list[str], limit: int
) -> list[tuple[Member, Profile]]:
    """Visible profiles whose folded text contains every term, by name."""
    query = (
        select(members, profiles)
        .join(profiles, profiles.c.member_id == members.c.id)
        .where(members.c.community_id == community_id, profiles.c.visible.is_(True))
        .order_by(members.c.display_name, members.c.id)
        .limit(limit)
    )
    query = query.where(contains_all(profiles.c.search_text, folded_terms))
    return [(_member(row), _profile(row)) for row in await conn.execute(query)]
