"""What the console printed, split into posts, and what the community looks like now, read from the core."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.console.app import COMMUNITY_ID, PLATFORM
from bot.domain.models import Community, Profile, Role, SectionStatus
from bot.storage.repositories import sections
from tests.console_driver import ConsoleDriver


@dataclass(frozen=True)
class Post:
    """One block the console printed: ``#central · message 3`` or ``@Anna (only you)``, and its text."""

    header: str
    body: str

    @property
    def private(self) -> bool:
        return self.header.startswith("@")

    @property
    def channel(self) -> str | None:
        return self.header.split(" ", 1)[0].removeprefix("#") if self.header.startswith("#") else None


def posts(output: str) -> list[Post]:
    """Split console output into its blocks (indented lines belong to the header above them)."""
    found: list[tuple[str, list[str]]] = []
    for line in output.splitlines():
        if line.startswith(" ") and found:
            found[-1][1].append(line.strip())
        elif line.strip():
            found.append((line, []))
    return [Post(header, "\n".join(body)) for header, body in found]


def only_post(output: str) -> Post:
    """The single block a line printed (fails when it printed none or several)."""
    printed = posts(output)
    assert len(printed) == 1, output
    return printed[0]


async def community(console: ConsoleDriver) -> Community:
    settings = console.core.settings.community
    return await console.core.services.communities.ensure_community(
        PLATFORM, COMMUNITY_ID, name=settings.name, timezone=settings.timezone, locale=settings.locale
    )


async def roles(console: ConsoleDriver, slug: str) -> dict[str, Role]:
    """Who is in a section, by display name, with their role there."""
    place = await community(console)
    async with console.core.database.transaction() as conn:
        section = await sections.by_slug(conn, place.id, slug)
        assert section is not None, slug
        everyone = await sections.members_with_role(conn, section.id)
        coordinators = {member.id for member in await sections.members_with_role(conn, section.id, Role.COORDINATOR)}
    return {member.display_name: Role.COORDINATOR if member.id in coordinators else Role.MEMBER for member in everyone}


async def coordinators(console: ConsoleDriver, slug: str) -> list[str]:
    return sorted(name for name, role in (await roles(console, slug)).items() if role is Role.COORDINATOR)


async def status(console: ConsoleDriver, slug: str) -> SectionStatus | None:
    place = await community(console)
    async with console.core.database.transaction() as conn:
        section = await sections.by_slug(conn, place.id, slug)
    return section.status if section else None


async def profile(console: ConsoleDriver, name: str) -> Profile:
    place = await community(console)
    member = await console.core.services.communities.find_member(place, PLATFORM, name)
    return await console.core.services.profiles.get(member)


async def snapshot(console: ConsoleDriver) -> dict[str, list[str]]:
    """Every row of every table, to show that a refused command changed nothing.

    Two queries however many tables there are (a query per table cost 6 ms a snapshot, two per refusal test):
    the columns of every table, then every row as its values quoted by SQLite (``quote`` keeps types apart:
    ``1``, ``'1'`` and ``1.0`` differ), each table's rows sorted.
    """
    async with console.core.database.transaction() as conn:
        columns: dict[str, list[str]] = {}
        for table, column in await conn.exec_driver_sql(_COLUMNS):
            columns.setdefault(table, []).append(column)
        rows = await conn.exec_driver_sql(
            " UNION ALL ".join(_every_row(table, names) for table, names in columns.items())
        )
        found: dict[str, list[str]] = {table: [] for table in columns}
        for table, values in rows:
            found[table].append(values)
    return {table: sorted(values) for table, values in found.items()}


_COLUMNS = """
SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY m.name, p.cid
"""


def _every_row(table: str, columns: list[str]) -> str:
    values = " || ',' || ".join(f'quote("{column}")' for column in columns)
    return f"SELECT '{table}', {values} FROM \"{table}\""
