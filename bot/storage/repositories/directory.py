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

from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, delete, insert, select, union
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


#: One range of the index: words (or reversed words) from ``prefix`` up to the bound past it, if there is one.
_Range = tuple[ColumnElement[str], str, str | None]


def _ranges(word: str) -> list[_Range]:
    """The index ranges a query word reads: words it begins, and, long enough, words it ends."""
    found: list[_Range] = [(profile_words.c.word, word, after_prefix(word))]
    if len(word) >= ENDING_LENGTH:
        ending = word[::-1]
        found.append((profile_words.c.ending, ending, after_prefix(ending)))
    return found


def _in_range(column: ColumnElement[str], name: str, bounded: bool) -> Select[tuple[int]]:
    query = select(profile_words.c.member_id).where(
        profile_words.c.community_id == bindparam("community_id"), column >= bindparam(name)
    )
    return query.where(column < bindparam(f"{name}_below")) if bounded else query


#: The search statements built so far, by the shape of the query (for each word, which ranges and whether each is
#: bounded): building one cost about as much as running it, and every search has one of a few shapes.
_SHAPES_KEPT = 256
_SEARCHES: dict[tuple[tuple[tuple[str, bool], ...], ...], Select[Any]] = {}


def _search_statement(shape: tuple[tuple[tuple[str, bool], ...], ...]) -> Select[Any]:
    statement = _SEARCHES.get(shape)
    if statement is None:
        statement = _page_first(shape) if shape else _everyone()
        if len(_SEARCHES) < _SHAPES_KEPT:
            _SEARCHES[shape] = statement
    return statement


def _everyone() -> Select[Any]:
    """Every visible profile of the community, by name (a search without words)."""
    return (
        select(members, profiles)
        .join(profiles, profiles.c.member_id == members.c.id)
        .where(members.c.community_id == bindparam("community_id"), profiles.c.visible.is_(True))
        .order_by(members.c.display_name, members.c.id)
        .limit(bindparam("limit"))
    )


def _page_first(shape: tuple[tuple[tuple[str, bool], ...], ...]) -> Select[Any]:
    """The members whose words match, by name: the page is picked among their names before any profile is read.

    Words are kept only for visible profiles (``refresh``), so the page holds no hidden one; reading the profiles
    of a page only (not of everyone found, a few hundred for a common trade in a large community) halved the
    search's time. The visibility is checked again on the page all the same: a hidden profile is never shown."""
    found = members.alias("found")
    page = select(found.c.id).where(found.c.community_id == bindparam("community_id"))
    for index, ranges in enumerate(shape):
        parts = [
            _in_range(getattr(profile_words.c, column), f"w{index}_{column}", bounded) for column, bounded in ranges
        ]
        page = page.where(found.c.id.in_(parts[0] if len(parts) == 1 else union(*parts)))
    page = page.order_by(found.c.display_name, found.c.id).limit(bindparam("limit"))
    return (
        select(members, profiles)
        .join(profiles, profiles.c.member_id == members.c.id)
        .where(members.c.id.in_(page), profiles.c.visible.is_(True))
        .order_by(members.c.display_name, members.c.id)
    )


async def search(
    conn: AsyncConnection, community_id: int, query_words: list[str], limit: int
) -> list[tuple[Member, Profile]]:
    """Visible profiles of the community with a word beginning with each of ``query_words``, by name.

    ``query_words`` come from ``bot.domain.words.words``; none at all lists every visible profile.
    """
    values: dict[str, object] = {"community_id": community_id, "limit": limit}
    shape = []
    for index, word in enumerate(dict.fromkeys(query_words)):
        ranges = []
        for column, low, below in _ranges(word):
            name = f"w{index}_{column.name}"
            values[name] = low
            if below is not None:
                values[f"{name}_below"] = below
            ranges.append((column.name, below is not None))
        shape.append(tuple(ranges))
    found = await conn.execute(_search_statement(tuple(shape)), values)
    return [(_member(row), _profile(row)) for row in found]
