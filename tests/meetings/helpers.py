"""Shared helpers for the meeting tests: split console output, set up a section, read the database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from adapters.console.app import COMMUNITY_ID, PLATFORM
from adapters.console.gateway import ConsoleMessage
from bot.domain.models import Community, Section
from bot.storage.schema import agenda_items, meeting_series, memos, occurrences, outbox, rsvps
from tests.console_driver import ConsoleDriver

#: Monday 2 March 2026, 10:00 in Stockholm (the clock fixture's start): the next Tuesdays are 3, 10, 17 …
SETUP = """
:as Anna
/section create Shiatsu
:in shiatsu
"""


@dataclass(frozen=True)
class Post:
    """One block the console printed: a header (``#shiatsu · message 4``) and the indented lines below it."""

    header: str
    body: str

    @property
    def edited(self) -> bool:
        return self.header.endswith("(edited)")

    @property
    def number(self) -> int | None:
        found = re.search(r"message (\d+)", self.header)
        return int(found.group(1)) if found else None

    @property
    def title(self) -> str:
        return self.body.splitlines()[0] if self.body else ""


def posts(output: str) -> list[Post]:
    """Split console output into blocks; echoed meta lines (``· 2026-…``) and seed reactions are dropped."""
    found: list[tuple[str, list[str]]] = []
    for line in output.splitlines():
        if line.startswith(" ") and found:
            if not line.strip().startswith("[✅"):
                found[-1][1].append(line.strip())
        elif line.strip() and not line.startswith("·"):
            found.append((line, []))
    return [Post(header, "\n".join(body)) for header, body in found]


def titled(output: str, title: str, *, edits: bool = False) -> list[Post]:
    """The new posts (and with ``edits``, also the edits) whose title starts with ``title``."""
    return [post for post in posts(output) if post.title.startswith(title) and (edits or not post.edited)]


def only(output: str) -> Post:
    printed = posts(output)
    assert len(printed) == 1, output
    return printed[0]


async def section_with(console: ConsoleDriver, *names: str, schedule: str | None = None) -> str:
    """Anna creates and coordinates #shiatsu, ``names`` join it; then Anna (in #shiatsu) runs ``schedule``."""
    script = SETUP + "".join(f":as {name}\n/section join shiatsu\n" for name in names) + ":as Anna\n"
    if schedule is not None:
        script += schedule + "\n"
    return await console.say(script)


async def community(console: ConsoleDriver) -> Community:
    settings = console.core.settings.community
    return await console.core.services.communities.ensure_community(
        PLATFORM, COMMUNITY_ID, name=settings.name, timezone=settings.timezone, locale=settings.locale
    )


async def section(console: ConsoleDriver, slug: str = "shiatsu") -> Section:
    return await console.core.services.sections.get(await community(console), slug)


def calls(console: ConsoleDriver) -> list[ConsoleMessage]:
    """The meeting calls the console shows, oldest first."""
    return sorted(
        (message for message in console.app.gateway.messages.values() if ":call:" in message.marker),
        key=lambda message: message.number,
    )


def occurrence_of(message: ConsoleMessage) -> int:
    found = re.match(r"netgroups:o(\d+):", message.marker)
    assert found, message.marker
    return int(found.group(1))


async def rows(console_or_core: Any, table: Any, *where: Any) -> list[Any]:
    core = getattr(console_or_core, "core", console_or_core)
    query = select(table)
    for condition in where:
        query = query.where(condition)
    async with core.database.transaction() as conn:
        return list(await conn.execute(query.order_by(*table.primary_key.columns)))


async def deliveries(console: Any, *, kind: str | None = None, occurrence_id: int | None = None) -> list[Any]:
    where = []
    if kind is not None:
        where.append(outbox.c.kind == kind)
    if occurrence_id is not None:
        where.append(outbox.c.occurrence_id == occurrence_id)
    return await rows(console, outbox, *where)


async def occurrence_rows(console: Any) -> list[Any]:
    return await rows(console, occurrences)


async def occurrence_at(console: Any, start: datetime) -> Any:
    found = [row for row in await occurrence_rows(console) if row.start_at == start]
    assert len(found) == 1, f"no single occurrence at {start}: {await occurrence_rows(console)}"
    return found[0]


async def answers(console: Any, occurrence_id: int) -> dict[str, str]:
    """The stored answers of one meeting, by display name (waitlisted yeses read ``yes (waiting)``)."""
    from bot.storage.schema import members

    query = (
        select(members.c.display_name, rsvps.c.answer, rsvps.c.waitlisted)
        .join(rsvps, rsvps.c.member_id == members.c.id)
        .where(rsvps.c.occurrence_id == occurrence_id)
    )
    core = getattr(console, "core", console)
    async with core.database.transaction() as conn:
        found = list(await conn.execute(query))
    return {name: answer + (" (waiting)" if waiting else "") for name, answer, waiting in found}


async def snapshot(console: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Everything a meeting command could change, to show that a refused one changed nothing."""
    tables = {
        "series": meeting_series,
        "occurrences": occurrences,
        "rsvps": rsvps,
        "agenda": agenda_items,
        "memos": memos,
        "outbox": outbox,
    }
    return {name: [tuple(row) for row in await rows(console, table)] for name, table in tables.items()}
