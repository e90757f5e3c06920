"""The member directory: the words each visible profile is found by, and the search over them.

Search matches words by their beginning: every word of the query must begin some word of the
profile (name, who, does, needs, offers, place, trade, company), in any order, ignoring case,
accents and punctuation: "malmo" finds "Malmö", "shiat malm" finds a shiatsu therapist in Malmö,
"terapeut" does not find "zonterapeut". Each query word is one range of the (community, word)
index, so a search costs what it finds, not what the community holds.
"""

from __future__ import annotations

from sqlalchemy import Select, delete, insert, intersect, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import PROFILE_FIELDS, Member, Profile
from bot.domain.words import after_prefix, words
from bot.storage.repositories.members import _member
from bot.storage.repositories.profiles import _profile
from bot.storage.schema import members, profile_words, profiles


def profile_text(display_name: str, fields: dict[str, str]) -> str:
    """Everything a profile is found by, in one string."""
    return " \n ".join([display_name, *fields.values()])


async def refresh(conn: AsyncConnection, member_id: int) -> None:
    """Make the member's words match their name and profile as stored now (none when hidden)."""
    await conn.execute(delete(profile_words).where(profile_words.c.member_id == member_id))
    query = (
        select(members.c.community_id, members.c.display_name, profiles)
        .join(profiles, profiles.c.member_id == members.c.id)
        .where(members.c.id == member_id)
    )
    row = (await conn.execute(query)).first()
    if row is None:
        return
    text = profile_text(row.display_name, {name: getattr(row, name) for name in PROFILE_FIELDS})
    if not row.visible:
        return
    rows = [{"community_id": row.community_id, "word": word, "member_id": member_id} for word in set(words(text))]
    if rows:
        await conn.execute(insert(profile_words), rows)


def _beginning_with(community_id: int, prefix: str) -> Select[tuple[int]]:
    query = select(profile_words.c.member_id).where(
        profile_words.c.community_id == community_id, profile_words.c.word >= prefix
    )
    bound = after_prefix(prefix)
    return query if bound is None else query.where(profile_words.c.word < bound)


async def search(
    conn: AsyncConnection, community_id: int, query_words: list[str], limit: int
) -> list[tuple[Member, Profile]]:
    """Visible profiles of the community with a word beginning with each of ``query_words``, by name.

    ``query_words`` come from ``bot.domain.words.words``; none at all lists every visible profile.
    """
    query = (
        select(members, profiles)
        .join(profiles, profiles.c.member_id == members.c.id)
        .where(members.c.community_id == community_id, profiles.c.visible.is_(True))
        .order_by(members.c.display_name, members.c.id)
        .limit(limit)
    )
    if query_words:
        ranges = [_beginning_with(community_id, word) for word in dict.fromkeys(query_words)]
        matching = ranges[0].distinct() if len(ranges) == 1 else intersect(*ranges)
        query = query.where(members.c.id.in_(matching))
    return [(_member(row), _profile(row)) for row in await conn.execute(query)]
