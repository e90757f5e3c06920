"""What a section's members say they need, gathered into topics for choosing a guest speaker."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from bot.domain.models import Section
from bot.domain.text import fold
from bot.storage.schema import memberships, profiles
from bot.storage.unit_of_work import Store

# Needs are written as lists: "bookkeeping, marketing and a web page; clients".
_SEPARATORS = re.compile(r"[,;/\n•]+|\s+(?:and|och|og|&)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Topic:
    text: str
    count: int


def topics_of(needs: list[str]) -> list[Topic]:
    """Split each member's needs into topics, merge the same topic however it is written, most asked first."""
    seen: dict[str, str] = {}
    asked: Counter[str] = Counter()
    for text in needs:
        parts = [raw.strip(" .!") for raw in _SEPARATORS.split(text)]
        for part in filter(None, parts):
            seen.setdefault(fold(part), part)
        # Counted once per member: someone writing a need twice does not make it more asked.
        asked.update({fold(part) for part in parts if part})
    return [Topic(seen[topic], count) for topic, count in sorted(asked.items(), key=lambda kv: (-kv[1], kv[0]))]


class NeedsService:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def of_section(self, section: Section) -> list[Topic]:
        query = (
            select(profiles.c.needs)
            .join(memberships, memberships.c.member_id == profiles.c.member_id)
            # Only shared profiles: a hidden profile's needs are not for coordinators to read either.
            .where(memberships.c.section_id == section.id, profiles.c.needs != "", profiles.c.visible.is_(True))
        )
        async with self._store.transaction() as tx:
            needs = list((await tx.conn.execute(query)).scalars())
        return topics_of(needs)
