"""Profiles ("who I am, what I do, what I need") and the directory that finds members by them."""

from __future__ import annotations

from collections.abc import Mapping

from bot.clock import Clock
from bot.domain.models import PROFILE_FIELDS, Community, Member, Profile
from bot.domain.text import MAX_LONG_TEXT, MAX_SHORT_TEXT, clean_text, fold
from bot.domain.words import words
from bot.errors import UserError
from bot.storage.repositories import directory, profiles
from bot.storage.unit_of_work import Store

#: Short fields are one line in a directory listing; long ones are sentences.
FIELD_LIMITS = {
    "who": MAX_LONG_TEXT,
    "does": MAX_LONG_TEXT,
    "needs": MAX_LONG_TEXT,
    "offers": MAX_LONG_TEXT,
    "place": MAX_SHORT_TEXT,
    "trade": MAX_SHORT_TEXT,
    "company": MAX_SHORT_TEXT,
}
SEARCH_LIMIT = 25


def search_text(member: Member, profile: Profile) -> str:
    return fold(directory.profile_text(member.display_name, profile.fields()))


class ProfileService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def update(self, member: Member, changes: Mapping[str, str], *, visible: bool | None = None) -> Profile:
        """Change the given fields (an empty string clears one) and, if given, the visibility."""
        cleaned = {
            name: clean_text(value, field=name, max_length=FIELD_LIMITS[name]) for name, value in changes.items()
        }
        if not cleaned and visible is None:
            raise UserError("error-profile-nothing-to-set", fields=", ".join(PROFILE_FIELDS))
        async with self._store.transaction() as tx:
            current = await profiles.get(tx.conn, member.id) or Profile(member_id=member.id)
            updated = current.with_changes(cleaned, visible)
            await profiles.save(tx.conn, updated, search_text=search_text(member, updated), now=self._clock.now())
            await directory.refresh(tx.conn, member.id)
            return updated

    async def get(self, member: Member) -> Profile:
        async with self._store.transaction() as tx:
            return await profiles.get(tx.conn, member.id) or Profile(member_id=member.id)

    async def visible_profile(self, viewer: Member, member: Member) -> Profile:
        """Someone's profile as ``viewer`` may see it: your own always, others' only when shared."""
        profile = await self.get(member)
        if member.id != viewer.id and not profile.visible:
            raise UserError("error-profile-hidden", member=member.display_name)
        return profile

    async def search(self, community: Community, query: str) -> list[tuple[Member, Profile]]:
        """Visible profiles with a word beginning with each word of the query (``repositories.directory``)."""
        query = clean_text(query, field="query", max_length=MAX_SHORT_TEXT)
        if not query.split():
            raise UserError("error-missing-option", option="query", usage="none")
        query_words = words(query)
        if not query_words:
            return []  # only punctuation: no word of any profile begins with it
        async with self._store.transaction() as tx:
            return await directory.search(tx.conn, community.id, query_words, SEARCH_LIMIT)
