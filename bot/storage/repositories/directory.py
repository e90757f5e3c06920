"""The member directory: the words each visible profile is found by, and the search over them.

Search matches words by their beginning or their end: every word of the query must begin some
word of the profile (name, who, does, needs, offers, place, trade, company), or, when it has at
least ``ENDING_LENGTH`` letters, end one, in any order, ignoring case, accents and punctuation:
"malmo" finds "Malmö", "shiat malm" finds a shiatsu therapist in Malmö, "terapeut" finds
"zonterapeut" (Swedish and Danish compounds end with what a thing is); "rapeu", in the middle of
a word, finds nothing. Each query word reads one or two ranges of an index, so a search costs
what it finds, not what the community holds.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, CompoundSelect, Select, delete, insert, select, union
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.models import PROFILE_FIELDS, Member, Profile
from bot.domain.text import fold
from bot.domain.words import ENDING_LENGTH, after_prefix, with_endings
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
    rows = [
        {"community_id": row.community_id, "word": word, "ending": ending, "member_id": member_id}
        for word, ending in with_endings(fold(text)).items()
    ]
    if rows:
        await conn.execute(insert(profile_words), rows)


def _starting(community_id: int, column: ColumnElement[str], prefix: str) -> Select[tuple[int]]:
    query = select(profile_words.c.member_id).where(profile_words.c.community_id == community_id, column >= prefix)
    bound = after_prefix(prefix)
    return query if bound is None else query.where(column < bound)


def _matching(community_id: int, word: str) -> Select[tuple[int]] | CompoundSelect[tuple[int]]:
    """Members with a word that begins with ``word`` (or, for a long enough one, ends with it)."""
    beginning = _starting(community_id, profile_words.c.word, word)
    if len(word) < ENDING_LENGTH:
        return beginning
    return union(beginning, _starting(community_id, profile_words.c.ending, word[::-1]))


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
    for word in dict.fromkeys(query_words):
        query = query.where(members.c.id.in_(_matching(community_id, word)))
    return [(_member(row), _profile(row)) for row in await conn.execute(query)]
